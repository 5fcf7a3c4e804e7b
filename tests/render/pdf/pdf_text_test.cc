// Checks of fonts and text in the PDF: embedded subsets, the ToUnicode CMap, cluster
// positions, font errors, and text extraction with pdftotext.
#include <gtest/gtest.h>

#include <filesystem>

#include "pdf_test_util.h"
#include "render/pdf/pdf.h"
#include "render/pdf/pdf_private.h"

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
  std::set<std::string> texts;
  for (const auto& [cid, text] : map) texts.insert(text);
  for (const char* t : {"202F", "00A0", "00E9", "00E2", "20AC", "0031", "0020"}) {
    EXPECT_EQ(texts.count(t), 1u) << t;
  }
  const std::set<uint32_t> cids = shown_cids(page_ops(pages.at(0)));
  for (uint32_t cid : cids) EXPECT_EQ(map.count(cid), 1u) << "CID " << std::hex << cid;
  // Only what was drawn is listed (no blanket identity range).
  EXPECT_EQ(map.size(), cids.size());
}

TEST(PdfText, OneGlyphForTwoCharactersGetsTwoCids) {
  // In Lato, U+0020 and U+00A0 are one glyph: copied text must still tell them apart.
  ASSERT_EQ(font_glyph(kLato, 0x20).id, font_glyph(kLato, 0xA0).id);
  Document doc = sample_doc();
  doc.pages.resize(1);
  doc.pages[0].items = {make_run("a b\u00A0c", 72, 72, 12)};
  Parsed p(render_ok(doc));
  auto pages = p.pages();
  QPDFObjectHandle font = page_fonts(pages.at(0)).begin()->second;
  const auto map = parse_to_unicode(stream_text(font.getKey("/ToUnicode")));
  const std::vector<Shown> shown = shown_glyphs(page_ops(pages.at(0)), cid_widths(font));
  ASSERT_EQ(shown.size(), 5u);
  EXPECT_NE(shown[1].cid, shown[3].cid);
  EXPECT_EQ(map.at(shown[1].cid), "0020");
  EXPECT_EQ(map.at(shown[3].cid), "00A0");
  // Both CIDs draw the same glyph through a /CIDToGIDMap stream covering every CID used.
  QPDFObjectHandle map_stream =
      font.getKey("/DescendantFonts").getArrayItem(0).getKey("/CIDToGIDMap");
  ASSERT_TRUE(map_stream.isStream());
  const std::string gids = stream_text(map_stream);
  auto gid = [&](uint32_t cid) {
    return static_cast<unsigned char>(gids.at(2 * cid)) << 8 |
           static_cast<unsigned char>(gids.at(2 * cid + 1));
  };
  EXPECT_EQ(gid(shown[1].cid), gid(shown[3].cid));
  uint32_t max_cid = 0;
  for (const Shown& s : shown) max_cid = std::max(max_cid, s.cid);
  EXPECT_EQ(gids.size(), 2 * (max_cid + 1));
}

TEST(PdfText, EachRunIsOneTextObjectWithOneTJ) {
  Parsed p(render_ok(sample_doc()));
  auto pages = p.pages();
  int bt = 0, tj = 0, td = 0;
  for (Op& op : page_ops(pages.at(0))) {
    bt += op.name == "BT";
    tj += op.name == "TJ";
    td += op.name == "Td";
    EXPECT_NE(op.name, "Tj");
  }
  EXPECT_EQ(bt, 1);
  EXPECT_EQ(tj, 1);
  EXPECT_EQ(td, 1);  // the run's start; glyphs are placed by the TJ array
}

