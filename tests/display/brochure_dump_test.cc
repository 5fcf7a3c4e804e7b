// The main golden: the display list of the real brochure, as `plaquette dump` prints it,
// compared exactly with tests/display/brochure.fr.dump. PLAQUETTE_UPDATE_REFERENCES=1
// rewrites the reference instead (then review it with git diff).
#include <gtest/gtest.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <string>

namespace plaquette::display {
namespace {

namespace fs = std::filesystem;

std::string slurp(const fs::path& p) {
  std::ifstream in(p, std::ios::binary);
  return std::string((std::istreambuf_iterator<char>(in)), {});
}

TEST(BrochureDump, MatchesTheReference) {
  const fs::path ref = PLAQUETTE_SOURCE_DIR "/tests/display/brochure.fr.dump";
  const fs::path out =
      fs::temp_directory_path() / ("plaquette-dump-" + std::to_string(::getpid()) + ".txt");
  // The program, not the libraries: this test module only links the display list.
  const std::string cmd = "cd '" PLAQUETTE_SOURCE_DIR "' && '" PLAQUETTE_BINARY
                          "' dump --locale fr > '" +
                          out.string() + "'";
  const int raw = std::system(cmd.c_str());
  const std::string actual = slurp(out);
  fs::remove(out);
  ASSERT_TRUE(WIFEXITED(raw) && WEXITSTATUS(raw) == 0) << cmd;
  const char* update = std::getenv("PLAQUETTE_UPDATE_REFERENCES");
  if (update && std::string(update) == "1") {
    std::ofstream(ref, std::ios::binary) << actual;
    GTEST_SKIP() << "reference written: " << ref;
  }
  const std::string expected = slurp(ref);
  ASSERT_FALSE(expected.empty()) << "missing " << ref << "; run with PLAQUETTE_UPDATE_REFERENCES=1";
  if (actual == expected) return;
  // Report the first differing line rather than two 100 kB strings.
  std::size_t line = 1, i = 0;
  while (i < actual.size() && i < expected.size() && actual[i] == expected[i])
    if (actual[i++] == '\n') ++line;
  auto line_at = [](const std::string& s, std::size_t pos) {
    std::size_t b = s.rfind('\n', pos == 0 ? 0 : pos - 1);
    b = b == std::string::npos ? 0 : b + 1;
    return s.substr(b, s.find('\n', b) - b);
  };
  FAIL() << "display list differs from " << ref << " at line " << line
         << "\nexpected: " << line_at(expected, i) << "\nactual:   " << line_at(actual, i)
         << "\nif the change is intended: PLAQUETTE_UPDATE_REFERENCES=1 ctest";
}

TEST(BrochureDump, WithoutFontExpansionAsBeforeIt) {
  // The layout with `expansion: 0` on its justified style gives the display list the
  // brochure had before font expansion existed (brochure.fr.noexpansion.dump, kept as it
  // was): the option really switches it off, and nothing else changed with it.
  const fs::path ref = PLAQUETTE_SOURCE_DIR "/tests/display/brochure.fr.noexpansion.dump";
  const fs::path dir =
      fs::temp_directory_path() / ("plaquette-noexp-" + std::to_string(::getpid()));
  fs::remove_all(dir);
  fs::create_directories(dir);
  fs::copy(PLAQUETTE_SOURCE_DIR "/layouts", dir / "layouts", fs::copy_options::recursive);
  fs::create_directory_symlink(PLAQUETTE_SOURCE_DIR "/fonts", dir / "fonts");
  fs::create_directory_symlink(PLAQUETTE_SOURCE_DIR "/data", dir / "data");
  const fs::path base = dir / "layouts" / "gusp-base.yaml";
  std::string yaml = slurp(base);
  const std::string just = "body-just:    {inherit: body, align: justify";
  ASSERT_NE(yaml.find(just), std::string::npos) << base;
  yaml.replace(yaml.find(just), just.size(), just + ", expansion: 0");
  std::ofstream(base, std::ios::binary) << yaml;
  const fs::path out = dir / "dump.txt";
  const std::string cmd =
      "cd '" PLAQUETTE_SOURCE_DIR "' && '" PLAQUETTE_BINARY "' dump --locale fr --allow-path '" +
      dir.string() + "' --layout '" + (dir / "layouts" / "gusp-brochure.yaml").string() + "' > '" +
      out.string() + "'";
  const int raw = std::system(cmd.c_str());
  const std::string actual = slurp(out);
  fs::remove_all(dir);
  ASSERT_TRUE(WIFEXITED(raw) && WEXITSTATUS(raw) == 0) << cmd;
  EXPECT_EQ(actual.find("hscale="), std::string::npos);
  const std::string expected = slurp(ref);
  ASSERT_FALSE(expected.empty()) << ref;
  EXPECT_TRUE(actual == expected) << "the display list without expansion differs from " << ref;
}

}  // namespace
}  // namespace plaquette::display
