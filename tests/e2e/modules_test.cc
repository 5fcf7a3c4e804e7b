// End to end: `proof` and `preflight` load their modules from beside the program; a program
// copied without them says so (an installation problem, status 3), not "a bug".
#include <gtest/gtest.h>
#include <unistd.h>

#include <string>

#include "e2e_util.h"

namespace plaquette::e2e {
namespace {

using namespace e2e_util;

TEST(Modules, AProgramWithoutItsModulesSaysHowToInstallThem) {
  const fs::path dir =
      fs::temp_directory_path() / ("plaquette-modules-" + std::to_string(::getpid()));
  fs::remove_all(dir);
  fs::create_directories(dir);
  const fs::path alone = dir / "plaquette";
  fs::copy_file(kBinary, alone);
  const fs::path out = dir / "err.txt";
  const std::string cmd = "'" + alone.string() + "' preflight '" + PLAQUETTE_SOURCE_DIR +
                          "/README.md' 2>'" + out.string() + "' >/dev/null";
  const int raw = std::system(cmd.c_str());
  const std::string err = slurp(out);
  fs::remove_all(dir);
  ASSERT_TRUE(WIFEXITED(raw));
  EXPECT_EQ(WEXITSTATUS(raw), 3) << err;
  EXPECT_NE(err.find("plaquette: error: "), std::string::npos) << err;
  EXPECT_NE(err.find("plaquette-preflight.so"), std::string::npos) << err;
  EXPECT_EQ(err.find("bug"), std::string::npos) << err;
}

}  // namespace
}  // namespace plaquette::e2e
