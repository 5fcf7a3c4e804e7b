// Building every edition of an editions list in one process, in parallel.
#pragma once

#include <cstddef>
#include <iosfwd>
#include <memory>
#include <string>
#include <vector>

#include "cli/pipeline.h"
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
  /// --shard K/N: only the editions whose output falls in part K (1 to N) of N; 0/0 = all.
  unsigned shard = 0, shards = 0;
  /// The folder of the editions list: shards are decided on the outputs relative to it,
  /// so that every checkout of the project splits the list alike.
  std::string list_dir = ".";
  std::string manifest;      ///< --manifest FILE: a JSON line per edition written ("" = none)
  bool incremental = false;  ///< --incremental: skip editions up to date in the manifest
};

/// Parses `K/N` (1 ≤ K ≤ N ≤ 100000) into `opt`; false when malformed.
bool parse_shard(const std::string& text, BatchOptions& opt);

/// The shard (0 to `shards` - 1) of an output: a hash of its path relative to `list_dir`,
/// the same on every machine and run.
unsigned shard_of(const std::string& output, const std::string& list_dir, unsigned shards);

/// The SHA-256 of bytes, as 64 lowercase hexadecimal digits.
std::string sha256_hex(const std::string& bytes);

/// One edition to make: an entry of the list, or one item of a per-item entry (`each:`).
/// Light: a batch holds one per edition, whatever their number, so an entry's own name and
/// output are not copied; only a per-item edition holds the ones named from its item.
struct EditionJob {
  /// A per-item edition's item: its index in the list, and the name and output made from
  /// it. A job is kept per edition until a batch commits, so an entry of one PDF has none
  /// (16 bytes a job, not 80).
  struct Item {
    std::size_t index = 0;
    std::string name, output;
  };
  const model::EditionEntry* entry = nullptr;  ///< points into the list it was expanded from
  std::unique_ptr<const Item> item;            ///< a per-item edition's

  std::size_t item_index() const { return item ? item->index : 0; }
  const std::string& name() const { return item ? item->name : entry->name; }
  const std::string& output() const { return item ? item->output : entry->output; }
};

/// The editions of a list, per-item entries expanded: their data is loaded (into `sources`,
/// so that building them does not read it again) to name each item's edition and file.
/// Problems (a list that is not in the data or empty, an item value that cannot name a
/// file, two editions of one name) go to `diags`.
std::vector<EditionJob> expand_editions(const std::vector<model::EditionEntry>& entries,
                                        const BatchOptions& opt, pipeline::Sources& sources,
                                        Diagnostics& diags);

/// What builds a job: its entry's data, layout and locale, and its item.
EditionSpec spec_of(const EditionJob& job, const BatchOptions& opt);

/// Builds every edition, an entry with `each:` once per item of its list (its name and
/// output named from the item), in parallel on one pool of `opt.jobs` threads. Inputs are
/// loaded once each, by the first edition that needs them, and shared read-only (fonts,
/// layouts, catalogs, dictionaries, the compressed output profile); a data file is dropped
/// once its last edition is done, and each PDF goes to a tracked temporary file beside its
/// output as soon as it is made, so that memory does not grow with the number of editions.
/// No output may be an input or another output (check_outputs). Only when every edition
/// succeeded are the temporaries renamed into place, one by one (not one atomic step);
/// otherwise they are all removed, unless `keep_going`, which renames those that
/// succeeded. Prints a progress line per edition and a summary (with the failed editions)
/// on `out`, problems on `err` (each once, sorted). Returns the exit status: 0 when every
/// edition was written, 1 otherwise.
int build_editions(const std::vector<model::EditionEntry>& editions, const BatchOptions& opt,
                   std::ostream& out, std::ostream& err);

/// Checks every edition without writing anything, on the same pool as build_editions.
/// Problems are printed once each, sorted, on `err` (as one JSON object on `out` when
/// `json`); a progress line per edition and a summary on `out` unless `opt.quiet` or
/// `json`. `shared` holds the problems found before (loading the list) and is printed with
/// the others. Returns 0 when every edition is free of errors, 1 otherwise.
int check_editions(const std::vector<model::EditionEntry>& editions, const BatchOptions& opt,
                   bool json, Diagnostics shared, std::ostream& out, std::ostream& err);

}  // namespace plaquette::cli
