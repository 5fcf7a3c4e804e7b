#include "layout/template.h"

#include <algorithm>
#include <cmath>

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
  const Scope& scope;
  const ExpandContext& ctx;
  Diagnostics& diags;
  RichText out;
  SourcePos root_pos;              // where the text being expanded was written
  std::vector<std::string> chain;  // catalog messages being expanded, outermost first
  std::size_t used = 0;            // bytes of the budget spent
  bool exceeded = false;

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

  void run(std::string_view tmpl, const SourcePos& pos, bool strong, int depth) {
    if (!spend(tmpl.size())) return;
    if (depth > kMaxDepth) {
      diags.error(pos, "catalog messages refer to each other more than " +
                           std::to_string(kMaxDepth) + " levels deep (a cycle?)");
      return;
    }
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
      } else if (c == '{') {
        std::size_t close = tmpl.find('}', i);
        if (close == std::string_view::npos) {
          diags.error(pos, "unclosed `{` in \"" + std::string(tmpl) + "\"")
              .hints.push_back("write `{{` for a literal brace");
          return;
        }
        flush();
        binding(trim(tmpl.substr(i + 1, close - i - 1)), pos, strong, depth);
        if (exceeded) return;  // the text was dropped: nothing more to add to it
        i = close + 1;
      } else if (c == '}') {
        diags.error(pos, "unmatched `}` in \"" + std::string(tmpl) + "\"")
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

  void binding(std::string_view expr, const SourcePos& pos, bool strong, int depth) {
    if (expr.empty()) {
      diags.error(pos, "empty binding `{}`");
      return;
    }
    if (expr.front() == '@') {
      std::string key(trim(expr.substr(1)));
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
      chain.push_back(key);
      run(m->text, m->pos, strong, depth + 1);
      chain.pop_back();
      return;
    }
    std::string_view path = expr, spec;
    if (std::size_t bar = expr.find('|'); bar != std::string_view::npos) {
      path = trim(expr.substr(0, bar));
      spec = trim(expr.substr(bar + 1));
    }
    const figures::Value* v = scope.find(path);
    if (!v) {
      Diagnostic& d = diags.error(pos, "no value `" + std::string(path) + "` in the data");
      if (!diags.full()) d.hints.push_back(missing_path_hint(scope, path));
      return;
    }
    std::string text, error;
    if (!format_value(*v, spec, ctx.language, text, error)) {
      diags.error(pos, "cannot format `" + std::string(path) + "`: " + error);
      return;
    }
    if (!spend(text.size())) return;
    if (v->pos.known()) {
      out.sources.push_back(v->pos);
      out.source_names.push_back("`" + scope.full_path(path) + "`");
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

Scope Scope::with(std::string name, const figures::Value& value, std::string path) const {
  Scope s = *this;
  s.names_.push_back({std::move(name), &value, std::move(path)});
  return s;
}

const figures::Value* Scope::find(std::string_view path) const {
  std::string_view head = path.substr(0, path.find('.'));
  for (auto it = names_.rbegin(); it != names_.rend(); ++it) {
    if (it->name != head) continue;
    if (head.size() == path.size()) return it->value;
    return it->value->find(path.substr(head.size() + 1));
  }
  return root_->find(path);
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
                  std::string& out, std::string& error) {
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
      return text::format_number(v.number, f, language, out, error);
    }
    case Value::Kind::list:
      error = "it is a list; use `|count`, or a list/repeat block";
      return false;
    case Value::Kind::record:
      error = "it is a record; name one of its fields";
      return false;
    case Value::Kind::null:
      error = "it has no value";
      return false;
  }
  return false;
}

RichText expand(std::string_view tmpl, const SourcePos& pos, const Scope& scope,
                const ExpandContext& ctx, Diagnostics& diags) {
  Expander e{scope, ctx, diags, {}, pos, {}, 0, false};
  e.run(tmpl, pos, false, 0);
  return std::move(e.out);
}

}  // namespace plaquette::layout