TEST(PdfText, WidthsCoverExactlyTheCidsDrawnAndDescriptorIsComplete) {
  Parsed p(render_ok(sample_doc()));
  auto pages = p.pages();
  QPDFObjectHandle font = page_fonts(pages.at(0)).begin()->second;
  const auto widths = cid_widths(font);
  const std::set<uint32_t> cids = shown_cids(page_ops(pages.at(0)));
  std::set<uint32_t> listed;
  for (const auto& [cid, w] : widths) listed.insert(cid);
  EXPECT_EQ(listed, cids);
  QPDFObjectHandle cid_font = font.getKey("/DescendantFonts").getArrayItem(0);
  EXPECT_EQ(cid_font.getKey("/Subtype").getName(), "/CIDFontType2");
  EXPECT_EQ(font.getKey("/Encoding").getName(), "/Identity-H");
  QPDFObjectHandle desc = cid_font.getKey("/FontDescriptor");
  for (const char* key : {"/FontName", "/Flags", "/FontBBox", "/ItalicAngle", "/Ascent", "/Descent",
                          "/CapHeight", "/StemV", "/FontFile2"}) {
    EXPECT_TRUE(desc.hasKey(key)) << key;
  }
  EXPECT_EQ(desc.getKey("/CapHeight").getIntValue(), 717);  // Lato: 1433 of 2000 units
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
  QPDFObjectHandle font = page_fonts(pages.at(0)).begin()->second;
  const std::vector<Shown> at = shown_glyphs(page_ops(pages.at(0)), cid_widths(font));
  ASSERT_EQ(at.size(), 3u);
  EXPECT_NEAR(at[0].x, 100.25, 1e-3);
  EXPECT_NEAR(at[0].y, h - 200, 1e-3);
  EXPECT_NEAR(at[1].x, 100.25 + 6 - 0.8, 1e-3);
  EXPECT_NEAR(at[2].x, 100.25 + 12, 1e-3);
  EXPECT_NEAR(at[2].y, h - 200 + 2, 1e-3);
}

TEST(PdfText, RoundingDoesNotAccumulateAlongALine) {
  Document doc = sample_doc();
  doc.pages.resize(1);
  TextRun run = make_run(std::string(400, 'i'), 10, 100, 7);
  for (Glyph& g : run.glyphs) g.x_advance = 1.0 / 3.0;  // no exact decimal
  doc.pages[0].items = {run};
  Parsed p(render_ok(doc));
  auto pages = p.pages();
  QPDFObjectHandle font = page_fonts(pages.at(0)).begin()->second;
  const std::vector<Shown> at = shown_glyphs(page_ops(pages.at(0)), cid_widths(font));
  ASSERT_EQ(at.size(), 400u);
  for (size_t i = 0; i < at.size(); ++i) EXPECT_NEAR(at[i].x, 10 + i / 3.0, 1e-3) << i;
}

TEST(PdfText, MarksOfAClusterAreDrawnButCopiedOnce) {
  Document doc = sample_doc();
  doc.pages.resize(1);
  // "é" decomposed by the font into a base and a mark: two glyphs, one cluster.
  TextRun run = make_run("d\u00E9j", 72, 72, 12);
  ASSERT_EQ(run.glyphs.size(), 3u);
  Glyph mark = run.glyphs[1];
  mark.id = font_glyph(kLato, 0x0301).id;
  mark.x_advance = 0;
  mark.x_offset = -3;
  run.glyphs.insert(run.glyphs.begin() + 2, mark);
  doc.pages[0].items = {run};
  Parsed p(render_ok(doc));
  auto pages = p.pages();
  QPDFObjectHandle font = page_fonts(pages.at(0)).begin()->second;
  const auto map = parse_to_unicode(stream_text(font.getKey("/ToUnicode")));
  const std::vector<Shown> shown = shown_glyphs(page_ops(pages.at(0)), cid_widths(font));
  ASSERT_EQ(shown.size(), 4u);
  EXPECT_EQ(map.at(shown[1].cid), "00E9");
  EXPECT_EQ(map.count(shown[2].cid), 0u);  // the mark: no text of its own
}

