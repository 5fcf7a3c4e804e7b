#include "layout/template.h"

#include <algorithm>
#include <cctype>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <deque>
#include <map>

#include "layout/query.h"
#include "layout/read.h"
#include "model/yaml.h"
#include "text/format.h"

namespace plaquette::layout {
namespace {

// Names for a hint: `a`, `b`, … (the first 20).
std::string list_names(const std::vector<std::string>& names) {
  std::string out;
  for (std::size_t i = 0; i < names.size() && i < 20; ++i)
    out += (i ? ", `" : "`") + names[i] + "`";
  if (names.size() > 20) out += ", …";
  return out;
}

// Why `path` names nothing: a "did you mean", or what exists where the path goes wrong.
std::string missing_path_hint(const Scope& scope, std::string_view path) {
  // The longest prefix that names a value.
  std::string_view found;
  const figures::Value* at = nullptr;
  for (std::size_t dot = path.find('.'); dot != std::string_view::npos;
       dot = path.find('.', dot + 1)) {
    const figures::Value* v = scope.find(path.substr(0, dot));
    if (!v) break;
    found = path.substr(0, dot);
    at = v;
  }
  const std::string_view rest = found.empty() ? path : path.substr(found.size() + 1);
  const std::string_view next = rest.substr(0, rest.find('.'));
  const std::string after(rest.substr(next.size()));
  const std::string prefix = found.empty() ? std::string() : std::string(found) + ".";
  std::vector<std::string> names;
  if (!at) {
    names = scope.names();
  } else if (at->kind == figures::Value::Kind::record) {
    for (const figures::Field& f : at->fields) names.push_back(f.first);
  } else if (at->kind == figures::Value::Kind::list) {
    return "`" + std::string(found) + "` is a list of " + std::to_string(at->items.size()) +
           ": name an item by its index from 0 (`" + prefix + "0`), or use `|count` or a repeat";
  } else {
    return "`" + std::string(found) + "` is " +
           (at->kind == figures::Value::Kind::number ? "a number" : "a text") +
           ", which has no fields";
  }
  const std::string guess = model::closest_match(next, names);
  if (!guess.empty()) return "did you mean `" + prefix + guess + after + "`?";
  if (names.empty()) return "there is nothing at `" + std::string(found) + "`";
  return (found.empty() ? std::string("the names here are: ")
                        : "`" + std::string(found) + "` has: ") +
         list_names(names);
}

// Catalog messages may refer to other messages; a cycle must end in an error, not a stack
// overflow. Real catalogs nest one or two levels.
constexpr int kMaxDepth = 8;

// Bytes one text may take to expand: template text scanned plus values inserted. Depth
// alone does not bound the work: messages that each name another one 10 times over 8
// levels are 10^8 references from an 800-byte catalog. A brochure's texts stay under a
// few KB, and laying out a megabyte in one frame would take minutes.
constexpr std::size_t kMaxExpansion = std::size_t{1} << 20;

std::string_view trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
  return s;
}

void append(RichText& out, std::string_view text, bool strong) {
  if (text.empty()) return;
  if (!out.pieces.empty() && out.pieces.back().strong == strong) {
    out.pieces.back().text.append(text);
  } else {
    out.pieces.push_back(Piece{std::string(text), strong});
  }
}

struct Expander {
  const Scope* scope;
  const ExpandContext& ctx;
  Diagnostics& diags;
  RichText out;
  SourcePos root_pos;              // where the text being expanded was written
  std::vector<std::string> chain;  // catalog messages being expanded, outermost first
  std::size_t used = 0;            // bytes of the budget spent
  bool exceeded = false;
  const std::string* hash = nullptr;  // what `#` stands for, inside a plural form

  // Spends `bytes` of the budget; false (and one error) once it is gone.
  bool spend(std::size_t bytes) {
    if (exceeded) return false;
    used += bytes;
    if (used <= kMaxExpansion) return true;
    exceeded = true;
    std::string via;
    for (const std::string& key : chain) via += (via.empty() ? "`" : " → `") + key + "`";
    Diagnostic& d = diags.error(root_pos,
                                "text larger than 1 MiB once expanded (the expansion "
                                "budget of one text); it was not laid out");
    if (!via.empty()) d.hints.push_back("expanding the catalog messages " + via);
    d.hints.push_back("a message that names other messages several times multiplies them");
    out = RichText{};
    return false;
  }

