// Reading input files: every file plaquette reads (data, layouts, catalogs, editions lists,
// fonts, profiles, PDFs to preflight) goes through read_input_file, so that each is a
// regular file (a folder, device, FIFO or socket is refused by name, and a FIFO never
// blocks), is read with a size bound for its kind, and is remembered by identity so that
// no output of the run can replace it.
#pragma once

#include <sys/stat.h>
#include <sys/types.h>

#include <compare>
#include <cstddef>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "base/memory.h"

namespace plaquette {

/// What a file is read as; each kind has its size bound.
enum class InputKind {
  text,        ///< data, layouts, catalogs, editions lists: 8 MiB
  font,        ///< 32 MiB
  profile,     ///< ICC output profiles: 32 MiB
  dictionary,  ///< hyphenation dictionaries: 32 MiB
  pdf,         ///< a PDF given to `preflight`: 1 GiB
};

/// The size bound of a kind, in bytes.
std::size_t input_bound(InputKind kind);

/// "8 MiB, the bound for data, layouts, catalogs and editions lists": a bound as messages
/// name it. `bytes` other than the kind's own bound (tests use small ones) are named in bytes.
std::string describe_bound(InputKind kind, std::size_t bytes);

/// A file's identity: its device and inode. Two paths are one file when these are equal,
/// whatever symbolic links, hard links or `..` lead to it.
struct FileId {
  dev_t dev = 0;
  ino_t ino = 0;
  auto operator<=>(const FileId&) const = default;
};

/// A file's version: its identity, size, and modification and status-change times (ns).
/// Equal stamps mean the same file, not replaced nor written in between (as finely as the
/// file system keeps times): what the caches of parsed files (fonts, profiles, maps) and
/// `watch --poll` compare.
struct FileStamp {
  FileId id;
  off_t size = 0;
  long long mtime_ns = 0;
  long long ctime_ns = 0;
  auto operator<=>(const FileStamp&) const = default;
};

/// The stamp of a file as fstat or stat gave it.
FileStamp stamp_of(const struct stat& st);

/// The stamp of the file at `path` (followed through links); nothing when it cannot be
/// looked at (missing, no permission).
std::optional<FileStamp> file_stamp(const std::string& path);

/// Why a file could not be read.
struct ReadError {
  enum class Code { missing, not_regular, too_large, io } code = Code::io;
  std::string message;  ///< "no such file", "it is a FIFO (named pipe)", ...
};

/// Reads the regular file at `path` whole. It is opened without blocking and checked with
/// fstat, so that a folder, device, FIFO or socket is an error naming what it is; more
/// than `max_bytes` (default: the kind's bound) is an error naming the bound, decided
/// without reading past it. On success the file's identity is recorded (see files_read).
/// Thread-safe.
std::optional<std::string> read_input_file(const std::string& path, InputKind kind,
                                           ReadError& error, std::size_t max_bytes = 0);

class FileBytes;
std::vector<std::string> changed_inputs();

/// The bytes of a file read whole, read-only. Either mapped from the file (fonts: only the
/// pages a reader touches are ever read, nothing is copied) or read into memory of the
/// process; a big file read into memory gets memory of its own, in huge pages where the
/// system has them (one page fault per 2 MiB instead of one per 4 KiB).
///
/// A mapped file that another program truncates while it is mapped would raise SIGBUS on
/// the pages cut off: those pages read as zeros instead, and the file counts as changed;
/// so does a file written in place (its size or modification time differ from when it was
/// mapped). changed_inputs() names them, and no output is written while one has changed
/// (check_outputs in src/cli/output.h refuses every output).
class FileBytes {
 public:
  /// Reads the open file `fd` from its current offset to its end, `size_hint` bytes
  /// expected, at most `max_bytes` + 1 (a size() beyond `max_bytes` tells the caller the
  /// file is over its bound). Returns nullptr with `err` set (an errno) when reading fails.
  static std::shared_ptr<FileBytes> read(int fd, std::size_t size_hint, std::size_t max_bytes,
                                         int& err);
  /// Maps the open regular file `fd` (of stat `st`, not empty) read-only, keeping a
  /// descriptor of its own to notice changes; nullptr when it cannot be mapped (the caller
  /// then reads it).
  static std::shared_ptr<FileBytes> map(int fd, const struct stat& st, const std::string& path);
  ~FileBytes();
  FileBytes(const FileBytes&) = delete;
  FileBytes& operator=(const FileBytes&) = delete;

  const char* data() const { return data_; }
  std::size_t size() const { return size_; }
  std::string_view view() const { return {data_, size_}; }
  /// Whether the bytes are mapped from the file rather than read into memory.
  bool mapped_from_file() const { return slot_ >= 0; }
  /// For a mapped file: whether the file was truncated or written since it was mapped.
  bool changed() const;

 private:
  friend std::vector<std::string> changed_inputs();
  explicit FileBytes(std::size_t capacity);
  FileBytes() = default;
  char* data_ = nullptr;
  std::size_t size_ = 0;
  std::size_t capacity_ = 0;
  std::unique_ptr<HugePageMemory> huge_;  ///< the memory of a big file read, else new[]
  // A mapped file: its slot in the SIGBUS guard, descriptor, path and version when mapped.
  int slot_ = -1;
  int fd_ = -1;
  std::string path_;
  FileStamp stamp_;  ///< of the file when mapped
};

/// The paths of the files mapped by this process (and still in use) that changed since
/// they were mapped, each once. Thread-safe.
std::vector<std::string> changed_inputs();  // declared above, for FileBytes' friendship

/// read_input_file for big files several parts of the program read (fonts: the layout
/// shapes with them, the PDF backend subsets them): while some reader still holds the bytes
/// of a file, reading it again unchanged (same identity, size and modification time)
/// shares them instead of reading the file again. Every other effect is read_input_file's:
/// the same checks, errors, ReadLog and files_read entries. Thread-safe.
std::shared_ptr<const FileBytes> read_input_file_shared(const std::string& path, InputKind kind,
                                                        ReadError& error,
                                                        std::size_t max_bytes = 0);

/// A file read by this process under one name.
struct FileRead {
  FileId id;
  std::string path;
};

/// Every file read so far by read_input_file, each (file, name) pair once. Thread-safe.
std::vector<FileRead> files_read();

/// Records every path this thread asks read_input_file for, read or not (a missing file
/// too), while it is alive: what a build depends on, for `plaquette watch`. Logs nest: the
/// innermost one records. Not shared between threads.
class ReadLog {
 public:
  ReadLog();
  ~ReadLog();
  ReadLog(const ReadLog&) = delete;
  ReadLog& operator=(const ReadLog&) = delete;
  /// The paths asked for, each once, in the order first asked.
  const std::vector<std::string>& paths() const { return paths_; }
  /// Records `path` in this thread's innermost log, if any (read_input_file calls it).
  static void record(const std::string& path);

 private:
  ReadLog* outer_;
  std::vector<std::string> paths_;
};

/// What a file system object is, for messages: "a directory", "a FIFO (named pipe)",
/// "a character device", ... or "" for a regular file.
std::string describe_file_type(mode_t mode);

}  // namespace plaquette
