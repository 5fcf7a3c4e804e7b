// The preflight corpus: one PDF per rule that must fail, and files that must pass, made at
// test time (libqpdf here; Ghostscript and Cairo in tools_test.cc) and checked against the findings
// kept in tests/preflight/corpus/<case>.json. Any finding that appears or disappears fails the
// test; PLAQUETTE_UPDATE_REFERENCES=1 rewrites the expected files (review the diff).
#include <gtest/gtest.h>

#include <cstdlib>
#include <fstream>
#include <map>
#include <nlohmann/json.hpp>

#include "expected_form.h"
#include "pdf_builder.h"
#include "preflight/preflight.h"

namespace plaquette::preflight {
namespace {

using test::expected_form;

using test::build_pdf;
using test::PdfSpec;

// An annotation of `subtype` at `rect` on the page.
std::function<void(QPDF&, QPDFObjectHandle)> annotation(const std::string& dict) {
  return [dict](QPDF& pdf, QPDFObjectHandle page) {
    page.replaceKey("/Annots", QPDFObjectHandle::newArray(
                                   {pdf.makeIndirectObject(QPDFObjectHandle::parse(dict))}));
  };
}

std::map<std::string, PdfSpec> cases() {
  std::map<std::string, PdfSpec> c;
  c["pass-clean"] = PdfSpec{};
  c["pass-registered-condition"].embed_profile = false;
  c["actions-javascript"].tweak = [](QPDF& pdf, QPDFObjectHandle) {
    pdf.getRoot().replaceKey(
        "/OpenAction", QPDFObjectHandle::parse("<< /S /JavaScript /JS (app.alert\\(1\\)) >>"));
  };
  c["annotations-square"].tweak =
      annotation("<< /Type /Annot /Subtype /Square /F 4 /Rect [100 100 200 200] >>");
  c["annotations-link"].tweak =
      annotation("<< /Type /Annot /Subtype /Link /Rect [100 100 200 120] >>");
  c["annotations-form-field"].tweak = annotation(
      "<< /Type /Annot /Subtype /Widget /FT /Tx /T (name) /F 4 /Rect [100 100 200 120] >>");
  c["pass-printer-mark"].tweak =
      annotation("<< /Type /Annot /Subtype /PrinterMark /Rect [100 100 200 120] >>");
  c["boxes-trim-and-art"].tweak = [](QPDF&, QPDFObjectHandle page) {
    page.replaceKey("/ArtBox", page.getKey("/TrimBox"));
  };
  c["boxes-no-trim"].trim_box = false;
  c["colour-rgb"].content = "1 0 0 rg 20 20 100 100 re f";
  c["dates-malformed"].info =
      "<< /Title (Test) /GTS_PDFXVersion (PDF/X-1a:2003) /Trapped /False "
      "/CreationDate (yesterday) /ModDate (D:20241305) >>";
  c["encryption"].encrypt = true;
  c["external-reference-xobject"].form_content = "0 0 0 1 k 0 0 10 10 re f";
  c["external-reference-xobject"].form_extra = "/Ref << /F (other.pdf) /Page 0 >>";
  c["external-reference-xobject"].content = "/Fm1 Do";
  c["font-not-embedded"].embed_font = false;
  // Lato as a composite font: glyphs 36 and 37 ("A", "B") with their widths pass; a CID past
  // the program's glyphs, the .notdef glyph, and a width 1.5/1000 em off fail.
  c["pass-composite-font"].content = "BT /F2 12 Tf 72 72 Td <00240025> Tj ET";
  c["font-glyphs-missing"].content = "BT /F2 12 Tf 72 72 Td [<0024> 120 <EA60>] TJ ET";
  c["font-glyphs-notdef"].content = "BT /F2 12 Tf 72 72 Td <00000024> Tj ET";
  c["font-widths-wrong"].content = "BT /F2 12 Tf 72 72 Td <00240025> Tj ET";
  c["font-widths-wrong"].wrong_width = 37;
  c["halftone-type6"].ext_gstate =
      "<< /Type /ExtGState /HT << /HalftoneType 6 /Width 2 /Height 2 >> >>";
  c["halftone-type6"].content = "/GS1 gs 0 0 0 1 k 20 20 100 100 re f";
  c["image-alternates"].image_extra = "/Alternates []";
  c["image-alternates"].content = "q 36 0 0 36 100 100 cm /Im1 Do Q";
  c["image-depth-16"].image_bpc = 16;
  c["image-depth-16"].content = "q 36 0 0 36 100 100 cm /Im1 Do Q";
  c["info-no-trapped"].info =
      "<< /Title (Test) /GTS_PDFXVersion (PDF/X-1a:2003) "
      "/CreationDate (D:20240305102030Z) /ModDate (D:20240305102030Z) >>";
  c["optional-content"].tweak = [](QPDF& pdf, QPDFObjectHandle) {
    pdf.getRoot().replaceKey("/OCProperties", QPDFObjectHandle::parse("<< /OCGs [] /D << >> >>"));
  };
  c["optional-content-marked"].content = "/OC /L1 BDC 0 0 0 1 k 20 20 100 100 re f EMC";
  c["output-intent-missing"].output_intent = false;
  c["postscript-operator"].content = "(showpage) PS 0 0 0 1 k 20 20 100 100 re f";
  c["postscript-xobject"].form_content = "%!PS";
  c["postscript-xobject"].form_extra = "/Subtype2 /PS";
  c["postscript-xobject"].content = "/Fm1 Do";
  c["transfer-function"].ext_gstate =
      "<< /Type /ExtGState /TR << /FunctionType 2 /Domain [0 1] /N 2 >> >>";
  c["transfer-function"].content = "/GS1 gs 0 0 0 1 k 20 20 100 100 re f";
  c["transparency-opacity"].ext_gstate = "<< /Type /ExtGState /ca 0.5 >>";
  c["transparency-opacity"].content = "/GS1 gs 0 0 0 1 k 20 20 100 100 re f";
  c["version-catalog"].tweak = [](QPDF& pdf, QPDFObjectHandle) {
    pdf.getRoot().replaceKey("/Version", QPDFObjectHandle::newName("/1.6"));
  };
  c["version-header"].version = "1.6";
  c["version-object-streams"].object_streams = true;
  // House rules.
  c["house-bleed-2mm"].bleed_mm = 2;
  c["house-image-resolution-150ppi"].content = "q 72 0 0 72 100 100 cm /Im1 Do Q";
  c["house-ink-380"].content = "1 1 1 0.8 k 20 20 100 100 re f";
  // One pixel at 400 % (column 10, row 20) in an image otherwise at 100 %.
  c["house-ink-in-image"].image_data = std::string(150 * 150 * 4, '\x40');
  c["house-ink-in-image"].image_data.replace((20 * 150 + 10) * 4, 4, "\xFF\xFF\xFF\xFF");
  c["house-ink-in-image"].content = "q 36 0 0 36 100 100 cm /Im1 Do Q";
  // An axial shading from no ink to 400 %, one stitched from two ramps peaking at 320 % in
  // the middle, and one whose PostScript calculator function gives 100 % of each ink.
  c["house-ink-in-shading"].shading =
      "<< /ShadingType 2 /ColorSpace /DeviceCMYK /Coords [100 100 300 100] "
      "/Function << /FunctionType 2 /Domain [0 1] /C0 [0 0 0 0] /C1 [1 1 1 1] /N 1 >> >>";
  c["house-ink-in-shading"].content = "q 100 100 200 50 re W n /Sh1 sh Q";
  c["house-ink-in-stitched-shading"].shading =
      "<< /ShadingType 3 /ColorSpace /DeviceCMYK /Coords [200 200 0 200 200 100] "
      "/Function << /FunctionType 3 /Domain [0 1] /Bounds [0.5] /Encode [0 1 1 0] /Functions ["
      "<< /FunctionType 2 /Domain [0 1] /C0 [0 0 0 0] /C1 [0.8 0.8 0.8 0.8] /N 1 >> "
      "<< /FunctionType 2 /Domain [0 1] /C0 [0 0 0 0] /C1 [0.8 0.8 0.8 0.8] /N 1 >>] >> >>";
  c["house-ink-in-stitched-shading"].content = "/Sh1 sh";
  c["house-ink-shading-postscript-function"].shading =
      "<< /ShadingType 2 /ColorSpace /DeviceCMYK /Coords [100 100 300 100] "
      "/Function << /FunctionType 4 /Domain [0 1] /Range [0 1 0 1 0 1 0 1] >> >>";
  c["house-ink-shading-postscript-function"].content = "/Sh1 sh";
  c["house-ink-shading-postscript-function"].tweak = [](QPDF& pdf, QPDFObjectHandle page) {
    QPDFObjectHandle f = QPDFObjectHandle::newStream(&pdf, "{ dup dup dup }");
    f.replaceDict(
        QPDFObjectHandle::parse("<< /FunctionType 4 /Domain [0 1] /Range [0 1 0 1 0 1 0 1] >>"));
    page.getKey("/Resources").getKey("/Shading").getKey("/Sh1").replaceKey("/Function", f);
  };
  // Spot colours count through their alternate space: a Separation whose exponential tint
  // transform gives 100/100/100/90 (390 %), a DeviceN whose PostScript function doubles two
  // inks (4 × 80 % → 2 × 160 % clipped to 2 × 100 % + 2 × 80 % = 360 %).
  c["house-ink-spot-colour"].colour_spaces =
      "<< /CS0 [/Separation /Gold /DeviceCMYK << /FunctionType 2 /Domain [0 1] /C0 [0 0 0 0] "
      "/C1 [1 1 1 0.9] /N 1 >>] >>";
  c["house-ink-spot-colour"].content = "/CS0 cs 1 scn 20 20 100 100 re f";
  c["house-ink-devicen-postscript-function"].tweak = [](QPDF& pdf, QPDFObjectHandle page) {
    QPDFObjectHandle f = QPDFObjectHandle::newStream(&pdf, "{ 2 mul 4 1 roll 2 mul 4 1 roll }");
    f.replaceDict(QPDFObjectHandle::parse(
        "<< /FunctionType 4 /Domain [0 1 0 1 0 1 0 1] /Range [0 1 0 1 0 1 0 1] >>"));
    QPDFObjectHandle cs = QPDFObjectHandle::parse("[/DeviceN [/A /B /C /D] /DeviceCMYK null]");
    cs.setArrayItem(3, f);
    page.getKey("/Resources").replaceKey("/ColorSpace", QPDFObjectHandle::parse("<< >>"));
    page.getKey("/Resources").getKey("/ColorSpace").replaceKey("/CS0", cs);
  };
  c["house-ink-devicen-postscript-function"].content =
      "/CS0 cs 0.8 0.8 0.8 0.8 scn 20 20 100 100 re f";
  // The registration colour: crop marks in the slug are no ink; inside the trim, an error.
  const std::string all =
      "<< /CS0 [/Separation /All /DeviceCMYK << /FunctionType 2 /Domain [0 1] /C0 [0 0 0 0] "
      "/C1 [1 1 1 1] /N 1 >>] >>";
  c["pass-registration-colour-outside-trim"].colour_spaces = all;
  c["pass-registration-colour-outside-trim"].content =
      "/CS0 CS 1 SCN 0.25 w 0 28.35 m 10 28.35 l S 0 0 0 1 k 20 20 100 100 re f";
  c["house-registration-colour-inside-trim"].colour_spaces = all;
  c["house-registration-colour-inside-trim"].content = "/CS0 cs 1 scn 100 100 50 50 re f";
  // Small 100 % black text: a note says whether it knocks out (the default) or overprints.
  c["house-overprint-knockout"].content =
      "0 0 1 0 k 50 50 300 100 re f 0 0 0 1 k BT /F1 8 Tf 72 72 Td (Hi) Tj ET";
  c["house-overprint-on"].ext_gstate = "<< /Type /ExtGState /OP true /op true /OPM 1 >>";
  c["house-overprint-on"].content =
      "0 0 1 0 k 50 50 300 100 re f /GS1 gs 0 0 0 1 k BT /F1 8 Tf 72 72 Td (Hi) Tj ET";
  c["house-registration"].content = "0.45 0.05 0 0 k BT /F1 8.5 Tf 72 72 Td (Hi) Tj ET";
  c["house-reversed-text"].content =
      "1 0.82 0.18 0.32 k 50 50 300 100 re f 0 g 1 g BT /F1 8 Tf 72 72 Td (Hi) Tj ET";
  c["house-text-size"].content = "BT /F1 4 Tf 72 72 Td (tiny) Tj ET";
  c["house-type3"].tweak = [](QPDF& pdf, QPDFObjectHandle page) {
    page.getKey("/Resources")
        .getKey("/Font")
        .replaceKey(
            "/F1",
            pdf.makeIndirectObject(QPDFObjectHandle::parse(
                "<< /Type /Font /Subtype /Type3 /FontBBox [0 0 1 1] /FontMatrix [1 0 0 1 0 0] "
                "/CharProcs << >> /Encoding << /Differences [] >> /FirstChar 0 /LastChar 0 "
                "/Widths [0] >>")));
  };
  return c;
}

class PreflightCorpus : public testing::TestWithParam<std::string> {};

TEST_P(PreflightCorpus, FindingsAreExactlyTheExpectedOnes) {
  const std::string name = GetParam();
  const PdfSpec spec = cases().at(name);
  Report r;
  std::string error;
  ASSERT_TRUE(preflight_memory(build_pdf(spec), name + ".pdf", Options{}, r, error)) << error;
  const nlohmann::ordered_json got = expected_form(r);
  const std::string path = PLAQUETTE_SOURCE_DIR "/tests/preflight/corpus/" + name + ".json";
  if (std::getenv("PLAQUETTE_UPDATE_REFERENCES")) {
    std::ofstream(path) << got.dump(2) << "\n";
    return;
  }
  std::ifstream in(path);
  ASSERT_TRUE(in) << "no expected findings: " << path << "\n" << got.dump(2);
  const nlohmann::ordered_json want = nlohmann::ordered_json::parse(in);
  EXPECT_EQ(got, want) << "got:\n" << got.dump(2) << "\n" << format_text(r);
  // Each failing case fails on the rule it is named after; passing cases have no finding.
  if (name.rfind("pass-", 0) == 0) {
    EXPECT_TRUE(r.findings.empty()) << format_text(r);
  } else {
    std::string rule = name.rfind("house-", 0) == 0 ? name.substr(6) : name;
    bool named = false;
    for (const Finding& f : r.findings) named = named || rule.rfind(f.check, 0) == 0;
    EXPECT_TRUE(named) << format_text(r);
  }
}

std::vector<std::string> names() {
  std::vector<std::string> n;
  for (const auto& [name, spec] : cases()) n.push_back(name);
  return n;
}

INSTANTIATE_TEST_SUITE_P(Cases, PreflightCorpus, testing::ValuesIn(names()),
                         [](const testing::TestParamInfo<std::string>& i) {
                           std::string s = i.param;
                           for (char& ch : s)
                             if (ch == '-') ch = '_';
                           return s;
                         });

// Every rule of the table has a case in the corpus (house rules under "house-").
TEST(PreflightCorpusCoverage, EveryRuleHasACase) {
  const auto all = cases();
  for (const Rule& rule : rules()) {
    const std::string r = rule.name;
    // Unit-tested with hand-made files (budget_test.cc, preflight_test.cc).
    if (r == "id" || r == "page-tree" || r == "parse" || r == "damage" || r == "budget") continue;
    bool found = false;
    for (const auto& [name, spec] : all)
      found = found || (rule.category == Category::house ? name.rfind("house-" + r, 0) == 0
                                                         : name.rfind(r, 0) == 0);
    EXPECT_TRUE(found) << "no corpus case for rule " << r;
  }
}

}  // namespace
}  // namespace plaquette::preflight
