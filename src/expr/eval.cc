// Evaluation of a parsed expression over the binding tree. Paths resolve to the tree's own
// values (never copied); only what an operator computes is a new value.
#include <algorithm>
#include <charconv>
#include <cmath>
#include <cstdio>

#include "expr/expr.h"
#include "expr/node.h"
#include "model/yaml.h"

namespace plaquette::expr {

using figures::Value;

const Value* RecordNames::lookup(std::string_view name) const { return record_->field(name); }

std::vector<std::string> RecordNames::visible() const {
  std::vector<std::string> out;
  for (const auto& f : record_->fields) out.push_back(f.first);
  return out;
}

Result Result::ref(const Value& v) {
  Result r;
  r.ref_ = &v;
  return r;
}

Result Result::owned(Value v) {
  Result r;
  r.own_ = std::make_shared<const Value>(std::move(v));
  return r;
}

namespace {

std::string clip(const std::string& s) {
  constexpr std::size_t kMax = 40;
  if (s.size() <= kMax) return s;
  std::size_t cut = kMax;
  while (cut > 0 && (static_cast<unsigned char>(s[cut]) & 0xC0) == 0x80) --cut;
  return s.substr(0, cut) + "…";
}

std::string number_text(double v) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.10g", v);
  return buf;
}

std::string join(const std::vector<std::string>& names) {
  std::string all;
  constexpr std::size_t kMax = 16;
  for (std::size_t i = 0; i < names.size() && i < kMax; ++i)
    all += (all.empty() ? "" : ", ") + names[i];
  if (names.size() > kMax) all += ", … (" + std::to_string(names.size()) + " in all)";
  return all;
}

const char* const kFunctions[] = {"count", "sum", "min", "max"};

}  // namespace

std::string describe(const Value& v) {
  switch (v.kind) {
    case Value::Kind::number:
      return "the number " + number_text(v.number);
    case Value::Kind::string:
      return "the text \"" + clip(v.string) + "\"";
    case Value::Kind::boolean:
      return v.truth ? "true" : "false";
    case Value::Kind::list:
      return "a list of " + std::to_string(v.items.size()) +
             (v.items.size() == 1 ? " item" : " items");
    case Value::Kind::record:
      return "a record";
    case Value::Kind::null:
      return "no value";
  }
  return "no value";
}

/// Walks the tree of one expression.
class Evaluator {
 public:
  Evaluator(const Expr& e, const Names& names, Diagnostics& diags)
      : e_(e), names_(names), diags_(diags) {}

  std::optional<Result> run() {
    if (!e_.root_) return std::nullopt;
    return eval(*e_.root_);
  }

 private:
  Diagnostic& fail(std::size_t offset, std::string message) {
    return diags_.error(offset_pos(e_.pos_, e_.text_, offset), std::move(message));
  }

  std::string source(const Node& n) const { return e_.text_.substr(n.begin, n.end - n.begin); }

  Value number(double v) const { return Value::of_number(v, e_.pos_); }

  std::optional<Result> eval(const Node& n) {
    switch (n.op) {
      case Op::number:
        return Result::owned(number(n.number));
      case Op::string:
        return Result::owned(Value::of_string(n.text, e_.pos_));
      case Op::boolean:
        return Result::owned(Value::of_bool(n.truth, e_.pos_));
      case Op::path:
        return path(n);
      case Op::neg: {
        auto v = need_number(*n.args[0]);
        if (!v) return std::nullopt;
        return Result::owned(number(-*v));
      }
      case Op::add:
      case Op::sub:
      case Op::mul:
      case Op::div:
        return arithmetic(n);
      case Op::eq:
      case Op::ne:
      case Op::lt:
      case Op::le:
      case Op::gt:
      case Op::ge:
        return compare(n);
      case Op::and_:
      case Op::or_: {
        auto l = need_bool(*n.args[0], n.op == Op::and_ ? "and" : "or");
        if (!l) return std::nullopt;
        // Short-circuit: `count(projects) > 0 and projects.0.budget > 0` is safe.
        if (n.op == Op::and_ && !*l) return Result::owned(Value::of_bool(false, e_.pos_));
        if (n.op == Op::or_ && *l) return Result::owned(Value::of_bool(true, e_.pos_));
        auto r = need_bool(*n.args[1], n.op == Op::and_ ? "and" : "or");
        if (!r) return std::nullopt;
        return Result::owned(Value::of_bool(*r, e_.pos_));
      }
      case Op::not_: {
        auto v = need_bool(*n.args[0], "not");
        if (!v) return std::nullopt;
        return Result::owned(Value::of_bool(!*v, e_.pos_));
      }
      case Op::call:
        return call(n);
    }
    return std::nullopt;
  }

