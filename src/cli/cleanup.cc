#include "cli/cleanup.h"

#include <signal.h>
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
// rewritten after it was marked free again, in a buffer that never moves. A batch keeps
// every edition's temporary until its commit, so a slot holds its path in a buffer of the
// path's size (rounded up, so that slots are reused by similar paths), not PATH_MAX bytes:
// thousands of editions take ~100 bytes each (a 64-byte step: a batch's temporaries differ
// by a few characters at most).
constexpr std::size_t kPathMax = PATH_MAX;  // longer paths cannot be created anyway
constexpr std::size_t kPathQuantum = 64;
struct Slot {
  std::atomic<bool> ready{false};
  std::size_t capacity = 0;
  char* path = nullptr;  // `capacity` bytes, never freed
  Slot* next = nullptr;
};

std::atomic<Slot*> head{nullptr};
std::mutex grow;                // allocation only: never taken by the handler
std::vector<Slot*> slots;       // by handle; guarded by `grow`
std::vector<int> free_handles;  // slots not in use; guarded by `grow`

void on_signal(int sig) {
  for (Slot* s = head.load(); s; s = s->next)
    if (s->ready.load()) ::unlink(s->path);
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

int track_temp_file(const char* path) {
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
    s->ready.store(true);
    return handle;
  }
  // Never freed: the handler may be walking the list at any time.
  Slot* s = new Slot;
  s->capacity = (size + kPathQuantum - 1) / kPathQuantum * kPathQuantum;
  s->path = new char[s->capacity];
  std::memcpy(s->path, path, size);
  s->ready.store(true);
  s->next = head.load();
  slots.push_back(s);
  head.store(s);
  return static_cast<int>(slots.size() - 1);
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

}  // namespace plaquette::cli
