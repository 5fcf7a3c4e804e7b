// Templates: the text of layout blocks and catalog messages, with bindings to data.
//
//   {path}          a value of the binding tree, formatted by its kind
//   {path|format}   formatted with an ICU number format (integer, decimal:1, percent,
//                   currency, compact, compact-currency, short-currency), or plain / count
//   {= expr}        the value of an expression (expr/expr.h), e.g. {= a / b|percent}
//   {@key}          a catalog message, itself a template
//   **strong**      a strong span (the style's strong font and colour)
//   {{ and }}       literal braces
#pragma once

#include <memory>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "base/diag.h"
#include "expr/expr.h"
#include "figures/value.h"
#include "layout/catalog.h"
#include "layout/spec.h"

namespace plaquette::layout {

/// A piece of expanded text with one emphasis.
struct Piece {
  std::string text;
  bool strong = false;
};

/// Expanded text, with the positions of the data it came from (for diagnostics).
struct RichText {
  std::vector<Piece> pieces;
  std::vector<SourcePos> sources;
  /// What each of `sources` is, for messages: a data path ("projects.1.description") or a
  /// catalog message ("message `title`").
  std::vector<std::string> source_names;
  std::string plain() const;
  bool empty() const;
};

/// Names visible while expanding: the binding tree, the items of enclosing repeats, and the
/// layout's computed values (evaluated where they are used, so that one naming a repeat's
/// item gives that item's figure; each evaluated once per item).
class Scope : public expr::Names {
 public:
  explicit Scope(const figures::Value& root) : root_(&root) {}
  /// A scope that also sees the layout's `computed` values; their errors are recorded in
  /// `diags` (both must outlive the scope and the scopes made from it).
  Scope(const figures::Value& root, const std::vector<Computed>& computed, Diagnostics& diags);
  /// A scope that also sees `name` as `value` (for repeat items); `path` is where the
  /// value sits in the binding tree ("projects.1"), for messages.
  Scope with(std::string name, const figures::Value& value, std::string path = {}) const;
  /// Resolves a dotted path: first against the innermost names, then computed values, then
  /// the root. A computed value whose evaluation failed (already reported) is a null Value.
  const figures::Value* find(std::string_view path) const;
  /// The names a path may start with: the innermost names first, then the root's fields.
  std::vector<std::string> names() const;
  /// True for what find() gives for a computed value whose evaluation failed (reported).
  static bool failed(const figures::Value* v);
  /// The path from the root of the binding tree: "project.title" → "projects.1.title".
  std::string full_path(std::string_view path) const;

  // expr::Names
  const figures::Value* lookup(std::string_view name) const override;
  std::vector<std::string> visible() const override;
  std::string path_of(std::string_view name) const override;

 private:
  struct Name {
    std::string name;
    const figures::Value* value;
    std::string path;
  };
  struct ComputedState;
  const figures::Value* computed(std::string_view name) const;
  std::optional<expr::Result> computed_list(const Computed& def) const;

  const figures::Value* root_;
  std::vector<Name> names_;
  std::shared_ptr<ComputedState> computed_;
};

/// What expansion needs besides the scope.
struct ExpandContext {
  const Catalog* catalog = nullptr;
  std::string language;  ///< ICU locale for number formatting ("fr-FR")
};

/// Expands a template. Problems (unknown path, bad format, missing message, unbalanced
/// braces) are errors at `pos`; the returned text then holds what could be expanded.
RichText expand(std::string_view tmpl, const SourcePos& pos, const Scope& scope,
                const ExpandContext& ctx, Diagnostics& diags);

/// Formats one value with a format spec ("" = by kind). False with a message on failure.
bool format_value(const figures::Value& v, std::string_view spec, const std::string& language,
                  std::string& out, std::string& error, bool joined_currency);
/// format_value with CLDR's currency spacing.
inline bool format_value(const figures::Value& v, std::string_view spec,
                         const std::string& language, std::string& out, std::string& error) {
  return format_value(v, spec, language, out, error, false);
}

}  // namespace plaquette::layout
