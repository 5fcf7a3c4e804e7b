// Building every edition of an editions list in one process, in parallel.
#pragma once

#include <iosfwd>
#include <string>
#include <vector>

#include "model/editions.h"

namespace plaquette::cli {

/// How a batch runs.
struct BatchOptions {
  unsigned jobs = 0;   ///< worker threads; 0 = one per core
  bool quiet = false;  ///< no progress lines, only problems
  bool allow_fallback = false;  ///< missing translations fall back to the source locale
  std::vector<std::string> allow_paths = {};  ///< --allow-path: folders besides the working directory
};

/// Builds every edition: inputs are loaded once and shared read-only, fonts are loaded
/// once, editions are laid out and rendered in parallel, and each PDF is written all or
/// nothing. Prints a progress line per edition and a summary on `out`, problems on `err`
/// (each once, sorted). Returns the exit status: 0 when every edition was written, 1 otherwise.
int build_editions(const std::vector<model::EditionEntry>& editions, const BatchOptions& opt,
                   std::ostream& out, std::ostream& err);

}  // namespace plaquette::cli
