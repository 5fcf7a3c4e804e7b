#include "model/editions.h"

#include <gtest/gtest.h>

#include <filesystem>
#include <set>
#include <string>

namespace plaquette::model {
namespace {

std::string messages(const Diagnostics& d) {
  std::string out;
  for (const Diagnostic& x : d.all()) out += x.pos.str() + ": " + x.message + "\n";
  return out;
}

TEST(Editions, PathsResolveAgainstTheEditionsFile) {
  Diagnostics d;
  auto e = load_editions_string(R"(editions:
  - {name: a.fr, data: a.yaml, layout: ../layouts/l.yaml, locale: fr, output: ../out/a.fr.pdf}
)",
                                "data/editions.yaml", d);
  ASSERT_TRUE(e) << messages(d);
  ASSERT_EQ(e->size(), 1u);
  EXPECT_EQ((*e)[0].data, "data/a.yaml");
  EXPECT_EQ((*e)[0].layout, "layouts/l.yaml");
  EXPECT_EQ((*e)[0].output, "out/a.fr.pdf");
  EXPECT_EQ((*e)[0].locale, "fr");
}

TEST(Editions, TwoEditionsWritingOneFileIsAnError) {
  Diagnostics d;
  auto e = load_editions_string(R"(editions:
  - {name: a, data: a.yaml, layout: l.yaml, locale: fr, output: x.pdf}
  - {name: b, data: a.yaml, layout: l.yaml, locale: en, output: x.pdf}
)",
                                "editions.yaml", d);
  EXPECT_FALSE(e);
  EXPECT_NE(messages(d).find("editions.yaml:3:"), std::string::npos) << messages(d);
  EXPECT_NE(messages(d).find("two editions write x.pdf"), std::string::npos) << messages(d);
}

TEST(Editions, MissingKeysAndTyposAreAllReported) {
  Diagnostics d;
  auto e = load_editions_string(R"(editions:
  - {name: a, data: a.yaml, layout: l.yaml, locle: fr, output: x.pdf}
  - {name: b, layout: l.yaml, locale: en, output: y.pdf}
)",
                                "editions.yaml", d);
  EXPECT_FALSE(e);
  std::string m = messages(d);
  EXPECT_NE(m.find("missing required key `locale`"), std::string::npos) << m;
  EXPECT_NE(m.find("unknown key `locle`"), std::string::npos) << m;
  EXPECT_NE(m.find("missing required key `data`"), std::string::npos) << m;
}

TEST(Editions, AnEmptyListIsAnError) {
  Diagnostics d;
  EXPECT_FALSE(load_editions_string("editions: []\n", "editions.yaml", d));
  EXPECT_TRUE(d.has_errors());
}

TEST(Editions, ASyntaxErrorAfterSomeEntriesIsTheOnlyProblemReported) {
  // Entries are read as the parser gives them; those read before the error are dropped
  // with their problems, as when the whole file was parsed first.
  Diagnostics d;
  EXPECT_FALSE(load_editions_string(R"(editions:
  - {name: a, data: a.yaml, layout: l.yaml, locle: fr, output: x.pdf}
  - {name: b, data: a.yaml, layout: l.yaml, locale: fr, output: [y.pdf}
)",
                                    "editions.yaml", d));
  ASSERT_EQ(d.error_count(), 1u) << messages(d);
  EXPECT_NE(messages(d).find("YAML syntax error"), std::string::npos) << messages(d);
}

TEST(Editions, AListThatIsNotOneAndAnUnknownKeyBesideItAreReported) {
  Diagnostics d;
  EXPECT_FALSE(load_editions_string("editions: {name: a}\nedition: []\n", "editions.yaml", d));
  const std::string m = messages(d);
  EXPECT_NE(m.find("editions.yaml:1:11: `editions`: expected a list, found a map"),
            std::string::npos)
      << m;
  EXPECT_NE(m.find("editions.yaml:2:1: unknown key `edition`"), std::string::npos) << m;
}

TEST(Editions, AnEntryOfAThousandIsReportedAtItsLine) {
  std::string text = "editions:\n";
  for (int i = 0; i < 1000; ++i) {
    const std::string n = std::to_string(i);
    text += "  - {name: e" + n + ", data: d" + n + ".yaml, layout: l.yaml, locale: fr, " +
            (i == 700 ? "ouput" : "output") + ": o" + n + ".pdf}\n";
  }
  Diagnostics d;
  EXPECT_FALSE(load_editions_string(text, "editions.yaml", d));
  const std::string m = messages(d);
  EXPECT_NE(m.find("editions.yaml:702:5: missing required key `output`"), std::string::npos) << m;
  EXPECT_NE(m.find("unknown key `ouput`"), std::string::npos) << m;
  Diagnostics fine;
  text.replace(text.find("ouput"), 5, "output");
  auto e = load_editions_string(text, "editions.yaml", fine);
  ASSERT_TRUE(e) << messages(fine);
  EXPECT_EQ(e->size(), 1000u);
  EXPECT_EQ((*e)[999].name, "e999");
  EXPECT_EQ((*e)[700].pos.line, 702);
}

