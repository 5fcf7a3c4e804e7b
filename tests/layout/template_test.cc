#include "layout/template.h"

#include <gtest/gtest.h>

namespace plaquette::layout {
namespace {

using figures::Value;

class TemplateTest : public ::testing::Test {
 protected:
  void SetUp() override {
    root = Value::of_record({"data.yaml", 1, 1});
    root.add("region", Value::of_string("Hauts-de-France", {"data.yaml", 2, 11}));
    Value& totals = root.add("totals", Value::of_record({}));
    totals.add("spending", Value::of_number(34834342, {"data.yaml", 3, 3}));
    totals.add("coverage", Value::of_number(1 / 1.2, {"data.yaml", 4, 3}));
    Value& list = root.add("projects", Value::of_list({}));
    list.items.push_back(Value::of_string("a", {}));
    list.items.push_back(Value::of_string("b", {}));
    catalog.path = "cat.fr.yaml";
    catalog.locale = "fr";
    catalog.language = "fr-FR";
    catalog.messages["heading"] = {"La région {region}, c’est :", {"cat.fr.yaml", 5, 12}};
    catalog.messages["loop"] = {"{@loop}", {"cat.fr.yaml", 6, 9}};
    ctx.catalog = &catalog;
    ctx.language = "fr-FR";
  }

  RichText run(const std::string& t) {
    return expand(t, {"layout.yaml", 10, 5}, Scope(root), ctx, diags);
  }

  Value root;
  Catalog catalog;
  ExpandContext ctx;
  Diagnostics diags;
};

TEST_F(TemplateTest, LiteralTextStaysAsIs) {
  EXPECT_EQ(run("plain text").plain(), "plain text");
  EXPECT_EQ(run("{{braces}}").plain(), "{braces}");
  EXPECT_FALSE(diags.has_errors());
}

TEST_F(TemplateTest, BindsStringsAndRecordsTheirSource) {
  RichText t = run("Région {region}");
  EXPECT_EQ(t.plain(), "Région Hauts-de-France");
  ASSERT_EQ(t.sources.size(), 1u);
  EXPECT_EQ(t.sources[0].str(), "data.yaml:2:11");
}

TEST_F(TemplateTest, FormatsNumbersForTheLocale) {
  EXPECT_EQ(run("{totals.spending|currency:0}").plain(), "34\u202F834\u202F342\u00A0€");
  EXPECT_EQ(run("{totals.coverage|percent}").plain(), "83\u00A0%");
  EXPECT_EQ(run("{projects|count}").plain(), "2");
  EXPECT_FALSE(diags.has_errors());
}

TEST_F(TemplateTest, PlainKeepsYearsUngrouped) {
  root.add("year", Value::of_number(2019, {}));
  EXPECT_EQ(run("{year|plain}").plain(), "2019");
  EXPECT_EQ(run("{year}").plain(), "2\u202F019");
}

TEST_F(TemplateTest, StrongSpansSplitPieces) {
  RichText t = run("a **b** c");
  ASSERT_EQ(t.pieces.size(), 3u);
  EXPECT_FALSE(t.pieces[0].strong);
  EXPECT_TRUE(t.pieces[1].strong);
  EXPECT_EQ(t.pieces[1].text, "b");
}

TEST_F(TemplateTest, CatalogMessagesExpandRecursively) {
  EXPECT_EQ(run("{@heading}").plain(), "La région Hauts-de-France, c’est :");
}

TEST_F(TemplateTest, UnknownPathIsAnErrorAtTheTemplate) {
  run("{totals.nope}");
  ASSERT_EQ(diags.error_count(), 1u);
  // At the column of the unknown field, listing the fields that exist.
  EXPECT_EQ(diags.all()[0].message, "no field `nope` in `totals`");
  EXPECT_EQ(diags.all()[0].pos.str(), "layout.yaml:10:13");
  EXPECT_EQ(diags.all()[0].hints.back(), "its fields: spending, coverage");
  diags = Diagnostics();
  run("Total : {totals.spendin|currency}");
  ASSERT_EQ(diags.error_count(), 1u);
  EXPECT_EQ(diags.all()[0].pos.str(), "layout.yaml:10:21");
  EXPECT_EQ(diags.all()[0].hints.front(), "did you mean `spending`?");
}

TEST_F(TemplateTest, MissingMessageNamesTheCatalog) {
  run("{@nope}");
  ASSERT_EQ(diags.error_count(), 1u);
  EXPECT_EQ(diags.all()[0].message, "no message `nope` in the catalog cat.fr.yaml");
}

TEST_F(TemplateTest, CyclesEndInAnError) {
  run("{@loop}");
  EXPECT_TRUE(diags.has_errors());
}

TEST_F(TemplateTest, FormattingATextIsAnError) {
  run("{region|currency}");
  ASSERT_EQ(diags.error_count(), 1u);
  EXPECT_EQ(diags.all()[0].message,
            "cannot format `region`: it is a text, and only numbers take a format");
}

TEST_F(TemplateTest, UnknownFormatListsTheKnownOnes) {
  run("{totals.spending|money}");
  ASSERT_EQ(diags.error_count(), 1u);
  EXPECT_NE(diags.all()[0].message.find("unknown format `money`"), std::string::npos);
}

TEST_F(TemplateTest, UnbalancedBracesAreErrors) {
  run("{region");
  run("region}");
  EXPECT_EQ(diags.error_count(), 2u);
}

TEST_F(TemplateTest, UnclosedStrongIsAnError) {
  run("a **b");
  ASSERT_EQ(diags.error_count(), 1u);
  EXPECT_NE(diags.all()[0].message.find("unclosed `**`"), std::string::npos);
}

TEST_F(TemplateTest, ScopeSeesRepeatItemsFirst) {
  Value item = Value::of_record({});
  item.add("name", Value::of_string("Nord", {}));
  Scope s = Scope(root).with("dep", item);
  RichText t = expand("{dep.name} / {region}", {}, s, ctx, diags);
  EXPECT_EQ(t.plain(), "Nord / Hauts-de-France");
}

}  // namespace
}  // namespace plaquette::layout
