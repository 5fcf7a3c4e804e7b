// The list of editions to build in one run (data/editions.yaml).
#pragma once

#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "base/diag.h"

namespace plaquette::model {

/// One entry of the list: which data, layout and locale make which PDF. Paths are resolved
/// against the folder of the editions file. With `each`, the entry makes one PDF per item
/// of a list of its data: its name and output are then templates naming the item
/// (`{dep.code}`), expanded by expand_item_name once the data is loaded.
struct EditionEntry {
  std::string name;
  std::string data;
  std::string layout;
  std::string locale;
  std::string output;
  SourcePos pos;
  std::string each;  ///< binding path of the list (`each: departements`); "" = one PDF
  std::string as;    ///< the item's name in templates (`as: dep`, default `item`)
  // Where `name:` and `output:` are written, in pos.file: lines and columns only, as a
  // batch keeps every entry until it commits.
  int name_line = 0, name_col = 0;
  int output_line = 0, output_col = 0;

  SourcePos name_pos() const { return at(name_line, name_col); }
  SourcePos output_pos() const { return at(output_line, output_col); }

 private:
  SourcePos at(int line, int col) const {
    return line ? SourcePos{pos.file, line, col} : SourcePos{};
  }
};

/// Loads an editions file; every problem is recorded (unknown keys, missing keys, duplicate
/// names or outputs, an empty list, a per-item template that does not name its item), and
/// nothing is returned if any is an error.
std::optional<std::vector<EditionEntry>> load_editions(const std::string& path, Diagnostics& diags);

/// Same, from text in memory; `path` names it and anchors relative paths.
std::optional<std::vector<EditionEntry>> load_editions_string(std::string_view text,
                                                              const std::string& path,
                                                              Diagnostics& diags);

/// A per-item name or output template with each `{as.path}` (or `{as}`) replaced by
/// `lookup(path)` (path "" for the item itself), which gives the value as text or nothing
/// when it is missing or not a string or whole number. A value that is empty, `.` or `..`,
/// or holds a `/`, a `\` or a control character could leave the output's folder: it is
/// refused. On failure records an error at `where` and returns nothing.
std::optional<std::string> expand_item_name(
    const std::string& tmpl, const std::string& as, const SourcePos& where, const std::string& what,
    const std::function<std::optional<std::string>(const std::string& path)>& lookup,
    Diagnostics& diags);

}  // namespace plaquette::model