  // `pos` is where the first character of `tmpl` was written: each problem is reported at
  // the column of the part at fault.
  void run(std::string_view tmpl, const SourcePos& pos, bool strong, int depth) {
    if (!spend(tmpl.size())) return;
    if (depth > kMaxDepth) {
      diags.error(pos, "catalog messages refer to each other more than " +
                           std::to_string(kMaxDepth) + " levels deep (a cycle?)");
      return;
    }
    auto at = [&](std::size_t i) { return expr::offset_pos(pos, tmpl, i); };
    const bool strong_at_start = strong;
    std::string literal;
    std::size_t i = 0;
    auto flush = [&] {
      append(out, literal, strong);
      literal.clear();
    };
    while (i < tmpl.size()) {
      char c = tmpl[i];
      if (c == '{' && i + 1 < tmpl.size() && tmpl[i + 1] == '{') {
        literal += '{';
        i += 2;
      } else if (c == '}' && i + 1 < tmpl.size() && tmpl[i + 1] == '}') {
        literal += '}';
        i += 2;
      } else if (c == '*' && i + 1 < tmpl.size() && tmpl[i + 1] == '*') {
        flush();
        strong = !strong;
        i += 2;
      } else if (c == '{' && i + 1 < tmpl.size() && tmpl[i + 1] == '=') {
        // An expression: its texts may hold braces and bars, so the end is found past them.
        std::size_t close = i + 2, bar = std::string_view::npos;
        char quote = 0;
        for (; close < tmpl.size(); ++close) {
          char d = tmpl[close];
          if (quote) {
            if (d == quote) quote = 0;
          } else if (d == '"' || d == '\'') {
            quote = d;
          } else if (d == '|') {
            bar = close;
          } else if (d == '}') {
            break;
          }
        }
        if (close >= tmpl.size()) {
          diags.error(at(i), "unclosed `{=` in \"" + std::string(tmpl) + "\"")
              .hints.push_back("an expression is written {= a / b} or {= a / b|percent}");
          return;
        }
        flush();
        std::size_t end = bar == std::string_view::npos ? close : bar;
        std::string_view spec = bar == std::string_view::npos
                                    ? std::string_view()
                                    : trim(tmpl.substr(bar + 1, close - bar - 1));
        expression(tmpl, i + 2, end, spec, at(bar == std::string_view::npos ? i : bar + 1), pos,
                   strong);
        if (exceeded) return;
        i = close + 1;
      } else if (c == '{') {
        std::size_t close = tmpl.find('}', i);
        if (close == std::string_view::npos) {
          diags.error(at(i), "unclosed `{` in \"" + std::string(tmpl) + "\"")
              .hints.push_back("write `{{` for a literal brace");
          return;
        }
        flush();
        // Where the binding's text starts, past the brace and any spaces.
        std::size_t start = i + 1;
        while (start < close && (tmpl[start] == ' ' || tmpl[start] == '\t')) ++start;
        binding(trim(tmpl.substr(i + 1, close - i - 1)), at(start), at(i), strong, depth);
        if (exceeded) return;  // the text was dropped: nothing more to add to it
        i = close + 1;
      } else if (c == '#' && hash) {
        flush();
        append(out, *hash, strong);  // the count of the enclosing plural form
        ++i;
      } else if (c == '}') {
        diags.error(at(i), "unmatched `}` in \"" + std::string(tmpl) + "\"")
            .hints.push_back("write `}}` for a literal brace");
        return;
      } else {
        literal += c;
        ++i;
      }
    }
    flush();
    if (strong != strong_at_start)
      diags.error(pos, "unclosed `**` in \"" + std::string(tmpl) + "\"")
          .hints.push_back("strong text is written **like this**");
  }

