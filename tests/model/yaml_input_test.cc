// Tests of what the YAML layer refuses before or while reading, with the message a person
// needs: bytes that are not text, tags, numbers out of range, several documents, blank
// texts, and the budgets that keep hostile files from taking minutes or gigabytes.
#include <gtest/gtest.h>

#include <chrono>
#include <cmath>
#include <string>

#include "edition_fixture.h"
#include "model/yaml.h"

namespace plaquette::model {
namespace {

using testing::dump;
using testing::find_diag;

bool has_hint(const Diagnostics& diags, std::string_view part) {
  for (const Diagnostic& d : diags.all())
    if (testing::has_hint(d, part)) return true;
  return false;
}

struct Loaded {
  Diagnostics diags;
  std::optional<YamlDocument> doc;
};

std::unique_ptr<Loaded> load(const std::string& text) {
  auto l = std::make_unique<Loaded>();
  l->doc = yaml_load_string(text, "t.yaml", l->diags);
  return l;
}

std::string first_error(const Diagnostics& d) {
  for (const Diagnostic& x : d.all())
    if (x.severity == Severity::error) return x.pos.str() + ": " + x.message;
  return "";
}

TEST(YamlInput, InvalidUtf8IsAnErrorAtItsByte) {
  struct Case {
    std::string text;
    std::string message;
  } cases[] = {
      {"a: x\nb: \"\xC0\xAF\"\n",
       "t.yaml:2:5: invalid UTF-8 at byte 9 (0xC0: an overlong encoding)"},
      {"b: \xED\xA0\x80\n", "t.yaml:1:4: invalid UTF-8 at byte 3 (0xED: an encoded surrogate)"},
      {"b: caf\xC3",
       "t.yaml:1:7: invalid UTF-8 at byte 6 (0xC3: a truncated, overlong or "
       "out-of-range sequence)"},
      {"b: \xF5\x80\x80\x80\n",
       "t.yaml:1:4: invalid UTF-8 at byte 3 (0xF5: a byte that cannot "
       "start a character)"},
      {"b: é\xFF\n",
       "t.yaml:1:5: invalid UTF-8 at byte 5 (0xFF: a byte that cannot start a "
       "character)"},
  };
  for (const Case& c : cases) {
    auto l = load(c.text);
    EXPECT_FALSE(l->doc);
    EXPECT_EQ(first_error(l->diags), c.message);
  }
}

TEST(YamlInput, RawControlCharactersAreRefused) {
  auto l = load("a: x\nb: y\x01z\n");
  EXPECT_FALSE(l->doc);
  EXPECT_EQ(first_error(l->diags), "t.yaml:2:5: control character U+0001 in the file (byte 9)");
  auto c1 = load("b: \xC2\x85x\n");
  EXPECT_EQ(first_error(c1->diags), "t.yaml:1:4: control character U+0085 in the file (byte 3)");
  // Tabs and CRLF are ordinary.
  EXPECT_TRUE(load("a:\tx\r\nb: y\r\n")->doc);
}

TEST(YamlInput, CrOnlyLineEndsAreLineEnds) {
  auto l = load("a: 1\rb: two\r\rc: 3\r");
  ASSERT_TRUE(l->doc) << dump(l->diags);
  MapReader m(*l->doc, l->diags);
  EXPECT_EQ(m.integer("a")->value, 1);
  auto b = m.string("b");
  ASSERT_TRUE(b);
  EXPECT_EQ(b->value, "two");
  auto c = m.integer("c");
  ASSERT_TRUE(c);
  EXPECT_EQ(c->pos.line, 4);
}

TEST(YamlInput, EscapedControlCharactersInTextsAreErrorsAtTheValue) {
  auto l = load("a: ok\nauthor: \"Ana\\0s\"\nb: \"tab\\tand\\nline\"\n");
  ASSERT_TRUE(l->doc);
  MapReader m(*l->doc, l->diags);
  EXPECT_FALSE(m.string("author"));
  EXPECT_EQ(first_error(l->diags),
            "t.yaml:2:9: `author`: text contains the control character U+0000");
  EXPECT_TRUE(m.string("b"));
  auto esc = load("k: \"\\e[2J\"\n");
  MapReader e(*esc->doc, esc->diags);
  EXPECT_FALSE(e.string("k"));
  EXPECT_TRUE(find_diag(esc->diags, "control character U+001B")) << dump(esc->diags);
}

TEST(YamlInput, ASecondDocumentIsAnError) {
  for (const char* text :
       {"a: 1\n---\nb: 2\n", "---\n# nothing here\n---\nb: 2\n", "a: 1\n---\n"}) {
    auto l = load(text);
    EXPECT_FALSE(l->doc) << text;
    EXPECT_TRUE(find_diag(l->diags, "a second YAML document in the file")) << dump(l->diags);
    EXPECT_TRUE(
        has_hint(l->diags, "remove the `---` line and what follows, or merge both into one map"));
  }
  EXPECT_EQ(
      first_error(load("a: 1\n---\nb: 2\n")->diags),
      "t.yaml:3:1: a second YAML document in the file; plaquette reads one document per file");
  EXPECT_TRUE(load("---\na: 1\n...\n")->doc);
}

TEST(YamlInput, TagsAreNamedAsTags) {
  auto l = load("i: !!int 9224\nf: !!float 1.5\nc: !euro 12\ns: !!str texte\n");
  ASSERT_TRUE(l->doc);
  MapReader m(*l->doc, l->diags);
  EXPECT_FALSE(m.integer("i"));
  EXPECT_FALSE(m.number("f"));
  EXPECT_FALSE(m.string("c"));
  EXPECT_TRUE(m.string("s"));
  EXPECT_TRUE(
      find_diag(l->diags, "`i`: expected a whole number, found the value \"9224\" tagged `!!int`"))
      << dump(l->diags);
  EXPECT_TRUE(
      find_diag(l->diags, "`f`: expected a number, found the value \"1.5\" tagged `!!float`"));
  EXPECT_TRUE(find_diag(l->diags, "`c`: expected a text, found the value \"12\" tagged `!euro`"));
  EXPECT_TRUE(has_hint(l->diags,
                       "remove the tag `!!int`: plaquette knows a number from its place and "
                       "needs no YAML tag"));
  EXPECT_EQ(dump(l->diags).find("quote"), std::string::npos) << dump(l->diags);
}

TEST(YamlInput, NumbersOutOfRangeSaySo) {
  auto l = load("a: 1e400\nb: 99999999999999999999\nc: 4.9e-324\nd: -1e-400\ne: -0\nf: -0.0\n");
  ASSERT_TRUE(l->doc);
  MapReader m(*l->doc, l->diags);
  EXPECT_FALSE(m.number("a"));
  EXPECT_FALSE(m.integer("b"));
  EXPECT_FALSE(m.number("c"));
  EXPECT_FALSE(m.number("d"));
  EXPECT_TRUE(find_diag(
      l->diags, "`a`: number out of range: \"1e400\" is beyond the largest number, 1.8e308"))
      << dump(l->diags);
  EXPECT_TRUE(find_diag(l->diags,
                        "`b`: whole number out of range: \"99999999999999999999\" is beyond "
                        "2^53 = 9007199254740992"));
  EXPECT_TRUE(find_diag(l->diags,
                        "`c`: number out of range: \"4.9e-324\" is too close to zero to "
                        "compute with (under 2.2e-308)"));
  EXPECT_TRUE(find_diag(l->diags, "`d`: number out of range: \"-1e-400\" is too close to zero"));
  // -0 is read as 0: no sign to print, and "≥ 0" means what it says.
  auto e = m.number("e");
  auto f = m.number("f");
  ASSERT_TRUE(e && f);
  EXPECT_FALSE(std::signbit(e->value));
  EXPECT_FALSE(std::signbit(f->value));
}

TEST(YamlInput, BlankTextsByUnicodeProperties) {
  for (const char* blank :
       {"", " ", "\u00A0", "\u200B", "\u3000", "\u2060", "\u00A0\u200B \t", "\uFEFF"})
    EXPECT_TRUE(is_blank_text(blank)) << blank;
  for (const char* text : {"a", "\u00A0a", "—", "\u200Bx"})
    EXPECT_FALSE(is_blank_text(text)) << text;
}

TEST(YamlInput, AliasesAreBoundedInBytes) {
  // 100 values, well under the value limit, but 100 × 1 MiB of text.
  YamlLimits limits;
  limits.max_expanded_bytes = 4u << 20;
  std::string text = "big: &t " + std::string(1u << 20, 'x') + "\nall: [";
  for (int i = 0; i < 100; ++i) text += i ? ", *t" : "*t";
  text += "]\n";
  Diagnostics diags;
  EXPECT_FALSE(yaml_load_string(text, "t.yaml", diags, limits));
  EXPECT_TRUE(find_diag(diags,
                        "document too large: more than 4 MiB of text once aliases are "
                        "expanded; nothing in it was checked"))
      << dump(diags);
}

TEST(YamlInput, ManyKeysAreFoundInLinearTime) {
  // Every key unknown: the duplicate check and the lookups must not be quadratic. 100 000
  // keys took 107 s when each lookup scanned the map.
  std::string text;
  for (int i = 0; i < 20000; ++i) text += "k" + std::to_string(i) + ": 1\n";
  text += "k17: 2\n";
  auto l = load(text);
  ASSERT_TRUE(l->doc) << dump(l->diags);
  MapReader m(*l->doc, l->diags);
  EXPECT_TRUE(m.has("k19999"));
  m.finish();
  EXPECT_EQ(l->diags.error_count(), 20000u);  // 19 999 unknown keys and one duplicate
  EXPECT_EQ(l->diags.dropped(), 20000u - Diagnostics::kMaxKept);
}

TEST(YamlInput, ValuesAreBoundedBeforeTheTreeIsBuilt) {
  std::string text;
  for (int i = 0; i < 60000; ++i) text += "k" + std::to_string(i) + ": 1\n";
  auto l = load(text);
  EXPECT_FALSE(l->doc);
  EXPECT_EQ(first_error(l->diags),
            "t.yaml:50000:9: document too large: more than 100000 values (the budget of a file); "
            "nothing in it was checked");
}

}  // namespace
}  // namespace plaquette::model
