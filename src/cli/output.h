// Writing outputs: never over an input, never two outputs into one file, all or nothing.
//
// Every output is first written to a tracked temporary file beside it (a signal removes
// it), flushed to disk, and only then renamed over its target. Before a rename, and before
// writing, the output is compared by identity (device and inode, links resolved) with every
// file the run read (base/file.h) and with every other output.
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "base/diag.h"

namespace plaquette::cli {

/// An output of the run, with where it was named (for messages).
struct OutputFile {
  std::string path;
  SourcePos where;                  ///< unknown: messages are at `path`
  std::string what = "the output";  ///< "edition `fr`: output", ...
};

/// Checks each output against every file read so far and against the other outputs. An
/// output that exists is its file; one that does not yet is its resolved folder plus its
/// name. Records an error naming both files for each clash; returns, per output, whether
/// it is free of clashes. `inputs` are more files of the run, not read yet (a batch reads
/// its data files as it goes): those that exist count as read.
std::vector<bool> check_outputs(const std::vector<OutputFile>& outputs, Diagnostics& diags,
                                const std::vector<std::string>& inputs = {});

/// A temporary file written beside its target and not yet renamed over it; tracked, so
/// that a signal removes it.
struct Temporary {
  std::string path;
  int handle = -1;
  std::vector<std::string> created;  ///< folders made for it, outermost first
  std::vector<int> folder_handles;   ///< their tracking (track_temp_folder)
};

/// Writes `bytes` to a new temporary file beside `path` (refusing a target that exists and
/// is not a regular file) and flushes it to disk. The folder is created when
/// `create_folder` is set (the default output folder) and must exist otherwise. On failure
/// records an error, leaves no file and returns nothing.
/// `sync` false leaves flushing to the caller (a batch flushes every file system it wrote
/// to once, with sync_folders, before renaming anything).
std::optional<Temporary> write_temporary(const std::string& path, const std::string& bytes,
                                         bool create_folder, Diagnostics& diags, bool sync = true);

/// Flushes to disk the file systems holding `paths` (each once: syncfs). False when one
/// could not be flushed.
bool sync_folders(const std::vector<std::string>& paths);

/// Renames a temporary file over `path`; on failure removes it and records an error. The
/// folders made for it are no longer tracked: they hold an output, or may hold others.
bool commit_temporary(const Temporary& t, const std::string& path, Diagnostics& diags);

/// Removes a temporary file that will not be renamed.
void discard_temporary(const Temporary& t);

/// Removes the folders created for a discarded temporary file, those left empty only (a
/// batch discards all its temporaries first: several may share a new folder).
void remove_created_folders(const Temporary& t);

/// Writes bytes to `path` all or nothing: a temporary file in the same folder, flushed to
/// disk, then renamed over the target once check_outputs passed. On failure the target is
/// untouched and an error is recorded. Only a regular file is ever replaced; the folder is
/// created when `create_folder` is set (the default output folder), and must exist otherwise.
bool write_atomically(const std::string& path, const std::string& bytes, bool create_folder,
                      Diagnostics& diags);

/// Writes several files (path, bytes) into the folder `dir` all or nothing: every file is
/// first written to a temporary name, and only when all are written (and pass
/// check_outputs) are they renamed over their targets; on failure the temporary files are
/// removed. `dir` is created when it is missing but its parent exists (a mistyped deep path
/// is an error, not a new tree), and removed again when this call created it and fails.
bool write_files_atomically(const std::string& dir,
                            const std::vector<std::pair<std::string, std::string>>& files,
                            Diagnostics& diags);

/// After writing proof pages `<prefix>1<ext>` … `<prefix><pages><ext>` into `dir`: removes
/// the regular files named exactly <prefix><N><ext> with N > pages, left by an earlier,
/// longer proof, so that the folder shows this proof only. Other names are left alone.
void remove_stale_pages(const std::string& dir, const std::string& prefix, const std::string& ext,
                        std::size_t pages);

}  // namespace plaquette::cli
