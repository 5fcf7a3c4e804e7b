// End to end: missing translations, the fallback switch and the pseudo-locale.
#include <gtest/gtest.h>

#include "e2e_util.h"

namespace plaquette::e2e {
namespace {

using namespace e2e_util;

class Locales : public ::testing::Test {
 protected:
  // A copy of the layout and its catalogs, whose English catalog lacks two messages.
  void SetUp() override {
    dir_ = fs::temp_directory_path() / ("plaquette-locales-" + std::to_string(::getpid()));
    fs::create_directories(dir_ / "layouts");
    fs::create_directory_symlink(PLAQUETTE_SOURCE_DIR "/fonts", dir_ / "fonts");
    fs::create_directory_symlink(PLAQUETTE_SOURCE_DIR "/layouts/profiles",
                                 dir_ / "layouts" / "profiles");
    fs::create_directories(dir_ / "data");
    fs::create_directory_symlink(PLAQUETTE_SOURCE_DIR "/data/geo", dir_ / "data" / "geo");
    // The base it extends, from the project (a copy would be outside it).
    fs::create_symlink(PLAQUETTE_SOURCE_DIR "/layouts/gusp-base.yaml",
                       dir_ / "layouts" / "gusp-base.yaml");
    for (const char* f : {"gusp-brochure.yaml", "gusp-brochure.fr.yaml", "gusp-brochure.nl.yaml"})
      fs::copy_file(PLAQUETTE_SOURCE_DIR "/layouts/" + std::string(f), dir_ / "layouts" / f);
    std::string en = slurp(PLAQUETTE_SOURCE_DIR "/layouts/gusp-brochure.en.yaml");
    for (const char* key : {"  dep.homes:", "  projects.partners:"}) {
      std::size_t at = en.find(key);
      ASSERT_NE(at, std::string::npos);
      en.erase(at, en.find('\n', at) - at + 1);
    }
    std::ofstream(dir_ / "layouts" / "gusp-brochure.en.yaml") << en;
    layout_ = (dir_ / "layouts" / "gusp-brochure.yaml").string();
  }
  void TearDown() override { fs::remove_all(dir_); }

  fs::path dir_;
  std::string layout_;
};

TEST_F(Locales, EveryMissingMessageIsListedAtOnce) {
  Result r = run("check '" + kData + "' --layout '" + layout_ + "' --locale en", dir_);
  EXPECT_EQ(r.status, 1);
  EXPECT_NE(r.err.find("gusp-brochure.en.yaml: error: no `en` message `dep.homes`"),
            std::string::npos)
      << r.err;
  EXPECT_NE(r.err.find("gusp-brochure.en.yaml: error: no `en` message `projects.partners`"),
            std::string::npos)
      << r.err;
  EXPECT_NE(r.err.find("gusp-brochure.fr.yaml:"), std::string::npos)
      << "a note points at the French message\n"
      << r.err;
  EXPECT_NE(r.err.find("2 errors"), std::string::npos) << r.err;
}

TEST_F(Locales, AllowFallbackUsesTheSourceMessagesWithWarnings) {
  fs::path pdf = dir_ / "en.pdf";
  Result r = run("build '" + kData + "' --layout '" + layout_ +
                     "' --locale en --allow-fallback -q -o '" + pdf.string() + "'",
                 dir_);
  EXPECT_EQ(r.status, 0) << r.err;
  EXPECT_NE(r.err.find("warning: no `en` message `dep.homes`; using the `fr` one"),
            std::string::npos)
      << r.err;
  std::string text = pdftotext(pdf);
  // Ragged text by total fit: "Logements / en QPV" beside the map, the lines evened.
  EXPECT_NE(text.find("Logements\nen QPV"), std::string::npos) << text;
  EXPECT_NE(text.find("Overall budget"), std::string::npos);
}

TEST(GermanEdition, ChecksCleanWithItsTranslatedTestData) {
  // The German catalog (layouts/gusp-brochure.de.yaml) and the translated data of
  // tests/text/de: every message is there, the text fits, hyphen-de is found (no warning).
  const fs::path tmp = fs::temp_directory_path() / ("plaquette-de-" + std::to_string(::getpid()));
  fs::create_directories(tmp);
  Result r =
      run("check tests/text/de/hauts-de-france-2019-2022.yaml --layout "
          "layouts/gusp-brochure.yaml --locale de",
          tmp);
  fs::remove_all(tmp);
  EXPECT_EQ(r.status, 0) << r.err;
  EXPECT_EQ(r.err.find("warning"), std::string::npos) << r.err;
}

TEST_F(Locales, APseudoLocaleBuildReportsWhereTheLayoutIsTooTight) {
  Result r = run("check '" + kData + "' --pseudo", dir_);
  // The brochure's layout does not survive texts 40 % longer: its callouts, theme
  // and département blocks, cards and footers overflow. Each is named.
  EXPECT_EQ(r.status, 1);
  for (const char* block :
       {"block `share`", "block `card-main` (item 1 of `projects`)", "block `footer`"})
    EXPECT_NE(r.err.find(block), std::string::npos) << block << "\n" << r.err;
}

TEST_F(Locales, APseudoLocaleNeedsADataFileAndNoLocale) {
  EXPECT_EQ(run("build --pseudo", dir_).status, 2);
  EXPECT_EQ(run("check '" + kData + "' --pseudo --locale en", dir_).status, 2);
}

}  // namespace
}  // namespace plaquette::e2e