  // `{= expr|spec}`: the expression is tmpl[begin, end); `spec_pos` is where the format
  // (or the binding, without one) was written.
  void expression(std::string_view tmpl, std::size_t begin, std::size_t end, std::string_view spec,
                  const SourcePos& spec_pos, const SourcePos& pos, bool strong) {
    std::string_view text = tmpl.substr(begin, end - begin);
    std::size_t lead = 0;
    while (lead < text.size() && (text[lead] == ' ' || text[lead] == '\t')) ++lead;
    std::string_view body = trim(text);
    auto e = expr::parse(body, expr::offset_pos(pos, tmpl, begin + lead), diags);
    if (!e) return;
    auto r = expr::evaluate(*e, *scope, diags);
    if (!r) return;
    std::string formatted, error;
    if (!format_value(r->value(), spec, ctx.language, formatted, error,
                      ctx.catalog && ctx.catalog->joined_currency)) {
      diags.error(spec_pos, "cannot format `" + std::string(body) + "`: " + error);
      return;
    }
    if (!spend(formatted.size())) return;
    if (r->is_ref() && r->value().pos.known()) {
      out.sources.push_back(r->value().pos);
      out.source_names.push_back("`" + scope->full_path(body) + "`");
    }
    append(out, formatted, strong);
  }

  /// An argument passed to a catalog message.
  struct Arg {
    std::string name;
    expr::Result value;
    SourcePos pos;
  };

  // The arguments after `@key` in `text` (from `from`): `name: expression`, separated by
  // commas. False after an error (recorded).
  bool arguments(std::string_view text, std::size_t from, const SourcePos& pos,
                 std::vector<Arg>& args) {
    std::size_t i = from;
    auto blank = [&](std::size_t k) { return text[k] == ' ' || text[k] == '\t'; };
    while (i < text.size()) {
      while (i < text.size() && blank(i)) ++i;
      if (i >= text.size()) break;
      std::size_t name_at = i;
      while (i < text.size() &&
             (std::isalnum(static_cast<unsigned char>(text[i])) || text[i] == '_'))
        ++i;
      std::string name(text.substr(name_at, i - name_at));
      while (i < text.size() && blank(i)) ++i;
      if (name.empty() || i >= text.size() || text[i] != ':') {
        diags
            .error(expr::offset_pos(pos, text, name_at),
                   "a message's arguments are written `name: value`")
            .hints.push_back("e.g. {@projects.heading count: count(projects)}");
        return false;
      }
      ++i;
      // The value runs to the next comma outside texts and parentheses.
      std::size_t begin = i;
      int level = 0;
      char quote = 0;
      for (; i < text.size(); ++i) {
        char c = text[i];
        if (quote) {
          if (c == quote) quote = 0;
        } else if (c == '"' || c == '\'') {
          quote = c;
        } else if (c == '(') {
          ++level;
        } else if (c == ')') {
          --level;
        } else if (c == ',' && level <= 0) {
          break;
        }
      }
      std::string_view value = text.substr(begin, i - begin);
      std::size_t lead = 0;
      while (lead < value.size() && (value[lead] == ' ' || value[lead] == '\t')) ++lead;
      SourcePos value_pos = expr::offset_pos(pos, text, begin + lead);
      for (const Arg& a : args)
        if (a.name == name) {
          diags.error(expr::offset_pos(pos, text, name_at), "argument `" + name + "` given twice");
          return false;
        }
      auto e = expr::parse(trim(value), value_pos, diags);
      if (!e) return false;
      auto r = expr::evaluate(*e, *scope, diags);
      if (!r) return false;
      args.push_back(Arg{name, std::move(*r), expr::offset_pos(pos, text, name_at)});
      if (i < text.size()) ++i;  // the comma
    }
    return true;
  }

  // Every argument the message chooses on is given, and no other: errors at the catalog
  // line, with a note where the layout asks for the message.
  bool check_arguments(const Message& m, const std::string& key, const std::vector<Arg>& args,
                       const SourcePos& use) {
    bool ok = true;
    std::string declared;
    for (const std::string& a : m.args) declared += (declared.empty() ? "`" : ", `") + a + "`";
    for (const Arg& a : args) {
      if (std::find(m.args.begin(), m.args.end(), a.name) != m.args.end()) continue;
      if (names_argument(m.text, a.name)) continue;  // `{n}` in its text
      auto& d =
          diags.error(m.pos, "message `" + key + "` has no argument `" + a.name + "`" +
                                 (declared.empty() ? "" : " (its arguments: " + declared + ")"));
      std::string guess = model::closest_match(a.name, m.args);
      if (!guess.empty()) d.hints.push_back("did you mean `" + guess + "`?");
      diags.note(a.pos, "the layout passes `" + a.name + "` here");
      ok = false;
    }
    for (const Part* p : choices(m.parts)) {
      bool given = false;
      for (const Arg& a : args) given = given || a.name == p->arg;
      if (given) continue;
      diags
          .error(p->arg_pos, "message `" + key + "` needs the argument `" + p->arg +
                                 "`, which the layout does not pass")
          .hints.push_back("pass it where the message is used: {@" + key + " " + p->arg +
                           ": count(projects)}");
      diags.note(use, "the message is used here");
      ok = false;
      break;  // one error per message use
    }
    return ok;
  }

