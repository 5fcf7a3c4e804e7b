// Reading input files: every file plaquette reads (data, layouts, catalogs, editions lists,
// fonts, profiles, PDFs to preflight) goes through read_input_file, so that each is a
// regular file (a folder, device, FIFO or socket is refused by name, and a FIFO never
// blocks), is read with a size bound for its kind, and is remembered by identity so that
// no output of the run can replace it.
#pragma once

#include <sys/types.h>

#include <compare>
#include <cstddef>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace plaquette {

/// What a file is read as; each kind has its size bound.
enum class InputKind {
  text,     ///< data, layouts, catalogs, editions lists: 8 MiB
  font,     ///< 32 MiB
  profile,  ///< ICC output profiles: 32 MiB
  pdf,      ///< a PDF given to `preflight`: 1 GiB
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

/// The bytes of a file read whole, read-only, owned by this process (a private copy: a file
/// changed or truncated while in use cannot change them). A big file is read into memory
/// backed by huge pages where the system has them: reading a 660 KB font into ordinary
/// pages costs ~170 page faults, 5 ms on a virtual machine; into one huge page, 0.3 ms.
class FileBytes {
 public:
  /// Reads the open file `fd` from its current offset to its end, `size_hint` bytes
  /// expected, at most `max_bytes` + 1 (a size() beyond `max_bytes` tells the caller the
  /// file is over its bound). Returns nullptr with `err` set (an errno) when reading fails.
  static std::shared_ptr<FileBytes> read(int fd, std::size_t size_hint, std::size_t max_bytes,
                                         int& err);
  ~FileBytes();
  FileBytes(const FileBytes&) = delete;
  FileBytes& operator=(const FileBytes&) = delete;

  const char* data() const { return data_; }
  std::size_t size() const { return size_; }
  std::string_view view() const { return {data_, size_}; }

 private:
  explicit FileBytes(std::size_t capacity);
  char* data_ = nullptr;
  std::size_t size_ = 0;
  std::size_t capacity_ = 0;
  bool mapped_ = false;  ///< an anonymous mapping of capacity_ bytes, else new[]
};

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
