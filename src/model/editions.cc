#include "model/editions.h"

#include <cctype>
#include <filesystem>
#include <map>

#include "model/yaml.h"

namespace plaquette::model {
namespace {

bool is_name(const std::string& s) {
  if (s.empty() || !(std::isalpha(static_cast<unsigned char>(s[0])) || s[0] == '_')) return false;
  for (char c : s)
    if (!(std::isalnum(static_cast<unsigned char>(c)) || c == '_')) return false;
  return true;
}

// The placeholders of a per-item template: each must name the item (`{dep}`, `{dep.code}`),
// and there must be one, or every item would get the same file. Records an error at `where`.
bool check_item_template(const std::string& tmpl, const std::string& as, const SourcePos& where,
                         const std::string& what, Diagnostics& diags) {
  std::size_t count = 0;
  for (std::size_t i = 0; i < tmpl.size(); ++i) {
    if (tmpl[i] == '}') {
      diags.error(where, what + " `" + tmpl + "`: a `}` without its `{`");
      return false;
    }
    if (tmpl[i] != '{') continue;
    const std::size_t end = tmpl.find('}', i);
    if (end == std::string::npos) {
      diags.error(where, what + " `" + tmpl + "`: a `{` without its `}`");
      return false;
    }
    const std::string path = tmpl.substr(i + 1, end - i - 1);
    if (path != as && path.compare(0, as.size() + 1, as + ".") != 0) {
      diags.error(where, what + " `" + tmpl + "`: `{" + path + "}` does not name the item")
          .hints.push_back("the item is `" + as + "`: e.g. {" + as + ".code}");
      return false;
    }
    ++count;
    i = end;
  }
  if (count == 0) {
    diags.error(where, what + " `" + tmpl + "` does not name the item: every item would get it")
        .hints.push_back("put the item in it, e.g. {" + as + ".code}");
    return false;
  }
  return true;
}

// Reads an editions list entry by entry, as the YAML parser gives them (yaml_stream_file):
// a list of thousands of editions is never held as a tree, only as the entries read.
class EditionsReader {
 public:
  EditionsReader(const std::string& path)
      : path_(path), dir_(std::filesystem::path(path).parent_path()) {}

  /// Reads one item of the list; its problems go to items_diags().
  void item(const YAML::Node& node, std::size_t index) {
    read(Reader(node, "editions[" + std::to_string(index) + "]", path_, diags_));
  }

  /// The entries, once the document is read (`doc`: the rest of it, the list emptied);
  /// the items' problems are added to `diags`.
  std::optional<std::vector<EditionEntry>> finish(const YamlDocument& doc, Diagnostics& diags) {
    const std::size_t before = diags.error_count();
    MapReader root(doc, diags);
    // The list streamed is empty here; anything else under `editions` is reported as before.
    if (auto list = root.list("editions"))
      for (const Reader& item : *list) read(Reader(item.node(), item.path(), path_, diags_));
    diags.merge(diags_);
    root.finish();
    if (out_.empty() && diags.error_count() == before)
      diags.error(root.pos(), "no editions listed under `editions:`");
    if (diags.error_count() > before) return std::nullopt;
    out_.shrink_to_fit();  // grown by doubling while streamed: up to twice the entries
    return std::move(out_);
  }

 private:
  std::string resolve(const std::string& p) const {
    std::filesystem::path f(p);
    return (f.is_relative() ? dir_ / f : f).lexically_normal().string();
  }