  // True when `text` binds `name` itself: `{name}`, `{name|…}` or `{name.…}`.
  static bool names_argument(std::string_view text, const std::string& name) {
    for (std::size_t at = text.find('{'); at != std::string_view::npos;
         at = text.find('{', at + 1)) {
      std::size_t i = at + 1;
      while (i < text.size() && text[i] == ' ') ++i;
      if (text.substr(i, name.size()) != name) continue;
      i += name.size();
      while (i < text.size() && text[i] == ' ') ++i;
      if (i < text.size() && (text[i] == '}' || text[i] == '|' || text[i] == '.')) return true;
    }
    return false;
  }

  // The choices of a message, first use of each argument.
  static std::vector<const Part*> choices(const std::vector<Part>& parts) {
    std::vector<const Part*> out;
    std::vector<const std::vector<Part>*> todo{&parts};
    while (!todo.empty()) {
      const std::vector<Part>* ps = todo.back();
      todo.pop_back();
      for (const Part& p : *ps) {
        if (p.arg.empty()) continue;
        bool seen = false;
        for (const Part* o : out) seen = seen || o->arg == p.arg;
        if (!seen) out.push_back(&p);
        for (const Form& f : p.forms) todo.push_back(&f.parts);
      }
    }
    return out;
  }

  // Expands the parts of a message with forms: text as a template, each choice by the
  // value of its argument (CLDR plural rules of the catalog's language for `plural`).
  void parts(const std::vector<Part>& ps, const Message& m, const std::string& key,
             const std::vector<Arg>& args, const SourcePos& use, bool strong, int depth) {
    for (const Part& p : ps) {
      if (exceeded) return;
      if (p.arg.empty()) {
        run(p.text, p.pos, strong, depth);
        continue;
      }
      const Arg* arg = nullptr;
      for (const Arg& a : args)
        if (a.name == p.arg) arg = &a;
      if (!arg) return;  // reported by check_arguments
      const figures::Value& v = arg->value.value();
      const Form* chosen = nullptr;
      std::string count;
      if (!p.select) {
        if (v.kind != figures::Value::Kind::number) {
          diags
              .error(arg->pos, "argument `" + p.arg + "` of message `" + key + "` is " +
                                   expr::describe(v) + "; its plural forms need a number")
              .hints.push_back("count a list: " + p.arg + ": count(projects)");
          return;
        }
        std::string error;
        if (!format_value(v, "", ctx.language, count, error)) {
          diags.error(arg->pos, "cannot format argument `" + p.arg + "`: " + error);
          return;
        }
        for (const Form& f : p.forms)
          if (f.key[0] == '=' && std::strtod(f.key.c_str() + 1, nullptr) == v.number) chosen = &f;
        if (!chosen) {
          std::string category = plural_category(ctx.language, v.number);
          for (const Form& f : p.forms)
            if (f.key == category) chosen = &f;
        }
      } else {
        std::string value;
        if (v.kind == figures::Value::Kind::string) {
          value = v.string;
        } else {
          std::string error;
          if (!format_value(v, "plain", ctx.language, value, error)) {
            diags.error(arg->pos, "argument `" + p.arg + "` of message `" + key + "` is " +
                                      expr::describe(v) + "; select forms need a text");
            return;
          }
        }
        for (const Form& f : p.forms)
          if (f.key == value) chosen = &f;
      }
      if (!chosen)
        for (const Form& f : p.forms)
          if (f.key == "other") chosen = &f;
      if (!chosen) return;  // the loader requires `other`
      const std::string* outer = hash;
      if (!p.select) hash = &count;
      parts(chosen->parts, m, key, args, use, strong, depth);
      hash = outer;
    }
  }

