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

}  // namespace
}  // namespace plaquette::cli