TEST(PdfText, LigatureCopiesAsItsLetters) {
  Document doc = sample_doc();
  doc.pages.resize(1);
  // "fi" as one glyph (Lato's ligature, U+FB01's glyph) standing for two characters.
  TextRun run = make_run("fil", 72, 72, 12);
  run.glyphs.erase(run.glyphs.begin() + 1);
  run.glyphs[0].id = font_glyph(kLato, 0xFB01).id;
  run.glyphs[0].cluster_end = 2;
  ASSERT_NE(run.glyphs[0].id, 0u);
  doc.pages[0].items = {run};
  Parsed p(render_ok(doc));
  auto pages = p.pages();
  QPDFObjectHandle font = page_fonts(pages.at(0)).begin()->second;
  const auto map = parse_to_unicode(stream_text(font.getKey("/ToUnicode")));
  const std::vector<Shown> shown = shown_glyphs(page_ops(pages.at(0)), cid_widths(font));
  ASSERT_EQ(shown.size(), 2u);
  EXPECT_EQ(map.at(shown[0].cid), "00660069");
}

// The /ActualText of the span around each run, in order, decoded from UTF-16BE.
std::vector<std::string> actual_texts(QPDFPageObjectHelper& page) {
  std::vector<std::string> out;
  for (Op& op : page_ops(page)) {
    if (op.name == "BDC") out.push_back(op.args.at(1).getKey("/ActualText").getUTF8Value());
  }
  return out;
}

TEST(PdfText, ActualTextOnlyWhereExtractorsNeedIt) {
  Document doc = sample_doc();
  doc.pages.resize(1);
  // kFrench holds U+202F and U+00A0, which poppler would extract as U+0020; "A N" comes
  // back from /ToUnicode as it is, and carries no copy of its text.
  doc.pages[0].items = {make_run(kFrench, 72, 72, 12), make_run("A N", 72, 100, 12)};
  Parsed p(render_ok(doc));
  auto pages = p.pages();
  EXPECT_EQ(actual_texts(pages.at(0)), (std::vector<std::string>{kFrench}));
}

TEST(PdfText, LetterSpacingIsCharacterSpacing) {
  Document doc = sample_doc();
  doc.pages.resize(1);
  // Tracked capitals: 1.2 pt after each letter, and a kerning pair in the middle.
  TextRun run = make_run("HAUTS", 72, 72, 8.5);
  for (Glyph& g : run.glyphs) g.x_advance += 1.2;
  run.glyphs[1].x_advance -= 0.3;
  doc.pages[0].items = {run, make_run("plain", 72, 100, 8.5)};
  Parsed p(render_ok(doc));
  auto pages = p.pages();
  std::vector<double> tc;
  int numbers = 0;  // numeric adjustments in the TJ arrays
  for (Op& op : page_ops(pages.at(0))) {
    if (op.name == "Tc") tc.push_back(op.args.at(0).getNumericValue());
    if (op.name != "TJ") continue;
    for (int i = 0; i < op.args.at(0).getArrayNItems(); ++i)
      numbers += op.args.at(0).getArrayItem(i).isNumber();
  }
  // Set for the tracked run, reset for the next one; only the kerning is an adjustment.
  EXPECT_EQ(tc, (std::vector<double>{1.2, 0}));
  EXPECT_EQ(numbers, 1);
  QPDFObjectHandle font = page_fonts(pages.at(0)).begin()->second;
  const std::vector<Shown> at = shown_glyphs(page_ops(pages.at(0)), cid_widths(font));
  ASSERT_EQ(at.size(), 10u);
  double x = 72;
  for (size_t i = 0; i < 5; ++i) {
    EXPECT_NEAR(at[i].x, x, 1e-3) << i;
    x += run.glyphs[i].x_advance;
  }
  // Letter-spaced text is split into letters by extractors: it keeps its /ActualText.
  EXPECT_EQ(actual_texts(pages.at(0)), (std::vector<std::string>{"HAUTS"}));
}

