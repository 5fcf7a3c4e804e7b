// End to end: output and proof names carry the layout when it is not the default one, so
// that trying a second layout never replaces the brochure's files.
#include <gtest/gtest.h>
#include <unistd.h>

#include <fstream>
#include <map>
#include <string>

#include "e2e_util.h"

namespace plaquette::e2e {
namespace {

using namespace e2e_util;

class Naming : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = fs::temp_directory_path() / ("plaquette-naming-" + std::to_string(::getpid()));
    fs::remove_all(dir_);
    copy_project(dir_);
    // A second layout: the brochure with another paper colour (overriding the one of the
    // base it extends), and its catalogs.
    std::string text = slurp(dir_ / "layouts/gusp-brochure.yaml");
    ASSERT_EQ(text.find("\npalette:"), std::string::npos);
    text += "palette:\n  paper: [0, 10, 20, 0]\n";
    std::ofstream(dir_ / "layouts/poster.yaml") << text;
    for (const char* l : {"fr", "en", "nl"})
      fs::copy_file(dir_ / ("layouts/gusp-brochure." + std::string(l) + ".yaml"),
                    dir_ / ("layouts/poster." + std::string(l) + ".yaml"));
  }
  void TearDown() override { fs::remove_all(dir_); }

  Result plaquette(const std::string& args) { return run_in(dir_, args, dir_); }

  fs::path dir_;
};

const std::string kStem = "hauts-de-france-2019-2022";

TEST_F(Naming, ASecondLayoutLeavesTheFirstPdfByteIdentical) {
  ASSERT_EQ(plaquette("build data/" + kStem + ".yaml -q").status, 0);
  const fs::path first = dir_ / "out" / (kStem + ".fr.pdf");
  const std::string before = slurp(first);
  ASSERT_FALSE(before.empty());
  Result r = plaquette("build data/" + kStem + ".yaml --layout layouts/poster.yaml");
  ASSERT_EQ(r.status, 0) << r.err;
  const fs::path second = dir_ / "out" / (kStem + ".poster.fr.pdf");
  EXPECT_NE(r.out.find("wrote out/" + kStem + ".poster.fr.pdf"), std::string::npos) << r.out;
  EXPECT_TRUE(slurp(first) == before);
  EXPECT_FALSE(slurp(second).empty());
  EXPECT_FALSE(slurp(second) == before);  // the other layout's pages, not a copy
  // The default layout named by another path is still the default: no layout in the name.
  ASSERT_EQ(
      plaquette("build data/" + kStem + ".yaml -q --layout ./layouts/../layouts/gusp-brochure.yaml")
          .status,
      0);
  EXPECT_TRUE(slurp(first) == before);
}

TEST_F(Naming, BuildWithALayoutAndNoDataLaysOutEveryEditionWithIt) {
  ASSERT_EQ(plaquette("build -q").status, 0);
  std::map<std::string, std::string> before;
  for (const char* l : {"fr", "en", "nl"})
    before[l] = slurp(dir_ / "out" / (kStem + "." + l + ".pdf"));
  Result r = plaquette("build --layout layouts/poster.yaml");
  ASSERT_EQ(r.status, 0) << r.err;
  for (const char* l : {"fr", "en", "nl"}) {
    const std::string name = kStem + ".poster." + l;
    EXPECT_NE(r.out.find(name + ": wrote"), std::string::npos) << r.out;
    EXPECT_FALSE(slurp(dir_ / "out" / (name + ".pdf")).empty()) << l;
    EXPECT_TRUE(slurp(dir_ / "out" / (kStem + "." + l + ".pdf")) == before[l]) << l;
  }
  // The locale filter still applies.
  Result en = plaquette("build -q --layout layouts/poster.yaml --locale en");
  EXPECT_EQ(en.status, 0) << en.err;
}

TEST_F(Naming, ProofPagesCarryTheLayoutAndOnlyTheirOwnStalePagesGo) {
  const fs::path proofs = dir_ / "proofs";
  fs::create_directories(proofs);
  // Pages 3 and 9 of earlier, longer proofs of both layouts, and another edition's page.
  for (const std::string& name :
       {kStem + ".fr-p3.png", kStem + ".poster.fr-p9.png", kStem + ".en-p3.png",
        kStem + ".poster.fr-p3.svg", kStem + ".poster.fr-p03.png"})
    std::ofstream(proofs / name) << "old";
  Result r = plaquette("proof --layout layouts/poster.yaml --format png --dpi 20 -o proofs");
  ASSERT_EQ(r.status, 0) << r.err;
  EXPECT_EQ(r.out.rfind("wrote 2 PNG pages into proofs, ", 0), 0u) << r.out;
  EXPECT_TRUE(fs::exists(proofs / (kStem + ".poster.fr-p1.png")));
  EXPECT_TRUE(fs::exists(proofs / (kStem + ".poster.fr-p2.png")));
  EXPECT_FALSE(fs::exists(proofs / (kStem + ".poster.fr-p9.png")));  // stale: removed
  EXPECT_TRUE(fs::exists(proofs / (kStem + ".fr-p3.png")));          // the default layout's
  EXPECT_TRUE(fs::exists(proofs / (kStem + ".en-p3.png")));          // another edition's
  EXPECT_TRUE(fs::exists(proofs / (kStem + ".poster.fr-p3.svg")));   // another format's
  EXPECT_TRUE(fs::exists(proofs / (kStem + ".poster.fr-p03.png")));  // not a page name
  EXPECT_FALSE(fs::exists(proofs / (kStem + ".fr-p1.png")));
  // Now the default layout: its own stale page 3 goes, the poster's pages stay.
  r = plaquette("proof --format png --dpi 20 -o proofs");
  ASSERT_EQ(r.status, 0) << r.err;
  EXPECT_TRUE(fs::exists(proofs / (kStem + ".fr-p1.png")));
  EXPECT_FALSE(fs::exists(proofs / (kStem + ".fr-p3.png")));
  EXPECT_TRUE(fs::exists(proofs / (kStem + ".poster.fr-p2.png")));
}

}  // namespace
}  // namespace plaquette::e2e
