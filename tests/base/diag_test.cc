#include "base/diag.h"

#include <gtest/gtest.h>

#include <sstream>

namespace plaquette {
namespace {

TEST(SourcePos, FormatsFileLineColumn) {
  EXPECT_EQ((SourcePos{"a.yaml", 12, 5}).str(), "a.yaml:12:5");
  EXPECT_EQ((SourcePos{"a.yaml", 0, 0}).str(), "a.yaml");
  EXPECT_FALSE(SourcePos{}.known());
}

TEST(Diagnostics, PrintsLikeACompilerWithHints) {
  Diagnostics d;
  d.error({"data.yaml", 3, 7}, "expected a number").hints.push_back("write 12, not \"12\"");
  std::ostringstream out;
  d.print(out);
  EXPECT_EQ(out.str(),
            "data.yaml:3:7: error: expected a number\n"
            "  hint: write 12, not \"12\"\n"
            "1 error\n");
}

TEST(Diagnostics, SortsByFileThenLineAndKeepsNotesWithTheirError) {
  Diagnostics d;
  d.error({"b.yaml", 1, 1}, "third");
  d.error({"a.yaml", 9, 1}, "second");
  d.note({"z.yaml", 1, 1}, "note of second");
  d.warning({"a.yaml", 2, 1}, "first");
  std::ostringstream out;
  d.print(out);
  EXPECT_EQ(out.str(),
            "a.yaml:2:1: warning: first\n"
            "a.yaml:9:1: error: second\n"
            "z.yaml:1:1: note: note of second\n"
            "b.yaml:1:1: error: third\n"
            "2 errors, 1 warning\n");
}

TEST(Diagnostics, CountsOnlyErrors) {
  Diagnostics d;
  d.warning({}, "w");
  EXPECT_FALSE(d.has_errors());
  d.error({}, "e");
  EXPECT_TRUE(d.has_errors());
  EXPECT_EQ(d.error_count(), 1u);
  Diagnostics other;
  other.merge(d);
  EXPECT_EQ(other.error_count(), 1u);
  EXPECT_EQ(other.all().size(), 2u);
}

}  // namespace
}  // namespace plaquette

namespace plaquette {
namespace {

TEST(Diagnostics, AnExactRepeatIsDroppedWithItsNotes) {
  Diagnostics d;
  d.error({"l.yaml", 4, 2}, "no value `dep.cod` in the data");
  d.note({"d.yaml", 1, 1}, "first note");
  d.error({"l.yaml", 4, 2}, "no value `dep.cod` in the data").hints.push_back("ignored");
  d.note({"d.yaml", 2, 1}, "note of the repeat");
  d.error({"l.yaml", 5, 2}, "no value `dep.cod` in the data");
  EXPECT_EQ(d.error_count(), 2u);
  ASSERT_EQ(d.all().size(), 3u);
  EXPECT_EQ(d.all()[1].message, "first note");
  EXPECT_TRUE(d.all()[0].hints.empty());
}

}  // namespace
}  // namespace plaquette

namespace plaquette {
namespace {

TEST(Diagnostics, JsonEscapesAndKeepsNotesWithTheirDiagnostic) {
  Diagnostics d;
  d.error({"a \"b\".yaml", 2, 3}, "tab\there\nnewline \\ done").hints.push_back("h");
  d.note({"c.yaml", 4, 5}, "why");
  std::ostringstream out;
  d.print_json(out);
  EXPECT_EQ(out.str(),
            "{\n"
            "  \"errors\": 1,\n"
            "  \"warnings\": 0,\n"
            "  \"not_shown\": 0,\n"
            "  \"diagnostics\": [\n"
            "    {\n"
            "      \"severity\": \"error\",\n"
            "      \"file\": \"a \\\"b\\\".yaml\",\n"
            "      \"line\": 2,\n"
            "      \"column\": 3,\n"
            "      \"message\": \"tab\\\\there\\\\nnewline \\\\ done\",\n"
            "      \"hints\": [\n"
            "        \"h\"\n"
            "      ],\n"
            "      \"notes\": [\n"
            "        {\n"
            "          \"file\": \"c.yaml\",\n"
            "          \"line\": 4,\n"
            "          \"column\": 5,\n"
            "          \"message\": \"why\"\n"
            "        }\n"
            "      ]\n"
            "    }\n"
            "  ]\n"
            "}\n");
}

TEST(Diagnostics, JsonOfNothingIsAnEmptyList) {
  std::ostringstream out;
  Diagnostics().print_json(out);
  EXPECT_EQ(
      out.str(),
      "{\n  \"errors\": 0,\n  \"warnings\": 0,\n  \"not_shown\": 0,\n  \"diagnostics\": []\n}\n");
}

TEST(Diagnostics, JsonIsValidUtf8WhateverTheInput) {
  Diagnostics d;
  d.error({"x\xff.yaml", 1, 1}, "unknown key `\xC0\xAF\x1b[2J`");
  std::ostringstream out;
  d.print_json(out);
  EXPECT_NE(out.str().find("unknown key `\\\\xC0\\\\xAF\\\\x1B[2J`"), std::string::npos)
      << out.str();
  EXPECT_NE(out.str().find("x\\\\xFF.yaml"), std::string::npos) << out.str();
}

TEST(Printable, EscapesWhatCouldForgeOrCorruptOutput) {
  EXPECT_EQ(printable("plain é → …"), "plain é → …");
  EXPECT_EQ(printable("k\r\nok: all good\x1b[1A"), "k\\r\\nok: all good\\x1B[1A");
  EXPECT_EQ(printable("\x7f\xC2\x85"), "\\x7F\\u{85}");
  EXPECT_EQ(printable("abc\u202Edef"), "abc\\u{202E}def");
  EXPECT_EQ(printable("\xED\xA0\x80"), "\\xED\\xA0\\x80");  // a surrogate
  EXPECT_EQ(printable("\xE2\x82"), "\\xE2\\x82");           // truncated
}

TEST(Diagnostics, PrintEscapesUserTextAndCapsTheList) {
  Diagnostics d;
  d.error({"d.yaml", 1, 1}, "unknown key `x\nd.yaml:1:1: ok`");
  for (std::size_t i = 0; i < Diagnostics::kMaxKept + 5; ++i)
    d.error({"d.yaml", static_cast<int>(i) + 2, 1}, "unknown key `k`").hints.push_back("h");
  d.note({"d.yaml", 1, 1}, "note of a dropped error");
  std::ostringstream out;
  d.print(out);
  EXPECT_NE(out.str().find("unknown key `x\\nd.yaml:1:1: ok`\n"), std::string::npos);
  EXPECT_EQ(out.str().find("note of a dropped error"), std::string::npos);
  EXPECT_EQ(d.error_count(), Diagnostics::kMaxKept + 6);
  EXPECT_EQ(d.dropped(), 6u);
  EXPECT_NE(out.str().find("6 more not shown: only the first 100 errors and warnings are listed\n" +
                           std::to_string(Diagnostics::kMaxKept + 6) + " errors\n"),
            std::string::npos)
      << out.str();
  Diagnostics merged;
  merged.merge(d);
  EXPECT_EQ(merged.error_count(), d.error_count());
  EXPECT_EQ(merged.dropped(), d.dropped());
}

}  // namespace
}  // namespace plaquette
