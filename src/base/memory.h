// Process-level memory tuning, done once at start-up.
#pragma once

#include <cstddef>

namespace plaquette {

/// A block of `bytes` zeroed bytes, read-write, aligned to 2 MiB and advised as huge pages
/// (transparent huge pages in "madvise" mode, as Debian ships them): one page fault per
/// 2 MiB instead of one per 4 KiB (~10 µs each on a virtual machine). Where the kernel
/// gives no huge pages it is ordinary memory. data() is null when it could not be mapped,
/// and for 0 bytes.
class HugePageMemory {
 public:
  explicit HugePageMemory(std::size_t bytes);
  ~HugePageMemory();
  HugePageMemory(const HugePageMemory&) = delete;
  HugePageMemory& operator=(const HugePageMemory&) = delete;

  void* data() const { return data_; }
  /// The bytes mapped: `bytes` rounded up to whole huge pages.
  std::size_t size() const { return size_; }
  /// Makes the block read-only (for bytes that must not change once written).
  void protect() const;

 private:
  void* data_ = nullptr;
  std::size_t size_ = 0;
};

/// Puts the heap (glibc's main arena) in huge pages where the kernel allows them: the break
/// is moved to a 2 MiB boundary, the heap grows by 8 MiB at a time, and that range is
/// advised as huge pages (transparent huge pages in "madvise" mode, as Debian ships them).
/// One edition allocates a few MiB, first touched page by page: on a virtual machine each
/// 4 KiB page fault costs ~10 µs, several ms in all; one fault per 2 MiB instead. What
/// glibc's tunable glibc.malloc.hugetlb=1 does, which an environment variable would have to
/// set before the process starts. Call it once, before the work; returns whether the heap was
/// advised (false under another allocator, e.g. a sanitizer's, or without brk).
bool heap_in_huge_pages();

}  // namespace plaquette
