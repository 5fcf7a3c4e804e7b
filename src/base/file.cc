#include "base/file.h"

#include <fcntl.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <cerrno>
#include <csignal>
#include <cstdint>
#include <cstring>
#include <memory>
#include <mutex>
#include <set>

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
  // By file and name: in a long run (`plaquette watch`) a file replaced since it was read
  // frees its inode number, which another input may then get under another name. Looked up
  // in a set: a batch reads thousands of data files.
  static std::set<std::pair<FileId, std::string>> known;
  if (known.emplace(id, path).second) registry().push_back({id, path});
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

namespace {

// Files at least this big are read into memory of their own, in huge pages where the
// kernel gives them (HugePageMemory): one page fault and one page to clear instead of one
// per 4 KiB. The rounding up to 2 MiB is only worth it for big files.
constexpr std::size_t kOwnMappingFrom = std::size_t{256} << 10;

}  // namespace

FileBytes::FileBytes(std::size_t capacity) {
  if (capacity >= kOwnMappingFrom) {
    auto huge = std::make_unique<HugePageMemory>(capacity);
    if (huge->data()) {
      data_ = static_cast<char*>(huge->data());
      capacity_ = huge->size();
      huge_ = std::move(huge);
      return;
    }
  }
  data_ = new char[capacity > 0 ? capacity : 1];  // not zero-filled: read() writes it
  capacity_ = capacity;
}

namespace {

// The SIGBUS guard of mapped files. A file truncated by another program while mapped
// raises SIGBUS on the pages past its new end: the handler puts zero pages there instead
// and marks the file changed, and the reader goes on (the output is then refused). The
// slots are read by the handler, so they are lock-free atomics.
struct MappedSlot {
  std::atomic<std::uintptr_t> begin{0};
  std::atomic<std::size_t> length{0};  ///< of the mapping, whole pages
  std::atomic<bool> truncated{false};
};
constexpr int kMappedSlots = 64;
MappedSlot mapped_slots[kMappedSlots];
std::atomic<std::uintptr_t> page_mask{0};
struct sigaction previous_sigbus;

extern "C" void on_sigbus(int sig, siginfo_t* info, void* context) {
  const auto addr = reinterpret_cast<std::uintptr_t>(info->si_addr);
  for (MappedSlot& slot : mapped_slots) {
    const std::uintptr_t begin = slot.begin.load();
    const std::size_t length = slot.length.load();
    if (begin == 0 || addr < begin || addr >= begin + length) continue;
    const std::uintptr_t page = addr & page_mask.load();
    // mmap is a plain system call, safe in a handler.
    if (::mmap(reinterpret_cast<void*>(page), begin + length - page, PROT_READ,
               MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED, -1, 0) == MAP_FAILED)
      break;
    slot.truncated.store(true);
    return;  // the access is made again, and reads zeros
  }
  // Not a mapped file's: what would have happened without the guard.
  if ((previous_sigbus.sa_flags & SA_SIGINFO) && previous_sigbus.sa_sigaction) {
    previous_sigbus.sa_sigaction(sig, info, context);
  } else if (previous_sigbus.sa_handler != SIG_DFL && previous_sigbus.sa_handler != SIG_IGN) {
    previous_sigbus.sa_handler(sig);
  } else {
    ::signal(SIGBUS, SIG_DFL);  // the access faults again, with the default action
  }
}

bool install_sigbus_guard() {
  static const bool installed = [] {
    page_mask.store(~(static_cast<std::uintptr_t>(::sysconf(_SC_PAGESIZE)) - 1));
    struct sigaction action {};
    action.sa_sigaction = on_sigbus;
    action.sa_flags = SA_SIGINFO | SA_NODEFER;
    sigemptyset(&action.sa_mask);
    return ::sigaction(SIGBUS, &action, &previous_sigbus) == 0;
  }();
  return installed;
}

// The mapped files in use, for changed_inputs(). Never destroyed: a FileBytes held by a
// static object (a font cache) may outlive every static of this file at exit.
std::mutex& mapped_mutex() {
  static auto* mutex = new std::mutex;
  return *mutex;
}
std::vector<const FileBytes*>& mapped_files() {
  static auto* files = new std::vector<const FileBytes*>;
  return *files;
}

}  // namespace

