// The typed readers of layout keys shared by spec.cc and the block kinds (see read.h).
#include "layout/read.h"

#include <cmath>
#include <cstdio>

namespace plaquette::layout {

void suggest(Diagnostic& d, std::string_view word, const std::vector<std::string>& names) {
  std::string guess = model::closest_match(word, names);
  if (!guess.empty()) d.hints.push_back("did you mean `" + guess + "`?");
}

std::optional<Length> read_length(model::MapReader& m, std::string_view key, bool allow_relative,
                                  bool allow_negative) {
  auto r = m.get(key, model::optional);
  if (!r) return std::nullopt;
  auto s = r->string();
  if (!s) return std::nullopt;
  Length len;
  if (!parse_length(s->value, len) || (len.relative && !allow_relative)) {
    r->error("expected a length such as `12mm`, `9pt`" +
             std::string(allow_relative ? " or `50%`" : "") + ", found `" + s->value + "`");
    return std::nullopt;
  }
  if (!allow_negative && len.value < 0) {
    r->error("cannot be negative, found `" + s->value + "`");
    return std::nullopt;
  }
  if (std::abs(len.relative ? len.value * 100 : len.value) > kMaxLength) {
    r->error("`" + s->value + "` is longer than any page");
    return std::nullopt;
  }
  return len;
}

double read_points(model::MapReader& m, std::string_view key, double fallback, double min,
                   double max) {
  auto len = read_length(m, key, false);
  if (!len) return fallback;
  if (len->value < min || len->value > max) {
    char buf[160];
    std::snprintf(buf, sizeof buf, "must be from %.4g pt to %.4g pt, found %.4g pt", min, max,
                  len->value);
    m.get(key)->error(buf);
    return fallback;
  }
  return len->value;
}

std::string read_string(model::MapReader& m, std::string_view key, const std::string& fallback,
                        SourcePos* pos) {
  auto s = m.string(key, model::optional);
  if (!s) return fallback;
  // Templates: where their first character was written, so that an error inside one points
  // at its column.
  if (pos) *pos = m.get(key, model::optional)->text_pos();
  return s->value;
}

std::optional<expr::Expr> read_expr(model::MapReader& m, std::string_view key) {
  auto r = m.get(key, model::optional);
  if (!r) return std::nullopt;
  // `when: true` is read by YAML as a boolean, `limit`-like numbers as numbers: the text
  // as written is the expression either way.
  if (!r->node().IsScalar()) {
    r->error("expected an expression, such as `count(projects) > 0`");
    return std::nullopt;
  }
  auto s = r->string();
  if (!s) return std::nullopt;
  return expr::parse(s->value, r->text_pos(), m.diags());
}

ListQuery read_query(model::MapReader& m) {
  ListQuery q;
  q.where = read_expr(m, "where");
  q.sort = read_expr(m, "sort");
  if (auto o = read_enum<bool>(m, "order", {{"ascending", false}, {"descending", true}})) {
    q.descending = *o;
    if (!q.sort && !m.has("sort"))
      m.get("order")->error("`order` is the order of the `sort:` key: give `sort` too");
  }
  if (auto r = m.get("limit", model::optional)) {
    if (auto n = r->integer()) {
      if (n->value < 1)
        r->error("`limit` is the largest number of items to take, 1 or more; found " +
                 std::to_string(n->value));
      else
        q.limit = static_cast<std::size_t>(n->value);
    }
  }
  return q;
}

std::optional<HAlign> read_align(model::MapReader& m) {
  return read_enum<HAlign>(m, "align",
                           {{"left", HAlign::left},
                            {"center", HAlign::center},
                            {"right", HAlign::right},
                            {"justify", HAlign::justify}});
}

VAlign read_valign(model::MapReader& m, VAlign fallback) {
  return read_enum<VAlign>(
             m, "valign",
             {{"top", VAlign::top}, {"middle", VAlign::middle}, {"bottom", VAlign::bottom}})
      .value_or(fallback);
}

}  // namespace plaquette::layout
