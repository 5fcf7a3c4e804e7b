#include "layout/catalog.h"

#include <filesystem>

#include "model/yaml.h"
#include "text/format.h"

namespace plaquette::layout {

const Message* Catalog::find(const std::string& key) const {
  auto it = messages.find(key);
  return it == messages.end() ? nullptr : &it->second;
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
  if (auto messages = root.map("messages")) {
    for (auto& [key, r] : messages->entries()) {
      auto s = r.string();
      if (!s) continue;
      if (model::is_blank_text(s->value)) {
        r.error("message `" + key.value + "` is empty");
        continue;
      }
      c.messages[key.value] = Message{s->value, s->pos};
    }
  }
  root.finish();
  if (diags.error_count() > before) return std::nullopt;
  return c;
}

}  // namespace

}  // namespace plaquette::layout
