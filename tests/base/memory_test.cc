#include "base/memory.h"

#include <gtest/gtest.h>

#include <cstdlib>
#include <fstream>
#include <string>
#include <vector>

namespace plaquette {
namespace {

// The kernel's transparent huge page mode: "always", "madvise" or "never".
[[maybe_unused]] std::string thp_mode() {
  std::ifstream in("/sys/kernel/mm/transparent_hugepage/enabled");
  std::string line;
  std::getline(in, line);
  const auto open = line.find('['), close = line.find(']');
  return open == std::string::npos || close == std::string::npos
             ? ""
             : line.substr(open + 1, close - open - 1);
}

// The kB of huge pages in the mappings named [heap].
[[maybe_unused]] long heap_huge_kb() {
  std::ifstream in("/proc/self/smaps");
  std::string line;
  bool heap = false;
  long kb = 0;
  while (std::getline(in, line)) {
    const bool header =
        !line.empty() && line.find(' ') != std::string::npos && line.find(':') > line.find(' ');
    if (header) heap = line.find("[heap]") != std::string::npos;
    if (heap && line.rfind("AnonHugePages:", 0) == 0) kb += std::stol(line.substr(14));
  }
  return kb;
}

// /proc/vmstat's count of huge page faults that fell back to small pages (no free huge
// page: memory fragmented).
[[maybe_unused]] long thp_fallbacks() {
  std::ifstream in("/proc/vmstat");
  std::string key;
  long value = 0;
  while (in >> key >> value)
    if (key == "thp_fault_fallback") return value;
  return 0;
}

TEST(HugePageMemory, ZeroBytesMapsNothing) {
  HugePageMemory none(0);
  EXPECT_EQ(none.data(), nullptr);
  EXPECT_EQ(none.size(), 0u);
  HugePageMemory some(1);
  ASSERT_NE(some.data(), nullptr);
  EXPECT_EQ(some.size(), std::size_t{2} << 20);  // whole huge pages
  EXPECT_EQ(static_cast<unsigned char*>(some.data())[some.size() - 1], 0);
}

TEST(HeapInHugePages, SmallAllocationsLandInHugePagesWhereTheKernelHasThem) {
  const bool advised = heap_in_huge_pages();
#if defined(__SANITIZE_ADDRESS__) || defined(__SANITIZE_THREAD__)
  EXPECT_FALSE(advised);  // a sanitizer's allocator does not grow the break
  GTEST_SKIP() << "the sanitizer's allocator has no brk heap";
#else
  const std::string mode = thp_mode();
  if (mode != "always" && mode != "madvise") GTEST_SKIP() << "no transparent huge pages";
  ASSERT_TRUE(advised);
  const long fallbacks = thp_fallbacks();
  // Small blocks, as a layout allocates them: the heap is in 2 MiB pages.
  std::vector<char*> blocks;
  for (int i = 0; i < 3000; ++i) {
    blocks.push_back(static_cast<char*>(std::malloc(1000)));
    blocks.back()[0] = 1;
  }
  const long huge_kb = heap_huge_kb();
  for (char* b : blocks) std::free(b);
  if (thp_fallbacks() != fallbacks) GTEST_SKIP() << "the kernel had no free huge page";
  EXPECT_GE(huge_kb, 2048);
#endif
}

}  // namespace
}  // namespace plaquette
