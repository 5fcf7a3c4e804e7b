// The value budget (YamlLimits::max_values) is counted while the tree is built, in one pass
// of the parser: a text of N values is refused under a budget of N - 1 and read under a
// budget of N.
#include <gtest/gtest.h>
#include <yaml.h>

#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <string_view>
#include <vector>

#include "model/yaml.h"

namespace plaquette::model {
namespace {

// The values of a text as libyaml's events give them (the budget's own definition: each
// scalar, empty node, alias, list and map is one), or nullopt when libyaml refuses it.
std::optional<std::size_t> values_of(const std::string& text) {
  yaml_parser_t parser;
  if (!yaml_parser_initialize(&parser)) return std::nullopt;
  yaml_parser_set_input_string(&parser, reinterpret_cast<const unsigned char*>(text.data()),
                               text.size());
  std::optional<std::size_t> count = 0;
  for (bool end = false; !end;) {
    yaml_event_t e;
    if (!yaml_parser_parse(&parser, &e)) {
      count.reset();
      break;
    }
    switch (e.type) {
      case YAML_SCALAR_EVENT:
      case YAML_ALIAS_EVENT:
      case YAML_SEQUENCE_START_EVENT:
      case YAML_MAPPING_START_EVENT:
        ++*count;
        break;
      case YAML_STREAM_END_EVENT:
        end = true;
        break;
      default:
        break;
    }
    yaml_event_delete(&e);
  }
  yaml_parser_delete(&parser);
  return count;
}

bool reported(const std::string& text, std::size_t budget, std::string_view what) {
  Diagnostics diags;
  YamlLimits limits;
  limits.max_values = budget;
  yaml_load_string(text, "t.yaml", diags, limits);
  for (const Diagnostic& d : diags.all())
    if (d.message.find(what) != std::string::npos) return true;
  return false;
}

bool over_budget(const std::string& text, std::size_t budget) {
  return reported(text, budget, "values (the budget of a file)");
}

void expect_budget_exact(const std::string& text, const std::string& name) {
  SCOPED_TRACE(name);
  const std::optional<std::size_t> values = values_of(text);
  if (!values) return;  // not YAML: refused for that, whatever the budget
  const std::size_t n = *values;
  // Bytes refused before any parsing, and nesting refused as it opens, whatever the budget.
  if (n == 0 || reported(text, n, "UTF-8") || reported(text, n, "control character") ||
      reported(text, n, "nesting deeper"))
    return;
  EXPECT_TRUE(over_budget(text, n - 1)) << n << " values";
  EXPECT_FALSE(over_budget(text, n)) << n << " values";
}

// Texts where values outnumber their characters' starts most: empty values, lists of
// lists, flow pairs, explicit keys, anchors and aliases, empty documents.
TEST(YamlValues, BudgetIsExactOnDenseTexts) {
  const std::vector<std::string> texts = {
      "a",
      "",
      "---\n",
      "---\n...\n",
      "a:\n",
      "a:\nb:\nc:\n",
      ":\n",
      ": b\n",
      "-\n",
      "- \n- \n- \n",
      "- - - -\n",
      "- - - - a\n",
      "-\n -\n  -\n",
      "[]",
      "{}",
      "[[[[]]]]",
      "[[],[],{}]",
      "{a, b, c}",
      "{a: , b: , : }",
      "{? , ? }",
      "[a: b, c: d, : , e]",
      "[? a, ? , : b]",
      "? \n: \n",
      "? a\n? b\n? \n",
      "? - a\n  - b\n: - c\n",
      "&a [*a, *a, *a]",
      "a: &x\nb: *x\nc: !!str\nd: !t\n",
      "- &a\n- *a\n- !!null\n",
      "a: {b: [c, {d: [e, ]}]}\n",
      "a:\n  b:\n    c:\n      d:\n",
      "a: |\n\nb: >\n\nc: ''\nd: \"\"\n",
      "[a,b,c,d,e,f,g,h]",
      "{a: [b: c, d: e]}",
      "- [a: [b: [c: ]]]\n",
      "a: b\n# comment: x\n--- # not another document here\n",
  };
  for (std::size_t i = 0; i < texts.size(); ++i)
    expect_budget_exact(texts[i], "text " + std::to_string(i) + ": " + texts[i]);
}

// yaml-cpp's scanner never ended this text; libyaml ends it with a syntax error.
TEST(YamlValues, ATextYamlCppLoopedOnIsASyntaxError) {
  EXPECT_FALSE(values_of(",#]*\"a]"));
  EXPECT_TRUE(reported(",#]*\"a]", 20'000, "YAML syntax error"));
}

// Every YAML file of the repository: data, layouts, catalogs, the bad-input corpus.
TEST(YamlValues, BudgetIsExactOnTheRepositoryFiles) {
  std::size_t files = 0;
  for (const char* dir : {"data", "layouts", "tests/corpus"}) {
    const std::filesystem::path root = std::filesystem::path(PLAQUETTE_SOURCE_DIR) / dir;
    for (const auto& entry : std::filesystem::recursive_directory_iterator(root)) {
      if (!entry.is_regular_file() || entry.path().extension() != ".yaml") continue;
      if (entry.file_size() > (256u << 10)) continue;  // the budget cases themselves
      std::ifstream in(entry.path(), std::ios::binary);
      std::ostringstream text;
      text << in.rdbuf();
      expect_budget_exact(text.str(), entry.path().string());
      ++files;
    }
  }
  EXPECT_GT(files, 20u);
}

}  // namespace
}  // namespace plaquette::model
