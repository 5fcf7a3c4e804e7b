// Where files named by other files may be: a layout names fonts and a profile, an editions
// list names data, layouts and outputs. They resolve relative to the file that names them
// and must stay inside the project folder (the working directory plaquette runs in) or a
// folder given with --allow-path, so that a layout from elsewhere cannot read or an
// editions list overwrite files anywhere on the machine.
#pragma once

#include <filesystem>
#include <string>
#include <vector>

#include "base/diag.h"

namespace plaquette::cli {

/// The folders that files named by inputs must stay inside.
class PathPolicy {
 public:
  /// The working directory plus each of `allowed` (relative ones from the working directory).
  explicit PathPolicy(const std::vector<std::string>& allowed = {});

  /// True when `path`, symbolic links resolved, is inside one of the roots; otherwise records
  /// an error at `where` naming `what` and the path.
  bool check(const std::string& path, const SourcePos& where, const std::string& what,
             Diagnostics& diags) const;

 private:
  std::vector<std::filesystem::path> roots_;
};

}  // namespace plaquette::cli
