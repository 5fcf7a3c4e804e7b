#include "base/memory.h"

#include <malloc.h>
#include <sys/mman.h>
#include <unistd.h>

#include <cstddef>
#include <cstdint>
#include <cstdlib>

namespace plaquette {

bool heap_in_huge_pages() {
  constexpr std::size_t kPad = std::size_t{8} << 20;
  constexpr std::uintptr_t kHuge = std::uintptr_t{2} << 20;
  if (mallopt(M_TOP_PAD, static_cast<int>(kPad)) == 0) return false;
  // The break moved on to a huge page boundary first: the heap grows from there (glibc
  // takes a break moved by someone else as a new start), so its first 2 MiB are huge too.
  void* const brk0 = sbrk(0);
  if (brk0 == reinterpret_cast<void*>(-1)) return false;
  const auto at = reinterpret_cast<std::uintptr_t>(brk0);
  if (sbrk(static_cast<intptr_t>(((at + kHuge - 1) & ~(kHuge - 1)) - at)) ==
      reinterpret_cast<void*>(-1))
    return false;
  void* const top0 = sbrk(0);
  // Small blocks (below the mmap threshold) until the heap has grown once, by kPad.
  void* blocks[64];
  int n = 0;
  while (n < 64 && sbrk(0) == top0) blocks[n++] = std::malloc(64 << 10);
  for (int i = 0; i < n; ++i) std::free(blocks[i]);
  const auto from = reinterpret_cast<std::uintptr_t>(top0);
  const auto to = reinterpret_cast<std::uintptr_t>(sbrk(0));
  const std::uintptr_t begin = (from + kHuge - 1) & ~(kHuge - 1);
  const std::uintptr_t end = to & ~(kHuge - 1);
  if (end <= begin) return false;  // the heap did not grow: another allocator
  if (madvise(reinterpret_cast<void*>(begin), end - begin, MADV_HUGEPAGE) != 0) return false;
  // Growing the heap wrote malloc's headers at its start: that first huge page's range is
  // already mapped in small pages, and is collapsed into a huge page now (Linux ≥ 6.1;
  // elsewhere it stays in small pages).
  constexpr int kCollapse = 25;  // MADV_COLLAPSE, which Debian 12's headers do not name
  madvise(reinterpret_cast<void*>(begin), kHuge, kCollapse);
  return true;
}

}  // namespace plaquette
