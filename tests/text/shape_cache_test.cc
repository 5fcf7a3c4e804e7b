#include "text/shape_cache.h"

#include <gtest/gtest.h>

#include <string>

namespace plaquette::text {
namespace {

class ShapeCacheTest : public testing::Test {
 protected:
  const Font* load(FontCache& cache, const char* name) {
    const Font* f = cache.load(std::string(PLAQUETTE_SOURCE_DIR) + "/fonts/" + name, {}, diags_);
    EXPECT_NE(f, nullptr);
    return f;
  }
  Diagnostics diags_;
};

// Bit for bit: a cached result must draw and break exactly as a fresh one.
void expect_same(const Shaped& a, const Shaped& b) {
  ASSERT_EQ(a.glyphs.size(), b.glyphs.size());
  EXPECT_EQ(a.width, b.width);
  for (std::size_t i = 0; i < a.glyphs.size(); ++i) {
    EXPECT_EQ(a.glyphs[i].id, b.glyphs[i].id) << i;
    EXPECT_EQ(a.glyphs[i].x_advance, b.glyphs[i].x_advance) << i;
    EXPECT_EQ(a.glyphs[i].x_offset, b.glyphs[i].x_offset) << i;
    EXPECT_EQ(a.glyphs[i].y_offset, b.glyphs[i].y_offset) << i;
    EXPECT_EQ(a.glyphs[i].cluster_begin, b.glyphs[i].cluster_begin) << i;
    EXPECT_EQ(a.glyphs[i].cluster_end, b.glyphs[i].cluster_end) << i;
  }
}

TEST_F(ShapeCacheTest, SameAsShapeAtEverySizeTrackingAndLigatureSetting) {
  FontCache fonts;
  const Font* regular = load(fonts, "Lato-Regular.ttf");
  const Font* bold = load(fonts, "Lato-Bold.ttf");
  ASSERT_TRUE(regular && bold);
  const char* texts[] = {"",
                         "AVA Wa To",
                         "efficace, filière, affluence",
                         "34\u202f834\u202f342\u00a0\u20ac",
                         "sensibilisation\u00ad",
                         "\u00c9t\u00e9 \u00ab\u00a0vie sociale\u00a0\u00bb !",
                         "a\u0301e\u0300"};
  for (const Font* font : {regular, bold})
    for (const char* text : texts)
      for (double size : {6.0, 9.5, 10.0, 23.7, 144.0})
        for (double tracking : {0.0, 0.3, -0.05})
          for (bool ligatures : {true, false}) {
            SCOPED_TRACE(std::string(text) + " at " + std::to_string(size));
            // Twice: the first call may fill the cache, the second reads it.
            expect_same(shape_cached(*font, size, text, "fr", tracking, ligatures),
                        shape(*font, size, text, "fr", tracking, ligatures));
            expect_same(shape_cached(*font, size, text, "fr", tracking, ligatures),
                        shape(*font, size, text, "fr", tracking, ligatures));
          }
}

TEST_F(ShapeCacheTest, OneShapingPerFontTextLanguageAndLigatures) {
  FontCache fonts;
  const Font* font = load(fonts, "Lato-Regular.ttf");
  ASSERT_NE(font, nullptr);
  const std::string text = "Une phrase qu\u2019on ne trouve qu\u2019ici, dans ce test";
  const ShapeCacheStats before = shape_cache_stats();
  shape_cached(*font, 10, text, "fr");
  shape_cached(*font, 8, text, "fr", 0.2);  // another size and tracking: same shaping
  EXPECT_EQ(shape_cache_stats().misses - before.misses, 1u);
  shape_cached(*font, 10, text, "fr", 0, false);  // ligatures off: shaped again
  shape_cached(*font, 10, text, "en");            // another language: shaped again
  EXPECT_EQ(shape_cache_stats().misses - before.misses, 3u);
  EXPECT_EQ(shape_cache_stats().lookups - before.lookups, 4u);
}

TEST_F(ShapeCacheTest, AFontLoadedAgainIsNotTakenForAnEarlierOne) {
  // A font freed and another loaded may share an address: the cache keys fonts by serial.
  const std::string text = "Cl\u00e9 de ce seul test";
  Shaped first;
  {
    FontCache fonts;
    const Font* regular = load(fonts, "Lato-Regular.ttf");
    ASSERT_NE(regular, nullptr);
    first = shape_cached(*regular, 10, text, "fr");
  }
  FontCache fonts;
  const Font* bold = load(fonts, "Lato-Bold.ttf");
  ASSERT_NE(bold, nullptr);
  const ShapeCacheStats before = shape_cache_stats();
  expect_same(shape_cached(*bold, 10, text, "fr"), shape(*bold, 10, text, "fr"));
  EXPECT_EQ(shape_cache_stats().misses - before.misses, 1u);
}

TEST_F(ShapeCacheTest, MemoryStaysBoundedAndTextsInUseStayCached) {
  // A batch of editions: each shapes the same texts and some of its own (its figures).
  // However many editions, the cache stays within its bound, and the shared texts are
  // shaped once.
  FontCache fonts;
  const Font* font = load(fonts, "Lato-Regular.ttf");
  ASSERT_NE(font, nullptr);
  const std::string shared = "Un texte que chaque \u00e9dition compose";
  shape_cached(*font, 10, shared, "fr");
  const ShapeCacheStats before = shape_cache_stats();
  std::size_t most = 0;
  const int kEditions = 4000;
  for (int edition = 0; edition < kEditions; ++edition) {
    for (int k = 0; k < 5; ++k) {
      const std::string own = "Chiffre " + std::to_string(edition * 5 + k) +
                              " de l\u2019\u00e9dition "
                              "num\u00e9ro " +
                              std::to_string(edition);
      shape_cached(*font, 10, own, "fr");
    }
    shape_cached(*font, 9, shared, "fr");
    most = std::max(most, shape_cache_stats().bytes);
  }
  const ShapeCacheStats after = shape_cache_stats();
  EXPECT_EQ(after.misses - before.misses, 5u * kEditions);  // the shared text: never again
  EXPECT_LE(most, kShapeCacheBytes);
  EXPECT_GT(most, kShapeCacheBytes / 2);  // the editions' texts filled it: it was bounded
  expect_same(shape_cached(*font, 9, shared, "fr"), shape(*font, 9, shared, "fr"));
}

}  // namespace
}  // namespace plaquette::text