TEST(PdfText, ExpandedRunsAreHorizontallyScaled) {
  // Font expansion: a justified line's glyphs 1.5 % wider (TextRun::scale), its spaces
  // wider still. The PDF says Tz 101.5 once for the two runs at that scale, 99.5 for the
  // next, and 100 again for an unscaled run; every glyph lands where the display list
  // put it, the text is unchanged.
  Document doc = sample_doc();
  doc.pages.resize(1);
  std::vector<TextRun> runs = {make_run("Vie sociale", 72, 100, 8.5),
                               make_run("et cadre", 140, 100, 8.5),
                               make_run("de vie", 72, 112, 8.5), make_run("plain", 72, 124, 8.5)};
  const double scales[] = {1.015, 1.015, 0.995, 1};
  doc.pages[0].items.clear();
  for (std::size_t r = 0; r < runs.size(); ++r) {
    runs[r].scale = scales[r];
    for (Glyph& g : runs[r].glyphs) {
      g.x_advance *= scales[r];
      if (r == 0 && &g == &runs[r].glyphs[3]) g.x_advance += 1.7;  // a stretched space
    }
    doc.pages[0].items.push_back(runs[r]);
  }
  Parsed p(render_ok(doc));
  auto pages = p.pages();
  std::vector<double> tz;
  for (Op& op : page_ops(pages.at(0)))
    if (op.name == "Tz") tz.push_back(op.args.at(0).getNumericValue());
  EXPECT_EQ(tz, (std::vector<double>{101.5, 99.5, 100}));
  QPDFObjectHandle font = page_fonts(pages.at(0)).begin()->second;
  const std::vector<Shown> at = shown_glyphs(page_ops(pages.at(0)), cid_widths(font));
  std::size_t k = 0;
  for (const TextRun& run : runs) {
    double x = run.origin.x;
    for (const Glyph& g : run.glyphs) {
      ASSERT_LT(k, at.size());
      EXPECT_NEAR(at[k++].x, x, 1e-3) << run.text;
      x += g.x_advance;
    }
  }
  EXPECT_EQ(k, at.size());
}

