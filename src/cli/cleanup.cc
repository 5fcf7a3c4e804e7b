#include "cli/cleanup.h"

#include <signal.h>
#include <unistd.h>

#include <atomic>
#include <cstring>

namespace plaquette::cli {
namespace {

// A signal handler may only use async-signal-safe calls and lock-free state: fixed slots
// of plain buffers, each owned by the writer that claimed it through its atomic flag.
constexpr int kSlots = 64;
constexpr std::size_t kPathMax = 4096;
std::atomic<bool> used[kSlots];
std::atomic<bool> ready[kSlots];
char paths[kSlots][kPathMax];

void on_signal(int sig) {
  for (int i = 0; i < kSlots; ++i)
    if (ready[i].load()) ::unlink(paths[i]);
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
}

int track_temp_file(const char* path) {
  if (std::strlen(path) >= kPathMax) return -1;
  for (int i = 0; i < kSlots; ++i) {
    bool expected = false;
    if (used[i].compare_exchange_strong(expected, true)) {
      std::strcpy(paths[i], path);
      ready[i].store(true);
      return i;
    }
  }
  return -1;
}

void untrack_temp_file(int slot) {
  if (slot < 0) return;
  ready[slot].store(false);
  used[slot].store(false);
}

}  // namespace plaquette::cli
