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
/// The layout used when none is given, relative to the project folder.
inline constexpr const char* kDefaultLayout = "layouts/gusp-brochure.yaml";

/// True when both paths name one existing file (links and dots resolved).
bool same_file(const std::string& a, const std::string& b);

/// The name of an edition's files, without extension: the data file's stem, then the
/// layout's stem unless the layout is the default one, then the locale
/// ("hauts-de-france-2019-2022.fr", "hauts-de-france-2019-2022.poster.fr"), so that the
/// outputs of a second layout never land on the brochure's.
std::string output_stem(const std::string& data, const std::string& layout,
                        const std::string& locale);

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
