// The program's exit statuses for output failures and for batches, run as a user would.
#include <gtest/gtest.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <string>

namespace {

namespace fs = std::filesystem;

const std::string kBase =
    "tests/corpus/base-data/data.yaml --layout tests/corpus/base-layout/layout.yaml";

std::string slurp(const fs::path& p) {
  std::ifstream in(p, std::ios::binary);
  return std::string((std::istreambuf_iterator<char>(in)), {});
}

class Exit : public ::testing::Test {
 protected:
  void SetUp() override {
    // Inside the project folder: editions lists may only write there.
    dir_ = fs::path(PLAQUETTE_BINARY).parent_path() / "test-output" /
           ("exit-" + std::to_string(::getpid()));
    fs::remove_all(dir_);
    fs::create_directories(dir_);
  }
  void TearDown() override { fs::remove_all(dir_); }
  // Runs `prefix plaquette args` from the repository root; stdout goes to `out` unless
  // args redirect it.
  int run(const std::string& args, const std::string& prefix = "") {
    const std::string cmd = "cd '" PLAQUETTE_SOURCE_DIR "' && " + prefix +
                            " '" PLAQUETTE_BINARY "' " + args + " 2>'" + (dir_ / "err").string() +
                            "'";
    const int raw = std::system(("sh -c \"" + cmd + "\"").c_str());
    err_ = slurp(dir_ / "err");
    fs::remove(dir_ / "err");
    return WIFEXITED(raw) ? WEXITSTATUS(raw) : 128 + WTERMSIG(raw);
  }
  std::size_t files() const {
    std::size_t n = 0;
    for (const auto& e : fs::directory_iterator(dir_)) n += e.is_regular_file();
    return n;
  }
  fs::path dir_;
  std::string err_;
};

TEST_F(Exit, AWriteErrorOnStandardOutputIsStatusFourWithAMessage) {
  const std::string pdf = (dir_ / "x.pdf").string();
  ASSERT_EQ(run("build " + kBase + " -q -o '" + pdf + "'"), 0) << err_;
  for (const std::string& args :
       {"dump " + kBase, "check --format json " + kBase, std::string("--help"),
        "preflight '" + pdf + "'", "preflight --format json '" + pdf + "'"}) {
    EXPECT_EQ(run(args + " >/dev/full"), 4) << args;
    EXPECT_NE(err_.find("plaquette: error: cannot write to standard output"), std::string::npos)
        << args << ": " << err_;
  }
  EXPECT_EQ(run("dump " + kBase + " >/dev/null"), 0) << err_;
}

TEST_F(Exit, AClosedStandardOutputIsReportedAndNeverReusedForAFile) {
  const std::string pdf = (dir_ / "x.pdf").string();
  // The PDF's temporary file would otherwise take descriptor 1, and the "wrote" line end in it.
  EXPECT_EQ(run("build " + kBase + " -o '" + pdf + "' >&-"), 4);
  EXPECT_NE(err_.find("plaquette: error: cannot write to standard output: it is closed"),
            std::string::npos)
      << err_;
  EXPECT_EQ(slurp(pdf).find("wrote"), std::string::npos);
  EXPECT_EQ(run("build -q " + kBase + " -o '" + pdf + "' >&-"), 0) << err_;
}

TEST_F(Exit, AFileSizeLimitIsACleanErrorWithNoTemporaryLeft) {
  const std::string pdf = (dir_ / "x.pdf").string();
  // 8 blocks of 512 bytes: far below the PDF's size.
  EXPECT_EQ(run("build " + kBase + " -o '" + pdf + "'", "ulimit -f 8;"), 1) << err_;
  EXPECT_NE(err_.find(pdf + ": error: cannot write: File too large"), std::string::npos) << err_;
  EXPECT_EQ(files(), 0u);
}

class Batch : public Exit {
 protected:
  void SetUp() override {
    Exit::SetUp();
    const std::string root = PLAQUETTE_SOURCE_DIR "/tests/corpus/";
    std::ofstream(dir_ / "editions.yaml")
        << "editions:\n"
        << "  - {name: good, data: " << root << "base-data/data.yaml, layout: " << root
        << "base-layout/layout.yaml, locale: fr, output: good.pdf}\n"
        << "  - {name: bad, data: " << root << "data-negative-homes/data.yaml, layout: " << root
        << "base-layout/layout.yaml, locale: fr, output: bad.pdf}\n";
  }
};

TEST_F(Batch, OneFailedEditionAndNothingIsWritten) {
  EXPECT_EQ(run("build --editions '" + (dir_ / "editions.yaml").string() + "' >/dev/null"), 1);
  EXPECT_NE(err_.find("failed editions: bad\nnothing written"), std::string::npos) << err_;
  EXPECT_EQ(files(), 1u);  // the list only: no PDF, no temporary
}

TEST_F(Batch, FoldersMadeForOutputsThatAreNotWrittenAreRemoved) {
  std::string list = slurp(dir_ / "editions.yaml");
  list.replace(list.find("output: good.pdf"), 16, "output: new/deeper/good.pdf");
  std::ofstream(dir_ / "editions.yaml") << list;
  EXPECT_EQ(run("build --editions '" + (dir_ / "editions.yaml").string() + "' >/dev/null"), 1);
  EXPECT_FALSE(fs::exists(dir_ / "new")) << err_;
}

TEST_F(Batch, KeepGoingWritesTheOthersAndStillFails) {
  EXPECT_EQ(
      run("build --keep-going --editions '" + (dir_ / "editions.yaml").string() + "' >/dev/null"),
      1);
  EXPECT_NE(err_.find("failed editions: bad\n"), std::string::npos) << err_;
  EXPECT_EQ(err_.find("nothing written"), std::string::npos) << err_;
  EXPECT_EQ(slurp(dir_ / "good.pdf").substr(0, 5), "%PDF-");
  EXPECT_FALSE(fs::exists(dir_ / "bad.pdf"));
  EXPECT_EQ(files(), 2u);
}

// A batch stopped by a signal while its temporaries wait for the commit (and while both
// threads make more): every temporary goes, and the folders made for them, nothing is
// written, the signal is the status.
TEST_F(Exit, ASignalDuringABatchLeavesNoTemporary) {
  {
    std::ofstream list(dir_ / "many.yaml");
    list << "editions:\n";
    for (int i = 0; i < 150; ++i)
      for (const char* locale : {"fr", "en", "nl"})
        list << "  - {name: e" << i << "." << locale
             << ", data: " PLAQUETTE_SOURCE_DIR
                "/data/hauts-de-france-2019-2022.yaml, layout: " PLAQUETTE_SOURCE_DIR
                "/layouts/gusp-brochure.yaml, locale: "
             << locale << ", output: new/deeper/e" << i << "." << locale << ".pdf}\n";
  }
  const fs::path out = dir_ / "new" / "deeper";
  auto temporaries = [&] {
    std::size_t n = 0;
    std::error_code ec;
    for (const auto& e : fs::directory_iterator(out, ec))
      n += e.path().filename().string().rfind(".plaquette-", 0) == 0;
    return n;
  };
  for (std::size_t waiting : {1u, 4u, 16u, 64u}) {
    const pid_t child = ::fork();
    ASSERT_GE(child, 0);
    if (child == 0) {
      if (::chdir(PLAQUETTE_SOURCE_DIR) != 0) ::_exit(127);
      const std::string list = (dir_ / "many.yaml").string();
      ::execl(PLAQUETTE_BINARY, PLAQUETTE_BINARY, "build", "-q", "-j", "2", "--editions",
              list.c_str(), static_cast<char*>(nullptr));
      ::_exit(127);
    }
    // Stopped once `waiting` temporaries wait (or after 10 s).
    for (int ms = 0; ms < 10000 && temporaries() < waiting; ++ms) ::usleep(1000);
    ::kill(child, waiting % 2 ? SIGTERM : SIGINT);
    int status = 0;
    ASSERT_EQ(::waitpid(child, &status, 0), child);
    EXPECT_TRUE(WIFSIGNALED(status)) << waiting;
    EXPECT_EQ(temporaries(), 0u) << "after " << waiting << " temporaries";
    EXPECT_FALSE(fs::exists(dir_ / "new")) << "after " << waiting << " temporaries";
    EXPECT_EQ(files(), 1u) << waiting;  // the list only
  }
}

TEST_F(Exit, KeepGoingIsForABatchOnly) {
  EXPECT_EQ(run("build " + kBase + " --keep-going"), 2);
  EXPECT_NE(err_.find("--keep-going is for 'build' without DATA"), std::string::npos) << err_;
}

}  // namespace
