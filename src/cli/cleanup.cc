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
// rewritten after it was marked free again, in a buffer that never moves.
constexpr std::size_t kPathMax = PATH_MAX;  // longer paths cannot be created anyway
struct Slot {
  std::atomic<bool> ready{false};
  std::atomic<bool> used{false};
  char path[kPathMax];
  Slot* next = nullptr;
};

std::atomic<Slot*> head{nullptr};
std::mutex grow;           // allocation only: never taken by the handler
std::vector<Slot*> slots;  // by handle; guarded by `grow`

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
  int handle = -1;
  for (std::size_t i = 0; i < slots.size() && handle < 0; ++i)
    if (!slots[i]->used.load()) handle = static_cast<int>(i);
  if (handle < 0) {
    Slot* s = new Slot;  // never freed: the handler may be walking the list at any time
    s->next = head.load();
    slots.push_back(s);
    handle = static_cast<int>(slots.size() - 1);
    s->used.store(true);
    std::memcpy(s->path, path, size);
    s->ready.store(true);
    head.store(s);
    return handle;
  }
  Slot* s = slots[static_cast<std::size_t>(handle)];
  s->used.store(true);
  // A free slot is not ready, so the handler does not read its path while it changes.
  std::memcpy(s->path, path, size);
  s->ready.store(true);
  return handle;
}

void untrack_temp_file(int handle) {
  if (handle < 0) return;
  std::lock_guard<std::mutex> lock(grow);
  if (static_cast<std::size_t>(handle) >= slots.size()) return;
  Slot* s = slots[static_cast<std::size_t>(handle)];
  s->ready.store(false);
  s->used.store(false);
}

}  // namespace plaquette::cli
