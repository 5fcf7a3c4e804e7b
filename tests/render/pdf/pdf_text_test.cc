// Checks of fonts and text in the PDF: embedded subsets, the ToUnicode CMap, cluster
// positions, font errors, and text extraction with pdftotext.
#include "render/pdf/pdf.h"

#include <gtest/gtest.h>

#include "pdf_test_util.h"

namespace plaquette::render::pdf {
namespace {

using namespace test_util;

TEST(PdfText, FontsEmbeddedAsSubsets) {
  Parsed p(render_ok(sample_doc()));
  auto pages = p.pages();
  const std::regex subset_name("[A-Z]{6}\\+.+");
  std::set<std::string> font_objects;
  for (auto& page : pages) {
    auto fonts = page_fonts(page);
    ASSERT_EQ(fonts.size(), 1u);
    for (auto& [key, font] : fonts) {
      font_objects.insert(font.getObjGen().unparse());
      EXPECT_EQ(font.getKey("/Subtype").getName(), "/Type0");
      EXPECT_TRUE(std::regex_match(font.getKey("/BaseFont").getName().substr(1), subset_name))
          << font.getKey("/BaseFont").getName();
      QPDFObjectHandle cid_font = font.getKey("/DescendantFonts").getArrayItem(0);
      QPDFObjectHandle file = cid_font.getKey("/FontDescriptor").getKey("/FontFile2");
      ASSERT_TRUE(file.isStream());
      // A subset: far smaller than Lato-Regular.ttf (about 650 kB).
      EXPECT_LT(file.getStreamData(qpdf_dl_generalized)->getSize(),
                std::filesystem::file_size(kLato) / 4);
    }
  }
  EXPECT_EQ(font_objects.size(), 1u);  // loaded once, shared by both pages
}

TEST(PdfText, ToUnicodeMapsEveryShownCid) {
  Parsed p(render_ok(sample_doc()));
  auto pages = p.pages();
  auto fonts = page_fonts(pages.at(0));
  ASSERT_EQ(fonts.size(), 1u);
  const std::string cmap = stream_text(fonts.begin()->second.getKey("/ToUnicode"));
  EXPECT_EQ(cmap.find("cidrange"), std::string::npos) << cmap;
  const auto map = parse_to_unicode(cmap);
  for (uint32_t cp : {0x202Fu, 0x00A0u, 0x00E9u, 0x00E2u, 0x20ACu, 0x0031u, 0x0020u}) {
    ASSERT_EQ(map.count(cp), 1u) << std::hex << cp;
    EXPECT_EQ(map.at(cp), cp) << std::hex << cp;
  }
  const std::set<uint32_t> cids = shown_cids(page_ops(pages.at(0)));
  EXPECT_TRUE(cids.count(0x202F));
  for (uint32_t cid : cids) EXPECT_EQ(map.count(cid), 1u) << "CID " << std::hex << cid;
  // Only what was drawn is listed (no blanket identity range).
  EXPECT_EQ(map.size(), cids.size());
}

TEST(PdfText, NoMalformedCMapLeftInTheFile) {
  // libharu's CMap is rewritten in place, not orphaned next to the new one.
  Parsed p(render_ok(sample_doc()));
  for (QPDFObjectHandle obj : p.pdf.getAllObjects()) {
    if (!obj.isStream()) continue;
    EXPECT_EQ(stream_text(obj).find("begincidrange"), std::string::npos)
        << obj.getDict().unparse();
  }
}

TEST(PdfText, TextPlacedAtHarfBuzzPositions) {
  Document doc = sample_doc();
  doc.pages.resize(1);
  TextRun run = make_run("AVe", 100.25, 200, 10);
  for (Glyph& g : run.glyphs) g.x_advance = 6;
  run.glyphs[1].x_offset = -0.8;  // kerning-like adjustment
  run.glyphs[2].y_offset = 2;     // raised: up is positive
  doc.pages[0].items = {run};
  Parsed p(render_ok(doc));
  auto pages = p.pages();
  const double h = doc.pages[0].height;
  double x = 0, y = 0;
  std::vector<std::pair<double, double>> at;
  std::string shown;
  for (Op& op : page_ops(pages.at(0))) {
    if (op.name == "BT") x = y = 0;
    if (op.name == "Td") {
      x += op.args.at(0).getNumericValue();
      y += op.args.at(1).getNumericValue();
    }
    if (op.name == "Tj") {
      at.emplace_back(x, y);
      shown += op.args.at(0).getStringValue();
    }
  }
  ASSERT_EQ(at.size(), 3u);
  EXPECT_NEAR(at[0].first, 100.25, 1e-3);
  EXPECT_NEAR(at[0].second, h - 200, 1e-3);
  EXPECT_NEAR(at[1].first, 100.25 + 6 - 0.8, 1e-3);
  EXPECT_NEAR(at[2].first, 100.25 + 12, 1e-3);
  EXPECT_NEAR(at[2].second, h - 200 + 2, 1e-3);
  EXPECT_EQ(shown, std::string("\0A\0V\0e", 6));
}

TEST(PdfText, ClusterOfSeveralGlyphsShownOnce) {
  Document doc = sample_doc();
  doc.pages.resize(1);
  // "é" decomposed by the font into a base and a mark: two glyphs, one cluster.
  TextRun run = make_run("d\u00E9j", 72, 72, 12);
  ASSERT_EQ(run.glyphs.size(), 3u);
  Glyph mark = run.glyphs[1];
  mark.x_advance = 0;
  mark.x_offset = -3;
  run.glyphs.insert(run.glyphs.begin() + 2, mark);
  doc.pages[0].items = {run};
  Parsed p(render_ok(doc));
  auto pages = p.pages();
  int tj = 0;
  for (Op& op : page_ops(pages.at(0))) tj += op.name == "Tj";
  EXPECT_EQ(tj, 3);
}

// The /ActualText of the span around each run, in order, decoded from UTF-16BE.
std::vector<std::string> actual_texts(QPDFPageObjectHelper& page) {
  std::vector<std::string> out;
  for (Op& op : page_ops(page)) {
    if (op.name == "BDC") out.push_back(op.args.at(1).getKey("/ActualText").getUTF8Value());
  }
  return out;
}

TEST(PdfText, EveryRunCarriesItsTextAsActualText) {
  Document doc = sample_doc();
  doc.pages.resize(1);
  doc.pages[0].items = {make_run(kFrench, 72, 72, 12), make_run("A N", 72, 100, 12)};
  Parsed p(render_ok(doc));
  auto pages = p.pages();
  EXPECT_EQ(actual_texts(pages.at(0)), (std::vector<std::string>{kFrench, "A N"}));
}

TEST(PdfText, PictogramsHaveAnEmptyActualText) {
  Document doc = sample_doc();
  doc.pages.resize(1);
  TextRun icon = make_run("x", 72, 72, 12);
  icon.decorative = true;
  doc.pages[0].items = {icon};
  Parsed p(render_ok(doc));
  auto pages = p.pages();
  EXPECT_EQ(actual_texts(pages.at(0)), (std::vector<std::string>{""}));
}

TEST(PdfText, UnusedFontIsNotEmbedded) {
  Document doc = sample_doc();
  doc.fonts.push_back({kLatoBold, "Lato-Bold"});
  Parsed p(render_ok(doc));
  int type0 = 0;
  for (QPDFObjectHandle obj : p.pdf.getAllObjects()) {
    if (obj.isDictionary() && obj.getKey("/Subtype").isNameAndEquals("/Type0")) ++type0;
  }
  EXPECT_EQ(type0, 1);
}

TEST(PdfText, TwoFontsOnOnePage) {
  Document doc = sample_doc();
  doc.fonts.push_back({kLatoBold, "Lato-Bold"});
  doc.pages.resize(1);
  doc.pages[0].items.emplace_back(make_run("Gras", 72, 300, 14, 1, kLatoBold));
  Parsed p(render_ok(doc));
  auto pages = p.pages();
  auto fonts = page_fonts(pages.at(0));
  ASSERT_EQ(fonts.size(), 2u);
  std::set<std::string> names;
  for (auto& [key, font] : fonts) names.insert(font.getKey("/BaseFont").getName());
  EXPECT_EQ(names.size(), 2u);
}

TEST(PdfText, MissingFontIsAnErrorAtItsPath) {
  Document doc = sample_doc();
  doc.fonts = {{"/nonexistent/Nope.ttf", "Nope"}, {kLato, "Lato-Regular"}};
  std::string bytes;
  Diagnostics diags;
  EXPECT_FALSE(render(doc, bytes, diags));
  ASSERT_EQ(diags.error_count(), 1u);
  const Diagnostic& d = diags.all().at(0);
  EXPECT_EQ(d.pos.file, "/nonexistent/Nope.ttf");
  EXPECT_NE(d.message.find("libharu error 0x1017"), std::string::npos) << d.message;
  EXPECT_TRUE(bytes.empty());
}

TEST(PdfText, NotATrueTypeFontIsAnError) {
  Document doc = sample_doc();
  doc.fonts = {{PLAQUETTE_SOURCE_DIR "/fonts/LICENSE-Lato.txt", "Bogus"}};
  std::string bytes;
  Diagnostics diags;
  EXPECT_FALSE(render(doc, bytes, diags));
  ASSERT_TRUE(diags.has_errors());
  EXPECT_EQ(diags.all().at(0).pos.file, doc.fonts[0].path);
}

TEST(PdfText, BadFontIndexIsAnError) {
  Document doc = sample_doc();
  doc.pages[0].items.emplace_back(make_run("x", 10, 10, 10, 7));
  std::string bytes;
  Diagnostics diags;
  EXPECT_FALSE(render(doc, bytes, diags));
  EXPECT_TRUE(diags.has_errors());
}

TEST(PdfText, CharactersBeyondBmpAreWarnedAbout) {
  Document doc = sample_doc();
  doc.pages.resize(1);
  doc.pages[0].items = {make_run("a\U0001F600b", 72, 72, 12)};
  std::string bytes;
  Diagnostics diags;
  EXPECT_TRUE(render(doc, bytes, diags));
  ASSERT_EQ(diags.all().size(), 1u);
  EXPECT_EQ(diags.all()[0].severity, Severity::warning);
}

// pdftotext (poppler-utils) must read the text back through the ToUnicode map, without
// warnings about it (libharu's own map makes poppler warn and fall back to guessing).
// Poppler breaks words at every Unicode space (TextOutputDev::addChar, UnicodeIsWhitespace)
// and joins words with U+0020, so U+00A0 and U+202F come out as plain spaces whatever the
// PDF says; that they map to themselves is checked on the CMap by ToUnicodeMapsEveryShownCid.
TEST(PdfText, PdftotextExtractsTheText) {
  if (std::system("command -v pdftotext >/dev/null 2>&1") != 0) {
    GTEST_SKIP() << "pdftotext not installed";
  }
  Document doc = sample_doc();
  doc.pages.resize(1);
  doc.pages[0].items = {make_run(kFrench, 72, 100, 12)};
  const std::string bytes = render_ok(doc);
  const auto base = std::filesystem::temp_directory_path() /
                    ("plaquette_pdf_test_" + std::to_string(::getpid()));
  const std::string pdf_path = base.string() + ".pdf", err_path = base.string() + ".err";
  std::ofstream(pdf_path, std::ios::binary) << bytes;
  const std::string cmd = "pdftotext -enc UTF-8 '" + pdf_path + "' - 2>'" + err_path + "'";
  std::string out;
  if (FILE* pipe = ::popen(cmd.c_str(), "r")) {
    char buf[4096];
    size_t n;
    while ((n = std::fread(buf, 1, sizeof buf, pipe)) > 0) out.append(buf, n);
    ::pclose(pipe);
  }
  std::ifstream err_file(err_path);
  const std::string err((std::istreambuf_iterator<char>(err_file)), {});
  std::filesystem::remove(pdf_path);
  std::filesystem::remove(err_path);
  while (!out.empty() && (out.back() == '\n' || out.back() == '\f')) out.pop_back();
  // The run holds U+202F and U+00A0: its /ActualText span makes them come back exactly.
  EXPECT_EQ(out, kFrench);
  EXPECT_EQ(err, "");
}

}  // namespace
}  // namespace plaquette::render::pdf