TEST(PdfText, AdjustmentsAreWrittenWithTheDecimalsThatMatter) {
  Document doc = sample_doc();
  doc.pages.resize(1);
  TextRun run = make_run("a b c d", 72.0000004, 72, 9);
  run.glyphs[1].x_advance += 1.00001;  // a justified space: 1 pt wider, within 1/1000 pt
  run.glyphs[3].x_advance += 1.0 / 3;  // no short decimal
  doc.pages[0].items = {run};
  Parsed p(render_ok(doc));
  auto pages = p.pages();
  std::vector<double> numbers;
  for (Op& op : page_ops(pages.at(0))) {
    if (op.name != "TJ") continue;
    for (int i = 0; i < op.args.at(0).getArrayNItems(); ++i) {
      QPDFObjectHandle item = op.args.at(0).getArrayItem(i);
      if (item.isNumber()) numbers.push_back(item.getNumericValue());
    }
  }
  // 1 pt at 9 pt is 111.111… thousandths of an em: 111.1 keeps the pen within 1/2000 pt
  // of HarfBuzz's, 111 would not; the second adjustment takes as few decimals as keep it
  // there, and nothing else moves (the origin's 0.0000004 pt is below what is written).
  ASSERT_EQ(numbers.size(), 2u);
  EXPECT_EQ(numbers[0], -111.1);
  EXPECT_NEAR(numbers[1], -1000.0 / 27, 0.0005 * 1000 / 9);
  QPDFObjectHandle font = page_fonts(pages.at(0)).begin()->second;
  const std::vector<Shown> at = shown_glyphs(page_ops(pages.at(0)), cid_widths(font));
  double x = 72;
  for (size_t i = 0; i < at.size(); ++i) {
    EXPECT_NEAR(at[i].x, x, 5e-4 + 1e-9) << i;
    x += run.glyphs[i].x_advance;
  }
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

// A font file replaced since a PDF embedded it (as `watch` rebuilds in one process) is read
// and embedded again, not taken from the process's cache by its path.
TEST(PdfText, AFontReplacedSinceTheLastPdfIsEmbeddedAnew) {
  const std::string path = ::testing::TempDir() + "replaced-font.ttf";
  std::filesystem::copy_file(kLato, path, std::filesystem::copy_options::overwrite_existing);
  Document doc = sample_doc();
  doc.fonts = {{path, "Text"}};  // the runs name font 0
  auto base_font = [&] {
    Parsed p(render_ok(doc));
    auto fonts = page_fonts(p.pages().at(0));
    EXPECT_EQ(fonts.size(), 1u);
    return fonts.empty() ? std::string() : fonts.begin()->second.getKey("/BaseFont").getName();
  };
  EXPECT_NE(base_font().find("+Lato-Regular"), std::string::npos);
  std::filesystem::copy_file(kLatoBold, path + ".new",
                             std::filesystem::copy_options::overwrite_existing);
  std::filesystem::rename(path + ".new", path);  // as an editor saves
  EXPECT_NE(base_font().find("+Lato-Bold"), std::string::npos);
  std::filesystem::remove(path);
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
  EXPECT_EQ(d.message, "cannot embed font '/nonexistent/Nope.ttf': cannot read the font file");
  EXPECT_TRUE(bytes.empty());
}

TEST(PdfText, FontThatForbidsSubsettingIsEmbeddedWhole) {
  const std::string path = PLAQUETTE_SOURCE_DIR "/tests/render/pdf/no-subsetting.ttf";
  Document doc = sample_doc();
  doc.fonts = {{path, "Lato-Regular"}};
  doc.pages.resize(1);
  doc.pages[0].items = {make_run("GUSP", 72, 72, 12, 0, path)};
  Parsed p(render_ok(doc));
  auto pages = p.pages();
  QPDFObjectHandle cid_font =
      page_fonts(pages.at(0)).begin()->second.getKey("/DescendantFonts").getArrayItem(0);
  QPDFObjectHandle file = cid_font.getKey("/FontDescriptor").getKey("/FontFile2");
  std::ifstream in(path, std::ios::binary);
  const std::string whole((std::istreambuf_iterator<char>(in)), {});
  EXPECT_EQ(stream_text(file), whole);
  // Glyph ids unchanged: the CIDs drawn are the font's own glyph ids.
  const std::set<uint32_t> cids = shown_cids(page_ops(pages.at(0)));
  EXPECT_EQ(cids.count(font_glyph(path, 'G').id), 1u);
}

TEST(PdfText, FontWhoseLicenceForbidsEmbeddingIsRefused) {
  Document doc = sample_doc();
  doc.fonts = {{PLAQUETTE_SOURCE_DIR "/tests/corpus/layout-font-licence-restricted/restricted.ttf",
                "Lato-Regular"}};
  std::string bytes;
  Diagnostics diags;
  EXPECT_FALSE(render(doc, bytes, diags));
  ASSERT_EQ(diags.error_count(), 1u);
  EXPECT_EQ(diags.all()[0].pos.file, doc.fonts[0].path);
  EXPECT_NE(diags.all()[0].message.find("forbids embedding"), std::string::npos);
  EXPECT_TRUE(bytes.empty());
}

TEST(PdfText, FontErrorsCiteTheLayoutLineThatNamesTheFont) {
  // What `build` reports of a font it cannot embed (it loads fonts without the trial subset
  // `check` makes) is at the layout's `fonts:` entry, as `check` reports it.
  Document doc = sample_doc();
  doc.fonts = {{PLAQUETTE_SOURCE_DIR "/tests/corpus/layout-font-licence-restricted/restricted.ttf",
                "Lato-Regular", SourcePos{"layouts/x.yaml", 13, 12}}};
  std::string bytes;
  Diagnostics diags;
  EXPECT_FALSE(render(doc, bytes, diags));
  ASSERT_EQ(diags.error_count(), 1u);
  EXPECT_EQ(diags.all()[0].pos.str(), "layouts/x.yaml:13:12");
  EXPECT_NE(diags.all()[0].message.find("restricted.ttf"), std::string::npos);
}

TEST(PdfText, GlyphBeyondTheFontIsAnError) {
  Document doc = sample_doc();
  std::get<TextRun>(doc.pages[0].items[0]).glyphs[0].id = 100000;
  std::string bytes;
  Diagnostics diags;
  EXPECT_FALSE(render(doc, bytes, diags));
  ASSERT_TRUE(diags.has_errors());
  EXPECT_EQ(diags.all().at(0).pos.file, kLato);
  EXPECT_NE(diags.all().at(0).message.find("glyph 100000 is beyond the font"), std::string::npos);
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

TEST(PdfText, CharactersBeyondBmpAreSurrogatePairsInToUnicode) {
  Document doc = sample_doc();
  doc.pages.resize(1);
  // U+1D400 MATHEMATICAL BOLD CAPITAL A, drawn with the glyph of "A".
  TextRun run = make_run("aAb", 72, 72, 12);
  run.text = "a\U0001D400b";
  run.glyphs[1].cluster_end = 5;
  run.glyphs[2].cluster_begin = 5;
  run.glyphs[2].cluster_end = 6;
  doc.pages[0].items = {run};
  std::string bytes;
  Diagnostics diags;
  ASSERT_TRUE(render(doc, bytes, diags));
  EXPECT_TRUE(diags.all().empty());
  Parsed p(bytes);
  auto pages = p.pages();
  QPDFObjectHandle font = page_fonts(pages.at(0)).begin()->second;
  const auto map = parse_to_unicode(stream_text(font.getKey("/ToUnicode")));
  const std::vector<Shown> shown = shown_glyphs(page_ops(pages.at(0)), cid_widths(font));
  ASSERT_EQ(shown.size(), 3u);
  EXPECT_EQ(map.at(shown[1].cid), "D835DC00");
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
  const auto base =
      std::filesystem::temp_directory_path() / ("plaquette_pdf_test_" + std::to_string(::getpid()));
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

TEST(SharedSubset, TheSameGlyphsOfTheSameFontAreSubsetAndCompressedOnce) {
  // The editions of a batch in one locale embed the same glyphs: one subset for all.
  std::string error;
  auto fp = font_program(kLato, error);
  ASSERT_TRUE(fp) << error;
  const std::vector<uint32_t> gids = {3, 36, 68, 69};
  auto a = shared_subset(fp, gids, error);
  ASSERT_TRUE(a) << error;
  EXPECT_EQ(shared_subset(fp, gids, error).get(), a.get());
  // Its compressed bytes are the subset's, as a reader inflates them.
  EXPECT_FALSE(a->deflated.empty());
  EXPECT_LT(a->deflated.size(), a->bytes.size());
  SubsetFont fresh;
  ASSERT_TRUE(subset_font(*fp, gids, fresh, error));
  EXPECT_EQ(a->bytes, fresh.bytes);
  EXPECT_EQ(a->deflated, deflate_bytes(fresh.bytes, kDeflateFast));
  // Other glyphs, or another font: another subset.
  auto b = shared_subset(fp, {3, 36, 68}, error);
  ASSERT_TRUE(b);
  EXPECT_NE(b.get(), a.get());
  auto bold = font_program(kLatoBold, error);
  ASSERT_TRUE(bold) << error;
  auto c = shared_subset(bold, gids, error);
  ASSERT_TRUE(c);
  EXPECT_NE(c.get(), a.get());
  EXPECT_NE(c->bytes, a->bytes);
}

}  // namespace
}  // namespace plaquette::render::pdf
