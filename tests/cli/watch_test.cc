// The file watchers of `plaquette watch`: inotify on folders (saves in place, saves by
// rename as vim and emacs do, folders replaced) and the polling fallback.
#include "cli/watch.h"

#include <gtest/gtest.h>
#include <unistd.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <string>
#include <thread>
#include <vector>

namespace plaquette::cli {
namespace {

namespace fs = std::filesystem;

class Watch : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = fs::temp_directory_path() / ("plaquette-watch-" + std::to_string(::getpid()));
    fs::remove_all(dir_);
    fs::create_directories(dir_ / "data");
    fs::create_directories(dir_ / "layouts");
    write("data/a.yaml", "a: 1\n");
    write("data/other.yaml", "b: 1\n");
    write("layouts/l.yaml", "l: 1\n");
  }
  void TearDown() override { fs::remove_all(dir_); }

  std::string path(const std::string& rel) const { return (dir_ / rel).string(); }
  void write(const std::string& rel, const std::string& text) const {
    std::ofstream(dir_ / rel) << text;
  }
  std::vector<std::string> files() const { return {path("data/a.yaml"), path("layouts/l.yaml")}; }

  std::unique_ptr<FileWatcher> inotify() {
    std::string error;
    auto w = make_inotify_watcher(error);
    EXPECT_TRUE(w) << error;
    return w;
  }

  fs::path dir_;
};

TEST_F(Watch, InotifyReportsASaveInPlaceAndNothingElse) {
  auto w = inotify();
  ASSERT_TRUE(w);
  w->watch(files());
  EXPECT_EQ(w->watched(), 2u);  // two folders
  EXPECT_TRUE(w->wait(50).empty());
  write("data/other.yaml", "b: 2\n");  // same folder, not watched
  EXPECT_TRUE(w->wait(100).empty());
  write("data/a.yaml", "a: 2\n");
  EXPECT_EQ(w->wait(1000), std::vector<std::string>{path("data/a.yaml")});
  EXPECT_TRUE(w->wait(50).empty());  // reported once
}

TEST_F(Watch, InotifyReportsASaveByRenameLikeAnEditor) {
  auto w = inotify();
  ASSERT_TRUE(w);
  w->watch(files());
  // Emacs and most editors: a new file written beside it, renamed over it.
  write("layouts/.l.yaml.tmp", "l: 2\n");
  fs::rename(dir_ / "layouts/.l.yaml.tmp", dir_ / "layouts/l.yaml");
  EXPECT_EQ(w->wait(1000), std::vector<std::string>{path("layouts/l.yaml")});
  // vim (backupcopy=no): the file renamed to a backup, then written anew.
  fs::rename(dir_ / "data/a.yaml", dir_ / "data/a.yaml~");
  write("data/a.yaml", "a: 3\n");
  EXPECT_EQ(w->wait(1000), std::vector<std::string>{path("data/a.yaml")});
}

TEST_F(Watch, InotifyWatchesAReplacedFolderAgain) {
  auto w = inotify();
  ASSERT_TRUE(w);
  w->watch(files());
  // The folder renamed away and a new one put in its place: its files count as changed,
  // and later saves in the new folder are seen.
  fs::rename(dir_ / "layouts", dir_ / "layouts.old");
  fs::create_directories(dir_ / "layouts.new");
  std::ofstream(dir_ / "layouts.new/l.yaml") << "l: 4\n";
  fs::rename(dir_ / "layouts.new", dir_ / "layouts");
  EXPECT_EQ(w->wait(1000), std::vector<std::string>{path("layouts/l.yaml")});
  write("layouts.old/l.yaml", "old\n");  // the old folder is not watched any more
  EXPECT_TRUE(w->wait(150).empty());
  write("layouts/l.yaml", "l: 5\n");
  EXPECT_EQ(w->wait(1000), std::vector<std::string>{path("layouts/l.yaml")});
  // Removed, then made again later.
  fs::remove_all(dir_ / "layouts");
  EXPECT_TRUE(w->wait(150).empty());
  fs::create_directories(dir_ / "layouts");
  write("layouts/l.yaml", "l: 6\n");
  EXPECT_EQ(w->wait(1000), std::vector<std::string>{path("layouts/l.yaml")});
}

TEST_F(Watch, InotifyReportsAMissingFileWhenItAppears) {
  auto w = inotify();
  ASSERT_TRUE(w);
  w->watch({path("data/new.yaml")});
  EXPECT_TRUE(w->wait(50).empty());
  write("data/new.yaml", "n: 1\n");
  EXPECT_EQ(w->wait(1000), std::vector<std::string>{path("data/new.yaml")});
}

TEST_F(Watch, InotifyForgetsFoldersNoLongerWatched) {
  auto w = inotify();
  ASSERT_TRUE(w);
  w->watch(files());
  w->watch({path("data/a.yaml")});
  EXPECT_EQ(w->watched(), 1u);
  write("layouts/l.yaml", "l: 2\n");
  EXPECT_TRUE(w->wait(100).empty());
}

TEST_F(Watch, PollingSeesChangesRenamesAndNewFiles) {
  auto w = make_poll_watcher(20);
  std::vector<std::string> watched = files();
  watched.push_back(path("data/new.yaml"));
  w->watch(watched);
  EXPECT_EQ(w->watched(), 3u);
  EXPECT_TRUE(w->wait(60).empty());
  write("data/a.yaml", "a: 22\n");  // another size
  EXPECT_EQ(w->wait(1000), std::vector<std::string>{path("data/a.yaml")});
  write("layouts/.tmp", "l: 2\n");
  fs::rename(dir_ / "layouts/.tmp", dir_ / "layouts/l.yaml");  // another inode
  EXPECT_EQ(w->wait(1000), std::vector<std::string>{path("layouts/l.yaml")});
  write("data/new.yaml", "n\n");
  EXPECT_EQ(w->wait(1000), std::vector<std::string>{path("data/new.yaml")});
  EXPECT_TRUE(w->wait(60).empty());
}

}  // namespace
}  // namespace plaquette::cli