  // `{path}`, `{path|spec}` or `{@key}`, written at `pos` (its opening brace at `brace`).
  void binding(std::string_view expr, const SourcePos& pos, const SourcePos& brace, bool strong,
               int depth) {
    if (expr.empty()) {
      diags.error(brace, "empty binding `{}`");
      return;
    }
    if (expr.front() == '@') {
      // `@key` then, for a message with forms, its arguments: `@key n: count(projects)`.
      std::size_t key_end = 1;
      while (key_end < expr.size() && expr[key_end] != ' ' && expr[key_end] != '\t') ++key_end;
      std::string key(trim(expr.substr(1, key_end - 1)));
      std::vector<Arg> args;
      if (!arguments(expr, key_end, pos, args)) return;
      const Message* m = ctx.catalog ? ctx.catalog->find(key) : nullptr;
      if (!m) {
        auto& d = diags.error(pos, "no message `" + key + "` in the catalog" +
                                       (ctx.catalog ? " " + ctx.catalog->path : std::string()));
        // A misspelt name is more likely than a missing message.
        std::string guess;
        if (ctx.catalog && !diags.full()) {
          std::vector<std::string> keys;
          for (const auto& [k, message] : ctx.catalog->messages) keys.push_back(k);
          guess = model::closest_match(key, keys);
        }
        d.hints.push_back(guess.empty() ? "add `" + key + ": \"…\"` under `messages:`"
                                        : "did you mean `@" + guess + "`?");
        return;
      }
      if (m->pos.known()) {
        out.sources.push_back(m->pos);
        out.source_names.push_back("message `" + key + "`");
      }
      if (!check_arguments(*m, key, args, pos)) return;
      chain.push_back(key);
      const Scope* outer = scope;
      const std::string* outer_hash = hash;
      Scope inner = *scope;
      for (const Arg& a : args) inner = inner.with(a.name, a.value.value());
      scope = &inner;
      hash = nullptr;  // `#` is the count of the innermost plural only
      if (m->plural) {
        parts(m->parts, *m, key, args, pos, strong, depth + 1);
      } else {
        run(m->text, m->text_pos.known() ? m->text_pos : m->pos, strong, depth + 1);
      }
      scope = outer;
      hash = outer_hash;
      chain.pop_back();
      return;
    }
    std::string_view path = expr, spec;
    std::size_t spec_offset = 0;
    if (std::size_t bar = expr.find('|'); bar != std::string_view::npos) {
      path = trim(expr.substr(0, bar));
      spec = trim(expr.substr(bar + 1));
      spec_offset = bar + 1;
      while (spec_offset < expr.size() && expr[spec_offset] == ' ') ++spec_offset;
    }
    const figures::Value* v = scope->find(path);
    if (v && v->kind == figures::Value::Kind::null) return;  // a computed value, reported
    if (!v) {
      // The expression evaluator says which step is wrong and lists what exists there.
      Diagnostics why;
      auto e = expr::parse(path, pos, why);
      if (e && !expr::evaluate(*e, *scope, why) && why.error_count() == 1) {
        for (const Diagnostic& d : why.all()) {
          if (d.severity != Severity::error) continue;
          auto& copy = diags.error(d.pos, d.message);
          copy.hints = d.hints;
        }
        return;
      }
      Diagnostic& d = diags.error(pos, "no value `" + std::string(path) + "` in the data");
      if (!diags.full()) d.hints.push_back(missing_path_hint(*scope, path));
      return;
    }
    std::string text, error;
    if (!format_value(*v, spec, ctx.language, text, error,
                      ctx.catalog && ctx.catalog->joined_currency)) {
      diags.error(spec.empty() ? pos : expr::offset_pos(pos, expr, spec_offset),
                  "cannot format `" + std::string(path) + "`: " + error);
      return;
    }
    if (!spend(text.size())) return;
    if (v->pos.known()) {
      out.sources.push_back(v->pos);
      out.source_names.push_back("`" + scope->full_path(path) + "`");
    }
    append(out, text, strong);
  }
};

}  // namespace

std::string RichText::plain() const {
  std::string s;
  for (const Piece& p : pieces) s += p.text;
  return s;
}

bool RichText::empty() const {
  for (const Piece& p : pieces)
    if (!p.text.empty()) return false;
  return true;
}

/// The computed values of one build and what they gave, per item they refer to.
struct Scope::ComputedState {
  const std::vector<Computed>* defs = nullptr;
  Diagnostics* diags = nullptr;
  std::deque<figures::Value> values;                   // computed results; stable addresses
  std::map<std::string, const figures::Value*> cache;  // looked up, never iterated
  std::vector<std::string> evaluating;                 // the chain being evaluated
};

