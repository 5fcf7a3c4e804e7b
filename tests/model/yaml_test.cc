// Tests of the generic YAML layer: loading with limits, positions, typed readers, and the
// unknown-key hints that the layout and catalog loaders rely on too.
#include "model/yaml.h"

#include <gtest/gtest.h>

#include <cstdio>
#include <filesystem>
#include <fstream>

#include "edition_fixture.h"

namespace plaquette::model {
namespace {

using testing::dump;
using testing::find_diag;
using testing::has_hint;

std::optional<YamlDocument> load(const std::string& text, Diagnostics& diags,
                                 const YamlLimits& limits = {}) {
  return yaml_load_string(text, "t.yaml", diags, limits);
}

TEST(YamlLoad, ParsesAMap) {
  Diagnostics diags;
  auto doc = load("a: 1\nb: [x, y]\n", diags);
  ASSERT_TRUE(doc) << dump(diags);
  EXPECT_TRUE(doc->node().IsMap());
  EXPECT_EQ(doc->file(), "t.yaml");
}

TEST(YamlLoad, SyntaxErrorHasOneBasedPosition) {
  Diagnostics diags;
  EXPECT_FALSE(load("a: [1, 2\nb: 3\n", diags));
  ASSERT_EQ(diags.error_count(), 1u);
  EXPECT_EQ(diags.all()[0].pos.str(), "t.yaml:2:2");
  EXPECT_NE(diags.all()[0].message.find("YAML syntax error"), std::string::npos);
}

// libyaml parses, and its events build yaml-cpp's tree as yaml-cpp's own parser would: the
// readers tell plain from quoted by the tag, and null from an empty text by the type.
TEST(YamlLoad, TheTreeIsYamlCppsWithItsTagsAndNulls) {
  Diagnostics diags;
  auto doc = load(
      "plain: 12\nquoted: \"12\"\nsingle: '12'\nblock: |\n  12\nstr: !!str 12\n"
      "tilde: ~\nword: null\nempty:\nquoted_null: \"null\"\nlist: [a, {b: c}]\n"
      "base: &b {x: 1}\nother: *b\n",
      diags);
  ASSERT_TRUE(doc) << dump(diags);
  const YAML::Node& n = doc->node();
  EXPECT_EQ(n["plain"].Tag(), "?");
  EXPECT_EQ(n["plain"].Scalar(), "12");
  EXPECT_EQ(n["quoted"].Tag(), "!");
  EXPECT_EQ(n["single"].Tag(), "!");
  EXPECT_EQ(n["block"].Tag(), "!");
  EXPECT_EQ(n["block"].Scalar(), "12\n");
  EXPECT_EQ(n["str"].Tag(), "tag:yaml.org,2002:str");
  EXPECT_TRUE(n["tilde"].IsNull());
  EXPECT_TRUE(n["word"].IsNull());
  EXPECT_TRUE(n["empty"].IsNull());
  EXPECT_TRUE(n["quoted_null"].IsScalar());
  EXPECT_EQ(n["list"].Tag(), "?");
  EXPECT_EQ(n["list"][1]["b"].Scalar(), "c");
  EXPECT_TRUE(n["other"].IsMap());
  EXPECT_EQ(n["other"]["x"].Scalar(), "1");
  EXPECT_TRUE(n["other"].is(n["base"]));  // an alias is the anchored node itself
  // Positions from 1, columns counted in characters: `É` is one.
  auto fr = load("t: {fr: Élan, en: 12}\n", diags);
  ASSERT_TRUE(fr) << dump(diags);
  EXPECT_EQ(pos_of(fr->node()["t"]["en"], "t.yaml").str(), "t.yaml:1:19");
}

// The first difference between two trees ("" when they are the same): node types, tags,
// scalars, and children in order. Positions are not compared (libyaml counts columns in
// characters, yaml-cpp in bytes).
std::string difference(const YAML::Node& a, const YAML::Node& b, const std::string& path,
                       int depth = 0) {
  if (a.Type() != b.Type()) return path + ": types differ";
  if (depth > 70) return {};  // aliases of aliases: deep enough
  if (a.IsScalar() && (a.Scalar() != b.Scalar() || a.Tag() != b.Tag()))
    return path + ": `" + a.Scalar() + "` " + a.Tag() + " vs `" + b.Scalar() + "` " + b.Tag();
  if (!a.IsSequence() && !a.IsMap()) return {};
  if (a.Tag() != b.Tag()) return path + ": tags differ";
  if (a.size() != b.size()) return path + ": sizes differ";
  auto i = a.begin();
  auto j = b.begin();
  for (std::size_t k = 0; i != a.end(); ++i, ++j, ++k) {
    const std::string at = path + "/" + std::to_string(k);
    std::string d = a.IsMap() ? difference(i->first, j->first, at + "(key)", depth + 1) : "";
    if (d.empty())
      d = a.IsMap() ? difference(i->second, j->second, at, depth + 1)
                    : difference(*i, *j, at, depth + 1);
    if (!d.empty()) return d;
  }
  return {};
}

// libyaml's events build the tree yaml-cpp's own parser builds, on every YAML file of the
// repository both read (data, layouts, catalogs, the bad-input corpus).
TEST(YamlLoad, TheTreesAreThoseOfYamlCppsOwnParser) {
  std::size_t compared = 0;
  for (const char* dir : {"data", "layouts", "tests/corpus", "tests/text"}) {
    const std::filesystem::path root = std::filesystem::path(PLAQUETTE_SOURCE_DIR) / dir;
    for (const auto& entry : std::filesystem::recursive_directory_iterator(root)) {
      if (!entry.is_regular_file() || entry.path().extension() != ".yaml") continue;
      if (entry.file_size() > (256u << 10)) continue;  // the size budget's own cases
      std::ifstream in(entry.path(), std::ios::binary);
      const std::string text{std::istreambuf_iterator<char>(in), {}};
      // A lone CR is a line end for plaquette (as YAML says), not for yaml-cpp.
      bool lone_cr = false;
      for (std::size_t i = 0; i < text.size(); ++i)
        lone_cr = lone_cr || (text[i] == '\r' && (i + 1 == text.size() || text[i + 1] != '\n'));
      if (lone_cr) continue;
      YAML::Node theirs;
      try {
        theirs = YAML::Load(text);
      } catch (const YAML::Exception&) {
        continue;  // broken on purpose: each parser's error is tested elsewhere
      }
      Diagnostics diags;
      const auto ours = load(text, diags);
      // Refused before the tree (UTF-8, bounds), or by libyaml where yaml-cpp was lenient:
      // the corpus' generators concatenate fragments that are not YAML on their own.
      if (!ours) continue;
      EXPECT_EQ(difference(ours->node(), theirs, ""), "") << entry.path();
      ++compared;
    }
  }
  EXPECT_GT(compared, 50u);
}

TEST(YamlLoad, AnAliasOfNoAnchorIsASyntaxError) {
  Diagnostics diags;
  EXPECT_FALSE(load("a: 1\nb: *nowhere\n", diags));
  ASSERT_EQ(diags.error_count(), 1u);
  EXPECT_EQ(diags.all()[0].pos.str(), "t.yaml:2:4");
  EXPECT_NE(diags.all()[0].message.find("*nowhere names no anchor"), std::string::npos)
      << dump(diags);
}

TEST(YamlLoad, MissingFileIsNamed) {
  Diagnostics diags;
  EXPECT_FALSE(yaml_load_file("/nonexistent/dir/x.yaml", diags));
  ASSERT_EQ(diags.error_count(), 1u);
  EXPECT_NE(diags.all()[0].message.find("/nonexistent/dir/x.yaml"), std::string::npos);
}

TEST(YamlLoad, DirectoryIsRefused) {
  Diagnostics diags;
  EXPECT_FALSE(yaml_load_file("/tmp", diags));
  EXPECT_TRUE(find_diag(diags, "is a directory")) << dump(diags);
}

TEST(YamlLoad, HugeStringIsRefusedUnparsed) {
  Diagnostics diags;
  std::string text = "a: " + std::string(9u << 20, 'x') + "\n";
  EXPECT_FALSE(load(text, diags));
  EXPECT_TRUE(find_diag(diags, "file too large")) << dump(diags);
}

TEST(YamlLoad, HugeFileIsRefused) {
  auto path = std::filesystem::temp_directory_path() / "plaquette_yaml_test_huge.yaml";
  {
    std::ofstream out(path, std::ios::binary);
    std::string line = "- aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa\n";
    for (std::size_t n = 0; n < (9u << 20); n += line.size()) out << line;
  }
  Diagnostics diags;
  EXPECT_FALSE(yaml_load_file(path.string(), diags));
  EXPECT_TRUE(find_diag(diags, "file too large")) << dump(diags);
  std::filesystem::remove(path);
}

TEST(YamlLoad, AliasBombIsRefused) {
  // "Billion laughs": 9 levels of 9 aliases expand to 9^9 nodes from 10 lines.
  std::string text = "a0: &a0 [x, x, x, x, x, x, x, x, x]\n";
  for (int i = 1; i <= 9; ++i) {
    std::string prev = "*a" + std::to_string(i - 1);
    text += "a" + std::to_string(i) + ": &a" + std::to_string(i) + " [";
    for (int k = 0; k < 9; ++k) text += (k ? ", " : "") + prev;
    text += "]\n";
  }
  Diagnostics diags;
  EXPECT_FALSE(load(text, diags));
  const Diagnostic* d = find_diag(diags, "once aliases are expanded");
  ASSERT_TRUE(d) << dump(diags);
  EXPECT_TRUE(has_hint(*d, "alias"));
}

TEST(YamlLoad, SmallAliasesAreFine) {
  Diagnostics diags;
  EXPECT_TRUE(load("base: &b {x: 1}\nother: *b\n", diags)) << dump(diags);
}

TEST(YamlLoad, ParserDepthLimitIsAnErrorNotACrash) {
  Diagnostics diags;
  EXPECT_FALSE(load(std::string(100000, '['), diags));
  // Refused at the first list too deep, where it opens, before the rest is read.
  const Diagnostic* d = find_diag(diags, "nesting deeper than 64 levels");
  ASSERT_TRUE(d) << dump(diags);
  EXPECT_EQ(d->pos.line, 1);
  EXPECT_EQ(d->pos.col, 66);
}

TEST(YamlLoad, OurDepthLimitHasAPosition) {
  std::string text = std::string(100, '[') + std::string(100, ']');
  Diagnostics diags;
  EXPECT_FALSE(load(text, diags));
  const Diagnostic* d = find_diag(diags, "nesting deeper than 64");
  ASSERT_TRUE(d) << dump(diags);
  EXPECT_EQ(d->pos.line, 1);
}

TEST(YamlLoad, NodeLimitIsConfigurable) {
  Diagnostics diags;
  YamlLimits tiny;
  tiny.max_nodes = 3;
  EXPECT_FALSE(load("[1, 2, 3, 4]", diags, tiny));
  EXPECT_TRUE(find_diag(diags, "more than 3 values")) << dump(diags);
}

// ---- Streaming a long list item by item --------------------------------------------------

// Loads `text` with the list under `key` streamed; `items` gets each item as a flow line.
std::optional<YamlDocument> stream(const std::string& text, std::vector<std::string>& items,
                                   Diagnostics& diags, const YamlLimits& limits = {}) {
  const ItemHandler on_item = [&](const YAML::Node& item, std::size_t i) {
    EXPECT_EQ(i, items.size());
    YAML::Emitter e;
    e << YAML::Flow << item;
    items.push_back(e.c_str());
  };
  return yaml_stream_string(text, "t.yaml", "list", on_item, diags, limits);
}

TEST(YamlStream, HandsOverEachItemAndKeepsTheRest) {
  Diagnostics diags;
  std::vector<std::string> items;
  auto doc =
      stream("before: 1\nlist:\n  - {a: 1}\n  - x\n  - [1, 2]\nafter: {b: 2}\n", items, diags);
  ASSERT_TRUE(doc) << dump(diags);
  EXPECT_EQ(items, (std::vector<std::string>{"{a: 1}", "x", "[1, 2]"}));
  EXPECT_TRUE(doc->node()["list"].IsSequence());
  EXPECT_EQ(doc->node()["list"].size(), 0u);
  EXPECT_EQ(doc->node()["before"].as<int>(), 1);
  EXPECT_EQ(doc->node()["after"]["b"].as<int>(), 2);
}

TEST(YamlStream, OnlyTheTopLevelListUnderItsKeyIsStreamed) {
  Diagnostics diags;
  std::vector<std::string> items;
  auto doc = stream("other: {list: [1, 2]}\nlist: {a: 1}\n", items, diags);
  ASSERT_TRUE(doc) << dump(diags);
  EXPECT_TRUE(items.empty());
  EXPECT_EQ(doc->node()["other"]["list"].size(), 2u);
  EXPECT_TRUE(doc->node()["list"].IsMap());
}

TEST(YamlStream, ItemsKeepTheirPositions) {
  Diagnostics diags;
  std::vector<SourcePos> pos;
  const ItemHandler on_item = [&](const YAML::Node& item, std::size_t) {
    pos.push_back(pos_of(item["a"], "t.yaml"));
  };
  ASSERT_TRUE(yaml_stream_string("list:\n  - a: 1\n  -   a: 2\n", "t.yaml", "list", on_item, diags))
      << dump(diags);
  ASSERT_EQ(pos.size(), 2u);
  EXPECT_EQ(pos[0].str(), "t.yaml:2:8");  // the values `1` and `2`
  EXPECT_EQ(pos[1].str(), "t.yaml:3:10");
}

TEST(YamlStream, AnAliasNamesAnAnchorOfAnEarlierItem) {
  Diagnostics diags;
  std::vector<std::string> items;
  auto doc = stream(
      "list:\n  - &first {a: 1}\n  - {b: &two 2}\n  - *first\n  - [*two]\n"
      "after: *first\n",
      items, diags);
  ASSERT_TRUE(doc) << dump(diags);
  EXPECT_EQ(items, (std::vector<std::string>{"{a: 1}", "{b: 2}", "{a: 1}", "[2]"}));
  EXPECT_EQ(doc->node()["after"]["a"].as<int>(), 1);
}

TEST(YamlStream, AnAliasBombAcrossItemsIsRefusedLikeAWholeDocument) {
  // Each item aliases the one before nine times: 9^9 values once expanded.
  std::string text = "list:\n  - &a0 [x, x, x, x, x, x, x, x, x]\n";
  for (int i = 1; i <= 9; ++i) {
    text += "  - &a" + std::to_string(i) + " [";
    for (int k = 0; k < 9; ++k) text += (k ? ", *a" : "*a") + std::to_string(i - 1);
    text += "]\n";
  }
  Diagnostics streamed, whole;
  std::vector<std::string> items;
  EXPECT_FALSE(stream(text, items, streamed));
  EXPECT_FALSE(load(text, whole));
  ASSERT_EQ(streamed.error_count(), 1u) << dump(streamed);
  ASSERT_EQ(whole.error_count(), 1u) << dump(whole);
  EXPECT_EQ(streamed.all()[0].pos.str() + streamed.all()[0].message,
            whole.all()[0].pos.str() + whole.all()[0].message);
  EXPECT_LT(items.size(), 10u);  // stopped at the item that crossed the bound
}

TEST(YamlStream, BoundsCountTheWholeDocument) {
  // The map, its key, the list and 3 items of 3 values: 12 values; each item alone is far
  // under the bound, the document is not.
  const std::string text = "list: [[1, 2], [3, 4], [5, 6]]\n";
  YamlLimits limits;
  limits.max_nodes = 11;
  Diagnostics diags, whole;
  std::vector<std::string> items;
  EXPECT_FALSE(stream(text, items, diags, limits));
  EXPECT_TRUE(find_diag(diags, "more than 11 values")) << dump(diags);
  EXPECT_FALSE(load(text, whole, limits));
  limits.max_nodes = 12;
  Diagnostics fine;
  items.clear();
  EXPECT_TRUE(stream(text, items, fine, limits)) << dump(fine);
  EXPECT_TRUE(load(text, whole, limits));
}

TEST(YamlStream, TheDepthOfAnItemCountsFromTheTop) {
  // Map at depth 0, list at 1, item at 2: 63 nested lists reach depth 64, 64 are too deep.
  auto nested = [](int n) {
    return "list:\n  - " + std::string(n, '[') + std::string(n, ']') + "\n";
  };
  Diagnostics ok, deep, whole;
  std::vector<std::string> items;
  EXPECT_TRUE(stream(nested(63), items, ok)) << dump(ok);
  EXPECT_FALSE(stream(nested(64), items, deep));
  EXPECT_FALSE(load(nested(64), whole));
  const Diagnostic* d = find_diag(deep, "nesting deeper than 64");
  ASSERT_TRUE(d) << dump(deep);
  ASSERT_EQ(whole.error_count(), 1u);
  EXPECT_EQ(d->pos.str(), whole.all()[0].pos.str());
}

TEST(YamlStream, ASyntaxErrorAfterSomeItemsIsTheOneError) {
  Diagnostics diags;
  std::vector<std::string> items;
  EXPECT_FALSE(stream("list:\n  - a\n  - b\n  - [c\n", items, diags));
  ASSERT_EQ(diags.error_count(), 1u) << dump(diags);
  EXPECT_NE(diags.all()[0].message.find("YAML syntax error"), std::string::npos);
}

TEST(YamlStream, ASecondDocumentIsRefused) {
  Diagnostics diags;
  std::vector<std::string> items;
  EXPECT_FALSE(stream("list: [a]\n---\nlist: [b]\n", items, diags));
  EXPECT_TRUE(find_diag(diags, "a second YAML document")) << dump(diags);
  EXPECT_EQ(items, (std::vector<std::string>{"a"}));  // the second one is not streamed
}

TEST(YamlStream, TheValuesBudgetIsCountedWhileScanning) {
  YamlLimits limits;
  limits.max_values = 5;
  Diagnostics diags;
  std::vector<std::string> items;
  EXPECT_FALSE(stream("list: [1, 2, 3, 4, 5, 6]\n", items, diags, limits));
  EXPECT_TRUE(find_diag(diags, "more than 5 values (the budget of a file)")) << dump(diags);
}

TEST(YamlPos, IsOneBased) {
  Diagnostics diags;
  auto doc = load("a:\n  b: 12\n", diags);
  ASSERT_TRUE(doc);
  EXPECT_EQ(pos_of(doc->node()["a"]["b"], "t.yaml").str(), "t.yaml:2:6");
}

TEST(TypoHint, EditDistance) {
  EXPECT_EQ(edit_distance("spending", "spending"), 0u);
  EXPECT_EQ(edit_distance("spendig", "spending"), 1u);
  EXPECT_EQ(edit_distance("", "abc"), 3u);
  EXPECT_EQ(edit_distance("kitten", "sitting"), 3u);
}

TEST(TypoHint, ClosestMatchOnlyForPlausibleTypos) {
  std::vector<std::string> keys = {"code", "name", "homes", "spending"};
  EXPECT_EQ(closest_match("spendings", keys), "spending");
  EXPECT_EQ(closest_match("hommes", keys), "homes");
  EXPECT_EQ(closest_match("budget", keys), "");
}

// ---- Reader ----------------------------------------------------------------------------

struct ReaderTest : ::testing::Test {
  Diagnostics diags;
  std::optional<YamlDocument> doc;
  MapReader root(const std::string& text) {
    doc = load(text, diags);
    EXPECT_TRUE(doc) << dump(diags);
    return MapReader(*doc, diags);
  }
};

TEST_F(ReaderTest, TypedGetters) {
  MapReader m = root("i: 12\nd: 0.36\ns: Texte\nb: true\nt: {fr: Oui, en: Yes}\n");
  EXPECT_EQ(m.integer("i")->value, 12);
  EXPECT_DOUBLE_EQ(m.number("d")->value, 0.36);
  EXPECT_EQ(m.string("s")->value, "Texte");
  EXPECT_TRUE(m.boolean("b")->value);
  auto t = m.localized("t");
  ASSERT_TRUE(t);
  EXPECT_EQ(*t->get("en"), "Yes");
  EXPECT_EQ(t->get("nl"), nullptr);
  m.finish();
  EXPECT_TRUE(diags.all().empty()) << dump(diags);
}

TEST_F(ReaderTest, ValuesKeepTheirPosition) {
  MapReader m = root("a: 1\nbb:   2\n");
  EXPECT_EQ(m.integer("bb")->pos.str(), "t.yaml:2:7");
}

TEST_F(ReaderTest, IntegerAcceptsWholeFloatsOnly) {
  MapReader m = root("a: 1e3\nb: 12.0\nc: 12.5\n");
  EXPECT_EQ(m.integer("a")->value, 1000);
  EXPECT_EQ(m.integer("b")->value, 12);
  EXPECT_FALSE(m.integer("c"));
  EXPECT_TRUE(find_diag(diags, "`c`: expected a whole number, found \"12.5\"")) << dump(diags);
}

TEST_F(ReaderTest, NumberRefusesAString) {
  MapReader m = root("spending: beaucoup\n");
  EXPECT_FALSE(m.number("spending"));
  const Diagnostic* d = find_diag(diags, "expected a number, found a string \"beaucoup\"");
  ASSERT_TRUE(d) << dump(diags);
  EXPECT_EQ(d->pos.str(), "t.yaml:1:11");
}

TEST_F(ReaderTest, QuotedNumberGetsAHint) {
  MapReader m = root("a: \"12\"\n");
  EXPECT_FALSE(m.number("a"));
  const Diagnostic* d = find_diag(diags, "a quoted string \"12\"");
  ASSERT_TRUE(d) << dump(diags);
  EXPECT_TRUE(has_hint(*d, "remove the quotes"));
}

TEST_F(ReaderTest, GroupedNumberGetsAHint) {
  MapReader m = root("a: 12 000\nb: 0,36\n");
  EXPECT_FALSE(m.number("a"));
  EXPECT_FALSE(m.number("b"));
  ASSERT_EQ(diags.error_count(), 2u);
  EXPECT_TRUE(has_hint(diags.all()[0], "without grouping spaces"));
  EXPECT_TRUE(has_hint(diags.all()[1], "decimal point"));
}

TEST_F(ReaderTest, NonFiniteNumbersAreRefused) {
  MapReader m = root("a: .inf\nb: .nan\n");
  EXPECT_FALSE(m.number("a"));
  EXPECT_FALSE(m.number("b"));
  EXPECT_EQ(diags.error_count(), 2u);
  EXPECT_TRUE(find_diag(diags, "expected a finite number")) << dump(diags);
}

TEST(YamlLoad, InvalidUtf8IsRefusedAtItsByte) {
  // Checked on the raw bytes (more cases in yaml_input_test.cc); yaml-cpp itself refuses an
  // escaped lone surrogate, so no invalid text reaches a reader.
  Diagnostics diags;
  EXPECT_FALSE(load("a: \"caf\xe9\"\n", diags));
  EXPECT_TRUE(find_diag(diags, "invalid UTF-8 at byte 7")) << dump(diags);
}

TEST_F(ReaderTest, BooleanRefusesOtherWords) {
  MapReader m = root("a: peut-être\n");
  EXPECT_FALSE(m.boolean("a"));
  EXPECT_TRUE(find_diag(diags, "expected true or false")) << dump(diags);
}

TEST_F(ReaderTest, LocalizedFromAPlainStringSuggestsTheMap) {
  MapReader m = root("title: Bonjour\n");
  EXPECT_FALSE(m.localized("title"));
  const Diagnostic* d = find_diag(diags, "expected texts by locale");
  ASSERT_TRUE(d) << dump(diags);
  EXPECT_TRUE(has_hint(*d, "{fr: Bonjour}"));
}

TEST_F(ReaderTest, LocalizedRefusesBadLocaleCodes) {
  MapReader m = root("title: {FR: Bonjour, \"1\": x}\n");
  EXPECT_FALSE(m.localized("title"));
  EXPECT_EQ(diags.error_count(), 2u) << dump(diags);
  EXPECT_TRUE(find_diag(diags, "`FR` is not a locale code"));
}

TEST_F(ReaderTest, MissingRequiredKeyNamesThePath) {
  MapReader m = root("departements:\n  - {code: \"02\"}\n  - {code: \"59\"}\n");
  std::vector<MapReader> items = m.maps("departements");
  ASSERT_EQ(items.size(), 2u);
  EXPECT_FALSE(items[1].number("spending"));
  const Diagnostic* d = find_diag(diags, "missing required key `spending` in `departements[1]`");
  ASSERT_TRUE(d) << dump(diags);
  EXPECT_EQ(d->pos.str(), "t.yaml:3:5");
}

TEST_F(ReaderTest, MissingOptionalKeyIsSilent) {
  MapReader m = root("a: 1\n");
  EXPECT_FALSE(m.number("b", optional));
  EXPECT_FALSE(m.has("c"));
  EXPECT_TRUE(diags.all().empty());
}

TEST_F(ReaderTest, EmptyRequiredValueIsReportedAtTheKey) {
  MapReader m = root("a:\nb: 1\n");
  EXPECT_FALSE(m.number("a"));
  const Diagnostic* d = find_diag(diags, "`a`: a value is required");
  ASSERT_TRUE(d) << dump(diags);
  EXPECT_EQ(d->pos.str(), "t.yaml:1:1");
}

TEST_F(ReaderTest, UnknownKeyGetsDidYouMean) {
  MapReader m = root("code: x\nspendig: 3\n");
  m.string("code");
  m.number("spending", optional);
  m.finish();
  const Diagnostic* d = find_diag(diags, "unknown key `spendig`");
  ASSERT_TRUE(d) << dump(diags);
  EXPECT_EQ(d->pos.str(), "t.yaml:2:1");
  EXPECT_TRUE(has_hint(*d, "did you mean `spending`?"));
}

TEST_F(ReaderTest, UnknownKeyFarFromAllListsThem) {
  MapReader m = root("code: x\nzzz: 3\n");
  m.string("code");
  m.allow({"comment"});
  m.finish();
  const Diagnostic* d = find_diag(diags, "unknown key `zzz`");
  ASSERT_TRUE(d) << dump(diags);
  EXPECT_TRUE(has_hint(*d, "expected one of: code, comment"));
}

TEST_F(ReaderTest, EveryUnknownKeyIsReported) {
  MapReader m = root("a: 1\nb: 2\nc: 3\n");
  m.finish();
  EXPECT_EQ(diags.error_count(), 3u);
}

TEST_F(ReaderTest, DuplicateKeyIsReportedWithTheFirst) {
  MapReader m = root("a: 1\na: 2\n");
  EXPECT_EQ(m.integer("a")->value, 1);
  const Diagnostic* d = find_diag(diags, "duplicate key `a`");
  ASSERT_TRUE(d) << dump(diags);
  EXPECT_EQ(d->pos.line, 2);
  EXPECT_EQ(diags.all().back().severity, Severity::note);
  EXPECT_EQ(diags.all().back().pos.line, 1);
}

TEST_F(ReaderTest, NonMapGivesOneErrorThenSilence) {
  Diagnostics local;
  auto d = load("[1, 2]", local);
  MapReader m(*d, local);
  EXPECT_FALSE(m.ok());
  EXPECT_FALSE(m.number("a"));
  m.finish();
  EXPECT_EQ(local.error_count(), 1u) << dump(local);
  EXPECT_TRUE(find_diag(local, "top level: expected a map"));
}

TEST_F(ReaderTest, ListItemsHaveIndexedPaths) {
  MapReader m = root("items: [1, two, 3]\n");
  auto items = m.list("items");
  ASSERT_TRUE(items);
  ASSERT_EQ(items->size(), 3u);
  EXPECT_EQ((*items)[1].path(), "items[1]");
  EXPECT_FALSE((*items)[1].integer());
  EXPECT_TRUE(find_diag(diags, "`items[1]`: expected a whole number"));
}

TEST_F(ReaderTest, EntriesKeepDocumentOrder) {
  MapReader m = root("styles: {title: 1, body: 2, caption: 3}\n");
  auto styles = m.map("styles");
  ASSERT_TRUE(styles);
  auto entries = styles->entries();
  ASSERT_EQ(entries.size(), 3u);
  EXPECT_EQ(entries[0].first.value, "title");
  EXPECT_EQ(entries[2].first.value, "caption");
  EXPECT_EQ(entries[2].second.path(), "styles.caption");
  styles->finish();
  EXPECT_TRUE(diags.all().empty());
}

// A megabyte title would take minutes to lay out: texts are bounded, and the message says
// by how much without echoing the text.
TEST(YamlReader, TextLongerThanTheLimitIsAnError) {
  Diagnostics diags;
  const std::string big(kMaxTextBytes + 1, 'x');
  auto doc = load("title: \"" + big + "\"\n", diags);
  ASSERT_TRUE(doc) << dump(diags);
  MapReader root(*doc, diags);
  EXPECT_FALSE(root.string("title"));
  EXPECT_TRUE(find_diag(
      diags, "`title`: text too long: " + std::to_string(big.size()) + " bytes, at most 65536"))
      << dump(diags);
  EXPECT_LT(dump(diags).size(), 300u);

  Diagnostics ok;
  auto fits = load("title: \"" + std::string(kMaxTextBytes, 'x') + "\"\n", ok);
  ASSERT_TRUE(fits);
  EXPECT_TRUE(MapReader(*fits, ok).string("title"));
}

// A long value quoted in a message is cut on a character boundary: the message stays UTF-8.
TEST(YamlReader, QuotedValueInAMessageIsCutBetweenCharacters) {
  Diagnostics diags;
  std::string text;
  for (int i = 0; i < 30; ++i) text += "é";
  auto doc = load("n: \"" + text + "\"\n", diags);
  ASSERT_TRUE(doc);
  MapReader root(*doc, diags);
  EXPECT_FALSE(root.integer("n"));
  ASSERT_EQ(diags.error_count(), 1u);
  const std::string& m = diags.all()[0].message;
  EXPECT_NE(m.find("\"" + text.substr(0, 40) + "…\""), std::string::npos) << m;
}

}  // namespace
}  // namespace plaquette::model