std::shared_ptr<FileBytes> FileBytes::map(int fd, const struct stat& st, const std::string& path) {
  if (st.st_size <= 0 || !install_sigbus_guard()) return nullptr;
  int slot = -1;
  for (int i = 0; i < kMappedSlots && slot < 0; ++i) {
    std::uintptr_t free = 0;
    // Reserved with a placeholder address until the mapping exists.
    if (mapped_slots[i].begin.compare_exchange_strong(free, 1)) slot = i;
  }
  if (slot < 0) return nullptr;
  const auto size = static_cast<std::size_t>(st.st_size);
  void* data = ::mmap(nullptr, size, PROT_READ, MAP_PRIVATE, fd, 0);
  const int own = data == MAP_FAILED ? -1 : ::fcntl(fd, F_DUPFD_CLOEXEC, 0);
  if (own < 0) {
    if (data != MAP_FAILED) ::munmap(data, size);
    mapped_slots[slot].begin.store(0);
    return nullptr;
  }
  std::shared_ptr<FileBytes> bytes(new FileBytes());
  bytes->data_ = static_cast<char*>(data);
  bytes->size_ = bytes->capacity_ = size;
  bytes->slot_ = slot;
  bytes->fd_ = own;
  bytes->path_ = path;
  bytes->stamp_ = stamp_of(st);
  // The address first, then the length: until both are set the slot matches nothing.
  MappedSlot& s = mapped_slots[slot];
  s.truncated.store(false);
  s.begin.store(reinterpret_cast<std::uintptr_t>(data));
  s.length.store((size + ~page_mask.load()) & page_mask.load());
  std::lock_guard<std::mutex> lock(mapped_mutex());
  mapped_files().push_back(bytes.get());
  return bytes;
}

bool FileBytes::changed() const {
  if (slot_ < 0) return false;
  if (mapped_slots[slot_].truncated.load()) return true;
  // Its size and modification time: the status-change time also moves when the file is
  // only unlinked or renamed over (which leaves the mapped bytes as they were).
  struct stat st;
  if (::fstat(fd_, &st) != 0) return true;
  const FileStamp now = stamp_of(st);
  return now.size != stamp_.size || now.mtime_ns != stamp_.mtime_ns;
}

std::vector<std::string> changed_inputs() {
  std::vector<std::string> paths;
  std::lock_guard<std::mutex> lock(mapped_mutex());
  for (const FileBytes* f : mapped_files())
    if (f->changed() && std::find(paths.begin(), paths.end(), f->path_) == paths.end())
      paths.push_back(f->path_);
  return paths;
}

FileBytes::~FileBytes() {
  if (slot_ >= 0) {
    {
      std::lock_guard<std::mutex> lock(mapped_mutex());
      auto& files = mapped_files();
      files.erase(std::remove(files.begin(), files.end(), this), files.end());
    }
    MappedSlot& s = mapped_slots[slot_];
    s.length.store(0);  // the handler no longer matches it; still reserved
    ::munmap(data_, capacity_);
    ::close(fd_);
    s.begin.store(0);
  } else if (!huge_) {
    delete[] data_;
  }
}

std::shared_ptr<FileBytes> FileBytes::read(int fd, std::size_t size_hint, std::size_t max_bytes,
                                           int& err) {
  // The size is a hint only (the file may grow while read): read at most one byte past
  // the bound.
  std::shared_ptr<FileBytes> bytes(new FileBytes(std::min(size_hint, max_bytes) + 1));
  while (true) {
    const std::size_t limit = std::min(bytes->capacity_, max_bytes + 1);
    if (bytes->size_ == limit) {
      if (limit > max_bytes) return bytes;  // over the bound: the caller refuses it
      // The file grew since it was measured: on into a bigger buffer.
      std::shared_ptr<FileBytes> bigger(
          new FileBytes(std::min(max_bytes + 1, std::max<std::size_t>(bytes->size_ * 2, 1 << 16))));
      std::memcpy(bigger->data_, bytes->data_, bytes->size_);
      bigger->size_ = bytes->size_;
      bytes = std::move(bigger);
      continue;
    }
    const ssize_t n = ::read(fd, bytes->data_ + bytes->size_, limit - bytes->size_);
    if (n < 0) {
      if (errno == EINTR) continue;
      err = errno;
      return nullptr;
    }
    if (n == 0) break;
    bytes->size_ += static_cast<std::size_t>(n);
  }
  if (bytes->huge_) bytes->huge_->protect();  // read-only now
  return bytes;
}

FileStamp stamp_of(const struct stat& st) {
  auto ns = [](const struct timespec& t) {
    return static_cast<long long>(t.tv_sec) * 1000000000LL + t.tv_nsec;
  };
  return {{st.st_dev, st.st_ino}, st.st_size, ns(st.st_mtim), ns(st.st_ctim)};
}

std::optional<FileStamp> file_stamp(const std::string& path) {
  struct stat st;
  if (::stat(path.c_str(), &st) != 0) return std::nullopt;
  return stamp_of(st);
}

