// Tests of the expression language: parsing (precedence, positions, budgets), evaluation
// over a small binding tree, and every error at the column of the part at fault.
#include "expr/expr.h"

#include <gtest/gtest.h>

#include <sstream>

namespace plaquette::expr {
namespace {

using figures::Value;

const SourcePos kAt{"layout.yaml", 7, 11};

Value departement(const std::string& code, const std::string& name, double homes, double spending) {
  Value d = Value::of_record({});
  d.add("code", Value::of_string(code, {}));
  d.add("name", Value::of_string(name, {}));
  d.add("homes", Value::of_number(homes, {}));
  d.add("spending", Value::of_number(spending, {}));
  return d;
}

// A tree shaped like the real one: totals, départements (codes are texts), projects.
Value tree() {
  Value root = Value::of_record({"data.yaml", 1, 1});
  root.add("region", Value::of_string("Hauts-de-France", {}));
  Value& totals = root.add("totals", Value::of_record({}));
  totals.add("spending", Value::of_number(34834342, {}));
  totals.add("homes", Value::of_number(180678, {}));
  Value& deps = root.add("departements", Value::of_list({}));
  deps.items.push_back(departement("02", "Aisne", 9224, 2663891));
  deps.items.push_back(departement("59", "Nord", 84073, 13353200));
  deps.items.push_back(departement("2A", "Corse-du-Sud", 0, 0));
  Value& projects = root.add("projects", Value::of_list({}));
  for (auto [dep, budget] : {std::pair{"02", 65000.0}, {"59", 120000.0}, {"59", 15000.0}}) {
    Value p = Value::of_record({});
    p.add("departement", Value::of_string(dep, {}));
    p.add("budget", Value::of_number(budget, {}));
    projects.items.push_back(std::move(p));
  }
  root.add("empty", Value::of_list({}));
  return root;
}

// The root's fields plus `dep` bound to one département, as a repeat would.
class TestNames : public Names {
 public:
  TestNames(const Value& root, const Value* dep) : root_(root), dep_(dep) {}
  const Value* lookup(std::string_view name) const override {
    if (dep_ && name == "dep") return dep_;
    return root_.field(name);
  }
  std::vector<std::string> visible() const override {
    std::vector<std::string> out;
    for (const auto& f : root_.fields) out.push_back(f.first);
    if (dep_) out.push_back("dep");
    return out;
  }

 private:
  const Value& root_;
  const Value* dep_;
};

std::string dump(const Diagnostics& diags) {
  std::ostringstream out;
  diags.print(out);
  return out.str();
}

struct Fixture : ::testing::Test {
  Value root = tree();
  Diagnostics diags;

