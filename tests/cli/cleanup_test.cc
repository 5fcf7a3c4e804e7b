#include "cli/cleanup.h"

#include <gtest/gtest.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <functional>
#include <string>
#include <vector>

namespace plaquette::cli {
namespace {

namespace fs = std::filesystem;

// Runs `body` in a child process with the signal handlers installed, then raises `sig`
// there (a body may raise it itself, while its objects are alive); returns the child's wait
// status (-1 if it could not be started).
int signalled_child(int sig, const std::function<void()>& body) {
  const pid_t child = ::fork();
  if (child < 0) return -1;
  if (child == 0) {
    install_signal_cleanup();
    body();
    ::raise(sig);
    ::_exit(0);  // not reached
  }
  int status = 0;
  return ::waitpid(child, &status, 0) == child ? status : -1;
}

TEST(Cleanup, ASignalRemovesTrackedTemporaryFilesAndEndsTheProcessAsTheSignalWould) {
  fs::path tmp = fs::temp_directory_path() / ("plaquette-cleanup-" + std::to_string(::getpid()));
  fs::path kept = tmp;
  kept += ".kept";
  std::ofstream(tmp) << "partial";
  std::ofstream(kept) << "not ours";
  const int status = signalled_child(SIGTERM, [&] { track_temp_file(tmp.c_str()); });
  ASSERT_NE(status, -1);
  EXPECT_TRUE(WIFSIGNALED(status));
  EXPECT_EQ(WTERMSIG(status), SIGTERM);
  EXPECT_FALSE(fs::exists(tmp));
  EXPECT_TRUE(fs::exists(kept));
  fs::remove(kept);
}

TEST(Cleanup, AnUntrackedFileIsLeftAlone) {
  fs::path tmp = fs::temp_directory_path() / ("plaquette-cleanup2-" + std::to_string(::getpid()));
  std::ofstream(tmp) << "renamed already";
  const int status =
      signalled_child(SIGINT, [&] { untrack_temp_file(track_temp_file(tmp.c_str())); });
  ASSERT_NE(status, -1);
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
  const int status = signalled_child(SIGTERM, [&] {
    // Slots are reused once freed, and new ones added when all are taken.
    for (int i = 0; i < kFiles; ++i) track_temp_file((dir / std::to_string(i)).c_str());
    untrack_temp_file(track_temp_file((dir / "kept").c_str()));
  });
  ASSERT_NE(status, -1);
  EXPECT_TRUE(WIFSIGNALED(status));
  std::size_t left = 0;
  for (const auto& e : fs::directory_iterator(dir)) left += e.path().filename() != "kept";
  EXPECT_EQ(left, 0u);
  EXPECT_TRUE(fs::exists(dir / "kept"));
  fs::remove_all(dir);
}

TEST(Cleanup, ASignalRemovesTrackedFoldersOnceEmpty) {
  const fs::path dir =
      fs::temp_directory_path() / ("plaquette-cleanup4-" + std::to_string(::getpid()));
  fs::remove_all(dir);
  fs::create_directories(dir / "made" / "inner");
  fs::create_directories(dir / "holds");
  std::ofstream(dir / "made" / "inner" / "partial") << "partial";
  std::ofstream(dir / "holds" / "output.pdf") << "not ours";
  const int status = signalled_child(SIGTERM, [&] {
    // Tracked inner first: the slots' order is not the folders' (they are reused).
    track_temp_folder((dir / "made" / "inner").c_str());
    track_temp_folder((dir / "made").c_str());
    track_temp_folder((dir / "holds").c_str());
    track_temp_file((dir / "made" / "inner" / "partial").c_str());
  });
  ASSERT_NE(status, -1);
  EXPECT_TRUE(WIFSIGNALED(status));
  EXPECT_FALSE(fs::exists(dir / "made"));
  EXPECT_TRUE(fs::exists(dir / "holds" / "output.pdf"));  // not empty: kept
  fs::remove_all(dir);
}

TEST(TemporarySpool, PathsAreReadBackFromTheSpool) {
  TemporarySpool spool;
  std::vector<std::uint64_t> at;
  for (int i = 0; i < 1000; ++i) {
    auto a = spool.add("/some/folder/.plaquette-" + std::to_string(i));
    ASSERT_TRUE(a.has_value());
    at.push_back(*a);
  }
  for (int i = 0; i < 1000; i += 97)
    EXPECT_EQ(spool.path(at[static_cast<std::size_t>(i)]),
              "/some/folder/.plaquette-" + std::to_string(i));
  spool.forget(at[5]);
  EXPECT_EQ(spool.path(at[5]), "/some/folder/.plaquette-5");    // forgotten, still readable
  EXPECT_FALSE(spool.add(std::string("a\0b", 3)).has_value());  // not a path
  TemporarySpool second;  // the signal handler reads one spool: the second takes nothing
  EXPECT_FALSE(second.add("/some/folder/.plaquette-x").has_value());
}

TEST(TemporarySpool, ASignalRemovesTheSpooledFilesNotForgotten) {
  const fs::path dir =
      fs::temp_directory_path() / ("plaquette-spool-" + std::to_string(::getpid()));
  fs::create_directories(dir);
  constexpr int kFiles = 2000;
  for (int i = 0; i < kFiles; ++i) std::ofstream(dir / std::to_string(i)) << "partial";
  const int status = signalled_child(SIGTERM, [&] {
    TemporarySpool spool;
    for (int i = 0; i < kFiles; ++i) {
      auto at = spool.add((dir / std::to_string(i)).string());
      if (!at) ::_exit(3);
      if (i % 10 == 0) spool.forget(*at);  // renamed already: left alone
    }
    ::raise(SIGTERM);  // while the spool is alive
  });
  ASSERT_NE(status, -1);
  ASSERT_TRUE(WIFSIGNALED(status)) << WEXITSTATUS(status);
  EXPECT_EQ(WTERMSIG(status), SIGTERM);
  std::size_t left = 0, forgotten = 0;
  for (const auto& e : fs::directory_iterator(dir)) {
    ++left;
    forgotten += std::stoi(e.path().filename().string()) % 10 == 0;
  }
  EXPECT_EQ(left, kFiles / 10u);
  EXPECT_EQ(forgotten, kFiles / 10u);
  fs::remove_all(dir);
}

TEST(TemporarySpool, AnEndedSpoolIsNoLongerRead) {
  const fs::path tmp =
      fs::temp_directory_path() / ("plaquette-spool2-" + std::to_string(::getpid()));
  std::ofstream(tmp) << "an output now";
  const int status = signalled_child(SIGTERM, [&] {
    {
      TemporarySpool spool;
      (void)spool.add(tmp.string());
    }
    TemporarySpool next;  // the next batch's, tracked in its place
    ::raise(SIGTERM);
  });
  ASSERT_NE(status, -1);
  EXPECT_TRUE(WIFSIGNALED(status));
  EXPECT_TRUE(fs::exists(tmp));
  fs::remove(tmp);
}

}  // namespace
}  // namespace plaquette::cli