namespace {
// What a computed value whose evaluation failed stands for: already reported, so whoever
// finds it says nothing more.
const figures::Value kFailed;

// Computed values may name each other; a longer chain is surely a cycle through names.
constexpr std::size_t kMaxComputedDepth = 16;
}  // namespace

Scope::Scope(const figures::Value& root, const std::vector<Computed>& computed, Diagnostics& diags)
    : root_(&root), computed_(std::make_shared<ComputedState>()) {
  computed_->defs = &computed;
  computed_->diags = &diags;
}

Scope Scope::with(std::string name, const figures::Value& value, std::string path) const {
  Scope s = *this;
  s.names_.push_back({std::move(name), &value, std::move(path)});
  return s;
}

const figures::Value* Scope::computed(std::string_view name) const {
  if (!computed_) return nullptr;
  const Computed* def = nullptr;
  for (const Computed& c : *computed_->defs)
    if (c.name == name) def = &c;
  if (!def) return nullptr;
  // One value per name and per item it refers to: `share` of Nord is not `share` of Oise.
  // The names it refers to, through the computed values it names.
  std::vector<std::string> refs = def->names();
  for (std::size_t i = 0; i < refs.size() && i < 256; ++i) {
    for (const Computed& c : *computed_->defs) {
      if (c.name != refs[i]) continue;
      for (const std::string& n : c.names())
        if (std::find(refs.begin(), refs.end(), n) == refs.end()) refs.push_back(n);
    }
  }
  std::string key(name);
  for (const std::string& n : refs) {
    key += '\0';
    for (auto it = names_.rbegin(); it != names_.rend(); ++it) {
      if (it->name != n) continue;
      char buf[32];
      std::snprintf(buf, sizeof buf, "%p", static_cast<const void*>(it->value));
      key += buf;
      break;
    }
  }
  if (auto it = computed_->cache.find(key); it != computed_->cache.end()) return it->second;
  std::vector<std::string>& chain = computed_->evaluating;
  bool cycle = false;
  for (const std::string& c : chain) cycle = cycle || c == name;
  if (cycle || chain.size() >= kMaxComputedDepth) {
    std::string via;
    for (const std::string& c : chain) via += "`" + c + "` → ";
    computed_->diags->error(
        def->expr.pos(),
        "computed value `" + def->name + "` refers to itself: " + via + "`" + def->name + "`");
    return &kFailed;
  }
  chain.push_back(def->name);
  std::optional<expr::Result> r;
  if (def->is_list)
    r = computed_list(*def);
  else
    r = expr::evaluate(def->expr, *this, *computed_->diags);
  chain.pop_back();
  const figures::Value* v = &kFailed;
  if (r && r->is_ref()) {
    v = &r->value();  // a value of the tree: no copy
  } else if (r) {
    v = &computed_->values.emplace_back(r->value());
  }
  computed_->cache.emplace(std::move(key), v);
  return v;
}

std::optional<expr::Result> Scope::computed_list(const Computed& def) const {
  Diagnostics& diags = *computed_->diags;
  const figures::Value* list = find(def.over);
  if (list == &kFailed) return std::nullopt;
  if (!list || list->kind != figures::Value::Kind::list) {
    auto& d =
        diags.error(def.over_pos, "computed list `" + def.name + "` takes `" + def.over +
                                      "`, which is " + (list ? "not a list" : "not in the data"));
    if (!list) suggest(d, def.over.substr(0, def.over.find('.')), visible());
    return std::nullopt;
  }
  auto picked = select_items(*list, def.query, def.as, full_path(def.over), *this, diags);
  if (!picked) return std::nullopt;
  // The items themselves, copied: what they say and where they were typed.
  figures::Value out = figures::Value::of_list(list->pos);
  for (std::size_t i : *picked) out.items.push_back(list->items[i]);
  return expr::Result::owned(std::move(out));
}

const figures::Value* Scope::find(std::string_view path) const {
  std::string_view head = path.substr(0, path.find('.'));
  std::string_view rest =
      head.size() == path.size() ? std::string_view() : path.substr(head.size() + 1);
  for (auto it = names_.rbegin(); it != names_.rend(); ++it) {
    if (it->name != head) continue;
    if (head.size() == path.size()) return it->value;
    return it->value->find(rest);
  }
  if (const figures::Value* c = computed(head)) {
    if (c == &kFailed || head.size() == path.size()) return c;
    return c->find(rest);
  }
  return root_->find(path);
}