  std::optional<Result> eval(std::string_view text, int dep = 1) {
    auto e = parse(text, kAt, diags);
    if (!e) return std::nullopt;
    TestNames names(root, dep >= 0 ? &root.field("departements")->items[dep] : nullptr);
    return evaluate(*e, names, diags);
  }
  double num(std::string_view text, int dep = 1) {
    auto r = eval(text, dep);
    EXPECT_TRUE(r) << text << "\n" << dump(diags);
    EXPECT_TRUE(r && r->value().kind == Value::Kind::number) << text;
    return r && r->value().kind == Value::Kind::number ? r->value().number : -1;
  }
  bool truth(std::string_view text, int dep = 1) {
    auto r = eval(text, dep);
    EXPECT_TRUE(r) << text << "\n" << dump(diags);
    EXPECT_TRUE(r && r->value().kind == Value::Kind::boolean) << text;
    return r && r->value().truth;
  }
  // The one error an expression gives, printed: "layout.yaml:7:N: error: …" and hints.
  std::string error(std::string_view text, int dep = 1) {
    diags = Diagnostics();
    auto r = eval(text, dep);
    EXPECT_FALSE(r) << text;
    EXPECT_EQ(diags.error_count(), 1u) << dump(diags);
    return dump(diags);
  }
};

TEST_F(Fixture, ArithmeticFollowsPrecedence) {
  EXPECT_EQ(num("1 + 2 * 3"), 7);
  EXPECT_EQ(num("(1 + 2) * 3"), 9);
  EXPECT_EQ(num("10 - 4 - 3"), 3);  // left to right
  EXPECT_EQ(num("12 / 3 / 2"), 2);
  EXPECT_EQ(num("-2 * -3"), 6);
  EXPECT_EQ(num("2 - -1"), 3);
  EXPECT_DOUBLE_EQ(num("0.5 + .25"), 0.75);
}

TEST_F(Fixture, PathsReadTheTreeItself) {
  auto r = eval("departements.1.name");
  ASSERT_TRUE(r);
  EXPECT_TRUE(r->is_ref());  // not a copy
  EXPECT_EQ(&r->value(), &root.field("departements")->items[1].fields[1].second);
  EXPECT_EQ(r->value().string, "Nord");
  EXPECT_EQ(num("totals.spending"), 34834342);
}

TEST_F(Fixture, SharesAndPerHomeOfABoundItem) {
  // Nord: 13 353 200 / 34 834 342 = 38.3 %; 13 353 200 / 84 073 = 158.8 €.
  EXPECT_NEAR(num("dep.spending / totals.spending"), 0.38334, 1e-5);
  EXPECT_NEAR(num("dep.spending / dep.homes"), 158.83, 1e-2);
  EXPECT_NEAR(num("dep.spending / totals.spending", 0), 0.07647, 1e-5);
}

TEST_F(Fixture, ComparisonsOfNumbersAndTexts) {
  EXPECT_TRUE(truth("dep.code == \"59\""));
  EXPECT_TRUE(truth("dep.code == '59'"));
  EXPECT_FALSE(truth("dep.code == '02'"));
  EXPECT_TRUE(truth("departements.2.code == '2A'"));
  EXPECT_TRUE(truth("dep.homes > 1000 and dep.spending >= 13353200"));
  EXPECT_TRUE(truth("dep.homes < 10 or not (dep.code != '59')"));
  EXPECT_TRUE(truth("'02' < '59'"));
  EXPECT_TRUE(truth("1 + 1 == 2"));
  EXPECT_FALSE(truth("true == false"));
}

TEST_F(Fixture, AggregatesOverLists) {
  EXPECT_EQ(num("count(projects)"), 3);
  EXPECT_EQ(num("count(empty)"), 0);
  EXPECT_EQ(num("sum(projects.budget)"), 200000);
  EXPECT_EQ(num("min(projects.budget)"), 15000);
  EXPECT_EQ(num("max(projects.budget)"), 120000);
  EXPECT_EQ(num("sum(empty)"), 0);
  EXPECT_EQ(num("sum(departements.spending) / totals.spending"), 16017091.0 / 34834342.0);
  EXPECT_TRUE(truth("count(projects) > 0"));
  // A projection through a list keeps the tree's order.
  auto r = eval("projects.departement");
  ASSERT_TRUE(r);
  ASSERT_EQ(r->value().items.size(), 3u);
  EXPECT_EQ(r->value().items[2].string, "59");
}

TEST_F(Fixture, AndShortCircuits) {
  // The right side would divide by zero: never evaluated when the left is false.
  EXPECT_FALSE(truth("dep.homes > 0 and dep.spending / dep.homes > 1", 2));
  EXPECT_TRUE(truth("dep.homes == 0 or dep.spending / dep.homes > 1", 2));
}

TEST_F(Fixture, NamesItRefersTo) {
  auto e = parse("dep.spending / totals.spending + count(projects) + dep.homes", kAt, diags);
  ASSERT_TRUE(e);
  EXPECT_EQ(e->names(), (std::vector<std::string>{"dep", "totals", "projects"}));
}

TEST_F(Fixture, DivisionByZeroAtTheOperator) {
  EXPECT_EQ(error("dep.spending / dep.homes", 2),
            "layout.yaml:7:24: error: division by zero: `dep.homes` is 0\n"
            "  hint: guard it with a condition (`when: dep.homes > 0`), or check the data\n"
            "1 error\n");
}

TEST_F(Fixture, UnknownFieldListsTheFieldsAndGuesses) {
  EXPECT_EQ(error("dep.spendng / totals.spending"),
            "layout.yaml:7:15: error: no field `spendng` in `dep`\n"
            "  hint: did you mean `spending`?\n"
            "  hint: its fields: code, name, homes, spending\n"
            "1 error\n");
  EXPECT_EQ(error("1 + totls.spending"),
            "layout.yaml:7:15: error: no value `totls`\n"
            "  hint: did you mean `totals`?\n"
            "  hint: names: region, totals, departements, projects, empty, dep\n"
            "1 error\n");
}

TEST_F(Fixture, IndexOutOfRange) {
  EXPECT_EQ(error("departements.7.name"),
            "layout.yaml:7:24: error: no item 7 in `departements`, which has 3 items (0 to 2)\n"
            "1 error\n");
}

TEST_F(Fixture, TextWhereANumberIsNeeded) {
  EXPECT_EQ(error("dep.spending / dep.name"),
            "layout.yaml:7:26: error: `dep.name` is the text \"Nord\", not a number\n"
            "1 error\n");
  EXPECT_NE(error("projects * 2").find("hint: count(projects) counts its items"),
            std::string::npos);
}

TEST_F(Fixture, CodesAreTexts) {
  std::string e = error("dep.code == 59");
  EXPECT_NE(e.find("layout.yaml:7:20: error: cannot compare `dep.code` (the text \"59\") with "
                   "`59` (the number 59)"),
            std::string::npos)
      << e;
  EXPECT_NE(e.find("codes are texts"), std::string::npos);
}

TEST_F(Fixture, AggregateErrors) {
  EXPECT_NE(error("summ(projects.budget)")
                .find("7:11: error: unknown function `summ`\n"
                      "  hint: did you mean `sum`?"),
            std::string::npos);
  EXPECT_NE(error("sum(projects.departement)")
                .find("7:15: error: `sum` needs numbers; item 0 of `projects.departement` is "
                      "the text \"02\""),
            std::string::npos);
  EXPECT_NE(error("max(empty)").find("`max` of an empty list"), std::string::npos);
  EXPECT_NE(error("count(dep)").find("`count` needs a list; `dep` is a record"), std::string::npos);
}

TEST_F(Fixture, ConditionsNeedBooleans) {
  EXPECT_NE(error("count(projects) and true").find("`and` needs a condition"), std::string::npos);
  diags = Diagnostics();
  auto e = parse("projects", kAt, diags);
  ASSERT_TRUE(e);
  TestNames names(root, nullptr);
  EXPECT_FALSE(test(*e, names, diags, "`when:`"));
  EXPECT_NE(dump(diags).find("layout.yaml:7:11: error: `when:` needs a condition (true or "
                             "false); `projects` gives a list of 3 items"),
            std::string::npos)
      << dump(diags);
  auto c = parse("count(projects) > 2", kAt, diags);
  ASSERT_TRUE(c);
  EXPECT_EQ(test(*c, names, diags), std::optional<bool>(true));
}

TEST_F(Fixture, SyntaxErrorsAtTheirColumn) {
  auto syntax = [&](std::string_view text) {
    diags = Diagnostics();
    EXPECT_FALSE(parse(text, kAt, diags)) << text;
    EXPECT_EQ(diags.error_count(), 1u) << text;
    return dump(diags);
  };
  EXPECT_NE(syntax("(1 + 2").find("7:11: error: unclosed `(`"), std::string::npos);
  EXPECT_NE(syntax("1 +").find("7:14: error: the expression ends where a value is expected"),
            std::string::npos);
  EXPECT_NE(syntax("dep.code = '59'").find("7:20: error: `=` is not an operator"),
            std::string::npos);
  EXPECT_NE(syntax("1 < 2 < 3").find("7:17: error: comparisons cannot be chained"),
            std::string::npos);
  EXPECT_NE(syntax("dep.code == '59").find("7:23: error: unclosed text"), std::string::npos);
  EXPECT_NE(syntax("2A").find("`2A` is not a number"), std::string::npos);
  EXPECT_NE(syntax("dep.").find("7:15: error: a field name or an index is expected"),
            std::string::npos);
  EXPECT_NE(syntax("1 2").find("7:13: error: unexpected `2`"), std::string::npos);
  EXPECT_NE(syntax("").find("empty expression"), std::string::npos);
  EXPECT_NE(syntax("€ + 1").find("7:11: error: unexpected `€`"), std::string::npos);
  EXPECT_NE(syntax("a € b").find("7:13: error: unexpected `€ b` after the expression"),
            std::string::npos);
  // Columns count characters: `é` is one.
  EXPECT_NE(syntax("'é' +").find("7:16: error: the expression ends"), std::string::npos);
}

TEST_F(Fixture, BudgetsOfLengthAndDepth) {
  diags = Diagnostics();
  EXPECT_FALSE(parse(std::string(kMaxLength + 1, '1'), kAt, diags));
  EXPECT_NE(dump(diags).find("the length budget of an expression"), std::string::npos);
  diags = Diagnostics();
  std::string deep = std::string(200, '(') + "1" + std::string(200, ')');
  EXPECT_FALSE(parse(deep, kAt, diags));
  EXPECT_NE(dump(diags).find("the nesting budget of an expression"), std::string::npos);
  diags = Diagnostics();
  std::string negs(500, '-');
  EXPECT_FALSE(parse(negs + "1", kAt, diags));
  EXPECT_EQ(diags.error_count(), 1u);
  diags = Diagnostics();
  std::string nots;
  for (int i = 0; i < 100; ++i) nots += "not ";
  EXPECT_FALSE(parse(nots + "true", kAt, diags));
  EXPECT_EQ(diags.error_count(), 1u);
  // Within the budget, nesting works.
  EXPECT_EQ(num(std::string(10, '(') + "1" + std::string(10, ')')), 1);
}

TEST_F(Fixture, OffsetPositions) {
  EXPECT_EQ(offset_pos(kAt, "ab\ncd", 4).str(), "layout.yaml:8:2");
  EXPECT_EQ(offset_pos(kAt, "né x", 3).str(), "layout.yaml:7:13");
}

}  // namespace
}  // namespace plaquette::expr
