// Tests of expressions in templates (`{= …}`), the layout's computed values, and catalog
// messages with plural and select forms.
#include <gtest/gtest.h>

#include <sstream>

#include "layout/catalog.h"
#include "layout/spec.h"
#include "layout/template.h"

namespace plaquette::layout {
namespace {

using figures::Value;

std::string dump(const Diagnostics& diags) {
  std::ostringstream out;
  diags.print(out);
  return out.str();
}

class ExpressionTest : public ::testing::Test {
 protected:
  void SetUp() override {
    root = Value::of_record({"data.yaml", 1, 1});
    Value& totals = root.add("totals", Value::of_record({}));
    totals.add("spending", Value::of_number(34834342, {"data.yaml", 3, 3}));
    Value& deps = root.add("departements", Value::of_list({}));
    for (auto [code, homes, spending] :
         {std::tuple{"59", 84073.0, 13353200.0}, {"62", 56802.0, 10038024.0}}) {
      Value d = Value::of_record({});
      d.add("code", Value::of_string(code, {"data.yaml", 5, 5}));
      d.add("homes", Value::of_number(homes, {"data.yaml", 6, 5}));
      d.add("spending", Value::of_number(spending, {"data.yaml", 7, 5}));
      deps.items.push_back(std::move(d));
    }
    Value& projects = root.add("projects", Value::of_list({}));
    projects.items.push_back(Value::of_string("a", {}));
    ctx.language = "fr-FR";
  }

  void compute(const std::string& name, const std::string& text, int line) {
    auto e = expr::parse(text, {"layout.yaml", line, 10}, diags);
    ASSERT_TRUE(e) << dump(diags);
    computed.push_back(Computed{name, std::move(*e)});
  }

  std::string run(const std::string& t, int dep = -1) {
    Scope scope(root, computed, diags);
    if (dep >= 0)
      scope = scope.with("dep", root.field("departements")->items[dep],
                         "departements." + std::to_string(dep));
    return expand(t, {"layout.yaml", 20, 5}, scope, ctx, diags).plain();
  }