  void read(const Reader& item) {
    std::optional<MapReader> map = item.map();
    if (!map) return;
    MapReader& m = *map;
    EditionEntry e;
    e.pos = m.pos();
    auto name = m.string("name");
    auto data = m.string("data");
    auto layout = m.string("layout");
    auto locale = m.string("locale");
    auto output = m.string("output");
    auto each = m.string("each", optional);
    auto as = m.string("as", optional);
    m.finish();
    if (!name || !data || !layout || !locale || !output) return;
    e.name = name->value;
    e.name_line = name->pos.line;
    e.name_col = name->pos.col;
    e.data = resolve(data->value);
    e.layout = resolve(layout->value);
    e.locale = locale->value;
    e.output = resolve(output->value);
    e.output_line = output->pos.line;
    e.output_col = output->pos.col;
    if (as && !each) {
      diags_.error(as->pos, "`as` names the item of `each:`: give `each` too");
      return;
    }
    if (each) {
      e.each = each->value;
      e.as = as ? as->value : "item";
      if (e.each.empty()) {
        diags_.error(each->pos, "expected the binding path of a list, e.g. departements");
        return;
      }
      if (!is_name(e.as)) {
        diags_.error(as->pos, "`as: " + e.as + "` is not a name (letters, digits, _)");
        return;
      }
      const bool name_ok = check_item_template(e.name, e.as, name->pos, "name", diags_);
      if (!check_item_template(output->value, e.as, output->pos, "output", diags_) || !name_ok)
        return;
    }
    // Two editions writing one file would overwrite each other in a parallel build.
    if (auto [it, added] = names_.emplace(e.name, name->pos); !added)
      diags_.error(name->pos, "edition `" + e.name + "` is listed twice");
    if (auto [it, added] = outputs_.emplace(e.output, output->pos); !added) {
      diags_.error(output->pos, "two editions write " + e.output);
      diags_.note(it->second, "the other one is here");
    }
    out_.push_back(std::move(e));
  }

  std::string path_;
  std::filesystem::path dir_;
  Diagnostics diags_;  // the items' problems, kept until the whole file is known to be read
  std::vector<EditionEntry> out_;
  std::map<std::string, SourcePos> names_, outputs_;
};

}  // namespace

std::optional<std::vector<EditionEntry>> load_editions(const std::string& path,
                                                       Diagnostics& diags) {
  EditionsReader reader(path);
  const ItemHandler item = [&](const YAML::Node& node, std::size_t i) { reader.item(node, i); };
  auto doc = yaml_stream_file(path, "editions", item, diags);
  if (!doc) return std::nullopt;
  return reader.finish(*doc, diags);
}

std::optional<std::vector<EditionEntry>> load_editions_string(std::string_view text,
                                                              const std::string& path,
                                                              Diagnostics& diags) {
  EditionsReader reader(path);
  const ItemHandler item = [&](const YAML::Node& node, std::size_t i) { reader.item(node, i); };
  auto doc = yaml_stream_string(text, path, "editions", item, diags);
  if (!doc) return std::nullopt;
  return reader.finish(*doc, diags);
}

std::optional<std::string> expand_item_name(
    const std::string& tmpl, const std::string& as, const SourcePos& where, const std::string& what,
    const std::function<std::optional<std::string>(const std::string& path)>& lookup,
    Diagnostics& diags) {
  std::string out;
  for (std::size_t i = 0; i < tmpl.size(); ++i) {
    if (tmpl[i] != '{') {
      out += tmpl[i];
      continue;
    }
    const std::size_t end = tmpl.find('}', i);
    if (end == std::string::npos) return std::nullopt;  // checked when the list was read
    const std::string path = tmpl.substr(i + 1, end - i - 1);
    const std::string field = path.size() > as.size() ? path.substr(as.size() + 1) : "";
    auto v = lookup(field);
    if (!v) {
      diags.error(where, what + ": `{" + path + "}` is not a text or a whole number in the data");
      return std::nullopt;
    }
    bool bad = v->empty() || *v == "." || *v == "..";
    for (unsigned char c : *v) bad = bad || c == '/' || c == '\\' || c < 0x20 || c == 0x7f;
    if (bad) {
      diags
          .error(where,
                 what + ": `{" + path + "}` is `" + *v + "`, which cannot be part of a file name")
          .hints.push_back(
              "an item's value in a file name must not be empty, `.` or `..`, "
              "nor hold `/`, `\\` or control characters");
      return std::nullopt;
    }
    out += *v;
    i = end;
  }
  return out;
}

}  // namespace plaquette::model