  std::optional<double> need_number(const Node& n) {
    auto r = eval(n);
    if (!r) return std::nullopt;
    if (r->value().kind == Value::Kind::number) return r->value().number;
    auto& d = fail(n.begin, "`" + source(n) + "` is " + describe(r->value()) + ", not a number");
    if (r->value().kind == Value::Kind::list)
      d.hints.push_back("count(" + source(n) + ") counts its items, sum(" + source(n) +
                        ") adds them up");
    return std::nullopt;
  }

  std::optional<bool> need_bool(const Node& n, const std::string& op) {
    auto r = eval(n);
    if (!r) return std::nullopt;
    if (r->value().kind == Value::Kind::boolean) return r->value().truth;
    fail(n.begin, "`" + op + "` needs a condition (true or false); `" + source(n) + "` is " +
                      describe(r->value()))
        .hints.push_back("compare it: `" + source(n) + " > 0`, `count(" + source(n) + ") > 0`");
    return std::nullopt;
  }

  std::optional<Result> arithmetic(const Node& n) {
    auto l = need_number(*n.args[0]);
    if (!l) return std::nullopt;
    auto r = need_number(*n.args[1]);
    if (!r) return std::nullopt;
    double v = 0;
    switch (n.op) {
      case Op::add:
        v = *l + *r;
        break;
      case Op::sub:
        v = *l - *r;
        break;
      case Op::mul:
        v = *l * *r;
        break;
      default:
        if (*r == 0) {
          fail(n.op_offset, "division by zero: `" + source(*n.args[1]) + "` is 0")
              .hints.push_back("guard it with a condition (`when: " + source(*n.args[1]) +
                               " > 0`), or check the data");
          return std::nullopt;
        }
        v = *l / *r;
        break;
    }
    if (!std::isfinite(v)) {
      fail(n.op_offset, "`" + source(n) + "` is too large a number to compute");
      return std::nullopt;
    }
    return Result::owned(number(v));
  }

  std::optional<Result> compare(const Node& n) {
    auto l = eval(*n.args[0]);
    if (!l) return std::nullopt;
    auto r = eval(*n.args[1]);
    if (!r) return std::nullopt;
    const Value& a = l->value();
    const Value& b = r->value();
    const bool equality = n.op == Op::eq || n.op == Op::ne;
    int order = 0;  // <0, 0, >0
    if (a.kind == Value::Kind::number && b.kind == Value::Kind::number) {
      order = a.number < b.number ? -1 : a.number > b.number ? 1 : 0;
    } else if (a.kind == Value::Kind::string && b.kind == Value::Kind::string) {
      int c = a.string.compare(b.string);
      order = c < 0 ? -1 : c > 0 ? 1 : 0;
    } else if (equality && a.kind == Value::Kind::boolean && b.kind == Value::Kind::boolean) {
      order = a.truth == b.truth ? 0 : 1;
    } else {
      auto& d = fail(n.op_offset, "cannot compare `" + source(*n.args[0]) + "` (" + describe(a) +
                                      ") with `" + source(*n.args[1]) + "` (" + describe(b) + ")");
      if ((a.kind == Value::Kind::string) != (b.kind == Value::Kind::string) &&
          (a.kind == Value::Kind::number || b.kind == Value::Kind::number))
        d.hints.push_back("codes are texts: compare with a quoted text, \"02\" or \"59\"");
      return std::nullopt;
    }
    bool v = false;
    switch (n.op) {
      case Op::eq:
        v = order == 0;
        break;
      case Op::ne:
        v = order != 0;
        break;
      case Op::lt:
        v = order < 0;
        break;
      case Op::le:
        v = order <= 0;
        break;
      case Op::gt:
        v = order > 0;
        break;
      default:
        v = order >= 0;
        break;
    }
    return Result::owned(Value::of_bool(v, e_.pos_));
  }

  std::optional<Result> call(const Node& n) {
    const std::string& f = n.text;
    bool known = false;
    for (const char* k : kFunctions) known = known || f == k;
    if (!known) {
      std::vector<std::string> all(std::begin(kFunctions), std::end(kFunctions));
      auto& d = fail(n.begin, "unknown function `" + f + "`");
      std::string guess = model::closest_match(f, all);
      if (!guess.empty()) d.hints.push_back("did you mean `" + guess + "`?");
      d.hints.push_back("functions: " + join(all));
      return std::nullopt;
    }
    const Node& arg = *n.args[0];
    auto r = eval(arg);
    if (!r) return std::nullopt;
    const Value& list = r->value();
    if (list.kind != Value::Kind::list) {
      fail(arg.begin, "`" + f + "` needs a list; `" + source(arg) + "` is " + describe(list));
      return std::nullopt;
    }
    if (f == "count") return Result::owned(number(static_cast<double>(list.items.size())));
    double acc = 0;
    for (std::size_t i = 0; i < list.items.size(); ++i) {
      const Value& item = list.items[i];
      if (item.kind != Value::Kind::number) {
        fail(arg.begin, "`" + f + "` needs numbers; item " + std::to_string(i) + " of `" +
                            source(arg) + "` is " + describe(item));
        return std::nullopt;
      }
      if (f == "sum")
        acc += item.number;
      else if (i == 0)
        acc = item.number;
      else if (f == "min")
        acc = std::min(acc, item.number);
      else
        acc = std::max(acc, item.number);
    }
    if (f != "sum" && list.items.empty()) {
      fail(n.begin, "`" + f + "` of an empty list: `" + source(arg) + "` has no items")
          .hints.push_back("guard it with `count(" + source(arg) + ") > 0`");
      return std::nullopt;
    }
    if (!std::isfinite(acc)) {
      fail(n.begin, "`" + source(n) + "` is too large a number to compute");
      return std::nullopt;
    }
    return Result::owned(number(acc));
  }

