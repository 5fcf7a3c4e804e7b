#include "text/font.h"

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>

namespace plaquette::text {
namespace {

const std::string kFonts = std::string(PLAQUETTE_SOURCE_DIR) + "/fonts/";
const SourcePos kWhere{"layout.yaml", 3, 9};

TEST(FontCache, LoadsLato) {
  FontCache cache;
  Diagnostics diags;
  const Font* f = cache.load(kFonts + "Lato-Regular.ttf", kWhere, diags);
  ASSERT_NE(f, nullptr);
  EXPECT_FALSE(diags.has_errors());
  EXPECT_EQ(f->postscript_name(), "Lato-Regular");
  EXPECT_EQ(f->units_per_em(), 2000);
  EXPECT_EQ(f->path(), kFonts + "Lato-Regular.ttf");
  EXPECT_NE(f->hb(), nullptr);
}

TEST(FontCache, FontThatForbidsSubsettingLoadsWithANote) {
  FontCache cache;
  Diagnostics diags;
  const std::string path = PLAQUETTE_SOURCE_DIR "/tests/render/pdf/no-subsetting.ttf";
  ASSERT_NE(cache.load(path, kWhere, diags), nullptr);
  EXPECT_FALSE(diags.has_errors());
  ASSERT_EQ(diags.all().size(), 1u);
  EXPECT_EQ(diags.all()[0].severity, Severity::note);
  EXPECT_EQ(diags.all()[0].pos.line, 3);
  EXPECT_NE(diags.all()[0].message.find("embedded whole"), std::string::npos);
}

TEST(FontCache, FontsAPdfCannotEmbedAreErrorsAtTheLayoutLine) {
  // Made by tests/corpus/make_test_fonts.py; the corpus checks the exact messages.
  const std::string corpus = PLAQUETTE_SOURCE_DIR "/tests/corpus/";
  for (const std::string name :
       {"layout-font-licence-restricted/restricted.ttf",
        "layout-font-licence-bitmap-only/bitmap-only.ttf", "layout-font-collection/collection.ttc",
        "layout-font-woff/web.woff"}) {
    FontCache cache;
    Diagnostics diags;
    EXPECT_EQ(cache.load(corpus + name, kWhere, diags), nullptr) << name;
    ASSERT_EQ(diags.error_count(), 1u) << name;
    EXPECT_EQ(diags.all()[0].pos.line, 3);
    EXPECT_EQ(diags.all()[0].message.find("OpenType-CFF"), std::string::npos) << name;
  }
}

TEST(FontCache, LoadsEachFileOnce) {
  FontCache cache;
  Diagnostics diags;
  const Font* a = cache.load(kFonts + "Lato-Bold.ttf", kWhere, diags);
  const Font* b = cache.load(kFonts + "Lato-Bold.ttf", kWhere, diags);
  // Another spelling of the same file is the same font (one embedded copy in the PDF).
  const Font* c = cache.load(kFonts + "../fonts/Lato-Bold.ttf", kWhere, diags);
  EXPECT_EQ(a, b);
  EXPECT_EQ(a, c);
  EXPECT_EQ(cache.fonts().size(), 1u);
}

TEST(FontCache, FontsInLoadOrder) {
  FontCache cache;
  Diagnostics diags;
  const Font* bold = cache.load(kFonts + "Lato-Bold.ttf", kWhere, diags);
  const Font* icons = cache.load(kFonts + "MaterialIcons-Regular.ttf", kWhere, diags);
  const Font* regular = cache.load(kFonts + "Lato-Regular.ttf", kWhere, diags);
  cache.load(kFonts + "Lato-Bold.ttf", kWhere, diags);
  EXPECT_EQ(cache.fonts(), (std::vector<const Font*>{bold, icons, regular}));
}

TEST(FontCache, MissingFileIsAnErrorNamingIt) {
  FontCache cache;
  Diagnostics diags;
  EXPECT_EQ(cache.load("fonts/Nope-Regular.ttf", kWhere, diags), nullptr);
  ASSERT_EQ(diags.error_count(), 1u);
  const Diagnostic& d = diags.all()[0];
  EXPECT_EQ(d.pos.str(), "layout.yaml:3:9");
  EXPECT_NE(d.message.find("fonts/Nope-Regular.ttf"), std::string::npos) << d.message;
  EXPECT_TRUE(cache.fonts().empty());
}

TEST(FontCache, CorruptFileIsAnError) {
  const std::string path = testing::TempDir() + "plaquette-corrupt.ttf";
  std::ofstream(path) << "this is not a font";
  FontCache cache;
  Diagnostics diags;
  EXPECT_EQ(cache.load(path, kWhere, diags), nullptr);
  ASSERT_EQ(diags.error_count(), 1u);
  EXPECT_NE(diags.all()[0].message.find(path), std::string::npos);
  std::filesystem::remove(path);
}

TEST(FontCache, TruncatedOrHollowFontsAreErrors) {
  // The checks HarfBuzz leaves to its user: a table directory and tables inside the file, at
  // least one table, a `head` with the units per em.
  std::ifstream in(kFonts + "Lato-Regular.ttf", std::ios::binary);
  const std::string lato((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  ASSERT_GT(lato.size(), 100000u);
  std::string no_head = lato;
  for (std::size_t i = 0; i < 20; ++i)  // the directory's `head` entry renamed
    if (no_head.compare(12 + 16 * i, 4, "head") == 0) no_head.replace(12 + 16 * i, 4, "hexd");
  const std::pair<std::string, std::string> cases[] = {
      {lato.substr(0, 11), "not a font file, or a truncated one"},
      {lato.substr(0, 200), "not a font file, or a truncated one"},              // in the directory
      {lato.substr(0, lato.size() / 2), "not a font file, or a truncated one"},  // in a table
      {std::string("true\0\0\0\0\0\0\0\0", 12), "corrupt font file (no tables)"},
      {no_head, "no `head` table"},
      {"%PDF-1.4", "not a font file"},
  };
  for (const auto& [bytes, message] : cases) {
    const std::string path = testing::TempDir() + "plaquette-hollow.ttf";
    std::ofstream(path, std::ios::binary) << bytes;
    FontCache cache;
    Diagnostics diags;
    EXPECT_EQ(cache.load(path, kWhere, diags), nullptr) << message;
    ASSERT_EQ(diags.error_count(), 1u) << message;
    EXPECT_NE(diags.all()[0].message.find(message), std::string::npos) << diags.all()[0].message;
    std::filesystem::remove(path);
  }
}

TEST(FontCache, DirectoryIsAnError) {
  FontCache cache;
  Diagnostics diags;
  EXPECT_EQ(cache.load(kFonts, kWhere, diags), nullptr);
  EXPECT_TRUE(diags.has_errors());
}

TEST(FontCache, EveryFailureIsReportedWhereItIsNamed) {
  FontCache cache;
  Diagnostics diags;
  cache.load("missing.ttf", SourcePos{"a.yaml", 1, 1}, diags);
  cache.load("missing.ttf", SourcePos{"a.yaml", 7, 1}, diags);
  ASSERT_EQ(diags.error_count(), 2u);
  EXPECT_EQ(diags.all()[1].pos.line, 7);
}

TEST(Font, LatoMetrics) {
  FontCache cache;
  Diagnostics diags;
  const Font* f = cache.load(kFonts + "Lato-Regular.ttf", kWhere, diags);
  ASSERT_NE(f, nullptr);
  EXPECT_GT(f->ascender(), 0.8);
  EXPECT_LT(f->ascender(), 1.1);
  EXPECT_LT(f->descender(), -0.1);
  EXPECT_GT(f->cap_height(), 0.6);
  EXPECT_LT(f->cap_height(), f->ascender());
  EXPECT_GT(f->x_height(), 0.4);
  EXPECT_LT(f->x_height(), f->cap_height());
}

TEST(Font, LatoHasFrenchSpaces) {
  FontCache cache;
  Diagnostics diags;
  const Font* f = cache.load(kFonts + "Lato-Regular.ttf", kWhere, diags);
  ASSERT_NE(f, nullptr);
  EXPECT_TRUE(f->has_codepoint(U'\u202F'));  // narrow no-break space: digit groups
  EXPECT_TRUE(f->has_codepoint(U'\u00A0'));
  EXPECT_TRUE(f->has_codepoint(U'€'));
  EXPECT_TRUE(f->has_codepoint(U'œ'));
  EXPECT_FALSE(f->has_codepoint(U'\u4E2D'));  // no CJK
}

TEST(Font, MaterialIconsLoads) {
  FontCache cache;
  Diagnostics diags;
  const Font* f = cache.load(kFonts + "MaterialIcons-Regular.ttf", kWhere, diags);
  ASSERT_NE(f, nullptr);
  EXPECT_TRUE(f->has_codepoint(U'\uE88A'));  // "home"
}

}  // namespace
}  // namespace plaquette::text
