// Process-level memory tuning, done once at start-up.
#pragma once

namespace plaquette {

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
