// The binding tree: every raw and computed figure of an edition, for one locale, as a
// generic tree of numbers, strings, lists and records. The layout binds to paths in it
// ("totals.spending", "projects.0.title") and knows nothing of the data schema.
//
// Paths of the tree (the contract with layout files; keep them stable):
//   region, publisher, date (YYYY-MM-DD), source_locale, period.start, period.end,
//   counts.{qpv, communes, social_housing_share_in_qpv},
//   ratios.{spent_per_received, inhabitants_per_home, inhabitants_rounding},
//   totals.{homes, inhabitants, spending, spending_per_home, coverage, themes},
//   departements.N.{code, name, homes, spending, inhabitants},
//   themes.N.{id, name, amount, share, axes.M.{number, name}},
//   projects.N.{id, title, place, departement, departement_name, description,
//               objectives.M, budget, partners}
#pragma once

#include <cstdint>
#include <functional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "base/diag.h"
#include "figures/figures.h"
#include "model/edition.h"

namespace plaquette::figures {

struct Field;

/// One node of the binding tree.
struct Value {
  // Scoped: unscoped enumerators `number` and `string` would clash with the members below.
  enum class Kind { null, number, string, list, record, boolean };
  Kind kind = Kind::null;
  double number = 0;
  bool truth = false;        ///< boolean (the result of a comparison in an expression)
  bool integer = false;      ///< typed or computed as a whole number (formats without decimals)
  std::string string;        ///< UTF-8, already resolved for the locale
  std::vector<Value> items;  ///< list
  // Field, not std::pair<std::string, Value>: a vector may hold an incomplete type, a pair
  // may not (clang's libstdc++ checks refuse it while Value is being defined).
  std::vector<Field> fields;  ///< record, in a fixed order
  SourcePos pos;              ///< where it was typed; for computed values, the main input

  /// The field `key` of a record, or nullptr (also for non-records).
  const Value* field(std::string_view key) const;
  /// Resolves a dotted path like "totals.spending" or "projects.0.title"; nullptr if absent.
  const Value* find(std::string_view path) const;

  /// A number; `integer` is set when it is whole and exactly representable.
  static Value of_number(double v, SourcePos pos);
  /// A string.
  static Value of_string(std::string s, SourcePos pos);
  /// A boolean (conditions of expressions).
  static Value of_bool(bool b, SourcePos pos);
  /// An empty list.
  static Value of_list(SourcePos pos);
  /// An empty record.
  static Value of_record(SourcePos pos);
  /// Appends a field to a record (kept in insertion order); returns the new field's value.
  Value& add(std::string key, Value v);
};

/// One field of a record: its key and value (named like a pair's members).
struct Field {
  Field(std::string k, Value v) : first(std::move(k)), second(std::move(v)) {}
  std::string first;  ///< key
  Value second;       ///< value
};

/// How translatable texts are bound.
struct BindOptions {
  /// A missing translation is a warning, not an error (the source-locale text stands in).
  bool allow_fallback = false;
  /// Applied to every translatable text (the pseudo-locale); none when empty.
  std::function<std::string(std::string_view)> transform;
};

/// The binding tree for one locale: every raw and computed figure. A translatable text missing
/// for `locale` is an error listing the key path and file:line (all of them, not the first);
/// the source-locale text stands in for it so that a proof can still be drawn.
Value make_bindings(const model::Edition& edition, const Figures& figures,
                    const std::string& locale, Diagnostics& diags, const BindOptions& options = {});

/// The edition's date as seconds since 1970-01-01T00:00:00Z (midnight UTC), for the PDF.
std::int64_t edition_epoch(const model::Edition& edition);

}  // namespace plaquette::figures
