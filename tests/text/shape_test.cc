#include "text/shape.h"

#include <gtest/gtest.h>

namespace plaquette::text {
namespace {

class ShapeTest : public testing::Test {
 protected:
  void SetUp() override {
    font_ = cache_.load(std::string(PLAQUETTE_SOURCE_DIR) + "/fonts/Lato-Regular.ttf", {}, diags_);
    ASSERT_NE(font_, nullptr);
  }
  FontCache cache_;
  Diagnostics diags_;
  const Font* font_ = nullptr;
};

TEST_F(ShapeTest, KerningTightensAV) {
  const Shaped av = shape(*font_, 12, "AV", "fr");
  const double a = shape(*font_, 12, "A", "fr").width;
  const double v = shape(*font_, 12, "V", "fr").width;
  ASSERT_EQ(av.glyphs.size(), 2u);
  EXPECT_LT(av.width, a + v - 0.1);
}

TEST_F(ShapeTest, LigaturesAreOneGlyphForTheirCluster) {
  // Lato's "fi" ligature is the glyph its cmap gives U+FB01 (GSUB liga).
  const Shaped fi = shape(*font_, 12, "fi", "fr");
  ASSERT_EQ(fi.glyphs.size(), 1u);
  EXPECT_EQ(fi.glyphs[0].id, shape(*font_, 12, "\uFB01", "fr").glyphs[0].id);
  EXPECT_EQ(fi.glyphs[0].cluster_begin, 0u);
  EXPECT_EQ(fi.glyphs[0].cluster_end, 2u);
  const Shaped filiere = shape(*font_, 12, "fili\u00E8re", "fr");
  EXPECT_EQ(filiere.glyphs.size(), 6u);  // fi l i è r e
  EXPECT_EQ(filiere.glyphs[0].id, fi.glyphs[0].id);
}

TEST_F(ShapeTest, LigaturesOffGiveOneGlyphPerLetter) {
  const Shaped fi = shape(*font_, 12, "fi", "fr", 0, /*ligatures=*/false);
  ASSERT_EQ(fi.glyphs.size(), 2u);
  EXPECT_EQ(fi.glyphs[0].id, shape(*font_, 12, "f", "fr").glyphs[0].id);
  EXPECT_EQ(fi.glyphs[1].id, shape(*font_, 12, "i", "fr").glyphs[0].id);
  const Shaped ffl = shape(*font_, 12, "ffl", "fr", 0, false);
  EXPECT_EQ(ffl.glyphs.size(), 3u);
}

TEST_F(ShapeTest, AdvancesScaleWithSize) {
  const Shaped s10 = shape(*font_, 10, "Hauts-de-France", "fr");
  const Shaped s20 = shape(*font_, 20, "Hauts-de-France", "fr");
  EXPECT_NEAR(s20.width, 2 * s10.width, 1e-9);
  EXPECT_GT(s10.width, 50);
  EXPECT_LT(s10.width, 100);
}

TEST_F(ShapeTest, WidthIsSumOfAdvances) {
  const Shaped s = shape(*font_, 11, "Proximité", "fr");
  double sum = 0;
  for (const auto& g : s.glyphs) sum += g.x_advance;
  EXPECT_DOUBLE_EQ(s.width, sum);
}

TEST_F(ShapeTest, ClusterOfTwoByteLetter) {
  const Shaped s = shape(*font_, 12, "aéb", "fr");
  ASSERT_EQ(s.glyphs.size(), 3u);
  EXPECT_EQ(s.glyphs[0].cluster_begin, 0u);
  EXPECT_EQ(s.glyphs[0].cluster_end, 1u);
  EXPECT_EQ(s.glyphs[1].cluster_begin, 1u);
  EXPECT_EQ(s.glyphs[1].cluster_end, 3u);
  EXPECT_EQ(s.glyphs[2].cluster_begin, 3u);
  EXPECT_EQ(s.glyphs[2].cluster_end, 4u);
}

TEST_F(ShapeTest, DecomposedAccentIsOneCluster) {
  const Shaped s = shape(*font_, 12, "e\u0301", "fr");  // e + combining acute
  ASSERT_FALSE(s.glyphs.empty());
  for (const auto& g : s.glyphs) {
    EXPECT_EQ(g.cluster_begin, 0u);
    EXPECT_EQ(g.cluster_end, 3u);
  }
}

TEST_F(ShapeTest, TrackingAddsToEachCluster) {
  const Shaped plain = shape(*font_, 12, "aéb", "fr");
  const Shaped tracked = shape(*font_, 12, "aéb", "fr", 1.5);
  EXPECT_NEAR(tracked.width, plain.width + 3 * 1.5, 1e-9);
  EXPECT_NEAR(tracked.glyphs[1].x_advance, plain.glyphs[1].x_advance + 1.5, 1e-9);
}

TEST_F(ShapeTest, EmptyText) {
  const Shaped s = shape(*font_, 12, "", "fr");
  EXPECT_TRUE(s.glyphs.empty());
  EXPECT_EQ(s.width, 0);
}

TEST_F(ShapeTest, InvalidUtf8KeepsByteRanges) {
  const Shaped s = shape(*font_, 12,
                         "a\xFF"
                         "b\xC3",
                         "");
  ASSERT_EQ(s.glyphs.size(), 4u);
  EXPECT_EQ(s.glyphs[1].cluster_begin, 1u);
  EXPECT_EQ(s.glyphs[1].cluster_end, 2u);
  EXPECT_EQ(s.glyphs[3].cluster_begin, 3u);
  EXPECT_EQ(s.glyphs[3].cluster_end, 4u);
}

TEST_F(ShapeTest, NarrowNoBreakSpaceHasAGlyph) {
  const Shaped s = shape(*font_, 12, "361\u202F350", "fr");
  ASSERT_EQ(s.glyphs.size(), 7u);
  EXPECT_NE(s.glyphs[3].id, 0u);  // not .notdef
  EXPECT_GT(s.glyphs[3].x_advance, 0);
  EXPECT_LT(s.glyphs[3].x_advance, shape(*font_, 12, " ", "fr").width + 1e-9);
}

TEST_F(ShapeTest, MissingGlyphIsNotdef) {
  const Shaped s = shape(*font_, 12, "\u4E2D", "fr");
  ASSERT_EQ(s.glyphs.size(), 1u);
  EXPECT_EQ(s.glyphs[0].id, 0u);
}

}  // namespace
}  // namespace plaquette::text
