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

TEST(PreflightBadInput, APageTreeThatIsNotOneIsAFinding) {
  std::vector<std::string> objects = {"<< /Type /Catalog /Pages 7 0 R >>"};
  const Outcome o = preflight(raw_pdf(objects));
  ASSERT_TRUE(o.read) << o.error;
  EXPECT_TRUE(has(o, "no page tree (/Pages) [page-tree]")) << o.text();
  EXPECT_EQ(o.report.pages, 0);
}

}  // namespace
}  // namespace plaquette::preflight
