// The expression language of layouts: computed values (`dep.spending / totals.spending`),
// conditions (`count(projects) > 0`) and filters, over the binding tree (figures/value.h).
//
//   literals     12, 0.5, "02", '2A', true, false
//   paths        dep.spending, totals.spending, departements.0.name; a path through a list
//                without an index takes the field of every item: projects.budget
//   arithmetic   + - * / and unary -, with the usual precedence, and ( )
//   comparisons  == != < <= > >= (numbers with numbers, texts with texts)
//   logic        and, or, not
//   aggregates   count(list), sum(list), min(list), max(list)
//
// Parsed once (positions kept: every error points at the column of the part at fault),
// evaluated many times over different scopes. Documented in layouts/README.md.
#pragma once

#include <cstddef>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "base/diag.h"
#include "figures/value.h"

namespace plaquette::expr {

/// Longest expression, in bytes. A layout's expressions are a few dozen bytes.
inline constexpr std::size_t kMaxLength = 1000;
/// Deepest nesting of parentheses and operators the parser follows.
inline constexpr int kMaxDepth = 32;

struct Node;

/// A parsed expression: its text and where it was written.
class Expr {
 public:
  Expr();
  ~Expr();
  Expr(const Expr&);
  Expr& operator=(const Expr&);
  Expr(Expr&&) noexcept;
  Expr& operator=(Expr&&) noexcept;

  /// The text as written.
  const std::string& text() const { return text_; }
  /// Where its first character was written.
  const SourcePos& pos() const { return pos_; }
  /// The first names it refers to (`dep` for `dep.spending / totals.spending`), in order,
  /// each once; function names excluded.
  std::vector<std::string> names() const;

 private:
  friend std::optional<Expr> parse(std::string_view, const SourcePos&, Diagnostics&);
  friend class Evaluator;
  std::string text_;
  SourcePos pos_;
  std::shared_ptr<const Node> root_;
};

/// Parses an expression; `start` is the position of its first character (so that an error
/// points at the column of the part at fault). Errors are recorded; nullopt on any.
std::optional<Expr> parse(std::string_view text, const SourcePos& start, Diagnostics& diags);

/// The names an expression can see: the binding tree's top-level fields, the items of
/// enclosing repeats, computed values. Implemented by layout::Scope.
class Names {
 public:
  virtual ~Names() = default;
  /// The value of a top-level name, or nullptr when there is none.
  virtual const figures::Value* lookup(std::string_view name) const = 0;
  /// Every name visible, for "did you mean" hints.
  virtual std::vector<std::string> visible() const = 0;
  /// The binding tree path of a name (`dep` → `departements.2`), for messages; "" if none.
  virtual std::string path_of(std::string_view name) const {
    (void)name;
    return {};
  }
};

/// Names that are the fields of one record (the binding tree's root).
class RecordNames : public Names {
 public:
  explicit RecordNames(const figures::Value& record) : record_(&record) {}
  const figures::Value* lookup(std::string_view name) const override;
  std::vector<std::string> visible() const override;

 private:
  const figures::Value* record_;
};

/// What an expression gives: a value of the binding tree itself (not a copy) or a value
/// computed by it.
class Result {
 public:
  /// A value of the tree, which must outlive the result.
  static Result ref(const figures::Value& v);
  /// A computed value.
  static Result owned(figures::Value v);
  const figures::Value& value() const { return ref_ ? *ref_ : *own_; }
  const figures::Value* operator->() const { return &value(); }
  /// True when it refers to a value of the tree.
  bool is_ref() const { return ref_ != nullptr; }

 private:
  const figures::Value* ref_ = nullptr;
  std::shared_ptr<const figures::Value> own_;
};

/// Evaluates an expression over `names`. Errors (unknown name or field, division by zero, a
/// text where a number is needed...) are recorded at the column of the part at fault;
/// nullopt on any.
std::optional<Result> evaluate(const Expr& e, const Names& names, Diagnostics& diags);

/// Evaluates a condition: the expression must give true or false (a comparison, `and`,
/// `or`, `not`); anything else is an error naming what it gave, with a hint (`count(x) > 0`).
/// `what` names the key in messages ("`when:`"). nullopt on error.
std::optional<bool> test(const Expr& e, const Names& names, Diagnostics& diags,
                         std::string_view what = "a condition");

/// Position of byte `offset` of a text written at `start`: the column advances by one per
/// character (UTF-8), lines by line ends. Exact for a text on one line of the file.
SourcePos offset_pos(const SourcePos& start, std::string_view text, std::size_t offset);

/// "a number", "a text \"Nord\"", "a list of 5 items"...: what a value is, for messages.
std::string describe(const figures::Value& v);

}  // namespace plaquette::expr
