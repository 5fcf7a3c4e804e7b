// Building every edition of an editions list in one process, in parallel.
#pragma once

#include <cstddef>
#include <iosfwd>
#include <string>
#include <vector>

#include "model/editions.h"

namespace plaquette::cli {

/// "1 page", "2 pages": a count and its noun, plural unless the count is 1 (`singular`
/// takes an s).
std::string counted(std::size_t n, const std::string& singular);

/// How a batch runs.
struct BatchOptions {
  unsigned jobs = 0;            ///< worker threads; 0 = one per core
  bool quiet = false;           ///< no progress lines, only problems
  bool allow_fallback = false;  ///< missing translations fall back to the source locale
  bool keep_going = false;      ///< write the editions that build even when others fail
  std::vector<std::string> allow_paths =
      {};  ///< --allow-path: folders besides the working directory
};

/// Builds every edition: inputs are loaded once and shared read-only, fonts are loaded
/// once, editions are laid out and rendered in parallel, each into a tracked temporary
/// file beside its output. No output may be an input or another output (check_outputs).
/// Only when every edition succeeded are the temporaries renamed into place, one by one
/// (not one atomic step); otherwise they are all removed, unless `keep_going`, which
/// renames those that succeeded. Prints a progress line per edition and a summary (with
/// the failed editions) on `out`, problems on `err` (each once, sorted). Returns the exit
/// status: 0 when every edition was written, 1 otherwise.
int build_editions(const std::vector<model::EditionEntry>& editions, const BatchOptions& opt,
                   std::ostream& out, std::ostream& err);

/// Checks every edition without writing anything: inputs loaded once, editions laid out in
/// parallel. Problems are printed once each, sorted, on `err` (as one JSON object on `out`
/// when `json`); a progress line per edition and a summary on `out` unless `opt.quiet` or
/// `json`. `shared` holds the problems found before (loading the list) and is printed with
/// the others. Returns 0 when every edition is free of errors, 1 otherwise.
int check_editions(const std::vector<model::EditionEntry>& editions, const BatchOptions& opt,
                   bool json, Diagnostics shared, std::ostream& out, std::ostream& err);

}  // namespace plaquette::cli
