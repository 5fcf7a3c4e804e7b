#include "cli/cleanup.h"

#include <gtest/gtest.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>

namespace plaquette::cli {
namespace {

namespace fs = std::filesystem;

TEST(Cleanup, ASignalRemovesTrackedTemporaryFilesAndEndsTheProcessAsTheSignalWould) {
  fs::path tmp = fs::temp_directory_path() / ("plaquette-cleanup-" + std::to_string(::getpid()));
  fs::path kept = tmp;
  kept += ".kept";
  std::ofstream(tmp) << "partial";
  std::ofstream(kept) << "not ours";
  pid_t child = ::fork();
  ASSERT_GE(child, 0);
  if (child == 0) {
    install_signal_cleanup();
    track_temp_file(tmp.c_str());
    ::raise(SIGTERM);
    ::_exit(0);  // not reached
  }
  int status = 0;
  ASSERT_EQ(::waitpid(child, &status, 0), child);
  EXPECT_TRUE(WIFSIGNALED(status));
  EXPECT_EQ(WTERMSIG(status), SIGTERM);
  EXPECT_FALSE(fs::exists(tmp));
  EXPECT_TRUE(fs::exists(kept));
  fs::remove(kept);
}

TEST(Cleanup, AnUntrackedFileIsLeftAlone) {
  fs::path tmp = fs::temp_directory_path() / ("plaquette-cleanup2-" + std::to_string(::getpid()));
  std::ofstream(tmp) << "renamed already";
  pid_t child = ::fork();
  ASSERT_GE(child, 0);
  if (child == 0) {
    install_signal_cleanup();
    untrack_temp_file(track_temp_file(tmp.c_str()));
    ::raise(SIGINT);
    ::_exit(0);
  }
  int status = 0;
  ASSERT_EQ(::waitpid(child, &status, 0), child);
  EXPECT_TRUE(WIFSIGNALED(status));
  EXPECT_TRUE(fs::exists(tmp));
  fs::remove(tmp);
}

TEST(Cleanup, EveryTrackedFileIsRemovedHoweverMany) {
  const fs::path dir =
      fs::temp_directory_path() / ("plaquette-cleanup3-" + std::to_string(::getpid()));
  fs::create_directories(dir);
  constexpr int kFiles = 300;
  for (int i = 0; i < kFiles; ++i) std::ofstream(dir / std::to_string(i)) << "partial";
  std::ofstream(dir / "kept") << "renamed already";
  pid_t child = ::fork();
  ASSERT_GE(child, 0);
  if (child == 0) {
    install_signal_cleanup();
    // Slots are reused once freed, and new ones added when all are taken.
    for (int i = 0; i < kFiles; ++i) track_temp_file((dir / std::to_string(i)).c_str());
    untrack_temp_file(track_temp_file((dir / "kept").c_str()));
    ::raise(SIGTERM);
    ::_exit(0);
  }
  int status = 0;
  ASSERT_EQ(::waitpid(child, &status, 0), child);
  EXPECT_TRUE(WIFSIGNALED(status));
  std::size_t left = 0;
  for (const auto& e : fs::directory_iterator(dir)) left += e.path().filename() != "kept";
  EXPECT_EQ(left, 0u);
  EXPECT_TRUE(fs::exists(dir / "kept"));
  fs::remove_all(dir);
}

}  // namespace
}  // namespace plaquette::cli
