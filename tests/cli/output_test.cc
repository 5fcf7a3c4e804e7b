// Outputs: never an input, never another output, all or nothing, short temporary names.
#include "cli/output.h"

#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <iterator>

#include "base/file.h"

namespace plaquette::cli {
namespace {

namespace fs = std::filesystem;

class Outputs : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = fs::temp_directory_path() / ("plaquette-output-" + std::to_string(::getpid()));
    fs::remove_all(dir_);
    fs::create_directories(dir_ / "pdfs");
    fs::create_directory_symlink("pdfs", dir_ / "link");
  }
  void TearDown() override { fs::remove_all(dir_); }
  std::string path(const std::string& name) const { return (dir_ / name).string(); }
  std::string input(const std::string& name) {
    std::ofstream(dir_ / name) << "input " << name << "\n";
    ReadError error;
    EXPECT_TRUE(read_input_file(path(name), InputKind::text, error)) << error.message;
    return path(name);
  }
  static std::string slurp(const std::string& p) {
    std::ifstream in(p, std::ios::binary);
    return std::string((std::istreambuf_iterator<char>(in)), {});
  }
  fs::path dir_;
};

// One output named on the command line (no position).
OutputFile named(const std::string& path) {
  OutputFile o;
  o.path = path;
  return o;
}
OutputFile listed(const std::string& path, int line, const std::string& what) {
  OutputFile o;
  o.path = path;
  o.where = {"list.yaml", line, 5};
  o.what = what;
  return o;
}

TEST_F(Outputs, AnOutputThatIsAFileReadIsRefusedAndNamesBoth) {
  const std::string data = input("data.yaml");
  Diagnostics diags;
  EXPECT_FALSE(write_atomically(data, "%PDF", false, diags));
  ASSERT_EQ(diags.error_count(), 1u);
  EXPECT_EQ(diags.all()[0].message, "the output '" + data + "' is the same file as '" + data +
                                        "', an input of this run; not overwriting it");
  EXPECT_EQ(slurp(data), "input data.yaml\n");
}

TEST_F(Outputs, NothingIsWrittenWhileAMappedInputHasChanged) {
  // A font truncated by another program while the run had it mapped: whatever was made
  // from it is refused, every output, naming the font.
  const std::string font = path("font.ttf");
  std::ofstream(font) << std::string(10000, 'g');
  ReadError error;
  auto bytes = read_input_file_shared(font, InputKind::font, error);
  ASSERT_TRUE(bytes && bytes->mapped_from_file()) << error.message;
  ASSERT_EQ(::truncate(font.c_str(), 10), 0);
  Diagnostics diags;
  EXPECT_FALSE(write_atomically(path("out.pdf"), "%PDF", false, diags));
  ASSERT_EQ(diags.error_count(), 1u);
  EXPECT_EQ(diags.all()[0].pos.file, font);
  EXPECT_EQ(diags.all()[0].message, "the file changed while it was being read; nothing written");
  EXPECT_FALSE(fs::exists(path("out.pdf")));
  // Once the font is no longer in use (the next build maps it again), outputs pass.
  bytes.reset();
  Diagnostics again;
  EXPECT_TRUE(write_atomically(path("out.pdf"), "%PDF", false, again));
}

// `plaquette watch` reads the data again after each save; an editor that saves by rename
// frees the old file's inode, and the next output may get that number: a file that held it
// once is no longer an input (the watcher stalled after two saves by rename).
TEST_F(Outputs, AFileReplacedSinceItWasReadNoLongerClaimsItsInode) {
  const std::string data = input("saved.yaml");
  // The old inode lives on as the output (what inode reuse does, made certain by a link),
  // while a new file is renamed over the input's name, as editors save.
  fs::create_hard_link(data, dir_ / "pdfs" / "out.pdf");
  std::ofstream(dir_ / ".saved.yaml.tmp") << "input saved.yaml, edited\n";
  fs::rename(dir_ / ".saved.yaml.tmp", data);
  Diagnostics diags;
  EXPECT_TRUE(write_atomically(path("pdfs/out.pdf"), "%PDF", false, diags));
  EXPECT_EQ(diags.error_count(), 0u);
  EXPECT_EQ(slurp(path("pdfs/out.pdf")), "%PDF");
  EXPECT_EQ(slurp(data), "input saved.yaml, edited\n");
  // Read again, the new file is an input as any other.
  ReadError error;
  ASSERT_TRUE(read_input_file(data, InputKind::text, error)) << error.message;
  EXPECT_FALSE(write_atomically(data, "%PDF", false, diags));
}

