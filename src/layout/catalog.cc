#include "layout/catalog.h"

#include <unicode/locid.h>
#include <unicode/plurrule.h>
#include <unicode/strenum.h>
#include <unicode/unistr.h>

#include <algorithm>
#include <filesystem>
#include <memory>

#include "expr/expr.h"
#include "model/yaml.h"
#include "text/format.h"

namespace plaquette::layout {

const Message* Catalog::find(const std::string& key) const {
  auto it = messages.find(key);
  return it == messages.end() ? nullptr : &it->second;
}

namespace {
std::unique_ptr<icu::PluralRules> rules_for(const std::string& language) {
  UErrorCode status = U_ZERO_ERROR;
  std::unique_ptr<icu::PluralRules> rules(
      icu::PluralRules::forLocale(icu::Locale::forLanguageTag(language, status), status));
  if (U_FAILURE(status)) return nullptr;
  return rules;
}
}  // namespace

std::string plural_category(const std::string& language, double n) {
  auto rules = rules_for(language);
  if (!rules) return "other";
  std::string out;
  rules->select(n).toUTF8String(out);
  return out;
}

std::vector<std::string> plural_categories(const std::string& language) {
  std::vector<std::string> out;
  auto rules = rules_for(language);
  if (!rules) return {"other"};
  UErrorCode status = U_ZERO_ERROR;
  std::unique_ptr<icu::StringEnumeration> keys(rules->getKeywords(status));
  if (U_FAILURE(status) || !keys) return {"other"};
  while (const icu::UnicodeString* k = keys->snext(status)) {
    if (U_FAILURE(status)) break;
    std::string key;
    k->toUTF8String(key);
    out.push_back(key);
  }
  // CLDR's order (zero, one, two, few, many, other) reads best in messages.
  static const char* const kOrder[] = {"zero", "one", "two", "few", "many", "other"};
  auto rank = [](const std::string& k) {
    for (int i = 0; i < 6; ++i)
      if (k == kOrder[i]) return i;
    return 6;
  };
  std::sort(out.begin(), out.end(),
            [&](const std::string& a, const std::string& b) { return rank(a) < rank(b); });
  return out;
}

std::string catalog_path(const std::string& layout_path, const std::string& locale) {
  std::filesystem::path p(layout_path);
  return (p.parent_path() / (p.stem().string() + "." + locale + ".yaml")).string();
}

namespace {
std::optional<Catalog> read_catalog(std::optional<model::YamlDocument> doc, const std::string& path,
                                    const std::string& locale, Diagnostics& diags,
                                    std::size_t before);
}  // namespace

std::optional<Catalog> load_catalog(const std::string& path, const std::string& locale,
                                    Diagnostics& diags) {
  std::size_t before = diags.error_count();
  if (!std::filesystem::exists(path)) {
    diags.error(SourcePos{path, 0, 0}, "no catalog for locale `" + locale + "`")
        .hints.push_back("create " + path +
                         " with `language:` and `messages:` (see layouts/README.md)");
    return std::nullopt;
  }
  return read_catalog(model::yaml_load_file(path, diags), path, locale, diags, before);
}

std::optional<Catalog> load_catalog_string(std::string_view text, const std::string& path,
                                           const std::string& locale, Diagnostics& diags) {
  std::size_t before = diags.error_count();
  return read_catalog(model::yaml_load_string(text, path, diags), path, locale, diags, before);
}

namespace {

bool name_start(char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_'; }
bool name_char(char c) { return name_start(c) || (c >= '0' && c <= '9'); }

// Parses the plural and select forms of one message (ICU MessageFormat's syntax, without
// its apostrophe quoting: an apostrophe is a character like any other). The rest of the
// text stays a template, checked when it is expanded.
class FormParser {
 public:
  FormParser(const std::string& text, const SourcePos& pos, const std::string& key,
             const std::vector<std::string>& categories, const std::string& language,
             Diagnostics& diags)
      : s_(text),
        pos_(pos),
        key_(key),
        categories_(categories),
        language_(language),
        diags_(diags) {}

  // Parts of s_[begin, end); false after an error (recorded).
  bool parts(std::size_t begin, std::size_t end, std::vector<Part>& out, int depth,
             std::vector<std::string>& args) {
    if (depth > 8) {
      error(begin, "plural and select forms nested more than 8 levels deep");
      return false;
    }
    std::size_t text_start = begin, i = begin;
    auto flush = [&](std::size_t upto) {
      if (upto > text_start) {
        Part p;
        p.text = s_.substr(text_start, upto - text_start);
        p.pos = at(text_start);
        out.push_back(std::move(p));
      }
    };
    while (i < end) {
      if ((s_[i] == '{' || s_[i] == '}') && i + 1 < end && s_[i + 1] == s_[i]) {
        i += 2;
        continue;
      }
      if (s_[i] != '{') {
        ++i;
        continue;
      }
      // `{name, plural, …}` or `{name, select, …}`; any other brace is a template binding.
      std::size_t j = i + 1;
      skip(j, end);
      std::size_t name_at = j;
      while (j < end && name_char(s_[j])) ++j;
      std::string name = s_.substr(name_at, j - name_at);
      skip(j, end);
      if (name.empty() || !name_start(name[0]) || j >= end || s_[j] != ',') {
        std::size_t close = s_.find('}', i);
        i = close == std::string::npos || close >= end ? end : close + 1;
        continue;
      }
      ++j;
      skip(j, end);
      std::size_t kind_at = j;
      while (j < end && name_char(s_[j])) ++j;
      std::string kind = s_.substr(kind_at, j - kind_at);
      if (kind != "plural" && kind != "select") {
        auto& d = error(kind_at, "unknown form `" + kind + "` in message `" + key_ + "`");
        std::string guess = model::closest_match(kind, {"plural", "select"});
        if (!guess.empty()) d.hints.push_back("did you mean `" + guess + "`?");
        d.hints.push_back("write {n, plural, one {…} other {…}} or {v, select, a {…} other {…}}");
        return false;
      }
      skip(j, end);
      if (j >= end || s_[j] != ',') {
        error(j, "`,` expected after `" + kind + "` in message `" + key_ + "`")
            .hints.push_back("write {" + name + ", " + kind + ", other {…}}");
        return false;
      }
      ++j;
      flush(i);
      Part choice;
      choice.pos = at(i);
      choice.arg = name;
      choice.arg_pos = at(name_at);
      choice.select = kind == "select";
      if (std::find(args.begin(), args.end(), name) == args.end()) args.push_back(name);
      // The forms, up to the closing brace of the choice.
      bool other = false;
      for (;;) {
        skip(j, end);
        if (j >= end) {
          error(i, "unclosed `{` of the " + kind + " on `" + name + "` in message `" + key_ + "`")
              .hints.push_back("each form is `key {text}`, and the choice ends with `}`");
          return false;
        }
        if (s_[j] == '}') {
          ++j;
          break;
        }
        std::size_t key_at = j;
        if (s_[j] == '=') ++j;
        while (j < end && (name_char(s_[j]) || s_[j] == '-')) ++j;
        std::string form_key = s_.substr(key_at, j - key_at);
        if (form_key.empty() || form_key == "=") {
          error(key_at, "a form key is expected in the " + kind + " on `" + name +
                            "` of message `" + key_ + "`, found `" + s_.substr(key_at, 1) + "`")
              .hints.push_back(kind == "plural" ? "plural forms are keyed by category (" +
                                                      join(categories_) + ") or =N"
                                                : "select forms are keyed by a value, or other");
          return false;
        }
        if (!check_key(form_key, key_at, choice)) return false;
        other = other || form_key == "other";
        skip(j, end);
        if (j >= end || s_[j] != '{') {
          error(j, "`{` expected after the form `" + form_key + "` in message `" + key_ + "`");
          return false;
        }
        std::size_t body = j + 1, close = matching(j, end);
        if (close == std::string::npos) {
          error(j, "unclosed `{` of the form `" + form_key + "` in message `" + key_ + "`");
          return false;
        }
        Form f;
        f.key = form_key;
        f.pos = at(key_at);
        if (!parts(body, close, f.parts, depth + 1, args)) return false;
        choice.forms.push_back(std::move(f));
        j = close + 1;
      }
      if (!other) {
        error(i, "the " + kind + " on `" + name + "` in message `" + key_ + "` has no `other` form")
            .hints.push_back("add `other {…}`: it is used for every case not listed");
        return false;
      }
      out.push_back(std::move(choice));
      i = text_start = j;
    }
    flush(end);
    return true;
  }

 private:
  SourcePos at(std::size_t i) const { return expr::offset_pos(pos_, s_, i); }
  Diagnostic& error(std::size_t i, std::string message) {
    return diags_.error(at(i), std::move(message));
  }
  void skip(std::size_t& j, std::size_t end) const {
    while (j < end && (s_[j] == ' ' || s_[j] == '\t' || s_[j] == '\n')) ++j;
  }
  static std::string join(const std::vector<std::string>& v) {
    std::string out;
    for (const std::string& x : v) out += (out.empty() ? "" : ", ") + x;
    return out;
  }
  // The brace closing the one at `open`; npos if none. Braces are counted one by one: the
  // `}}` that closes a form and then its choice is two closing braces, not a literal one.
  std::size_t matching(std::size_t open, std::size_t end) const {
    int level = 0;
    for (std::size_t k = open; k < end; ++k) {
      if (s_[k] == '{') ++level;
      if (s_[k] == '}' && --level == 0) return k;
    }
    return std::string::npos;
  }
  bool check_key(const std::string& k, std::size_t key_at, const Part& choice) {
    for (const Form& f : choice.forms)
      if (f.key == k) {
        error(key_at, "form `" + k + "` written twice in message `" + key_ + "`");
        return false;
      }
    if (choice.select || k == "other") return true;
    if (k[0] == '=') {
      bool digits = k.size() > 1;
      for (std::size_t i = 1; i < k.size(); ++i) digits = digits && k[i] >= '0' && k[i] <= '9';
      if (!digits) {
        error(key_at, "`" + k + "` is not an exact count: write =0, =1, =2…");
        return false;
      }
      return true;
    }
    if (std::find(categories_.begin(), categories_.end(), k) != categories_.end()) return true;
    auto& d = error(key_at, "`" + k + "` is not a plural category of " + language_ + " (message `" +
                                key_ + "`)");
    d.hints.push_back(language_ + " has the categories " + join(categories_) +
                      " (CLDR plural rules); =N matches an exact count");
    return false;
  }

  const std::string& s_;
  const SourcePos& pos_;
  const std::string& key_;
  const std::vector<std::string>& categories_;
  const std::string& language_;
  Diagnostics& diags_;
};

std::optional<Catalog> read_catalog(std::optional<model::YamlDocument> doc, const std::string& path,
                                    const std::string& locale, Diagnostics& diags,
                                    std::size_t before) {
  if (!doc) return std::nullopt;
  model::MapReader root(*doc, diags);
  if (!root.ok()) return std::nullopt;
  Catalog c;
  c.path = path;
  c.locale = locale;
  if (auto lang = root.string("language")) {
    c.language = lang->value;
    std::string error;
    if (!text::check_locale(c.language, error))
      root.get("language")
          ->error(error)
          .hints.push_back("a BCP 47 tag such as fr-FR, en-GB or nl-BE");
  }
  if (auto j = root.string("short_currency", model::optional)) {
    if (j->value == "joined")
      c.joined_currency = true;
    else if (j->value != "spaced")
      root.get("short_currency")->error("expected `joined` (9,2 M€) or `spaced` (9,2 M €)");
  }
  std::vector<std::string> categories;  // of the catalog's language, read once
  if (auto messages = root.map("messages")) {
    for (auto& [key, r] : messages->entries()) {
      auto s = r.string();
      if (!s) continue;
      if (model::is_blank_text(s->value)) {
        r.error("message `" + key.value + "` is empty");
        continue;
      }
      Message m{s->value, s->pos, r.text_pos(), false, {}, {}};
      if (!c.language.empty() && m.text.find(',') != std::string::npos) {
        if (categories.empty()) categories = plural_categories(c.language);
        FormParser p(m.text, m.text_pos, key.value, categories, c.language, diags);
        std::vector<Part> parts;
        if (!p.parts(0, m.text.size(), parts, 0, m.args)) continue;
        m.plural = !m.args.empty();
        if (m.plural) m.parts = std::move(parts);
      }
      c.messages[key.value] = std::move(m);
    }
  }
  root.finish();
  if (diags.error_count() > before) return std::nullopt;
  return c;
}

}  // namespace

}  // namespace plaquette::layout
