// One small reference per block kind, as Typst keeps one per test: tests/layout/blocks/
// <kind>.yaml holds the blocks of one page (after the shared head.yaml), laid out over the
// corpus's base data, and <kind>.dump its display list. PLAQUETTE_UPDATE_REFERENCES=1
// rewrites the dumps instead (then review them with git diff).
#include "layout/blocks/blocks.h"

#include <gtest/gtest.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>

#include "display/display.h"
#include "figures/figures.h"
#include "figures/value.h"
#include "layout/engine.h"
#include "model/edition.h"

namespace plaquette::layout {
namespace {

namespace fs = std::filesystem;

const fs::path kDir = fs::path(PLAQUETTE_SOURCE_DIR) / "tests/layout/blocks";

std::string slurp(const fs::path& p) {
  std::ifstream in(p, std::ios::binary);
  return std::string((std::istreambuf_iterator<char>(in)), {});
}

class BlockReference : public ::testing::TestWithParam<std::string> {};

// Lays out `text` (a layout read as `file`) over the corpus's base data, and compares its
// display list with the dump `ref`, or rewrites it.
void check_reference(const std::string& text, const fs::path& file, const fs::path& ref) {
  Diagnostics diags;
  auto edition = model::load_edition(
      std::string(PLAQUETTE_SOURCE_DIR) + "/tests/corpus/base-data/data.yaml", diags);
  ASSERT_TRUE(edition);
  figures::Figures figs = figures::compute_figures(*edition, diags);
  figures::Value data = figures::make_bindings(*edition, figs, "fr", diags);
  auto layout = load_layout_string(text, file.string(), diags);
  std::ostringstream messages;
  diags.print(messages);
  ASSERT_TRUE(layout) << messages.str();
  Catalog catalog;
  catalog.path = "blocks.fr.yaml";
  catalog.locale = "fr";
  catalog.language = "fr-FR";
  text::FontCache fonts;
  BuildInput in{&*layout, &catalog, &data, &fonts, 0};
  auto doc = build_document(in, diags);
  diags.print(messages);
  ASSERT_TRUE(doc) << messages.str();
  EXPECT_FALSE(diags.has_errors()) << messages.str();
  // Font paths differ from one checkout to another: the dump names fonts, not paths.
  const std::string actual = display::dump(*doc);
  const char* update = std::getenv("PLAQUETTE_UPDATE_REFERENCES");
  if (update && std::string(update) == "1") {
    std::ofstream(ref, std::ios::binary) << actual;
    GTEST_SKIP() << "reference written: " << ref;
  }
  const std::string expected = slurp(ref);
  ASSERT_FALSE(expected.empty()) << "missing " << ref << "; run with PLAQUETTE_UPDATE_REFERENCES=1";
  EXPECT_EQ(actual, expected) << "if the change is intended: PLAQUETTE_UPDATE_REFERENCES=1 ctest";
}

TEST_P(BlockReference, MatchesItsDump) {
  const std::string kind = GetParam();
  const fs::path file = kDir / (kind + ".yaml");
  check_reference(slurp(kDir / "head.yaml") + slurp(file), file, kDir / (kind + ".dump"));
}

// Page-level references: tests/layout/pages/<name>.yaml holds the `pages:` of a layout
// whose head is head.yaml's, up to its `pages:`.
class PageReference : public ::testing::TestWithParam<std::string> {};

TEST_P(PageReference, MatchesItsDump) {
  const std::string name = GetParam();
  std::string head = slurp(kDir / "head.yaml");
  head = head.substr(0, head.find("\npages:\n") + 8);
  const fs::path file = fs::path(PLAQUETTE_SOURCE_DIR) / "tests/layout/pages" / (name + ".yaml");
  check_reference(head + slurp(file), file, file.parent_path() / (name + ".dump"));
}

INSTANTIATE_TEST_SUITE_P(Pages, PageReference, ::testing::Values("over", "query"),
                         [](const auto& info) { return std::string(info.param); });

// The table names each kind once, and finds each by its name.
TEST(BlockUnits, EveryKindHasOneRow) {
  EXPECT_EQ(block_units().size(), 11u);
  for (const BlockUnit* u : block_units()) {
    EXPECT_EQ(find_block_unit(u->name), u) << u->name;
    EXPECT_TRUE(u->read && u->place) << u->name;
  }
  EXPECT_EQ(find_block_unit("map-of-nowhere"), nullptr);
}

// An unknown type lists the kinds of the table, in its order.
TEST(BlockUnits, AnUnknownTypeListsTheTable) {
  Diagnostics diags;
  auto layout = load_layout_string(slurp(kDir / "head.yaml") + "      - {type: zzzzzzzz}\n",
                                   "unknown.yaml", diags);
  EXPECT_FALSE(layout);
  std::ostringstream messages;
  diags.print(messages);
  std::string list;
  for (const BlockUnit* u : block_units())
    list += (list.empty() ? "" : ", ") + std::string(u->name);
  EXPECT_NE(messages.str().find("one of: " + list), std::string::npos) << messages.str();
}

INSTANTIATE_TEST_SUITE_P(Kinds, BlockReference,
                         ::testing::Values("text", "stat", "list", "icon", "rect", "rule", "group",
                                           "stack", "repeat", "repeat-auto", "chart-donut",
                                           "chart-bars", "map", "query", "when"),
                         [](const auto& info) {
                           std::string name = info.param;
                           for (char& c : name)
                             if (c == '-') c = '_';
                           return name;
                         });

}  // namespace
}  // namespace plaquette::layout