TEST_F(Outputs, AnInputReachedThroughALinkOrDotsIsStillTheInput) {
  std::ofstream(dir_ / "pdfs" / "font.ttf") << "font";
  ReadError error;
  ASSERT_TRUE(read_input_file(path("pdfs/font.ttf"), InputKind::font, error));
  fs::create_hard_link(dir_ / "pdfs" / "font.ttf", dir_ / "hard.ttf");
  for (const std::string& alias :
       {path("link/font.ttf"), path("link/../pdfs/font.ttf"), path("hard.ttf")}) {
    Diagnostics diags;
    EXPECT_EQ(check_outputs({named(alias)}, diags), std::vector<bool>{false}) << alias;
  }
  EXPECT_EQ(slurp(path("pdfs/font.ttf")), "font");
}

TEST_F(Outputs, TwoOutputsThroughASymlinkedFolderAreOneFileEvenBeforeTheyExist) {
  Diagnostics diags;
  const std::vector<OutputFile> outputs = {listed(path("pdfs/a.pdf"), 2, "edition `a`: output"),
                                           listed(path("link/a.pdf"), 3, "edition `b`: output"),
                                           listed(path("pdfs/b.pdf"), 4, "edition `c`: output")};
  EXPECT_EQ(check_outputs(outputs, diags), (std::vector<bool>{false, false, true}));
  ASSERT_EQ(diags.error_count(), 1u);
  EXPECT_EQ(diags.all()[0].pos.line, 3);
  EXPECT_EQ(diags.all()[0].message, "edition `b`: output '" + path("link/a.pdf") +
                                        "' is the same file as '" + path("pdfs/a.pdf") +
                                        "', another output of this run");
}

TEST_F(Outputs, DistinctOutputsPass) {
  input("data.yaml");
  Diagnostics diags;
  EXPECT_EQ(check_outputs(
                {named(path("a.pdf")), named(path("pdfs/a.pdf")), named(path("new/a.pdf"))}, diags),
            (std::vector<bool>{true, true, true}));
  EXPECT_FALSE(diags.has_errors());
}

TEST_F(Outputs, ALegal255ByteNameIsWrittenAndNoTemporaryIsLeft) {
  const std::string name = std::string(251, 'n') + ".pdf";
  Diagnostics diags;
  ASSERT_TRUE(write_atomically(path(name), "%PDF-1.4", false, diags));
  EXPECT_EQ(slurp(path(name)), "%PDF-1.4");
  std::size_t files = 0;
  for (const auto& e : fs::directory_iterator(dir_)) files += e.is_regular_file();
  EXPECT_EQ(files, 1u);
}

TEST_F(Outputs, ATemporaryIsCommittedOrDiscarded) {
  Diagnostics diags;
  auto kept = write_temporary(path("a.pdf"), "A", false, diags);
  auto dropped = write_temporary(path("b.pdf"), "B", false, diags);
  ASSERT_TRUE(kept && dropped);
  EXPECT_FALSE(fs::exists(path("a.pdf")));
  EXPECT_TRUE(commit_temporary(*kept, path("a.pdf"), diags));
  discard_temporary(*dropped);
  EXPECT_EQ(slurp(path("a.pdf")), "A");
  EXPECT_FALSE(fs::exists(dropped->path));
  EXPECT_FALSE(fs::exists(path("b.pdf")));
}

}  // namespace
}  // namespace plaquette::cli
