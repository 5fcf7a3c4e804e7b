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
            "{\"errors\": 1, \"warnings\": 0, \"diagnostics\": [\n"
            "  {\"severity\": \"error\", \"file\": \"a \\\"b\\\".yaml\", \"line\": 2, \"column\": 3, "
            "\"message\": \"tab\\there\\nnewline \\\\ done\", \"hints\": [\"h\"], \"notes\": "
            "[{\"file\": \"c.yaml\", \"line\": 4, \"column\": 5, \"message\": \"why\"}]}\n"
            "]}\n");
}

TEST(Diagnostics, JsonOfNothingIsAnEmptyList) {
  std::ostringstream out;
  Diagnostics().print_json(out);
  EXPECT_EQ(out.str(), "{\"errors\": 0, \"warnings\": 0, \"diagnostics\": []}\n");
}

}  // namespace
}  // namespace plaquette
