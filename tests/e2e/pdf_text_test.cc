// End to end: text in the brochure's PDF is written by glyph id (subset CID fonts, one TJ
// per run), copies as typed, and crop marks are in registration colour.
#include <gtest/gtest.h>
#include <hb.h>

#include <filesystem>
#include <map>
#include <set>

#include "../render/pdf/pdf_test_util.h"
#include "cli/pipeline.h"
#include "e2e_util.h"

namespace plaquette::e2e {
namespace {

using namespace e2e_util;
namespace fs = std::filesystem;
using namespace render::pdf::test_util;

class PdfGlyphs : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    dir_ = new fs::path(fs::temp_directory_path() /
                        ("plaquette-glyphs-" + std::to_string(::getpid())));
    fs::create_directories(*dir_);
    const fs::path pdf = *dir_ / "brochure.pdf";
    Result r = run("build '" + kData + "' -q -o '" + pdf.string() + "'", *dir_);
    ASSERT_EQ(r.status, 0) << r.err;
    bytes_ = new std::string(slurp(pdf));
    text_ = new std::string(pdftotext(pdf));
  }
  static void TearDownTestSuite() {
    fs::remove_all(*dir_);
    delete dir_;
    delete bytes_;
    delete text_;
  }

  static fs::path* dir_;
  static std::string* bytes_;
  static std::string* text_;
};

fs::path* PdfGlyphs::dir_ = nullptr;
std::string* PdfGlyphs::bytes_ = nullptr;
std::string* PdfGlyphs::text_ = nullptr;

TEST_F(PdfGlyphs, EveryTextObjectIsOneTJ) {
  Parsed p(*bytes_);
  int text_objects = 0;
  for (auto& page : p.pages()) {
    int tj_in_object = 0;
    for (Op& op : page_ops(page)) {
      EXPECT_NE(op.name, "Tj");
      EXPECT_NE(op.name, "'");
      EXPECT_NE(op.name, "\"");
      if (op.name == "BT") tj_in_object = 0, ++text_objects;
      if (op.name == "TJ") ++tj_in_object;
      if (op.name == "ET") {
        EXPECT_EQ(tj_in_object, 1);
      }
    }
  }
  EXPECT_GT(text_objects, 100);
}

TEST_F(PdfGlyphs, WidthsAndCidToGidMapsCoverExactlyTheCidsDrawn) {
  Parsed p(*bytes_);
  // CIDs drawn per font object, over both pages; a page's ops name fonts by resource name.
  std::map<std::string, std::set<uint32_t>> drawn;
  std::map<std::string, QPDFObjectHandle> fonts;
  for (auto& page : p.pages()) {
    auto resources = page_fonts(page);
    std::string current;
    for (Op& op : page_ops(page)) {
      if (op.name == "Tf") current = resources.at(op.args.at(0).getName()).getObjGen().unparse();
      if (op.name == "TJ") {
        for (int i = 0; i < op.args.at(0).getArrayNItems(); ++i) {
          QPDFObjectHandle item = op.args.at(0).getArrayItem(i);
          if (item.isString()) {
            for (uint32_t cid : cids_of(item.getStringValue())) drawn[current].insert(cid);
          }
        }
      }
    }
    for (auto& [name, font] : resources) fonts[font.getObjGen().unparse()] = font;
  }
  ASSERT_GE(drawn.size(), 4u);
  for (auto& [id, font] : fonts) {
    std::set<uint32_t> listed;
    for (const auto& [cid, w] : cid_widths(font)) listed.insert(cid);
    EXPECT_EQ(listed, drawn[id]) << font.getKey("/BaseFont").getName();
    QPDFObjectHandle map = font.getKey("/DescendantFonts").getArrayItem(0).getKey("/CIDToGIDMap");
    if (map.isStream()) {
      EXPECT_EQ(stream_text(map).size(), 2 * (*drawn[id].rbegin() + 1));
    } else {
      EXPECT_EQ(map.getName(), "/Identity");
    }
  }
}

