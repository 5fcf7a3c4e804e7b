// Private to the layout module: the typed readers of layout keys (lengths, points, enums,
// alignments) shared by the layout's top level (spec.cc) and the block kinds (blocks/).
// Each records its error at the key and gives nullopt or the fallback.
#pragma once

#include <initializer_list>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "layout/spec.h"
#include "model/yaml.h"

namespace plaquette::layout {

/// The largest page PDF readers accept is 200 inches: no length in a layout is longer.
constexpr double kMaxLength = 14400;

/// Adds a "did you mean" hint to `d` when a name of `names` is close to `word`.
void suggest(Diagnostic& d, std::string_view word, const std::vector<std::string>& names);

/// A length (`12mm`, `50%`): see parse_length.
std::optional<Length> read_length(model::MapReader& m, std::string_view key,
                                  bool allow_relative = true, bool allow_negative = true);

/// A length in points within [min, max]; the fallback when absent or wrong.
double read_points(model::MapReader& m, std::string_view key, double fallback, double min = 0,
                   double max = kMaxLength);

/// A string; the fallback when absent. `pos`, when given, receives where it was written.
std::string read_string(model::MapReader& m, std::string_view key, const std::string& fallback = "",
                        SourcePos* pos = nullptr);

/// One of a set of names given at run time (the block kinds of the table); an unknown one
/// is an error listing them (or naming the closest).
template <class E>
std::optional<E> read_choice(model::MapReader& m, std::string_view key,
                             const std::vector<std::pair<std::string, E>>& names) {
  auto r = m.get(key, model::optional);
  if (!r) return std::nullopt;
  auto s = r->string();
  if (!s) return std::nullopt;
  std::vector<std::string> choices;
  for (const auto& [name, value] : names) {
    if (s->value == name) return value;
    choices.push_back(name);
  }
  auto& d = r->error("unknown value `" + s->value + "`");
  suggest(d, s->value, choices);
  if (d.hints.empty()) {
    std::string list;
    for (const auto& c : choices) list += (list.empty() ? "" : ", ") + c;
    d.hints.push_back("one of: " + list);
  }
  return std::nullopt;
}

/// read_choice over a fixed set of names.
template <class E>
std::optional<E> read_enum(model::MapReader& m, std::string_view key,
                           std::initializer_list<std::pair<const char*, E>> names) {
  std::vector<std::pair<std::string, E>> choices;
  for (const auto& [name, value] : names) choices.emplace_back(name, value);
  return read_choice(m, key, choices);
}

/// An expression (a condition, a sort key) under `key`, parsed where it is written.
std::optional<expr::Expr> read_expr(model::MapReader& m, std::string_view key);

/// The keys of a list query beside an `over:`: `where`, `sort`, `order`, `limit`.
ListQuery read_query(model::MapReader& m);

/// `align:` left, center, right or justify.
std::optional<HAlign> read_align(model::MapReader& m);

/// `valign:` top, middle or bottom; the fallback when absent or wrong.
VAlign read_valign(model::MapReader& m, VAlign fallback = VAlign::top);

}  // namespace plaquette::layout