TEST(Editions, APerItemEntryNamesItsItemInItsNameAndOutput) {
  Diagnostics d;
  auto e = load_editions_string(R"(editions:
  - {name: "d-{dep.code}.fr", data: a.yaml, layout: l.yaml, locale: fr, each: departements, as: dep, output: "../out/d-{dep.code}.pdf"}
)",
                                "data/editions.yaml", d);
  ASSERT_TRUE(e) << messages(d);
  EXPECT_EQ((*e)[0].each, "departements");
  EXPECT_EQ((*e)[0].as, "dep");
  EXPECT_EQ((*e)[0].output, "out/d-{dep.code}.pdf");
  auto lookup = [](const std::string& path) -> std::optional<std::string> {
    if (path == "code") return "59";
    if (path == "bad") return "a/b";
    if (path == "up") return "..";
    return std::nullopt;
  };
  EXPECT_EQ(expand_item_name((*e)[0].output, "dep", {}, "output", lookup, d), "out/d-59.pdf");
  EXPECT_FALSE(d.has_errors());
  EXPECT_FALSE(expand_item_name("x-{dep.bad}.pdf", "dep", {}, "output", lookup, d));
  EXPECT_FALSE(expand_item_name("{dep.up}.pdf", "dep", {}, "output", lookup, d));
  EXPECT_FALSE(expand_item_name("{dep.none}.pdf", "dep", {}, "output", lookup, d));
  const std::string m = messages(d);
  EXPECT_NE(m.find("`{dep.bad}` is `a/b`, which cannot be part of a file name"), std::string::npos)
      << m;
  EXPECT_NE(m.find("`{dep.none}` is not a text or a whole number"), std::string::npos) << m;
}

TEST(Editions, APerItemTemplateMustNameItsItem) {
  Diagnostics d;
  auto e = load_editions_string(R"(editions:
  - {name: "d.fr", data: a.yaml, layout: l.yaml, locale: fr, each: departements, output: "d-{item.code}.pdf"}
  - {name: "e-{item.code}", data: a.yaml, layout: l.yaml, locale: fr, each: departements, output: "e-{dep.code}.pdf"}
  - {name: f, data: a.yaml, layout: l.yaml, locale: fr, as: dep, output: f.pdf}
)",
                                "editions.yaml", d);
  EXPECT_FALSE(e);
  const std::string m = messages(d);
  EXPECT_NE(m.find("name `d.fr` does not name the item: every item would get it"),
            std::string::npos)
      << m;
  EXPECT_NE(m.find("`{dep.code}` does not name the item"), std::string::npos) << m;
  EXPECT_NE(m.find("`as` names the item of `each:`"), std::string::npos) << m;
}

// Checked against the files it names, not a count: an edition added as the README says
// (its data, and a catalog of the layout for its locale) keeps this test passing.
TEST(Editions, TheShippedListLoads) {
  namespace fs = std::filesystem;
  Diagnostics d;
  auto e = load_editions(PLAQUETTE_SOURCE_DIR "/data/editions.yaml", d);
  ASSERT_TRUE(e) << messages(d);
  ASSERT_FALSE(e->empty());
  std::set<std::string> names, outputs;
  for (const EditionEntry& x : *e) {
    EXPECT_TRUE(names.insert(x.name).second) << x.name;
    EXPECT_TRUE(outputs.insert(fs::weakly_canonical(x.output).string()).second) << x.output;
    EXPECT_TRUE(fs::is_regular_file(x.data)) << x.name << ": " << x.data;
    EXPECT_TRUE(fs::is_regular_file(x.layout)) << x.name << ": " << x.layout;
    const fs::path catalog =
        fs::path(x.layout).replace_extension().string() + "." + x.locale + ".yaml";
    EXPECT_TRUE(fs::is_regular_file(catalog)) << x.name << ": " << catalog;
    // `make` writes the brochures into the project's out/.
    EXPECT_EQ(fs::weakly_canonical(x.output).parent_path(),
              fs::weakly_canonical(PLAQUETTE_SOURCE_DIR "/out"))
        << x.name << ": " << x.output;
    EXPECT_EQ(fs::path(x.output).extension(), ".pdf") << x.name;
  }
}

}  // namespace
}  // namespace plaquette::model
