#include "base/memory.h"

#include <malloc.h>
#include <sys/mman.h>
#include <unistd.h>

#include <cstddef>
#include <cstdint>
#include <cstdlib>

namespace plaquette {

namespace {
constexpr std::size_t kHugePage = std::size_t{2} << 20;
}

HugePageMemory::HugePageMemory(std::size_t bytes) {
  if (bytes == 0) return;  // nothing mapped: data() is null
  const std::size_t len = (bytes + kHugePage - 1) / kHugePage * kHugePage;
  // Mapped with one huge page to spare, then trimmed to an aligned start: a huge page
  // needs an aligned 2 MiB range.
  void* raw =
      ::mmap(nullptr, len + kHugePage, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
  if (raw == MAP_FAILED) return;
  const auto start = reinterpret_cast<std::uintptr_t>(raw);
  const std::uintptr_t aligned = (start + kHugePage - 1) & ~(kHugePage - 1);
  if (aligned > start) ::munmap(raw, aligned - start);
  const std::size_t tail = kHugePage - (aligned - start);
  if (tail > 0) ::munmap(reinterpret_cast<char*>(aligned) + len, tail);
  data_ = reinterpret_cast<void*>(aligned);
  size_ = len;
  ::madvise(data_, len, MADV_HUGEPAGE);  // advice: refused, the pages stay small
}

HugePageMemory::~HugePageMemory() {
  if (data_) ::munmap(data_, size_);
}

void HugePageMemory::protect() const {
  if (data_) ::mprotect(data_, size_, PROT_READ);
}

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