bool Scope::failed(const figures::Value* v) { return v == &kFailed; }

const figures::Value* Scope::lookup(std::string_view name) const {
  if (name.find('.') != std::string_view::npos) return nullptr;
  return find(name);
}

std::vector<std::string> Scope::visible() const {
  std::vector<std::string> out;
  auto add = [&](const std::string& n) {
    for (const std::string& o : out)
      if (o == n) return;
    out.push_back(n);
  };
  for (auto it = names_.rbegin(); it != names_.rend(); ++it) add(it->name);
  if (computed_)
    for (const Computed& c : *computed_->defs) add(c.name);
  for (const auto& f : root_->fields) add(f.first);
  return out;
}

std::string Scope::path_of(std::string_view name) const {
  for (auto it = names_.rbegin(); it != names_.rend(); ++it)
    if (it->name == name) return it->path;
  return {};
}

std::vector<std::string> Scope::names() const {
  std::vector<std::string> out;
  for (auto it = names_.rbegin(); it != names_.rend(); ++it)
    if (std::find(out.begin(), out.end(), it->name) == out.end()) out.push_back(it->name);
  if (root_->kind == figures::Value::Kind::record)
    for (const figures::Field& f : root_->fields)
      if (std::find(out.begin(), out.end(), f.first) == out.end()) out.push_back(f.first);
  return out;
}

std::string Scope::full_path(std::string_view path) const {
  std::string_view head = path.substr(0, path.find('.'));
  for (auto it = names_.rbegin(); it != names_.rend(); ++it) {
    if (it->name != head || it->path.empty()) continue;
    return it->path + std::string(path.substr(head.size()));
  }
  return std::string(path);
}

bool format_value(const figures::Value& v, std::string_view spec, const std::string& language,
                  std::string& out, std::string& error, bool joined_currency) {
  using figures::Value;
  if (spec == "count") {
    if (v.kind != Value::Kind::list) {
      error = "`count` needs a list";
      return false;
    }
    text::NumberFormat f;
    return text::format_number(static_cast<double>(v.items.size()), f, language, out, error);
  }
  switch (v.kind) {
    case Value::Kind::string:
      if (!spec.empty()) {
        error = "it is a text, and only numbers take a format";
        return false;
      }
      out = v.string;
      return true;
    case Value::Kind::number: {
      if (spec == "plain") {
        // Years and codes: digits only, no grouping ("2019", never "2 019"). Beyond 2^53 a
        // double no longer holds every integer, and the cast below would be undefined.
        if (!(std::abs(v.number) < 9007199254740992.0)) {
          error = "`plain` is for years and codes; this number is too large";
          return false;
        }
        if (v.integer || v.number == std::floor(v.number)) {
          out = std::to_string(static_cast<long long>(v.number));
        } else {
          char buf[64];
          std::snprintf(buf, sizeof buf, "%g", v.number);
          out = buf;
        }
        return true;
      }
      text::NumberFormat f;
      if (spec.empty()) {
        f.style = v.integer ? text::NumberStyle::integer : text::NumberStyle::decimal;
      } else if (!text::parse_number_format(spec, f)) {
        error = "unknown format `" + std::string(spec) +
                "` (integer, decimal[:n], percent[:n], currency[:n], compact, compact-currency, "
                "short-currency, plain, count)";
        return false;
      }
      f.joined_currency = joined_currency;
      return text::format_number(v.number, f, language, out, error);
    }
    case Value::Kind::list:
      error = "it is a list; use `|count`, or a list/repeat block";
      return false;
    case Value::Kind::record:
      error = "it is a record; name one of its fields";
      return false;
    case Value::Kind::boolean:
      error = "it is a condition (true or false), not a value to print";
      return false;
    case Value::Kind::null:
      error = "it has no value";
      return false;
  }
  return false;
}

RichText expand(std::string_view tmpl, const SourcePos& pos, const Scope& scope,
                const ExpandContext& ctx, Diagnostics& diags) {
  Expander e{&scope, ctx, diags, {}, pos, {}, 0, false};
  e.run(tmpl, pos, false, 0);
  return std::move(e.out);
}

}  // namespace plaquette::layout
