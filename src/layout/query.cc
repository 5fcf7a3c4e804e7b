#include "layout/query.h"

#include <algorithm>
#include <numeric>

namespace plaquette::layout {

std::vector<std::string> ListQuery::names(const std::string& as) const {
  std::vector<std::string> out;
  for (const auto* e : {&where, &sort}) {
    if (!*e) continue;
    for (const std::string& n : (*e)->names())
      if (n != as && std::find(out.begin(), out.end(), n) == out.end()) out.push_back(n);
  }
  return out;
}

std::vector<std::string> Computed::names() const {
  if (!is_list) return expr.names();
  std::vector<std::string> out{over.substr(0, over.find('.'))};
  for (const std::string& n : query.names(as))
    if (std::find(out.begin(), out.end(), n) == out.end()) out.push_back(n);
  return out;
}

std::optional<std::vector<std::size_t>> select_items(const figures::Value& list, const ListQuery& q,
                                                     const std::string& as, const std::string& path,
                                                     const Scope& scope, Diagnostics& diags) {
  using figures::Value;
  std::vector<std::size_t> picked;
  for (std::size_t i = 0; i < list.items.size(); ++i) {
    if (q.where) {
      const Scope item = scope.with(as, list.items[i], path + "." + std::to_string(i));
      auto keep = expr::test(*q.where, item, diags, "`where:`");
      if (!keep) return std::nullopt;
      if (!*keep) continue;
    }
    picked.push_back(i);
  }
  if (q.sort && !picked.empty()) {
    // One key per item, all numbers or all texts (texts in byte order, as comparisons).
    std::vector<Value> keys(list.items.size());
    Value::Kind kind = Value::Kind::null;
    std::size_t first = 0;
    for (std::size_t i : picked) {
      const Scope item = scope.with(as, list.items[i], path + "." + std::to_string(i));
      auto r = expr::evaluate(*q.sort, item, diags);
      if (!r) return std::nullopt;
      const Value& v = r->value();
      if (v.kind != Value::Kind::number && v.kind != Value::Kind::string) {
        diags
            .error(q.sort->pos(), "`sort:` needs a number or a text for each item; `" +
                                      q.sort->text() + "` gives " + expr::describe(v) +
                                      " for item " + std::to_string(i + 1) + " of `" + path + "`")
            .hints.push_back("sort by a number or text field of the item (`" + as + ".…`)");
        return std::nullopt;
      }
      if (kind == Value::Kind::null) {
        kind = v.kind;
        first = i;
      } else if (v.kind != kind) {
        diags
            .error(q.sort->pos(), "`sort:` gives " + expr::describe(keys[first]) + " for item " +
                                      std::to_string(first + 1) + " of `" + path + "` but " +
                                      expr::describe(v) + " for item " + std::to_string(i + 1) +
                                      ": numbers and texts cannot be sorted together")
            .hints.push_back("sort by a field that has the same kind in every item");
        return std::nullopt;
      }
      keys[i] = v;
    }
    auto less = [&](std::size_t a, std::size_t b) {
      const Value &x = keys[a], &y = keys[b];
      return kind == Value::Kind::number ? x.number < y.number : x.string < y.string;
    };
    if (q.descending)
      std::stable_sort(picked.begin(), picked.end(),
                       [&](std::size_t a, std::size_t b) { return less(b, a); });
    else
      std::stable_sort(picked.begin(), picked.end(), less);
  }
  if (q.limit && picked.size() > *q.limit) picked.resize(*q.limit);
  return picked;
}

}  // namespace plaquette::layout
