// The brochure built end to end from variants of the shipped data: with 1 and with 2
// projects the back page's cards keep their size (the repeat's rows follow their content,
// `rows: auto`, instead of sharing the frame) and the heading agrees with the count; with the
// coverage typed instead of the ratio the page shows the same figures.
#include <gtest/gtest.h>
#include <unistd.h>

#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "e2e_util.h"

namespace plaquette::e2e {
namespace {

using namespace e2e_util;

class Variants : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = fs::temp_directory_path() / ("plaquette-variants-" + std::to_string(::getpid()));
    fs::remove_all(dir_);
    fs::create_directories(dir_);
  }
  void TearDown() override { fs::remove_all(dir_); }

  // The shipped data with only its first `n` projects (the projects are its last list).
  fs::path with_projects(std::size_t n) const {
    std::string data = slurp(kData);
    std::size_t at = data.find("\nprojects:\n");
    EXPECT_NE(at, std::string::npos);
    for (std::size_t i = 0; i <= n && at != std::string::npos; ++i)
      at = data.find("\n  - id: ", at + 1);
    if (at != std::string::npos) data.resize(at + 1);
    const fs::path p = dir_ / ("projects-" + std::to_string(n) + ".yaml");
    std::ofstream(p) << data;
    return p;
  }

  // Builds `data` in `locale`; returns the PDF's path (empty on failure).
  fs::path build(const fs::path& data, const std::string& locale) const {
    const fs::path pdf = dir_ / (data.stem().string() + "." + locale + ".pdf");
    Result r = run(
        "build '" + data.string() + "' --locale " + locale + " -q -o '" + pdf.string() + "'", dir_);
    EXPECT_EQ(r.status, 0) << r.err;
    return r.status == 0 ? pdf : fs::path();
  }

  // The heights (pt) of the back page's cards: their accent bars, 1.5 mm wide at the left
  // edge of the repeat, from the display list.
  std::vector<double> card_heights(const fs::path& data) const {
    Result r = run("dump '" + data.string() + "'", dir_);
    EXPECT_EQ(r.status, 0) << r.err;
    std::vector<double> heights;
    const std::size_t page2 = r.out.find("\npage 2 ");
    EXPECT_NE(page2, std::string::npos);
    std::istringstream lines(r.out.substr(page2 == std::string::npos ? 0 : page2));
    for (std::string line; std::getline(lines, line);) {
      double x0, y0, x1, y1, x2, y2, x3, y3;
      if (line.rfind("  path fill=", 0) != 0) continue;
      const std::size_t m = line.find(" M ");
      if (m == std::string::npos ||
          std::sscanf(line.c_str() + m, " M %lf %lf L %lf %lf L %lf %lf L %lf %lf Z", &x0, &y0, &x1,
                      &y1, &x2, &y2, &x3, &y3) != 8)
        continue;
      const double width = x1 - x0, height = y2 - y1;
      if (std::abs(width - 1.5 * 72 / 25.4) < 0.02 && y0 == y1 && x2 == x1)
        heights.push_back(height);
    }
    return heights;
  }

  fs::path dir_;
};

TEST_F(Variants, TheCardsKeepTheirSizeWithOneTwoOrThreeProjects) {
  const std::vector<double> three = card_heights(kData);
  ASSERT_EQ(three.size(), 3u);
  // Three cards fill the 228 mm frame with their 5 mm gaps, as before `rows: auto`.
  EXPECT_NEAR(three[0], (228 - 2 * 5) / 3.0 * 72 / 25.4, 0.02);
  for (std::size_t n : {1, 2}) {
    const std::vector<double> h = card_heights(with_projects(n));
    ASSERT_EQ(h.size(), n);
    // Not the frame shared evenly (111 mm for two, 228 mm for one).
    for (double card : h) EXPECT_NEAR(card, three[0], 0.02) << n << " projects";
  }
}

TEST_F(Variants, TheHeadingAgreesWithTheNumberOfProjects) {
  const std::string nnbsp = "\u202F";
  const fs::path one = with_projects(1), two = with_projects(2);
  std::string text = pdftotext(build(one, "fr"));
  EXPECT_NE(text.find("Projets en QPV" + nnbsp + ": 1 illustration concrète" + nnbsp + "!"),
            std::string::npos)
      << text;
  text = pdftotext(build(two, "fr"));
  EXPECT_NE(text.find("Projets en QPV" + nnbsp + ": 2 illustrations concrètes" + nnbsp + "!"),
            std::string::npos)
      << text;
  text = pdftotext(build(one, "en"));
  EXPECT_NE(text.find("Projects in QPV: 1 practical example\n"), std::string::npos) << text;
  EXPECT_EQ(text.find("examples"), std::string::npos) << text;
  text = pdftotext(build(two, "en"));
  EXPECT_NE(text.find("Projects in QPV: 2 practical examples"), std::string::npos) << text;
}

TEST_F(Variants, TheCoverageTypedInsteadOfTheRatioPrintsTheSameFigures) {
  std::string data = slurp(kData);
  const std::size_t at = data.find("  spent_per_received: 1.20\n");
  ASSERT_NE(at, std::string::npos);
  data.replace(at, 27, "  coverage: 0.83\n");
  const fs::path typed = dir_ / "coverage.yaml";
  std::ofstream(typed) << data;
  const std::string nbsp = "\u00A0";
  const std::string text = pdftotext(build(typed, "fr"));
  EXPECT_NE(text.find("83" + nbsp + "%"), std::string::npos) << text;
  EXPECT_NE(text.find("1,20" + nbsp + "€"), std::string::npos) << text;  // 1 / 0.83 = 1.204…
}

}  // namespace
}  // namespace plaquette::e2e