std::size_t input_bound(InputKind kind) {
  switch (kind) {
    case InputKind::text:
      return 8 * kMiB;
    case InputKind::font:
    case InputKind::profile:
    case InputKind::dictionary:
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
    case InputKind::dictionary:
      return human(bytes) + ", the bound for hyphenation dictionaries";
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

namespace {

// A file read again while unchanged (same stamp) is shared with the reader that still holds
// it: the layout and the PDF backend both read each font.
struct SharedFile {
  FileStamp stamp;
  std::weak_ptr<FileBytes> bytes;
};
std::mutex shared_mutex;
std::vector<SharedFile>& shared_files() {
  static std::vector<SharedFile> files;
  return files;
}

// read_input_file, and read_input_file_shared when `shared` is set: the checks and the
// reading are the same; only the shared one may return bytes already read.
std::shared_ptr<FileBytes> read_file(const std::string& path, InputKind kind, ReadError& error,
                                     std::size_t max_bytes, bool shared) {
  ReadLog::record(path);
  if (max_bytes == 0) max_bytes = input_bound(kind);
  auto not_regular = [&](mode_t mode) {
    error = failure(ReadError::Code::not_regular, "it is " + describe_file_type(mode));
    return nullptr;
  };
  // Looked at before opening: opening a device can have effects of its own (a tape
  // rewinds), and a socket cannot be opened at all.
  struct stat st;
  if (::stat(path.c_str(), &st) != 0) {
    error = from_errno(errno);
    return nullptr;
  }
  if (!S_ISREG(st.st_mode)) return not_regular(st.st_mode);
  // O_NONBLOCK: should the path have become a FIFO since, opening it must not wait for a
  // writer; fstat below then refuses it.
  const int fd = ::open(path.c_str(), O_RDONLY | O_NONBLOCK | O_CLOEXEC | O_NOCTTY);
  if (fd < 0) {
    error = from_errno(errno);
    return nullptr;
  }
  struct Closer {
    int fd;
    ~Closer() { ::close(fd); }
  } closer{fd};
  if (::fstat(fd, &st) != 0) {
    error = from_errno(errno);
    return nullptr;
  }
  if (!S_ISREG(st.st_mode)) return not_regular(st.st_mode);
  auto too_large = [&] {
    error = failure(ReadError::Code::too_large, "more than " + describe_bound(kind, max_bytes));
    return nullptr;
  };
  if (static_cast<std::size_t>(st.st_size) > max_bytes) return too_large();
  if (shared) {
    std::lock_guard<std::mutex> lock(shared_mutex);
    for (const SharedFile& f : shared_files()) {
      if (f.stamp != stamp_of(st)) continue;
      if (auto bytes = f.bytes.lock(); bytes && bytes->size() <= max_bytes) {
        remember({st.st_dev, st.st_ino}, path);
        return bytes;
      }
    }
  }
  int err = 0;
  // Fonts are mapped: a layout shapes with a few of a font's tables and the PDF subsets a
  // few glyphs, so most of the file is never read (and nothing is copied); dictionaries
  // too: they are parsed once, straight from the page cache.
  std::shared_ptr<FileBytes> bytes =
      shared && (kind == InputKind::font || kind == InputKind::dictionary)
          ? FileBytes::map(fd, st, path)
          : nullptr;
  if (!bytes) bytes = FileBytes::read(fd, static_cast<std::size_t>(st.st_size), max_bytes, err);
  if (!bytes) {
    error = from_errno(err);
    return nullptr;
  }
  if (bytes->size() > max_bytes) return too_large();
  remember({st.st_dev, st.st_ino}, path);
  if (shared) {
    // Kept only while some reader holds the bytes; the entries of files no longer held
    // are dropped here, so the list stays as short as the files in use.
    std::lock_guard<std::mutex> lock(shared_mutex);
    auto& files = shared_files();
    files.erase(
        std::remove_if(files.begin(), files.end(),
                       [&](const SharedFile& f) {
                         return f.bytes.expired() || f.stamp.id == FileId{st.st_dev, st.st_ino};
                       }),
        files.end());
    // The version read is the one fstat saw unless the file changed while read; then its
    // stamp differs, and it is not shared.
    struct stat after;
    if (::fstat(fd, &after) == 0 && stamp_of(after) == stamp_of(st) &&
        static_cast<std::size_t>(after.st_size) == bytes->size())
      files.push_back({stamp_of(after), bytes});
  }
  return bytes;
}

}  // namespace

std::optional<std::string> read_input_file(const std::string& path, InputKind kind,
                                           ReadError& error, std::size_t max_bytes) {
  auto bytes = read_file(path, kind, error, max_bytes, false);
  if (!bytes) return std::nullopt;
  return std::string(bytes->view());
}

std::shared_ptr<const FileBytes> read_input_file_shared(const std::string& path, InputKind kind,
                                                        ReadError& error, std::size_t max_bytes) {
  return read_file(path, kind, error, max_bytes, true);
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