TEST_F(PdfGlyphs, CropMarksAreInTheAllSeparationAndNoInkIs400Percent) {
  Parsed p(*bytes_);
  for (auto& page : p.pages()) {
    QPDFObjectHandle all =
        page.getObjectHandle().getKey("/Resources").getKey("/ColorSpace").getKey("/All");
    ASSERT_TRUE(all.isArray());
    EXPECT_EQ(all.getArrayItem(0).getName(), "/Separation");
    EXPECT_EQ(all.getArrayItem(1).getName(), "/All");
    int marks = 0;
    for (Op& op : page_ops(page)) {
      if (op.name == "CS") ++marks;
      if (op.name == "k" || op.name == "K") {
        double total = 0;
        for (auto& a : op.args) total += a.getNumericValue();
        EXPECT_LT(total, 3.0 + 1e-9) << op.name;
      }
    }
    EXPECT_GE(marks, 1);
  }
}

TEST_F(PdfGlyphs, WordsAndFiguresCopyAsTyped) {
  ASSERT_FALSE(text_->empty());
  EXPECT_NE(text_->find("filière"), std::string::npos);  // drawn with the fi ligature
  EXPECT_NE(text_->find("associations"), std::string::npos);
  // The hyphen added at a line break extracts as U+00AD SOFT HYPHEN (ISO 32000-1
  // §14.8.2.2.3). poppler 22 only rejoins lines ending in "-", so pdftotext keeps the line
  // break after it; a reader that follows the standard drops the soft hyphen and the break.
  const std::string soft = "sen\u00AD\nsibiliser";
  ASSERT_NE(text_->find(soft), std::string::npos) << *text_;
  EXPECT_EQ(text_->find("sen-\nsibiliser"), std::string::npos);
}

// The fi ligature glyph of Lato (the glyph its cmap gives U+FB01) is what both backends
// draw in "filière": it is in the display list the proof draws, and the PDF shows a CID
// whose ToUnicode text is "fi".
TEST_F(PdfGlyphs, TheFiLigatureIsDrawnInFiliereInThePdfAndTheProof) {
  hb_blob_t* blob = hb_blob_create_from_file(PLAQUETTE_SOURCE_DIR "/fonts/Lato-Regular.ttf");
  hb_face_t* face = hb_face_create(blob, 0);
  hb_font_t* font = hb_font_create(face);
  hb_codepoint_t fi = 0;
  ASSERT_TRUE(hb_font_get_nominal_glyph(font, 0xFB01, &fi));
  hb_font_destroy(font);
  hb_face_destroy(face);
  hb_blob_destroy(blob);

  text::FontCache fonts;
  Diagnostics diags;
  cli::EditionSpec spec{kData, PLAQUETTE_SOURCE_DIR "/layouts/gusp-brochure.yaml", "fr"};
  auto laid = cli::lay_out(spec, fonts, diags);
  ASSERT_TRUE(laid);
  bool in_display_list = false;
  for (const display::Page& page : laid->doc.pages) {
    for (const display::Item& item : page.items) {
      const auto* run = std::get_if<display::TextRun>(&item);
      if (!run || run->text.find("filière") == std::string::npos) continue;
      if (laid->doc.fonts.at(run->font).name != "Lato-Regular") continue;
      for (const display::Glyph& g : run->glyphs) {
        if (g.id == fi &&
            run->text.substr(g.cluster_begin, g.cluster_end - g.cluster_begin) == "fi") {
          in_display_list = true;
        }
      }
    }
  }
  EXPECT_TRUE(in_display_list);

  Parsed p(*bytes_);
  bool in_pdf = false;
  for (auto& page : p.pages()) {
    for (auto& [name, f] : page_fonts(page)) {
      if (f.getKey("/BaseFont").getName().find("Lato-Regular") == std::string::npos) continue;
      const auto map = parse_to_unicode(stream_text(f.getKey("/ToUnicode")));
      const auto widths = cid_widths(f);
      for (const auto& [cid, text] : map) {
        // Shown (it has a width) and standing for "fi".
        if (text == "00660069" && widths.count(cid)) in_pdf = true;
      }
    }
  }
  EXPECT_TRUE(in_pdf);
}

}  // namespace
}  // namespace plaquette::e2e
