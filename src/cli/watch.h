// `plaquette watch`: build, then rebuild whenever a file the build read changes.
//
// Every file a build asks for (data, layouts, catalogs, fonts, profiles, the editions list;
// base/file.h's ReadLog, a missing one too) is watched, through its folder: editors that
// save by writing a new file and renaming it over the old one (vim, emacs) fire
// IN_MOVED_TO on the folder and nothing on the file. A folder that is replaced or removed
// is watched again as soon as it exists, and its files then count as changed. Where inotify
// is blind (network and container mounts), a polling watcher compares each file's status.
#pragma once

#include <functional>
#include <iosfwd>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "cli/pipeline.h"
#include "model/editions.h"
#include "render/cairo/cairo.h"

namespace plaquette::cli {

/// Tells which of a set of files changed.
class FileWatcher {
 public:
  virtual ~FileWatcher() = default;
  /// Watches exactly `files` from now on (paths as the build named them; they need not
  /// exist). Changes seen before are forgotten.
  virtual void watch(const std::vector<std::string>& files) = 0;
  /// Waits at most `timeout_ms` for changes; returns the watched paths (as given to watch)
  /// that changed since the last call, each once, or nothing when none did in time.
  virtual std::vector<std::string> wait(int timeout_ms) = 0;
  /// "inotify" or "polling every 250 ms", for the status line.
  virtual std::string describe() const = 0;
  /// How many folders (inotify) or files (polling) are being watched.
  virtual std::size_t watched() const = 0;
};

/// A watcher on Linux inotify, on the folders of the files, for IN_CLOSE_WRITE and
/// IN_MOVED_TO; nullptr when inotify cannot be used (`error` says why).
std::unique_ptr<FileWatcher> make_inotify_watcher(std::string& error);

/// A watcher that compares each file's status (device, inode, size, modification and
/// change times, or its absence) every `interval_ms`.
std::unique_ptr<FileWatcher> make_poll_watcher(int interval_ms);

/// How `plaquette watch` runs.
struct WatchOptions {
  EditionSpec spec;      ///< one edition (spec.data set), or the layout/locale of a list
  std::string output;    ///< one edition: -o, or "" for out/<stem>.pdf
  std::string editions;  ///< set: every edition of this editions list
  /// Loads that list (with --layout and --locale applied, its paths checked); nothing when
  /// it has errors, recorded in the diagnostics. Called again whenever the list changes.
  std::function<std::optional<std::vector<model::EditionEntry>>(Diagnostics&)> load_editions;
  bool proof = false;  ///< also draw proof pages beside each PDF
  render::cairo::Options proof_options;
  bool poll = false;     ///< a polling watcher instead of inotify
  int poll_ms = 250;     ///< its interval
  int debounce_ms = 30;  ///< quiet time after a change before rebuilding
  bool quiet = false;    ///< status lines of failed rebuilds only
  /// Tests: stop after this many rebuilds (0: run until a signal).
  unsigned max_rebuilds = 0;
};

/// Builds, then watches and rebuilds until a signal ends the process (or `max_rebuilds`).
/// Each rebuild prints one status line on `out` (its diagnostics first, on `err`); outputs
/// are replaced atomically and a failed rebuild leaves the last good ones in place. Returns
/// 2 when the watcher cannot start, else the status of the last build (0 or 1).
int watch(const WatchOptions& options, std::ostream& out, std::ostream& err);

}  // namespace plaquette::cli
