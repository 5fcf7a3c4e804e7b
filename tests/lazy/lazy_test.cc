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

// The line of LD_DEBUG=files's log where `lib` is mapped ("file=libfoo.so.1 [0]; …", or
// "file=/usr/lib/…/libfoo.so.1 [0]; …" when opened by its path), "" when it is not.
std::string mapped(const std::string& log, const char* lib) {
  for (const std::string& prefix : {std::string("file="), std::string("/")}) {
    for (std::size_t at = log.find(prefix + lib + " ["); at != std::string::npos;
         at = log.find(prefix + lib + " [", at + 1)) {
      const std::size_t begin = log.rfind('\n', at) + 1;  // npos + 1 == 0
      const std::string line = log.substr(begin, log.find('\n', at) - begin);
      if (line.find("file=") != std::string::npos) return line;
    }
  }
  return "";
}

TEST(Lazy, VersionLoadsNoneOfTheLibraries) {
  if (!lazy::on_demand()) GTEST_SKIP() << "this build links the libraries as usual";
  int status = -1;
  const std::string log = stderr_of("LD_DEBUG=files " PLAQUETTE_BINARY " --version", status);
  EXPECT_EQ(status, 0);
  for (const char* lib : kLibraries) EXPECT_EQ(mapped(log, lib), "") << lib << "\n" << log;
}

// Each library is opened at the first call of one of its functions. A build of the shipped
// brochure calls four of them: its output profile was checked by LittleCMS at build time
// (shipped_profile.h), so LittleCMS is not loaded. A profile that differs by one byte is
// checked at run time, loading LittleCMS, and both PDFs name the same printing condition.
TEST(Lazy, EachLibraryIsLoadedAtItsFirstCall) {
  if (!lazy::on_demand()) GTEST_SKIP() << "this build links the libraries as usual";
  const std::string dir = ::testing::TempDir() + "lazy-each-library";
  ASSERT_EQ(std::system(("rm -rf '" + dir + "' && mkdir -p '" + dir + "' && cp -r " +
                         PLAQUETTE_SOURCE_DIR "/layouts " PLAQUETTE_SOURCE_DIR
                                              "/fonts " PLAQUETTE_SOURCE_DIR "/data '" +
                         dir + "/'")
                            .c_str()),
            0);
  auto slurp = [](const std::string& path) {
    std::string bytes;
    if (FILE* f = std::fopen(path.c_str(), "rb")) {
      std::array<char, 65536> buf;
      while (std::size_t n = std::fread(buf.data(), 1, buf.size(), f)) bytes.append(buf.data(), n);
      std::fclose(f);
    }
    return bytes;
  };
  auto build = [&](const std::string& out, std::string& log) {
    int status = -1;
    log = stderr_of("cd '" + dir +
                        "' && LD_DEBUG=files " PLAQUETTE_BINARY
                        " build data/hauts-de-france-2019-2022.yaml -q -o '" +
                        out + "'",
                    status);
    EXPECT_EQ(status, 0) << log;
    return slurp(out);
  };
  auto loaded = [](const std::string& log, const char* lib) {
    // Opened by the program once it runs, not needed by it at start.
    return mapped(log, lib).find("dynamically loaded by") != std::string::npos;
  };
  std::string log;
  const std::string shipped = build(dir + "/shipped.pdf", log);
  for (const char* lib : kLibraries)
    EXPECT_EQ(loaded(log, lib), std::string(lib) != "liblcms2.so.2") << lib << "\n" << log;
  // By the path Debian installs it at (found at build time), without the loader's search.
  EXPECT_NE(mapped(log, "libhpdf-2.3.0.so").find("file=/"), std::string::npos) << log;

  // The profile's last byte (in its colour tables) changed: the same size, another SHA-256.
  const std::string profile = dir + "/layouts/profiles/FOGRA39L_coated.icc";
  std::string icc = slurp(profile);
  ASSERT_FALSE(icc.empty());
  icc.back() = static_cast<char>(icc.back() ^ 1);
  FILE* f = std::fopen(profile.c_str(), "wb");
  ASSERT_NE(f, nullptr);
  ASSERT_EQ(std::fwrite(icc.data(), 1, icc.size(), f), icc.size());
  std::fclose(f);
  const std::string other = build(dir + "/other.pdf", log);
  for (const char* lib : kLibraries) EXPECT_TRUE(loaded(log, lib)) << lib << "\n" << log;

  const std::string intent = "/OutputCondition (FOGRA39L Coated)";
  EXPECT_NE(shipped.find(intent), std::string::npos);
  EXPECT_NE(other.find(intent), std::string::npos);
  EXPECT_NE(shipped.find("/OutputConditionIdentifier (FOGRA39)"), std::string::npos);
  std::system(("rm -rf '" + dir + "'").c_str());
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

// A library that cannot be loaded in the middle of a batch (LittleCMS, first needed by the
// second edition's profile, after the first edition was written to its temporary file): the
// same error, and the temporary file is removed.
TEST(Lazy, UnloadableLibraryInABatchLeavesNoTemporary) {
  if (!lazy::on_demand()) GTEST_SKIP() << "this build links the libraries as usual";
  const std::string dir = ::testing::TempDir() + "lazy-batch-broken-lib";
  const std::string src = PLAQUETTE_SOURCE_DIR;
  ASSERT_EQ(std::system(
                ("rm -rf '" + dir + "' && mkdir -p '" + dir + "/lib' '" + dir + "/out' && cp -r " +
                 src + "/layouts " + src + "/fonts " + src + "/data '" + dir + "/' && cp -r '" +
                 dir + "/layouts' '" + dir + "/layouts2' && printf x >> '" + dir +
                 "/layouts2/profiles/FOGRA39L_coated.icc' && : > '" + dir + "/lib/liblcms2.so.2'")
                    .c_str()),
            0);
  {
    FILE* list = std::fopen((dir + "/editions.yaml").c_str(), "w");
    ASSERT_NE(list, nullptr);
    std::fputs(
        "editions:\n"
        "  - {name: a, data: data/hauts-de-france-2019-2022.yaml, layout: "
        "layouts/gusp-brochure.yaml, locale: fr, output: out/a.pdf}\n"
        "  - {name: b, data: data/hauts-de-france-2019-2022.yaml, layout: "
        "layouts2/gusp-brochure.yaml, locale: fr, output: out/b.pdf}\n",
        list);
    std::fclose(list);
  }
  int status = -1;
  const std::string log =
      stderr_of("cd '" + dir + "' && LD_LIBRARY_PATH='" + dir +
                    "/lib' " PLAQUETTE_BINARY " build -j 1 --editions editions.yaml",
                status);
  EXPECT_EQ(status, 1) << log;
  EXPECT_NE(log.find("plaquette: error: cannot load the library liblcms2.so.2"), std::string::npos)
      << log;
  int left = -1;
  stderr_of("test -z \"$(ls -A '" + dir + "/out')\"", left);
  EXPECT_EQ(left, 0) << "files left in out/";
  std::system(("rm -rf '" + dir + "'").c_str());
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