  // The text of the path up to (not including) step k: "dep" for the step `spending`.
  std::string prefix(const Node& n, std::size_t k) const {
    std::size_t end = n.steps[k].offset - 1;
    return e_.text_.substr(n.begin, end - n.begin);
  }

  std::optional<Result> path(const Node& n) {
    const Step& head = n.steps.front();
    const Value* v = names_.lookup(head.name);
    if (!v) {
      std::vector<std::string> all = names_.visible();
      auto& d = fail(head.offset, "no value `" + head.name + "`");
      std::string guess = model::closest_match(head.name, all);
      if (!guess.empty()) d.hints.push_back("did you mean `" + guess + "`?");
      d.hints.push_back("names: " + join(all));
      return std::nullopt;
    }
    return walk(n, *v, 1);
  }

  // Follows steps k.. from `v`. A list and a step that is not an index: the same steps
  // through every item, whose results are gathered in one list (flattened by one level,
  // so that `themes.axes.number` lists every axis's number).
  std::optional<Result> walk(const Node& n, const Value& start, std::size_t k) {
    const Value* v = &start;
    for (; k < n.steps.size(); ++k) {
      const Step& s = n.steps[k];
      if (v->kind == Value::Kind::record) {
        const Value* next = v->field(s.name);
        if (!next) {
          std::vector<std::string> all;
          for (const auto& f : v->fields) all.push_back(f.first);
          auto& d = fail(s.offset, "no field `" + s.name + "` in `" + prefix(n, k) + "`");
          std::string guess = model::closest_match(s.name, all);
          if (!guess.empty()) d.hints.push_back("did you mean `" + guess + "`?");
          d.hints.push_back("its fields: " + join(all));
          return std::nullopt;
        }
        v = next;
      } else if (v->kind == Value::Kind::list) {
        if (s.name[0] >= '0' && s.name[0] <= '9') {
          std::size_t i = 0;
          auto [ptr, ec] = std::from_chars(s.name.data(), s.name.data() + s.name.size(), i);
          if (ec != std::errc() || ptr != s.name.data() + s.name.size() || i >= v->items.size()) {
            fail(s.offset,
                 "no item " + s.name + " in `" + prefix(n, k) + "`, which has " +
                     std::to_string(v->items.size()) + (v->items.size() == 1 ? " item" : " items") +
                     (v->items.empty() ? ""
                                       : " (0 to " + std::to_string(v->items.size() - 1) + ")"));
            return std::nullopt;
          }
          v = &v->items[i];
          continue;
        }
        Value out = Value::of_list(e_.pos_);
        for (const Value& item : v->items) {
          auto r = walk(n, item, k);
          if (!r) return std::nullopt;
          if (r->value().kind == Value::Kind::list) {
            for (const Value& x : r->value().items) out.items.push_back(x);
          } else {
            out.items.push_back(r->value());
          }
        }
        return Result::owned(std::move(out));
      } else {
        fail(s.offset,
             "`" + prefix(n, k) + "` is " + describe(*v) + "; it has no field `" + s.name + "`");
        return std::nullopt;
      }
    }
    return Result::ref(*v);
  }

  const Expr& e_;
  const Names& names_;
  Diagnostics& diags_;
};

std::optional<Result> evaluate(const Expr& e, const Names& names, Diagnostics& diags) {
  return Evaluator(e, names, diags).run();
}

std::optional<bool> test(const Expr& e, const Names& names, Diagnostics& diags,
                         std::string_view what) {
  auto r = evaluate(e, names, diags);
  if (!r) return std::nullopt;
  if (r->value().kind == Value::Kind::boolean) return r->value().truth;
  diags
      .error(e.pos(), std::string(what) + " needs a condition (true or false); `" + e.text() +
                          "` gives " + describe(r->value()))
      .hints.push_back(
          r->value().kind == Value::Kind::list ? "is the list empty? `count(" + e.text() + ") > 0`"
          : r->value().kind == Value::Kind::number ? "compare it: `" + e.text() + " > 0`"
          : r->value().kind == Value::Kind::string
              ? "compare it: `" + e.text() + " == \"59\"`"
              : "compare one of its fields: `" + e.text() + ".code == \"59\"`, `count(" + e.text() +
                    ") > 0`");
  return std::nullopt;
}

}  // namespace plaquette::expr
