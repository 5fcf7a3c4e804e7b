// Bad input: truncated, encrypted, damaged, cyclic, deeply nested and non-PDF files end in
// a clear error or in findings, never in a crash or a hang (zip bombs: budget_test.cc).
#include <gtest/gtest.h>

#include "hostile.h"
#include "pdf_builder.h"
#include "preflight/preflight.h"

namespace plaquette::preflight {
namespace {

using test::build_pdf;
using test::PdfSpec;
using test::raw_pdf;
using test::stream_body;

struct Outcome {
  bool read = false;
  std::string error;
  Report report;
  std::string text() const { return read ? format_text(report) : "error: " + error; }
};

Outcome preflight(const std::string& bytes) {
  Outcome o;
  o.read = preflight_memory(bytes, "bad.pdf", Options{}, o.report, o.error);
  return o;
}

bool has(const Outcome& o, const std::string& text) {
  return o.text().find(text) != std::string::npos;
}

TEST(PreflightBadInput, NonPdfBytesAreAClearError) {
  for (const std::string& bytes :
       {std::string(), std::string("hello"), std::string("\x89PNG\r\n\x1a\n\0\0\0\rIHDR", 16),
        std::string(100000, '\0')}) {
    const Outcome o = preflight(bytes);
    EXPECT_FALSE(o.read) << o.text();
    EXPECT_FALSE(o.error.empty());
  }
}

TEST(PreflightBadInput, TruncatedFilesAreReadOrRefusedAtEveryLength) {
  const std::string good = build_pdf(PdfSpec{});
  for (std::size_t cut = 0; cut < good.size(); cut += good.size() / 97 + 1) {
    const Outcome o = preflight(good.substr(0, cut));
    EXPECT_TRUE(o.read || !o.error.empty()) << cut;
  }
}

TEST(PreflightBadInput, AnEncryptedFileIsAnEncryptionError) {
  PdfSpec s;
  s.encrypt = true;
  const Outcome o = preflight(build_pdf(s));
  ASSERT_TRUE(o.read) << o.error;  // an empty user password: qpdf opens it
  EXPECT_TRUE(has(o, "the file is encrypted [encryption]")) << o.text();
}

TEST(PreflightBadInput, ADamagedXrefIsRepairedAndReported) {
  std::string bytes = build_pdf(PdfSpec{});
  const std::size_t at = bytes.rfind("startxref\n");
  ASSERT_NE(at, std::string::npos);
  bytes.replace(at + 10, bytes.find('\n', at + 10) - at - 10, "12");
  const Outcome o = preflight(bytes);
  ASSERT_TRUE(o.read) << o.error;
  EXPECT_TRUE(has(o, "the file is damaged")) << o.text();
  EXPECT_TRUE(has(o, "[damage]")) << o.text();
  EXPECT_EQ(o.report.pages, 1);
}

TEST(PreflightBadInput, ObjectCyclesEndInFindings) {
  // A form that draws itself, a colour space that names itself, a pattern in itself.
  std::vector<std::string> objects = {
      "<< /Type /Catalog /Pages 2 0 R >>",
      "<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
      "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R /Resources 5 0 R >>",
      stream_body("", "/CS1 cs 1 sc /Fm1 Do /P1 scn"),
      "<< /XObject << /Fm1 6 0 R >> /ColorSpace << /CS1 /CS1 >> /Pattern << /P1 7 0 R >> >>",
      stream_body("/Type /XObject /Subtype /Form /BBox [0 0 10 10] /Resources 5 0 R", "/Fm1 Do"),
      stream_body("/PatternType 1 /PaintType 1 /TilingType 1 /BBox [0 0 1 1] /XStep 1 /YStep 1 "
                  "/Resources 5 0 R",
                  "/Pattern cs /P1 scn 0 0 1 1 re f")};
  const Outcome o = preflight(raw_pdf(objects));
  ASSERT_TRUE(o.read) << o.error;
  EXPECT_TRUE(has(o, "forms or patterns nest too deep or draw themselves [parse]")) << o.text();
}

TEST(PreflightBadInput, DeeplyNestedObjectsDoNotOverflowTheStack) {
  const std::string deep = std::string(100000, '[') + std::string(100000, ']');
  std::vector<std::string> objects = {
      "<< /Type /Catalog /Pages 2 0 R /Deep 5 0 R >>", "<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
      "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R "
      "/Resources << /ColorSpace << /CS1 5 0 R >> >> >>",
      stream_body("", "/CS1 cs 0 0 10 10 re f"), deep};
  const test::Cost c = test::run_child([&](std::string& out) {
    Report r;
    std::string error;
    const bool read = preflight_memory(raw_pdf(objects), "deep.pdf", Options{}, r, error);
    out = read ? format_text(r) : error;
    return read ? 0 : 1;
  });
  EXPECT_LT(c.status, 2) << c.output;  // no signal, no internal error
}

TEST(PreflightBadInput, CyclicAndDamagedTintTransformsAreNotesNotCrashes) {
  // A stitching function that contains itself, a calculator program cut short, a sampled
  // function with too few samples: each spot colour's ink is "not checked".
  std::vector<std::string> objects = {
      "<< /Type /Catalog /Pages 2 0 R >>",
      "<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
      "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R "
      "/Resources << /ColorSpace << /A [/Separation /A /DeviceCMYK 5 0 R] "
      "/B [/Separation /B /DeviceCMYK 6 0 R] /C [/Separation /C /DeviceCMYK 7 0 R] >> >> >>",
      stream_body("", "/A cs 1 scn 0 0 9 9 re f /B cs 1 scn 0 0 9 9 re f /C cs 1 scn 0 0 9 9 re f"),
      "<< /FunctionType 3 /Domain [0 1] /Bounds [] /Encode [0 1] /Functions [5 0 R] >>",
      stream_body("/FunctionType 4 /Domain [0 1] /Range [0 1 0 1 0 1 0 1]", "{ dup dup"),
      stream_body("/FunctionType 0 /Domain [0 1] /Range [0 1 0 1 0 1 0 1] /Size [255] "
                  "/BitsPerSample 8",
                  "xx")};
  const Outcome o = preflight(raw_pdf(objects));
  ASSERT_TRUE(o.read) << o.error;
  EXPECT_TRUE(has(o, "functions nested too deep")) << o.text();
  EXPECT_TRUE(has(o, "a PostScript calculator function that cannot be read")) << o.text();
  EXPECT_TRUE(has(o, "a sampled function with too few samples")) << o.text();
}

TEST(PreflightBadInput, ADamagedFontProgramIsAFindingNotACrash) {
  // A composite TrueType font whose program is not TrueType, one whose table directory
  // points past its end, and a /CIDToGIDMap stream shorter than the CIDs drawn.
  const std::string cid_font =
      "<< /Type /Font /Subtype /CIDFontType2 /BaseFont /X /CIDSystemInfo << /Registry (Adobe) "
      "/Ordering (Identity) /Supplement 0 >> /FontDescriptor ";
  std::string bad_table("\x00\x01\x00\x00\x00\x01\x00\x00\x00\x00\x00\x00", 12);
  bad_table += "head" + std::string("\x00\x00\x00\x00\x7F\xFF\xFF\xFF\x00\x00\x10\x00", 12);
  std::vector<std::string> objects = {
      "<< /Type /Catalog /Pages 2 0 R >>",
      "<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
      "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R "
      "/Resources << /Font << /F1 5 0 R /F2 6 0 R >> >> >>",
      stream_body("", "BT /F1 12 Tf (\\000\\001) Tj /F2 12 Tf (\\000\\001) Tj ET"),
      "<< /Type /Font /Subtype /Type0 /BaseFont /X /Encoding /Identity-H "
      "/DescendantFonts [7 0 R] >>",
      "<< /Type /Font /Subtype /Type0 /BaseFont /Y /Encoding /Identity-H "
      "/DescendantFonts [8 0 R] >>",
      cid_font + "9 0 R >>",
      cid_font + "10 0 R /CIDToGIDMap 12 0 R >>",
      "<< /Type /FontDescriptor /FontName /X /FontFile2 11 0 R >>",
      "<< /Type /FontDescriptor /FontName /Y /FontFile2 13 0 R >>",
      stream_body("", "not a TrueType font program"),
      stream_body("", "\x00"),
      stream_body("", bad_table)};
  const Outcome o = preflight(raw_pdf(objects));
  ASSERT_TRUE(o.read) << o.error;
  EXPECT_TRUE(has(o, "its embedded program: it is not a TrueType program [font-glyphs]"))
      << o.text();
  EXPECT_TRUE(has(o, "lies outside the program [font-glyphs]")) << o.text();
}

TEST(PreflightBadInput, APageTreeThatIsNotOneIsAFinding) {
  std::vector<std::string> objects = {"<< /Type /Catalog /Pages 7 0 R >>"};
  const Outcome o = preflight(raw_pdf(objects));
  ASSERT_TRUE(o.read) << o.error;
  EXPECT_TRUE(has(o, "no page tree (/Pages) [page-tree]")) << o.text();
  EXPECT_EQ(o.report.pages, 0);
}

}  // namespace
}  // namespace plaquette::preflight
