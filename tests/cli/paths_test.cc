// Files named by inputs stay inside the project folder (the working directory, which ctest
// sets to the repository) or a folder given with --allow-path.
#include "cli/paths.h"

#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <string>

namespace plaquette::cli {
namespace {

std::string messages(const Diagnostics& d) {
  std::string out;
  for (const Diagnostic& x : d.all()) out += x.pos.str() + ": " + x.message + "\n";
  return out;
}

TEST(PathPolicy, FilesInsideTheWorkingDirectoryAreAllowed) {
  PathPolicy paths;
  Diagnostics d;
  EXPECT_TRUE(paths.check("fonts/Lato-Regular.ttf", {}, "font", d));
  EXPECT_TRUE(paths.check("layouts/../fonts/not-yet-written.ttf", {}, "font", d));
  EXPECT_TRUE(paths.check(std::filesystem::current_path() / "out/x.pdf", {}, "output", d));
  EXPECT_FALSE(d.has_errors()) << messages(d);
}

TEST(PathPolicy, EscapingTheProjectIsAnErrorAtTheNamingLine) {
  PathPolicy paths;
  Diagnostics d;
  EXPECT_FALSE(paths.check("../outside.ttf", {"layout.yaml", 3, 12}, "font `regular`", d));
  EXPECT_FALSE(paths.check("/etc/passwd", {"layout.yaml", 4, 12}, "font `bold`", d));
  EXPECT_EQ(messages(d),
            "layout.yaml:3:12: font `regular` '../outside.ttf' is outside the project folder\n"
            "layout.yaml:4:12: font `bold` '/etc/passwd' is outside the project folder\n");
  ASSERT_FALSE(d.all().empty());
  EXPECT_NE(d.all()[0].hints.at(0).find("--allow-path DIR"), std::string::npos);
}

TEST(PathPolicy, AllowPathAddsARoot) {
  PathPolicy paths({"/usr/share"});
  Diagnostics d;
  EXPECT_TRUE(paths.check("/usr/share/fonts/x.ttf", {}, "font", d));
  EXPECT_FALSE(paths.check("/usr/sharp/x.ttf", {}, "font", d));  // a prefix is not a parent
  EXPECT_EQ(d.error_count(), 1u);
}

// A symbolic link inside the project that points outside it is outside.
TEST(PathPolicy, ALinkLeadingOutsideIsOutside) {
  const std::filesystem::path link = std::filesystem::path("build-paths-test-link-") +=
      std::to_string(::getpid());
  std::filesystem::create_directory_symlink("/usr", link);
  PathPolicy paths;
  Diagnostics d;
  EXPECT_FALSE(paths.check((link / "share/x.ttf").string(), {}, "font", d));
  std::filesystem::remove(link);
  EXPECT_EQ(d.error_count(), 1u);
}

}  // namespace
}  // namespace plaquette::cli
