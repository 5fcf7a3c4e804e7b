// Interrupted runs leave nothing behind: temporary output files are removed on a signal.
#pragma once

#include <signal.h>

#include <atomic>
#include <cstdint>
#include <cstdio>
#include <mutex>
#include <optional>
#include <string>

namespace plaquette::cli {

/// Installs handlers for SIGINT, SIGTERM and SIGHUP that remove the temporary files being
/// written (and the folders made for them, when empty), then end the process as the signal would
/// have. SIGXFSZ is ignored, so that a file size limit (`ulimit -f`) makes write() fail with EFBIG,
/// a clean error that removes the temporary file, instead of killing the process.
void install_signal_cleanup();

/// Registers a temporary file for removal on a signal, however many are alive at once;
/// returns a handle for untrack_temp_file (-1 for a path longer than PATH_MAX, which
/// cannot have been created).
int track_temp_file(const char* path);

/// Registers a folder made for a temporary file: a signal removes it, if it is empty, once
/// the files are removed. Returns a handle for untrack_temp_file (once the folder holds an
/// output, or was removed).
int track_temp_folder(const char* path);

/// Forgets a temporary file (or folder) once it was renamed or removed.
void untrack_temp_file(int handle);

/// Removes every tracked temporary file now, as a signal's handler does, for a program that
/// is about to end without a signal (a library that cannot be loaded, lazy::on_failure).
void remove_temp_files();

/// True once a signal's handler has started removing the tracked files: no temporary file
/// is to be made any more (write_temporary fails).
bool cleanup_started();

/// Alive while a temporary file is being made, from before it is created until it is
/// tracked (or removed): the thread takes no signal meanwhile, and a signal's handler on
/// another thread waits for these (a moment at most) and then reads the tracked files again,
/// so that a file made while it ran is not left.
class TempFileMaking {
 public:
  TempFileMaking();
  ~TempFileMaking();
  TempFileMaking(const TempFileMaking&) = delete;
  TempFileMaking& operator=(const TempFileMaking&) = delete;

 private:
  sigset_t saved_;  ///< the thread's signal mask before
};

/// The temporary files of a batch, kept until its all-or-nothing commit, tracked in an
/// unnamed file rather than in memory: a batch of thousands of editions holds a number per
/// file (its record's place), not its path. Each record is a live flag and a path; a
/// signal's handler reads the records back and removes the files still live. One spool is
/// tracked at a time (a batch is one per process): add() refuses while another is; it is
/// thread-safe.
class TemporarySpool {
 public:
  TemporarySpool() = default;
  ~TemporarySpool();
  TemporarySpool(const TemporarySpool&) = delete;
  TemporarySpool& operator=(const TemporarySpool&) = delete;

  /// Records a live temporary file; its record's place, or nothing when the spool cannot
  /// be written (the caller then keeps tracking the file itself).
  std::optional<std::uint64_t> add(const std::string& path);
  /// The path recorded at `at`, or nothing when it cannot be read back. This and forget()
  /// come after the add() calls (a batch's commit, once its workers are joined).
  std::optional<std::string> path(std::uint64_t at) const;
  /// The file recorded at `at` was renamed or removed: a signal leaves it alone.
  void forget(std::uint64_t at);

 private:
  std::mutex append_;
  bool opened_ = false;        ///< guarded by append_
  std::FILE* file_ = nullptr;  ///< made by the first add()
  bool tracked_ = false;       ///< the handler reads this spool
  std::uint64_t end_ = 0;      ///< guarded by append_
};

}  // namespace plaquette::cli
