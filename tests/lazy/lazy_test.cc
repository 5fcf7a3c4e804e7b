// The libraries loaded on demand (src/lazy/, cmake/LazyLibraries.cmake): this test links
// them as the program does, through the trampolines, where the build does so.
#include "lazy/lazy.h"

#include <gtest/gtest.h>
#include <harfbuzz/hb.h>
#include <hpdf.h>
#include <hpdf_objects.h>
#include <hpdf_pages.h>
#include <sys/wait.h>
#include <unistd.h>

#include <array>
#include <atomic>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <thread>
#include <vector>

namespace plaquette {
namespace {

// Runs `command` in the source folder; returns its standard error and status.
std::string stderr_of(const std::string& command, int& status) {
  const std::string line = "cd " PLAQUETTE_SOURCE_DIR " && " + command + " 2>&1 >/dev/null";
  FILE* p = ::popen(line.c_str(), "r");
  std::string out;
  std::array<char, 4096> buf;
  while (std::size_t n = std::fread(buf.data(), 1, buf.size(), p)) out.append(buf.data(), n);
  status = WEXITSTATUS(::pclose(p));
  return out;
}

const char* const kLibraries[] = {"libharfbuzz.so.0", "libharfbuzz-subset.so.0", "libhpdf-2.3.0.so",
                                  "liblcms2.so.2", "libdeflate.so.0"};

TEST(Lazy, VersionLoadsNoneOfTheLibraries) {
  if (!lazy::on_demand()) GTEST_SKIP() << "this build links the libraries as usual";
  int status = -1;
  const std::string log = stderr_of("LD_DEBUG=files " PLAQUETTE_BINARY " --version", status);
  EXPECT_EQ(status, 0);
  for (const char* lib : kLibraries)
    EXPECT_EQ(log.find(std::string("file=") + lib), std::string::npos) << lib << "\n" << log;
}

TEST(Lazy, CheckLoadsThemAllOnDemand) {
  if (!lazy::on_demand()) GTEST_SKIP() << "this build links the libraries as usual";
  int status = -1;
  const std::string log = stderr_of(
      "LD_DEBUG=files " PLAQUETTE_BINARY " check data/hauts-de-france-2019-2022.yaml", status);
  EXPECT_EQ(status, 0) << log;
  for (const char* lib : kLibraries) {
    const std::size_t at = log.find(std::string("file=") + lib);
    ASSERT_NE(at, std::string::npos) << lib;
    // Opened by the program once it runs, not needed by it at start.
    EXPECT_NE(log.find("dynamically loaded by", at), std::string::npos) << lib;
  }
}

// A library that cannot be loaded (here an empty file found first on LD_LIBRARY_PATH): a
// clear error, status 1, nothing written.
TEST(Lazy, UnloadableLibraryIsAnErrorAndWritesNothing) {
  if (!lazy::on_demand()) GTEST_SKIP() << "this build links the libraries as usual";
  const std::string dir = ::testing::TempDir() + "lazy-broken-lib";
  ASSERT_EQ(std::system(("rm -rf '" + dir + "' && mkdir -p '" + dir + "' && : > '" + dir +
                         "/libhpdf-2.3.0.so'")
                            .c_str()),
            0);
  const std::string out = dir + "/out.pdf";
  int status = -1;
  const std::string log = stderr_of(
      "LD_LIBRARY_PATH='" + dir +
          "' " PLAQUETTE_BINARY " build data/hauts-de-france-2019-2022.yaml -o '" + out + "'",
      status);
  EXPECT_EQ(status, 1) << log;
  EXPECT_NE(log.find("plaquette: error: cannot load the library libhpdf-2.3.0.so"),
            std::string::npos)
      << log;
  EXPECT_NE(::access(out.c_str(), F_OK), 0) << "an output was written";
}

// The first calls, from many threads at once (a batch's workers): each gets the function,
// the libraries are loaded once and the slots change once.
TEST(Lazy, FirstCallsFromManyThreads) {
  std::atomic<int> good{0};
  std::vector<std::thread> threads;
  for (int i = 0; i < 8; ++i)
    threads.emplace_back([&] {
      hb_buffer_t* b = hb_buffer_create();
      hb_buffer_add_utf8(b, "Hauts-de-France", -1, 0, -1);
      hb_buffer_guess_segment_properties(b);
      if (hb_buffer_get_glyph_infos(b, nullptr) && hb_language_from_string("fr", -1)) ++good;
      hb_buffer_destroy(b);
    });
  for (std::thread& t : threads) t.join();
  EXPECT_EQ(good.load(), 8);
}

// Floating-point arguments go in vector registers: the trampolines' entry keeps them.
TEST(Lazy, FloatArgumentsReachTheLibrary) {
  HPDF_Doc pdf = HPDF_New(nullptr, nullptr);
  ASSERT_NE(pdf, nullptr);
  HPDF_Page page = HPDF_AddPage(pdf);
  ASSERT_EQ(HPDF_Page_SetWidth(page, 123.5f), HPDF_OK);
  auto box =
      static_cast<HPDF_Array>(HPDF_Page_GetInheritableItem(page, "MediaBox", HPDF_OCLASS_ARRAY));
  ASSERT_NE(box, nullptr);
  ASSERT_EQ(box->list->count, 4u);
  EXPECT_FLOAT_EQ(static_cast<HPDF_Real>(box->list->obj[2])->value, 123.5f);
  HPDF_Free(pdf);
}

}  // namespace
}  // namespace plaquette
