// End to end: `plaquette watch` in a temporary project. A changed value reaches the PDF, a
// broken data file leaves the last good PDF untouched and prints the error, a save by
// rename (vim, emacs) is seen, and Ctrl-C leaves no temporary file.
#include <fcntl.h>
#include <gtest/gtest.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <fstream>
#include <string>
#include <thread>

#include "e2e_util.h"
#include "model/editions.h"

namespace plaquette::e2e {
namespace {

using namespace e2e_util;
using Clock = std::chrono::steady_clock;

const std::string kStem = "hauts-de-france-2019-2022";

class Watch : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = fs::temp_directory_path() / ("plaquette-watch-e2e-" + std::to_string(::getpid()));
    fs::remove_all(dir_);
    copy_project(dir_);
    data_ = dir_ / "data" / (kStem + ".yaml");
    pdf_ = dir_ / "out" / (kStem + ".fr.pdf");
  }
  void TearDown() override {
    stop(SIGKILL);
    fs::remove_all(dir_);
  }

  // Starts `plaquette watch ARGS` in the project, its output into files.
  void start(std::vector<std::string> args) {
    pid_ = ::fork();
    ASSERT_GE(pid_, 0);
    if (pid_ == 0) {
      if (::chdir(dir_.c_str()) != 0) ::_exit(127);
      const int out = ::open((dir_ / "watch.out").c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
      const int err = ::open((dir_ / "watch.err").c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
      ::dup2(out, 1);
      ::dup2(err, 2);
      std::vector<char*> argv{const_cast<char*>(kBinary.c_str()), const_cast<char*>("watch")};
      for (std::string& a : args) argv.push_back(a.data());
      argv.push_back(nullptr);
      ::execv(kBinary.c_str(), argv.data());
      ::_exit(127);
    }
  }

  // Sends a signal and waits for the process; returns its wait status.
  int stop(int sig) {
    if (pid_ <= 0) return -1;
    ::kill(pid_, sig);
    int status = 0;
    ::waitpid(pid_, &status, 0);
    pid_ = -1;
    return status;
  }

  std::string out() const { return slurp(dir_ / "watch.out"); }
  std::string err() const { return slurp(dir_ / "watch.err"); }

  // Waits until standard output holds `count` lines containing `what`.
  bool wait_for(const std::string& what, std::size_t count = 1) const {
    const auto deadline = Clock::now() + std::chrono::seconds(60);
    while (Clock::now() < deadline) {
      const std::string o = out();
      std::size_t n = 0;
      for (std::size_t at = o.find(what); at != std::string::npos; at = o.find(what, at + 1)) ++n;
      if (n >= count) return true;
      std::this_thread::sleep_for(std::chrono::milliseconds(10));
    }
    return false;
  }

  // The data file with `from` replaced by `to`.
  std::string edited(const std::string& from, const std::string& to) const {
    std::string text = slurp(data_);
    const std::size_t at = text.find(from);
    EXPECT_NE(at, std::string::npos) << from;
    if (at != std::string::npos) text.replace(at, from.size(), to);
    return text;
  }

  // Writes the data file in place (the text computed before the file is truncated).
  void save(const std::string& text) const { std::ofstream(data_) << text; }

  // No temporary output file is left in out/.
  void expect_no_temporary() const {
    for (const auto& e : fs::directory_iterator(dir_ / "out"))
      EXPECT_EQ(e.path().filename().string().rfind(".plaquette-", 0), std::string::npos)
          << e.path();
  }

  fs::path dir_, data_, pdf_;
  pid_t pid_ = -1;
};

TEST_F(Watch, RebuildsOnAChangeKeepsTheLastGoodPdfOnAnErrorAndStopsCleanly) {
  start({"data/" + kStem + ".yaml"});
  ASSERT_TRUE(wait_for("watching")) << out() << err();
  EXPECT_NE(out().find("built out/" + kStem + ".fr.pdf ("), std::string::npos) << out();
  ASSERT_NE(pdftotext(pdf_).find("199"), std::string::npos);
  EXPECT_EQ(pdftotext(pdf_).find("207"), std::string::npos);

  // A value changed, saved in place.
  save(edited("qpv: 199", "qpv: 207"));
  ASSERT_TRUE(wait_for("rebuilt out/" + kStem + ".fr.pdf")) << out() << err();
  EXPECT_NE(pdftotext(pdf_).find("207"), std::string::npos);

  // Broken data: the error is printed, the PDF is left as it was.
  const std::string good = slurp(pdf_);
  save(edited("qpv: 207", "qpv: -3"));
  ASSERT_TRUE(wait_for("failed:")) << out() << err();
  EXPECT_NE(err().find(kStem + ".yaml:"), std::string::npos) << err();
  EXPECT_NE(err().find("error:"), std::string::npos) << err();
  EXPECT_NE(out().find("the last good PDF is kept"), std::string::npos) << out();
  EXPECT_TRUE(slurp(pdf_) == good);

  // Saved by rename, as vim and emacs do: the original renamed to a backup, the new text
  // written to another name and renamed into place.
  const std::string fixed = edited("qpv: -3", "qpv: 211");
  fs::rename(data_, fs::path(data_.string() + "~"));
  std::ofstream(dir_ / "data" / ".new.yaml") << fixed;
  fs::rename(dir_ / "data" / ".new.yaml", data_);
  ASSERT_TRUE(wait_for("rebuilt out/" + kStem + ".fr.pdf", 2)) << out() << err();
  EXPECT_NE(pdftotext(pdf_).find("211"), std::string::npos);

  // A file the build did not read changes nothing.
  std::ofstream(dir_ / "data" / "notes.txt") << "nothing\n";
  std::this_thread::sleep_for(std::chrono::milliseconds(300));
  EXPECT_EQ(out().find("nothing to rebuild"), std::string::npos);

  // Ctrl-C during a rebuild: the process ends by the signal, no temporary is left.
  save(edited("qpv: 211", "qpv: 212"));
  std::this_thread::sleep_for(std::chrono::milliseconds(60));
  const int status = stop(SIGINT);
  EXPECT_TRUE(WIFSIGNALED(status) && WTERMSIG(status) == SIGINT) << status;
  expect_no_temporary();
  EXPECT_FALSE(slurp(pdf_).empty());
}

// Editors that save by rename give the data a new inode at each save and free the old
// one, which the next PDF may get: every save of a run is rebuilt, none is refused as
// "the same file as an input" (the watcher used to stop rebuilding at the second save).
TEST_F(Watch, EverySaveByRenameInARowIsRebuilt) {
  start({"data/" + kStem + ".yaml"});
  ASSERT_TRUE(wait_for("watching")) << out() << err();
  std::string value = "199";
  for (int i = 1; i <= 5; ++i) {
    const std::string next = std::to_string(300 + i);
    const std::string text = edited("qpv: " + value, "qpv: " + next);
    std::ofstream(dir_ / "data" / ".save.tmp") << text;
    fs::rename(dir_ / "data" / ".save.tmp", data_);
    ASSERT_TRUE(wait_for("rebuilt out/" + kStem + ".fr.pdf", i)) << i << out() << err();
    EXPECT_NE(pdftotext(pdf_).find(next), std::string::npos) << i;
    value = next;
  }
  EXPECT_EQ(out().find("failed"), std::string::npos) << out();
  EXPECT_EQ(err(), "");
}

TEST_F(Watch, EditionsRebuildOnlyWhatReadTheChangedFileAndProofsFollow) {
  // A catalog read by the English edition only.
  start({"--proof", "png", "--dpi", "20"});
  ASSERT_TRUE(wait_for("watching")) << out() << err();
  // Every edition of the shipped list, per-item entries expanded (counted by `check`, not
  // by hand: the list grows).
  Result check = run("check", dir_);  // its last line: "21 of 21 editions ok, …"
  ASSERT_EQ(check.status, 0) << check.err;
  const std::size_t line = check.out.rfind('\n', check.out.find(" editions ok"));
  const std::string summary = check.out.substr(line == std::string::npos ? 0 : line + 1);
  const std::string count = summary.substr(0, summary.find(" of "));
  const std::string all = count + " of " + count;
  EXPECT_GT(std::stoi(count), 3);
  EXPECT_NE(out().find("built " + all + " editions ("), std::string::npos) << out();
  EXPECT_TRUE(fs::exists(dir_ / "out" / (kStem + ".en-p1.png")));
  // A file per département (`each:`), named from its item.
  EXPECT_TRUE(fs::exists(dir_ / "out" / (kStem + ".departement-sheet-59.fr.pdf")));
  const fs::path en = dir_ / "layouts" / "gusp-brochure.en.yaml";
  std::ofstream(en, std::ios::app) << "\n";
  ASSERT_TRUE(wait_for("rebuilt 1 of 1 edition (")) << out() << err();
  // The data is read by every edition.
  save(edited("qpv: 199", "qpv: 207"));
  ASSERT_TRUE(wait_for("rebuilt " + all + " editions")) << out() << err();
  EXPECT_NE(pdftotext(dir_ / "out" / (kStem + ".nl.pdf")).find("207"), std::string::npos);
  stop(SIGINT);
  expect_no_temporary();
}

// What watch reuses between rebuilds (the proof module, Cairo font faces, the colour
// transform) changes nothing: after a change, its PDF and proof pages are byte for byte
// those of a cold `build` and `proof` of the changed inputs.
TEST_F(Watch, ARebuildEqualsAColdBuildAndProofOfTheChangedInputs) {
  start({"data/" + kStem + ".yaml", "--proof", "png", "--dpi", "30"});
  ASSERT_TRUE(wait_for("watching")) << out() << err();
  save(edited("qpv: 199", "qpv: 213"));
  ASSERT_TRUE(wait_for("rebuilt out/" + kStem + ".fr.pdf")) << out() << err();
  stop(SIGINT);
  const fs::path cold = dir_ / "cold";
  fs::create_directories(cold);
  const Result b = run_in(dir_, "build data/" + kStem + ".yaml -o cold/" + kStem + ".fr.pdf", dir_);
  ASSERT_EQ(b.status, 0) << b.err;
  const Result p =
      run_in(dir_, "proof data/" + kStem + ".yaml --format png --dpi 30 -o cold", dir_);
  ASSERT_EQ(p.status, 0) << p.err;
  EXPECT_NE(pdftotext(pdf_).find("213"), std::string::npos);
  EXPECT_TRUE(slurp(pdf_) == slurp(cold / (kStem + ".fr.pdf")));
  int pages = 0;
  for (int i = 1; fs::exists(cold / (kStem + ".fr-p" + std::to_string(i) + ".png")); ++i) {
    const std::string page = kStem + ".fr-p" + std::to_string(i) + ".png";
    ASSERT_TRUE(fs::exists(dir_ / "out" / page)) << page;
    EXPECT_TRUE(slurp(dir_ / "out" / page) == slurp(cold / page)) << page;
    ++pages;
  }
  EXPECT_GE(pages, 2);
}

// The PDF backend keeps font programs and the output profile from one build to the next:
// a font or profile replaced under `watch` (saved by rename, as editors do) is read again,
// so that the rebuild embeds the new file, byte for byte as a cold build does.
TEST_F(Watch, AReplacedFontOrProfileIsEmbeddedAsByAColdBuild) {
  start({"data/" + kStem + ".yaml"});
  ASSERT_TRUE(wait_for("watching")) << out() << err();
  const fs::path regular = dir_ / "fonts" / "Lato-Regular.ttf";
  fs::copy_file(dir_ / "fonts" / "Lato-Black.ttf", regular.string() + ".new");
  fs::rename(regular.string() + ".new", regular);
  ASSERT_TRUE(wait_for("rebuilt out/" + kStem + ".fr.pdf")) << out() << err();
  const fs::path profile = dir_ / "layouts" / "profiles" / "FOGRA39L_coated.icc";
  std::string icc = slurp(profile);
  ASSERT_FALSE(icc.empty());
  icc.back() = static_cast<char>(icc.back() ^ 1);  // another profile, as valid
  std::ofstream(profile.string() + ".new", std::ios::binary) << icc;
  fs::rename(profile.string() + ".new", profile);
  ASSERT_TRUE(wait_for("rebuilt out/" + kStem + ".fr.pdf", 2)) << out() << err();
  stop(SIGINT);
  const Result b = run_in(dir_, "build data/" + kStem + ".yaml -o cold.pdf", dir_);
  ASSERT_EQ(b.status, 0) << b.err;
  EXPECT_TRUE(slurp(pdf_) == slurp(dir_ / "cold.pdf"));
  EXPECT_EQ(slurp(pdf_).find("+Lato-Regular"), std::string::npos);
}

TEST_F(Watch, PollingSeesAChangeToo) {
  start({"data/" + kStem + ".yaml", "--poll", "-o", "out.pdf"});
  ASSERT_TRUE(wait_for("watching")) << out() << err();
  EXPECT_NE(out().find("polling every 250 ms"), std::string::npos) << out();
  save(edited("qpv: 199", "qpv: 207"));
  ASSERT_TRUE(wait_for("rebuilt out.pdf")) << out() << err();
  EXPECT_NE(pdftotext(dir_ / "out.pdf").find("207"), std::string::npos);
}

}  // namespace
}  // namespace plaquette::e2e
