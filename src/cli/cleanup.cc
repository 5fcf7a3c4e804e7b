#include "cli/cleanup.h"

#include <pthread.h>
#include <signal.h>
#include <time.h>
#include <unistd.h>

#include <atomic>
#include <climits>
#include <cstring>
#include <mutex>
#include <vector>

namespace plaquette::cli {
namespace {

// A signal handler may only make async-signal-safe calls and read lock-free state, so the
// tracked files are a singly linked list of slots that only ever grows: a slot is
// allocated outside the handler, pushed at the head with an atomic store, never freed, and
// reused once its file is forgotten. The handler walks the list and unlinks the files of
// the slots marked ready. A path is written before its slot is marked ready and only
// rewritten after it was marked free again, in a buffer that never moves. A slot holds its
// path in a buffer of the path's size (rounded up in 64-byte steps, so that slots are reused
// by similar paths), not PATH_MAX bytes. A batch keeps every edition's temporary until its
// commit: it moves each to its spool (TemporarySpool, below) once written, so its slots are
// as many as its threads, however many editions it makes.
constexpr std::size_t kPathMax = PATH_MAX;  // longer paths cannot be created anyway
constexpr std::size_t kPathQuantum = 64;
struct Slot {
  std::atomic<bool> ready{false};
  bool folder = false;  // a folder made for a temporary file: removed if empty, after the files
  std::size_t capacity = 0;
  char* path = nullptr;  // `capacity` bytes, never freed
  Slot* next = nullptr;
};

std::atomic<Slot*> head{nullptr};
std::mutex grow;                // allocation only: never taken by the handler
std::vector<Slot*> slots;       // by handle; guarded by `grow`
std::vector<int> free_handles;  // slots not in use; guarded by `grow`

// The tracked spool (TemporarySpool): its file and the end of its complete records. A
// record is a flag byte ('1' live, '0' forgotten), the path's length as 4 bytes, the path
// and a NUL.
std::atomic<int> spool_fd{-1};
std::atomic<std::uint64_t> spool_end{0};
constexpr std::size_t kRecordHead = 5;

// Reads a spool's records from the handler: pread and unlink only.
void unlink_spooled() {
  const int fd = spool_fd.load();
  if (fd < 0) return;
  const std::uint64_t end = spool_end.load();
  char path[kPathMax + 1];
  for (std::uint64_t at = 0; at + kRecordHead <= end;) {
    unsigned char head_bytes[kRecordHead];
    if (::pread(fd, head_bytes, kRecordHead, static_cast<off_t>(at)) !=
        static_cast<ssize_t>(kRecordHead))
      return;
    std::uint32_t size = 0;
    std::memcpy(&size, head_bytes + 1, 4);
    if (size > kPathMax) return;
    if (head_bytes[0] == '1' &&
        ::pread(fd, path, size + 1, static_cast<off_t>(at + kRecordHead)) ==
            static_cast<ssize_t>(size + 1) &&
        path[size] == '\0')
      ::unlink(path);
    at += kRecordHead + size + 1;
  }
}

// Set by the handler before it reads the slots and the spool. Other threads keep running
// while it removes the files (thousands of unlinks in a batch) and could make new ones: a
// writer counts itself in `making` from before it creates its file until the file is
// tracked, and makes none once this is set. The handler, once it has set it, waits for the
// writers counted to be done (a moment at most) and reads the slots again. Sequentially
// consistent on both sides: either the handler sees a writer counted, or the writer sees
// the flag.
std::atomic<bool> stopping{false};
std::atomic<int> making{0};

// Waits up to ~100 ms, in steps of 1 ms, for the writers making a file (none, unless the
// signal interrupted one of them: then it waits the whole time and goes on).
void wait_for_writers() {
  for (int i = 0; i < 100 && making.load() > 0; ++i) {
    const timespec step{0, 1000000};
    ::nanosleep(&step, nullptr);
  }
}

void unlink_tracked() {
  for (Slot* s = head.load(); s; s = s->next)
    if (s->ready.load() && !s->folder) ::unlink(s->path);
}

// The folders made for temporary files, once these are gone: rmdir removes the empty ones
// only. Slots are reused, so the list is not in the order the folders were made: passes
// until one removes nothing (a folder inside another goes in one pass, its parent in the
// next).
void rmdir_tracked() {
  for (int pass = 0; pass < 64; ++pass) {
    bool removed = false;
    for (Slot* s = head.load(); s; s = s->next)
      if (s->ready.load() && s->folder && ::rmdir(s->path) == 0) removed = true;
    if (!removed) return;
  }
}

void unlink_all() {
  stopping.store(true);
  unlink_tracked();
  unlink_spooled();
  wait_for_writers();
  // Again: the files tracked meanwhile, and those moved from a slot to the spool (a record is
  // complete in the spool before its slot is freed, and the slots are read first).
  unlink_tracked();
  unlink_spooled();
  rmdir_tracked();
}

void on_signal(int sig) {
  unlink_all();
  // Default action, so that the exit status says which signal ended the run.
  ::signal(sig, SIG_DFL);
  ::raise(sig);
}

}  // namespace

void install_signal_cleanup() {
  struct sigaction sa;
  std::memset(&sa, 0, sizeof sa);
  sa.sa_handler = on_signal;
  sigemptyset(&sa.sa_mask);
  for (int sig : {SIGINT, SIGTERM, SIGHUP}) sigaction(sig, &sa, nullptr);
  ::signal(SIGXFSZ, SIG_IGN);
}

namespace {

int track(const char* path, bool folder) {
  const std::size_t size = std::strlen(path) + 1;
  if (size > kPathMax) return -1;
  std::lock_guard<std::mutex> lock(grow);
  // The most recently freed slot that is big enough (batches free and take similar paths).
  for (std::size_t i = free_handles.size(); i-- > 0;) {
    const int handle = free_handles[i];
    Slot* s = slots[static_cast<std::size_t>(handle)];
    if (s->capacity < size) continue;
    free_handles.erase(free_handles.begin() + static_cast<std::ptrdiff_t>(i));
    // A free slot is not ready, so the handler does not read its path while it changes.
    std::memcpy(s->path, path, size);
    s->folder = folder;
    s->ready.store(true);
    return handle;
  }
  // Never freed: the handler may be walking the list at any time.
  Slot* s = new Slot;
  s->capacity = (size + kPathQuantum - 1) / kPathQuantum * kPathQuantum;
  s->path = new char[s->capacity];
  std::memcpy(s->path, path, size);
  s->folder = folder;
  s->ready.store(true);
  s->next = head.load();
  slots.push_back(s);
  head.store(s);
  return static_cast<int>(slots.size() - 1);
}

}  // namespace

int track_temp_file(const char* path) { return track(path, false); }

int track_temp_folder(const char* path) { return track(path, true); }

void remove_temp_files() { unlink_all(); }

bool cleanup_started() { return stopping.load(); }

TempFileMaking::TempFileMaking() {
  // This thread takes none of the signals meanwhile: its handler would wait for this very
  // writer. Another thread takes them, or this one once the file is tracked.
  sigset_t set;
  sigemptyset(&set);
  for (int sig : {SIGINT, SIGTERM, SIGHUP}) sigaddset(&set, sig);
  pthread_sigmask(SIG_BLOCK, &set, &saved_);
  making.fetch_add(1);
}

TempFileMaking::~TempFileMaking() {
  making.fetch_sub(1);
  pthread_sigmask(SIG_SETMASK, &saved_, nullptr);
}

void untrack_temp_file(int handle) {
  if (handle < 0) return;
  std::lock_guard<std::mutex> lock(grow);
  if (static_cast<std::size_t>(handle) >= slots.size()) return;
  Slot* s = slots[static_cast<std::size_t>(handle)];
  if (!s->ready.load()) return;  // forgotten already
  s->ready.store(false);
  free_handles.push_back(handle);
}

TemporarySpool::~TemporarySpool() {
  if (!file_) return;
  if (tracked_) spool_fd.store(-1);
  std::fclose(file_);
}

std::optional<std::uint64_t> TemporarySpool::add(const std::string& path) {
  if (path.size() > kPathMax || path.find('\0') != std::string::npos) return std::nullopt;
  std::string record(kRecordHead, '1');
  const auto size = static_cast<std::uint32_t>(path.size());
  std::memcpy(record.data() + 1, &size, 4);
  record += path;
  record += '\0';
  std::lock_guard<std::mutex> lock(append_);
  if (!opened_) {
    // Made at the first file, so that a batch that writes nothing (`check`) makes none. The
    // handler reads one spool: a second one at once takes nothing, and its caller tracks its
    // files itself. A handler that reads the new descriptor with the previous spool's end
    // before it is reset finds nothing there and stops.
    opened_ = true;
    file_ = std::tmpfile();
    int expected = -1;
    tracked_ = file_ && spool_fd.compare_exchange_strong(expected, ::fileno(file_));
    if (tracked_) spool_end.store(0);
  }
  if (!tracked_) return std::nullopt;
  if (::pwrite(::fileno(file_), record.data(), record.size(), static_cast<off_t>(end_)) !=
      static_cast<ssize_t>(record.size()))
    return std::nullopt;
  const std::uint64_t at = end_;
  end_ += record.size();
  spool_end.store(end_);  // complete before the handler may read it
  return at;
}

std::optional<std::string> TemporarySpool::path(std::uint64_t at) const {
  unsigned char head_bytes[kRecordHead];
  if (!file_ || ::pread(::fileno(file_), head_bytes, kRecordHead, static_cast<off_t>(at)) !=
                    static_cast<ssize_t>(kRecordHead))
    return std::nullopt;
  std::uint32_t size = 0;
  std::memcpy(&size, head_bytes + 1, 4);
  if (size > kPathMax) return std::nullopt;
  std::string path(size, '\0');
  if (::pread(::fileno(file_), path.data(), size, static_cast<off_t>(at + kRecordHead)) !=
      static_cast<ssize_t>(size))
    return std::nullopt;
  return path;
}

void TemporarySpool::forget(std::uint64_t at) {
  if (file_) (void)!::pwrite(::fileno(file_), "0", 1, static_cast<off_t>(at));
}

}  // namespace plaquette::cli
