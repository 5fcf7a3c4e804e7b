#include "base/file.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <mutex>

namespace plaquette {
namespace {

constexpr std::size_t kMiB = std::size_t{1} << 20;
constexpr std::size_t kGiB = std::size_t{1} << 30;

std::mutex registry_mutex;
std::vector<FileRead>& registry() {
  static std::vector<FileRead> files;
  return files;
}

void remember(const FileId& id, const std::string& path) {
  std::lock_guard<std::mutex> lock(registry_mutex);
  auto& files = registry();
  // By file and name: in a long run (`plaquette watch`) a file replaced since it was read
  // frees its inode number, which another input may then get under another name.
  if (std::none_of(files.begin(), files.end(),
                   [&](const FileRead& f) { return f.id == id && f.path == path; }))
    files.push_back({id, path});
}

thread_local ReadLog* current_log = nullptr;

std::string lower_first(std::string s) {
  if (!s.empty() && s[0] >= 'A' && s[0] <= 'Z') s[0] = static_cast<char>(s[0] - 'A' + 'a');
  return s;
}

ReadError failure(ReadError::Code code, std::string message) { return {code, std::move(message)}; }

// The error for a path that is not a regular file, or for errno after a failed call.
ReadError from_errno(int err) {
  if (err == ENOENT || err == ENOTDIR) return failure(ReadError::Code::missing, "no such file");
  return failure(ReadError::Code::io, lower_first(std::strerror(err)));
}

std::string human(std::size_t bytes) {
  if (bytes % kGiB == 0) return std::to_string(bytes / kGiB) + " GiB";
  if (bytes % kMiB == 0) return std::to_string(bytes / kMiB) + " MiB";
  return std::to_string(bytes) + " bytes";
}

}  // namespace

std::size_t input_bound(InputKind kind) {
  switch (kind) {
    case InputKind::text:
      return 8 * kMiB;
    case InputKind::font:
    case InputKind::profile:
      return 32 * kMiB;
    case InputKind::pdf:
      return kGiB;
  }
  return 8 * kMiB;
}

std::string describe_bound(InputKind kind, std::size_t bytes) {
  if (bytes != input_bound(kind)) return human(bytes);
  switch (kind) {
    case InputKind::text:
      return human(bytes) + ", the bound for data, layouts, catalogs and editions lists";
    case InputKind::font:
    case InputKind::profile:
      return human(bytes) + ", the bound for fonts and profiles";
    case InputKind::pdf:
      return human(bytes) + ", the bound for a PDF to preflight";
  }
  return human(bytes);
}

std::string describe_file_type(mode_t mode) {
  if (S_ISREG(mode)) return "";
  if (S_ISDIR(mode)) return "a directory";
  if (S_ISFIFO(mode)) return "a FIFO (named pipe)";
  if (S_ISCHR(mode)) return "a character device";
  if (S_ISBLK(mode)) return "a block device";
  if (S_ISSOCK(mode)) return "a socket";
  return "not a regular file";
}

std::optional<std::string> read_input_file(const std::string& path, InputKind kind,
                                           ReadError& error, std::size_t max_bytes) {
  ReadLog::record(path);
  if (max_bytes == 0) max_bytes = input_bound(kind);
  auto not_regular = [&](mode_t mode) {
    error = failure(ReadError::Code::not_regular, "it is " + describe_file_type(mode));
    return std::nullopt;
  };
  // Looked at before opening: opening a device can have effects of its own (a tape
  // rewinds), and a socket cannot be opened at all.
  struct stat st;
  if (::stat(path.c_str(), &st) != 0) {
    error = from_errno(errno);
    return std::nullopt;
  }
  if (!S_ISREG(st.st_mode)) return not_regular(st.st_mode);
  // O_NONBLOCK: should the path have become a FIFO since, opening it must not wait for a
  // writer; fstat below then refuses it.
  const int fd = ::open(path.c_str(), O_RDONLY | O_NONBLOCK | O_CLOEXEC | O_NOCTTY);
  if (fd < 0) {
    error = from_errno(errno);
    return std::nullopt;
  }
  struct Closer {
    int fd;
    ~Closer() { ::close(fd); }
  } closer{fd};
  if (::fstat(fd, &st) != 0) {
    error = from_errno(errno);
    return std::nullopt;
  }
  if (!S_ISREG(st.st_mode)) return not_regular(st.st_mode);
  auto too_large = [&] {
    error = failure(ReadError::Code::too_large, "more than " + describe_bound(kind, max_bytes));
    return std::nullopt;
  };
  if (static_cast<std::size_t>(st.st_size) > max_bytes) return too_large();
  // The size is a hint only (the file may grow while read): read at most one byte past
  // the bound.
  std::string bytes;
  bytes.resize(std::min<std::size_t>(static_cast<std::size_t>(st.st_size), max_bytes) + 1);
  std::size_t got = 0;
  while (true) {
    if (got == bytes.size()) {
      if (got > max_bytes) return too_large();
      bytes.resize(std::min(max_bytes + 1, std::max<std::size_t>(got * 2, 1 << 16)));
    }
    const ssize_t n = ::read(fd, bytes.data() + got, bytes.size() - got);
    if (n < 0) {
      if (errno == EINTR) continue;
      error = from_errno(errno);
      return std::nullopt;
    }
    if (n == 0) break;
    got += static_cast<std::size_t>(n);
  }
  if (got > max_bytes) return too_large();
  bytes.resize(got);
  remember({st.st_dev, st.st_ino}, path);
  return bytes;
}

ReadLog::ReadLog() : outer_(current_log) { current_log = this; }

ReadLog::~ReadLog() { current_log = outer_; }

void ReadLog::record(const std::string& path) {
  if (!current_log) return;
  auto& paths = current_log->paths_;
  if (std::find(paths.begin(), paths.end(), path) == paths.end()) paths.push_back(path);
}

std::vector<FileRead> files_read() {
  std::lock_guard<std::mutex> lock(registry_mutex);
  return registry();
}

}  // namespace plaquette
