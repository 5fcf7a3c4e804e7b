// The value budget (YamlLimits::max_values) is counted while the tree is built, in one pass
// of yaml-cpp's parser: a text of N values is refused under a budget of N - 1 and read
// under a budget of N, and a text yaml-cpp's scanner would never end is refused.
#include <gtest/gtest.h>
#include <yaml-cpp/eventhandler.h>
#include <yaml-cpp/yaml.h>

#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <string_view>
#include <vector>

#include "model/yaml.h"

namespace plaquette::model {
namespace {

// The values of a text as yaml-cpp's events give them (the budget's own definition).
// yaml-cpp loops on some broken texts: past kEndless values, a text is taken for one of
// those (or is too big to count twice here) and must be refused past that many.
constexpr std::size_t kEndless = 20'000;

class Counter : public YAML::EventHandler {
 public:
  struct Endless {};
  std::size_t count = 0;
  void OnDocumentStart(const YAML::Mark&) override {}
  void OnDocumentEnd() override {}
  void OnNull(const YAML::Mark&, YAML::anchor_t) override { add(); }
  void OnAlias(const YAML::Mark&, YAML::anchor_t) override { add(); }
  void OnScalar(const YAML::Mark&, const std::string&, YAML::anchor_t,
                const std::string&) override {
    add();
  }
  void OnSequenceStart(const YAML::Mark&, const std::string&, YAML::anchor_t,
                       YAML::EmitterStyle::value) override {
    add();
  }
  void OnSequenceEnd() override {}
  void OnMapStart(const YAML::Mark&, const std::string&, YAML::anchor_t,
                  YAML::EmitterStyle::value) override {
    add();
  }
  void OnMapEnd() override {}

 private:
  void add() {
    if (++count > kEndless) throw Endless{};
  }
};

std::size_t values_of(const std::string& text) {
  std::istringstream in(text);
  YAML::Parser parser(in);
  Counter counter;
  while (parser.HandleNextDocument(counter)) {
  }
  return counter.count;
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
  std::size_t n = 0;
  try {
    n = values_of(text);
  } catch (const YAML::Exception&) {
    return;  // not YAML: refused for that, whatever the budget
  } catch (const Counter::Endless&) {
    EXPECT_TRUE(over_budget(text, kEndless)) << "more than " << kEndless << " values";
    return;
  }
  // Bytes refused before any parsing are refused whatever the budget.
  if (n == 0 || reported(text, n, "UTF-8") || reported(text, n, "control character")) return;
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
      ",#]*\"a]",  // yaml-cpp's scanner never ends this one
  };
  for (std::size_t i = 0; i < texts.size(); ++i)
    expect_budget_exact(texts[i], "text " + std::to_string(i) + ": " + texts[i]);
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
