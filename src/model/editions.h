// The list of editions to build in one run (data/editions.yaml).
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "base/diag.h"

namespace plaquette::model {

/// One edition: which data, layout and locale make which PDF. Paths are resolved against
/// the folder of the editions file.
struct EditionEntry {
  std::string name;
  std::string data;
  std::string layout;
  std::string locale;
  std::string output;
  SourcePos pos;
};

/// Loads an editions file; every problem is recorded (unknown keys, missing keys, duplicate
/// names or outputs, an empty list), and nothing is returned if any is an error.
std::optional<std::vector<EditionEntry>> load_editions(const std::string& path, Diagnostics& diags);

/// Same, from text in memory; `path` names it and anchors relative paths.
std::optional<std::vector<EditionEntry>> load_editions_string(std::string_view text,
                                                              const std::string& path,
                                                              Diagnostics& diags);

}  // namespace plaquette::model
