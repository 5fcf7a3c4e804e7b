#include "model/editions.h"

#include <filesystem>
#include <map>

#include "model/yaml.h"

namespace plaquette::model {
namespace {

std::optional<std::vector<EditionEntry>> read_editions(const YamlDocument& doc,
                                                       const std::string& path,
                                                       Diagnostics& diags) {
  const std::size_t before = diags.error_count();
  const std::filesystem::path dir = std::filesystem::path(path).parent_path();
  auto resolve = [&](const std::string& p) {
    std::filesystem::path f(p);
    return (f.is_relative() ? dir / f : f).lexically_normal().string();
  };
  MapReader root(doc, diags);
  std::vector<EditionEntry> out;
  std::map<std::string, SourcePos> names, outputs;
  for (MapReader& m : root.maps("editions")) {
    EditionEntry e;
    e.pos = m.pos();
    auto name = m.string("name");
    auto data = m.string("data");
    auto layout = m.string("layout");
    auto locale = m.string("locale");
    auto output = m.string("output");
    m.finish();
    if (!name || !data || !layout || !locale || !output) continue;
    e.name = name->value;
    e.data = resolve(data->value);
    e.layout = resolve(layout->value);
    e.locale = locale->value;
    e.output = resolve(output->value);
    // Two editions writing one file would overwrite each other in a parallel build.
    if (auto [it, added] = names.emplace(e.name, name->pos); !added)
      diags.error(name->pos, "edition `" + e.name + "` is listed twice");
    if (auto [it, added] = outputs.emplace(e.output, output->pos); !added) {
      diags.error(output->pos, "two editions write " + e.output);
      diags.note(it->second, "the other one is here");
    }
    out.push_back(std::move(e));
  }
  root.finish();
  if (out.empty() && diags.error_count() == before)
    diags.error(root.pos(), "no editions listed under `editions:`");
  if (diags.error_count() > before) return std::nullopt;
  return out;
}

}  // namespace

std::optional<std::vector<EditionEntry>> load_editions(const std::string& path,
                                                       Diagnostics& diags) {
  auto doc = yaml_load_file(path, diags);
  if (!doc) return std::nullopt;
  return read_editions(*doc, path, diags);
}

std::optional<std::vector<EditionEntry>> load_editions_string(std::string_view text,
                                                              const std::string& path,
                                                              Diagnostics& diags) {
  auto doc = yaml_load_string(text, path, diags);
  if (!doc) return std::nullopt;
  return read_editions(*doc, path, diags);
}

}  // namespace plaquette::model
