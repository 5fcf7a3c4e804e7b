// The budgets of the preflight against hostile files made at test time: a content stream or
// an output profile that inflates to a gigabyte, one page listed 300 000 times, ten million
// operators, a million findings. Each one ends with the right findings, in bounded time and
// memory (measured in a child process with getrusage; limits skipped under the sanitizers,
// whose quarantine alone takes 256 MB).
#include <gtest/gtest.h>

#include "hostile.h"
#include "pdf_builder.h"
#include "preflight/preflight.h"

namespace plaquette::preflight {
namespace {

using test::Cost;
using test::deflate_repeated;
using test::raw_pdf;
using test::stream_body;

constexpr double kMaxSeconds = 2;
constexpr double kMaxMib = 200;

// Objects 1 (catalog), 2 (pages), 3 (page, content 4): a one-page file around `content`.
std::vector<std::string> one_page(const std::string& content_entries, const std::string& content) {
  return {"<< /Type /Catalog /Pages 2 0 R >>", "<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
          "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R >>",
          stream_body(content_entries, content)};
}

// Preflights `bytes` in a child; the report as text comes back.
Cost preflight_child(const std::string& bytes) {
  return test::run_child([&](std::string& out) {
    Report r;
    std::string error;
    if (!preflight_memory(bytes, "hostile.pdf", Options{}, r, error)) {
      out = "cannot read: " + error;
      return 2;
    }
    out = format_text(r);
    return r.has_errors() ? 1 : 0;
  });
}

void expect_bounded(const Cost& c) {
  testing::Test::RecordProperty("cpu_seconds", std::to_string(c.seconds));
  testing::Test::RecordProperty("peak_mib", std::to_string(c.peak_mib));
  if (test::kSanitized) return;
  EXPECT_LT(c.seconds, kMaxSeconds) << c.output.substr(0, 2000);
  EXPECT_LT(c.peak_mib, kMaxMib) << c.output.substr(0, 2000);
}

TEST(PreflightBudget, TheZipBombIsSmall) {
  const std::string bomb = deflate_repeated("0 0 0 1 k\n", 1000);
  std::string back;
  uLongf size = 20000;
  back.resize(size);
  ASSERT_EQ(uncompress(reinterpret_cast<Bytef*>(back.data()), &size,
                       reinterpret_cast<const Bytef*>(bomb.data()), bomb.size()),
            Z_OK);
  back.resize(size);
  std::string expected;
  for (int i = 0; i < 1000; ++i) expected += "0 0 0 1 k\n";
  EXPECT_EQ(back, expected);
}

TEST(PreflightBudget, AContentStreamThatInflatesToAGigabyteStopsAtTheStreamBudget) {
  std::string chunk;
  while (chunk.size() < (1 << 20)) chunk += "0 0 0 1 k\n";
  const std::string bomb = deflate_repeated(chunk, 1024 * 1024 * 1024 / chunk.size());
  const std::string pdf = raw_pdf(one_page("/Filter /FlateDecode", bomb));
  EXPECT_LT(pdf.size(), 4u << 20);
  const Cost c = preflight_child(pdf);
  EXPECT_EQ(c.status, 1) << c.output;
  EXPECT_NE(c.output.find("error: page 1, page content: the content decodes to more than the "
                          "64 MiB decompression budget per stream; what follows was not checked "
                          "[budget]"),
            std::string::npos)
      << c.output;
  expect_bounded(c);
}

TEST(PreflightBudget, AnOutputProfileThatInflatesToAGigabyteIsReportedNotRead) {
  const std::string bomb = deflate_repeated(std::string(1 << 20, '\0'), 1024);
  std::vector<std::string> objects = one_page("", "0 0 0 1 k 10 10 20 20 re f");
  objects[0] =
      "<< /Type /Catalog /Pages 2 0 R /OutputIntents [<< /Type /OutputIntent "
      "/S /GTS_PDFX /OutputConditionIdentifier (FOGRA39) /DestOutputProfile 5 0 R >>] >>";
  objects.push_back(stream_body("/N 4 /Filter /FlateDecode", bomb));
  const Cost c = preflight_child(raw_pdf(objects));
  EXPECT_EQ(c.status, 1) << c.output;
  EXPECT_NE(c.output.find("error: document, DestOutputProfile 5 0 R: the output profile decodes "
                          "to more than the 64 MiB decompression budget per stream; what follows "
                          "was not checked [budget]"),
            std::string::npos)
      << c.output;
  expect_bounded(c);
}

TEST(PreflightBudget, OnePageListed300000TimesStopsAtThePageBudget) {
  std::string kids;
  kids.reserve(300000 * 6);
  for (int i = 0; i < 300000; ++i) kids += "3 0 R ";
  std::vector<std::string> objects = one_page("", "0 0 0 1 k 10 10 20 20 re f");
  objects[1] = "<< /Type /Pages /Kids [" + kids + "] /Count 300000 >>";
  const std::string pdf = raw_pdf(objects);
  EXPECT_GT(pdf.size(), 1u << 20);
  const Cost c = preflight_child(pdf);
  EXPECT_EQ(c.status, 1) << c.output;
  EXPECT_NE(c.output.find("error: document, page 3 0 R: the page tree lists this page more than "
                          "once [page-tree]"),
            std::string::npos)
      << c.output.substr(0, 3000);
  EXPECT_NE(c.output.find("error: document, page tree: more than 10000 pages (the page budget); "
                          "pages after 10000 were not checked [budget]"),
            std::string::npos)
      << c.output.substr(0, 3000);
  EXPECT_NE(c.output.find("(10000 pages)"), std::string::npos)
      << c.output.substr(c.output.size() - 500);
  expect_bounded(c);
}

TEST(PreflightBudget, APageTreeLoopIsReportedOnce) {
  std::vector<std::string> objects = one_page("", "0 0 0 1 k 10 10 20 20 re f");
  objects[1] = "<< /Type /Pages /Kids [3 0 R 5 0 R] /Count 2 >>";
  objects.push_back("<< /Type /Pages /Kids [2 0 R 5 0 R] /Count 1 >>");
  const Cost c = preflight_child(raw_pdf(objects));
  EXPECT_EQ(c.status, 1) << c.output;
  EXPECT_NE(c.output.find("Pages 2 0 R: the page tree holds this node twice"), std::string::npos)
      << c.output;
  EXPECT_NE(c.output.find("(1 page)"), std::string::npos) << c.output;
  expect_bounded(c);
}

TEST(PreflightBudget, TenMillionOperatorsTakeTimeNotMemory) {
  const std::size_t ops = 10500000;
  const std::string chunk = [] {
    std::string s;
    for (int i = 0; i < 1000; ++i) s += "0 0 m\n";
    return s;
  }();
  const std::string pdf =
      raw_pdf(one_page("/Filter /FlateDecode", deflate_repeated(chunk, ops / 1000)));
  const Cost c = preflight_child(pdf);
  // The content is read to its end: no budget, no parse finding.
  EXPECT_EQ(c.output.find("[budget]"), std::string::npos) << c.output;
  EXPECT_EQ(c.output.find("[parse]"), std::string::npos) << c.output;
  EXPECT_NE(c.output.find("(1 page)"), std::string::npos) << c.output;
  expect_bounded(c);
}

TEST(PreflightBudget, FindingsPastTheCapPerRuleAreCounted) {
  std::string kids;
  std::vector<std::string> objects = {"<< /Type /Catalog /Pages 2 0 R >>", "",
                                      stream_body("", "1 0 0 rg 10 10 20 20 re f")};
  for (int i = 0; i < 100; ++i) {
    kids += std::to_string(objects.size() + 1) + " 0 R ";
    objects.push_back("<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 3 0 R >>");
  }
  objects[1] = "<< /Type /Pages /Kids [" + kids + "] /Count 100 >>";
  Report r;
  std::string error;
  ASSERT_TRUE(preflight_memory(raw_pdf(objects), "many.pdf", Options{}, r, error)) << error;
  EXPECT_EQ(r.pages, 100);
  int colour = 0;
  for (const Finding& f : r.findings) colour += f.check == "colour";
  EXPECT_EQ(colour, 20);
  EXPECT_EQ(r.omitted.at("colour"), 80);
  EXPECT_NE(format_text(r).find("many.pdf: note: 80 more [colour] findings not listed"),
            std::string::npos);
}

TEST(PreflightBudget, HostileContentSyntaxIsAFindingNotACrash) {
  const std::string deep(100000, '[');
  for (const std::string& content :
       {deep, std::string("(unclosed") + std::string(100000, 'x'),
        std::string("BI /W 1 /H 1 ID \xFF\xFF"), std::string("<<<<>>]]]")}) {
    Report r;
    std::string error;
    ASSERT_TRUE(preflight_memory(raw_pdf(one_page("", content)), "odd.pdf", Options{}, r, error))
        << error;
    EXPECT_EQ(r.pages, 1);
  }
  Report r;
  std::string error;
  ASSERT_TRUE(preflight_memory(raw_pdf(one_page("", deep)), "deep.pdf", Options{}, r, error));
  EXPECT_NE(format_text(r).find("its content has arrays or dictionaries nested more than 64 deep; "
                                "the rest was not checked [parse]"),
            std::string::npos)
      << format_text(r);
}

TEST(PreflightBudget, AStreamThatCannotBeDecodedIsAFinding) {
  Report r;
  std::string error;
  ASSERT_TRUE(preflight_memory(raw_pdf(one_page("/Filter /FlateDecode", "not zlib at all")),
                               "bad.pdf", Options{}, r, error));
  EXPECT_NE(format_text(r).find("its content stream 4 0 R cannot be decoded"), std::string::npos)
      << format_text(r);
}

}  // namespace
}  // namespace plaquette::preflight