  Value root;
  std::vector<Computed> computed;
  ExpandContext ctx;
  Diagnostics diags;
};

TEST_F(ExpressionTest, ExpressionsInTemplatesAreFormatted) {
  EXPECT_EQ(run("{= departements.0.spending / totals.spending|percent}"), "38\u00A0%");
  EXPECT_EQ(run("{= dep.spending / dep.homes|currency:0}", 0), "159\u00A0€");
  EXPECT_EQ(run("{= count(projects) + 1}"), "2");
  EXPECT_EQ(run("{=dep.code}", 1), "62");
  EXPECT_EQ(run("{= dep.code == '62' }", 1), "");  // a condition is not printed
  EXPECT_NE(dump(diags).find("it is a condition (true or false), not a value to print"),
            std::string::npos);
}

TEST_F(ExpressionTest, ErrorsInsideATemplateAtTheirColumn) {
  run("Part : {= dep.spending / totals.spendng|percent}", 0);
  EXPECT_EQ(dump(diags),
            "layout.yaml:20:37: error: no field `spendng` in `totals`\n"
            "  hint: did you mean `spending`?\n"
            "  hint: its fields: spending\n"
            "1 error\n");
  diags = Diagnostics();
  run("{= dep.spending / 0}", 0);
  EXPECT_NE(dump(diags).find("layout.yaml:20:21: error: division by zero"), std::string::npos);
  diags = Diagnostics();
  run("{= dep.spending|percentt}", 0);
  EXPECT_NE(dump(diags).find("layout.yaml:20:21: error: cannot format `dep.spending`: unknown "
                             "format `percentt`"),
            std::string::npos)
      << dump(diags);
  diags = Diagnostics();
  run("{= (1 + 2}");
  EXPECT_NE(dump(diags).find("layout.yaml:20:8: error: unclosed `(`"), std::string::npos);
  diags = Diagnostics();
  run("{= 1 + 2");
  EXPECT_NE(dump(diags).find("layout.yaml:20:5: error: unclosed `{=`"), std::string::npos);
}

TEST_F(ExpressionTest, TextsInsideExpressionsMayHoldBracesAndBars) {
  EXPECT_EQ(run("{= dep.code == '{|}' }x", 0), "x");
  EXPECT_NE(dump(diags).find("condition"), std::string::npos);  // parsed to its real end
}

TEST_F(ExpressionTest, ComputedValuesPerBoundItem) {
  compute("share", "dep.spending / totals.spending", 3);
  compute("per_home", "dep.spending / dep.homes", 4);
  compute("share_points", "share * 100", 5);
  EXPECT_EQ(run("{share|percent} {per_home|currency:0}", 0), "38\u00A0% 159\u00A0€");
  EXPECT_EQ(run("{share|percent} {per_home|currency:0}", 1), "29\u00A0% 177\u00A0€");
  // A computed value naming another one is still evaluated per item.
  EXPECT_EQ(run("{share_points|decimal:1}", 0), "38,3");
  EXPECT_EQ(run("{share_points|decimal:1}", 1), "28,8");
  EXPECT_EQ(run("{= share_points > 30}x", 0), "x");
  EXPECT_FALSE(diags.error_count() > 1) << dump(diags);
}

TEST_F(ExpressionTest, ComputedValueErrorsAtTheirDefinitionOnce) {
  compute("share", "dep.spendin / totals.spending", 3);
  run("{share|percent}", 0);
  run("{share|percent}", 1);
  EXPECT_EQ(dump(diags),
            "layout.yaml:3:14: error: no field `spendin` in `dep`\n"
            "  hint: did you mean `spending`?\n"
            "  hint: its fields: code, homes, spending\n"
            "1 error\n");
}

TEST_F(ExpressionTest, ComputedCycleIsAnError) {
  compute("a", "b + 1", 3);
  compute("b", "a + 1", 4);
  run("{a}");
  EXPECT_NE(dump(diags).find("refers to itself"), std::string::npos) << dump(diags);
}

// Catalogs with plural and select forms.
class PluralTest : public ::testing::Test {
 protected:
  std::optional<Catalog> load(const std::string& messages, const std::string& language) {
    return load_catalog_string("language: " + language + "\nmessages:\n" + messages, "cat.yaml",
                               "xx", diags);
  }
  std::string run(const Catalog& c, const std::string& t, double n) {
    root = Value::of_record({});
    Value& list = root.add("projects", Value::of_list({}));
    for (int i = 0; i < n; ++i) list.items.push_back(Value::of_string("p", {}));
    root.add("n", Value::of_number(n, {}));
    root.add("kind", Value::of_string("fiche", {}));
    ExpandContext ctx{&c, c.language};
    return expand(t, {"layout.yaml", 9, 3}, Scope(root), ctx, diags).plain();
  }
  Value root;
  Diagnostics diags;
};

TEST_F(PluralTest, FrenchEnglishAndDutchForms) {
  auto fr = load(
      "  h: \"Projets en QPV : {count, plural, one {# illustration concrète} other {# "
      "illustrations concrètes}} !\"\n",
      "fr-FR");
  ASSERT_TRUE(fr) << dump(diags);
  const std::string use = "{@h count: count(projects)}";
  EXPECT_EQ(run(*fr, use, 1), "Projets en QPV : 1 illustration concrète !");
  EXPECT_EQ(run(*fr, use, 2), "Projets en QPV : 2 illustrations concrètes !");
  EXPECT_EQ(run(*fr, use, 0), "Projets en QPV : 0 illustration concrète !");  // CLDR: 0 is one
  auto en =
      load("  h: \"{count, plural, one {# practical example} other {# practical examples}}\"\n",
           "en-GB");
  ASSERT_TRUE(en) << dump(diags);
  EXPECT_EQ(run(*en, use, 1), "1 practical example");
  EXPECT_EQ(run(*en, use, 0), "0 practical examples");
  EXPECT_EQ(run(*en, use, 2), "2 practical examples");
  EXPECT_FALSE(diags.has_errors()) << dump(diags);
}

TEST_F(PluralTest, ExactCountsSelectAndApostrophesAsTyped) {
  auto c = load(
      "  h: \"{n, plural, =0 {aucun projet} one {l’unique projet d'un an} other {# projets}}\"\n"
      "  s: \"{k, select, fiche {la fiche de {n} d'un} other {autre}}\"\n",
      "fr-FR");
  ASSERT_TRUE(c) << dump(diags);
  EXPECT_EQ(run(*c, "{@h n: n}", 0), "aucun projet");
  EXPECT_EQ(run(*c, "{@h n: n}", 1), "l’unique projet d'un an");
  EXPECT_EQ(run(*c, "{@h n: n * 1000}", 2), "2\u202F000 projets");
  // Arguments are names inside the message: {n} is the argument, not the data's `n`.
  EXPECT_EQ(run(*c, "{@s k: kind, n: 7}", 1), "la fiche de 7 d'un");
  EXPECT_EQ(run(*c, "{@s k: 'x', n: 7}", 1), "autre");
  EXPECT_FALSE(diags.has_errors()) << dump(diags);
}

TEST_F(PluralTest, UnknownCategoryForTheLocale) {
  EXPECT_FALSE(load("  h: \"{n, plural, one {a} few {b} other {c}}\"\n", "fr-FR"));
  EXPECT_EQ(dump(diags),
            "cat.yaml:3:27: error: `few` is not a plural category of fr-FR (message `h`)\n"
            "  hint: fr-FR has the categories one, many, other (CLDR plural rules); =N "
            "matches an exact count\n"
            "1 error\n");
  diags = Diagnostics();
  // Polish has `few`.
  EXPECT_TRUE(load("  h: \"{n, plural, one {a} few {b} many {d} other {c}}\"\n", "pl-PL"));
}

TEST_F(PluralTest, MalformedPatterns) {
  auto bad = [&](const std::string& m) {
    diags = Diagnostics();
    EXPECT_FALSE(load("  h: \"" + m + "\"\n", "en-GB")) << m;
    return dump(diags);
  };
  EXPECT_NE(bad("{n, plural, one {a}}")
                .find("cat.yaml:3:7: error: the plural on `n` in message "
                      "`h` has no `other` form"),
            std::string::npos);
  EXPECT_NE(bad("{n, plurl, one {a} other {b}}")
                .find("cat.yaml:3:11: error: unknown form "
                      "`plurl` in message `h`\n  hint: did you "
                      "mean `plural`?"),
            std::string::npos);
  EXPECT_NE(bad("{n, plural, one {a} other {b}").find("error: unclosed `{` of the plural on `n`"),
            std::string::npos);
  EXPECT_NE(bad("{n, plural, one {a other {b}}").find("3:7: error: unclosed `{` of the plural"),
            std::string::npos);
  EXPECT_NE(bad("{n, plural, one a other {b}}").find("`{` expected after the form `one`"),
            std::string::npos);
  EXPECT_NE(bad("{n, plural, one {a} one {b} other {c}}").find("form `one` written twice"),
            std::string::npos);
  EXPECT_NE(bad("{n, plural, =x {a} other {c}}").find("`=x` is not an exact count"),
            std::string::npos);
}

TEST_F(PluralTest, MissingAndUnknownArguments) {
  auto c = load("  h: \"{count, plural, one {# a} other {# b}}\"\n", "en-GB");
  ASSERT_TRUE(c);
  run(*c, "{@h}", 1);
  EXPECT_EQ(dump(diags),
            "cat.yaml:3:8: error: message `h` needs the argument `count`, which the layout does "
            "not pass\n"
            "  hint: pass it where the message is used: {@h count: count(projects)}\n"
            "layout.yaml:9:4: note: the message is used here\n"
            "1 error\n");
  diags = Diagnostics();
  run(*c, "{@h count: 1, cuont: 2}", 1);
  EXPECT_EQ(dump(diags),
            "cat.yaml:3:6: error: message `h` has no argument `cuont` (its arguments: `count`)\n"
            "  hint: did you mean `count`?\n"
            "layout.yaml:9:17: note: the layout passes `cuont` here\n"
            "1 error\n");
  diags = Diagnostics();
  run(*c, "{@h count: projects}", 1);
  EXPECT_NE(dump(diags).find("layout.yaml:9:7: error: argument `count` of message `h` is a list "
                             "of 1 item; its plural forms need a number"),
            std::string::npos)
      << dump(diags);
  diags = Diagnostics();
  run(*c, "{@h count}", 1);
  EXPECT_NE(dump(diags).find("layout.yaml:9:7: error: a message's arguments are written "
                             "`name: value`"),
            std::string::npos)
      << dump(diags);
}

}  // namespace
}  // namespace plaquette::layout
