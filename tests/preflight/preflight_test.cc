// The preflight checks on small PDFs made with libqpdf: a clean PDF/X-1a page passes, and
// each broken rule is found, with the right severity.
#include "preflight/preflight.h"

#include <gtest/gtest.h>

#include "json_check.h"
#include "pdf_builder.h"

namespace plaquette::preflight {
namespace {

using test::build_pdf;
using test::PdfSpec;

Report check(const PdfSpec& spec) {
  const std::string bytes = build_pdf(spec);
  Report report;
  std::string error;
  EXPECT_TRUE(preflight_memory(bytes, "test.pdf", Options{}, report, error)) << error;
  return report;
}

// The findings of one check, as text, for assertions and failure messages.
std::string findings(const Report& r, const std::string& check = "") {
  std::string out;
  for (const Finding& f : r.findings) {
    if (!check.empty() && f.check != check) continue;
    out += (f.severity == Severity::error ? "error " : "warning ") + f.check + " p" +
           std::to_string(f.page) + " [" + f.object + "] " + f.what + "\n";
  }
  return out;
}

void expect_error(const Report& r, const std::string& check, const std::string& what) {
  bool found = false;
  for (const Finding& f : r.findings)
    found = found || (f.severity == Severity::error && f.check == check &&
                      f.what.find(what) != std::string::npos);
  EXPECT_TRUE(found) << "expected error [" << check << "] " << what << " in:\n" << format_text(r);
  EXPECT_TRUE(r.has_errors());
}

// A house rule: a warning, and an error with --strict; the standard passes either way.
void expect_house(PdfSpec spec, const std::string& rule, const std::string& what) {
  Report r = check(spec);
  bool found = false;
  for (const Finding& f : r.findings)
    found = found || (f.severity == Severity::warning && f.category == Category::house &&
                      f.check == rule && f.what.find(what) != std::string::npos);
  EXPECT_TRUE(found) << "expected house warning [" << rule << "] " << what << " in:\n"
                     << format_text(r);
  EXPECT_FALSE(r.has_errors()) << format_text(r);
  EXPECT_EQ(exit_status(r), 0);
  Options strict;
  strict.strict = true;
  Report rs;
  std::string error;
  ASSERT_TRUE(preflight_memory(build_pdf(spec), "test.pdf", strict, rs, error)) << error;
  EXPECT_EQ(exit_status(rs), 5) << format_text(rs);
  EXPECT_NE(format_text(rs).find("PDF/X-1a:2003 passed (0 errors, 0 warnings); house rules failed"),
            std::string::npos)
      << format_text(rs);
}

TEST(Preflight, ACleanPdfX1aPagePasses) {
  Report r = check(PdfSpec{});
  EXPECT_EQ(r.pages, 1);
  EXPECT_TRUE(r.findings.empty()) << format_text(r);
  EXPECT_FALSE(r.has_errors());
}

TEST(Preflight, RgbFillIsAnError) {
  PdfSpec s;
  s.content = "1 0 0 rg 20 20 100 100 re f";
  Report r = check(s);
  expect_error(r, "colour", "DeviceRGB (operator rg)");
  EXPECT_EQ(r.findings.at(0).page, 1);
}

TEST(Preflight, RgbThroughAColourSpaceAnImageAndAFormIsFound) {
  PdfSpec s;
  s.image_space = "[/ICCBased << /N 3 >>]";
  s.form_content = "0 0 1 RG 0 0 m 10 10 l S";
  s.content = "q 200 0 0 200 50 50 cm /Im1 Do Q /Fm1 Do";
  Report r = check(s);
  expect_error(r, "colour", "image in ICCBased RGB");
  expect_error(r, "colour", "DeviceRGB (operator RG)");
  EXPECT_NE(findings(r, "colour").find("form /Fm1"), std::string::npos) << findings(r);
}

TEST(Preflight, AnUnembeddedFontIsAnError) {
  PdfSpec s;
  s.embed_font = false;
  Report r = check(s);
  expect_error(r, "font", "Helvetica is not embedded");
}

TEST(Preflight, ASoftMaskInAnExtGStateIsTransparency) {
  PdfSpec s;
  s.ext_gstate = "<< /Type /ExtGState /SMask << /Type /Mask /S /Luminosity >> >>";
  s.content = "/GS1 gs 0 0 0 1 k 20 20 100 100 re f";
  expect_error(check(s), "transparency", "soft mask");
}

TEST(Preflight, OpacityAndBlendModesAreTransparency) {
  PdfSpec s;
  s.ext_gstate = "<< /Type /ExtGState /ca 0.5 /BM /Multiply >>";
  s.content = "/GS1 gs 0 0 0 1 k 20 20 100 100 re f";
  Report r = check(s);
  expect_error(r, "transparency", "opacity ca 0.5");
  expect_error(r, "transparency", "blend mode /Multiply");
}

TEST(Preflight, AMissingTrimBoxIsAnError) {
  PdfSpec s;
  s.trim_box = false;
  expect_error(check(s), "boxes", "no TrimBox");
}

TEST(Preflight, BleedUnderThreeMillimetresIsAHouseRule) {
  PdfSpec s;
  s.bleed_mm = 2;
  expect_house(s, "bleed", "bleed of 2.00 mm, less than 3 mm");
}

TEST(Preflight, BoxesMustNest) {
  PdfSpec s;
  s.bleed_mm = 12;  // past the 10 mm of media around the trim
  expect_error(check(s), "boxes", "BleedBox sticks out of the MediaBox");
}

TEST(Preflight, AnImageAt150PpiIsAHouseRule) {
  PdfSpec s;
  s.content = "q 72 0 0 72 100 100 cm /Im1 Do Q";  // 150 px over one inch
  expect_house(s, "image-resolution", "effective resolution 150 ppi, below 300 ppi");
}

TEST(Preflight, AnImageAt300PpiPasses) {
  PdfSpec s;
  s.content = "q 36 0 0 36 100 100 cm /Im1 Do Q";
  EXPECT_TRUE(check(s).findings.empty()) << format_text(check(s));
}

TEST(Preflight, InkAt380PercentIsAHouseRuleWithASettableLimit) {
  PdfSpec s;
  s.content = "1 1 1 0.8 k 20 20 100 100 re f";
  Report r = check(s);
  expect_house(s, "ink", "total ink 380 %, over the limit of 300 %");
  EXPECT_NE(findings(r, "ink").find("1 1 1 0.8 k"), std::string::npos) << findings(r);
  // --ink-limit 400 lets it pass.
  Options o;
  o.ink_limit = 4;
  Report r400;
  std::string error;
  ASSERT_TRUE(preflight_memory(build_pdf(s), "test.pdf", o, r400, error));
  EXPECT_TRUE(r400.findings.empty()) << format_text(r400);
}

TEST(Preflight, RegistrationColourOutsideTheBleedIsNotInk) {
  PdfSpec s;
  // A crop mark in the slug: 400 % ink that is cut off with the slug.
  s.content = "1 1 1 1 K 0.25 w 0 20 m 15 20 l S 0 0 0 1 k 40 40 10 10 re f";
  EXPECT_TRUE(check(s).findings.empty()) << format_text(check(s));
}

TEST(Preflight, SmallTextIsAWarningNotAnError) {
  PdfSpec s;
  s.content = "BT /F1 4 Tf 72 72 Td (tiny) Tj ET";
  Report r = check(s);
  EXPECT_FALSE(r.has_errors()) << format_text(r);
  EXPECT_NE(findings(r, "text-size").find("text at 4.0 pt, smaller than 6 pt"), std::string::npos)
      << format_text(r);
  // Scaled by the CTM, the same 4 pt font is 8 pt on paper.
  s.content = "q 2 0 0 2 0 0 cm BT /F1 4 Tf 72 72 Td (big) Tj ET Q";
  EXPECT_TRUE(findings(check(s), "text-size").empty()) << format_text(check(s));
}

TEST(Preflight, OutputIntentAndPdfXKeysAreRequired) {
  PdfSpec s;
  s.output_intent = false;
  s.pdfx_info = false;
  Report r = check(s);
  expect_error(r, "output-intent", "no /GTS_PDFX output intent");
  expect_error(r, "info", "no document information dictionary");
  for (const Finding& f : r.findings) EXPECT_EQ(f.page, 0) << f.what;
}

TEST(Preflight, ABrokenFileIsAnErrorNotACrash) {
  Report r;
  std::string error;
  EXPECT_FALSE(
      preflight_memory("%PDF-1.4\nthis is not a PDF at all\n", "bad.pdf", Options{}, r, error));
  EXPECT_FALSE(error.empty());
  // A truncated real PDF: qpdf recovers what it can or fails cleanly; never throws.
  const std::string good = build_pdf(PdfSpec{});
  for (std::size_t cut : {good.size() / 2, good.size() - 40, std::size_t{100}}) {
    Report rc;
    std::string e;
    const bool read = preflight_memory(good.substr(0, cut), "cut.pdf", Options{}, rc, e);
    EXPECT_TRUE(read || !e.empty());
  }
}

TEST(Preflight, AnUnknownProfileIsRefused) {
  Options o;
  o.profile = "pdfx4";
  Report r;
  std::string error;
  EXPECT_FALSE(preflight_memory(build_pdf(PdfSpec{}), "x.pdf", o, r, error));
  EXPECT_NE(error.find("pdfx4"), std::string::npos);
}

TEST(PreflightReport, TextNamesSeverityPageObjectAndWhy) {
  PdfSpec s;
  s.content = "1 0 0 rg 20 20 100 100 re f";
  const std::string text = format_text(check(s));
  EXPECT_NE(text.find("test.pdf: error: page 1, page content: paints in DeviceRGB (operator rg) "
                      "[colour]\n  why: "),
            std::string::npos)
      << text;
  EXPECT_NE(text.find("test.pdf: PDF/X-1a:2003 failed (1 error, 0 warnings); house rules passed "
                      "(0 errors, 0 warnings) (1 page)\n"),
            std::string::npos)
      << text;
}

TEST(PreflightReport, JsonIsValidAndEscaped) {
  PdfSpec s;
  s.content = "1 0 0 rg 20 20 100 100 re f";
  Report r = check(s);
  const std::string json = format_json(r);
  EXPECT_TRUE(test::JsonCheck::valid(json)) << json;
  EXPECT_NE(json.find("\"rule\": \"colour\""), std::string::npos) << json;
  EXPECT_NE(json.find("\"passed\": false"), std::string::npos);
  EXPECT_EQ(json.find("{\n  \"version\": 1,\n"), 0u) << json;

  r.file = "quote\" back\\slash\nnew\x01line \xC3\xA9 bad\xFF\xC3";
  r.findings.at(0).object = "/F\x80#";
  const std::string odd = format_json(r);
  EXPECT_TRUE(test::JsonCheck::valid(odd)) << odd;
  EXPECT_NE(odd.find(R"("quote\" back\\slash\nnew\u0001line é bad)"
                     "\xEF\xBF\xBD\xEF\xBF\xBD\""),
            std::string::npos)
      << odd;
  EXPECT_EQ(odd.find('\xFF'), std::string::npos);
  EXPECT_TRUE(test::JsonCheck::valid(format_json(check(PdfSpec{}))));
}

TEST(PreflightReport, JsonCheckRejectsBrokenJson) {
  EXPECT_FALSE(test::JsonCheck::valid("{\"a\": 1,}"));
  EXPECT_FALSE(test::JsonCheck::valid("{\"a\" 1}"));
  EXPECT_FALSE(test::JsonCheck::valid("[\"tab\there\"]"));
  EXPECT_TRUE(test::JsonCheck::valid("{\"a\": [1, -2.5e3, true, null, \"\\u00e9\"]}"));
}

}  // namespace
}  // namespace plaquette::preflight
