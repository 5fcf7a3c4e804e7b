// End to end: every edition of an editions list in one run (French, English, Dutch).
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "../render/pdf/pdf_test_util.h"
#include "e2e_util.h"

namespace plaquette::e2e {
namespace {

using namespace e2e_util;
using render::pdf::test_util::Parsed;

const std::string nnbsp = "\u202F", nbsp = "\u00A0";

class Editions : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    dir_ = new fs::path(fs::temp_directory_path() /
                        ("plaquette-editions-" + std::to_string(::getpid())));
    fs::create_directories(*dir_);
    // The shipped list, with the outputs moved to the test folder.
    std::ofstream(*dir_ / "editions.yaml") << "editions:\n"
                                           << entry("fr") << entry("en") << entry("nl");
    run_ = new Result(
        run("build --editions '" + (*dir_ / "editions.yaml").string() + "'" + allow(), *dir_));
    for (const char* l : {"fr", "en", "nl"}) text_[l] = pdftotext(pdf(l));
  }
  static void TearDownTestSuite() {
    fs::remove_all(*dir_);
    delete dir_;
    delete run_;
  }
  static std::string entry(const std::string& locale) {
    return "  - {name: brochure." + locale + ", data: '" + kData + "', layout: '" + kLayout +
           "', locale: " + locale + ", output: '" + pdf(locale).string() + "'}\n";
  }
  // The outputs are outside the project folder (the repository): allowed explicitly.
  static std::string allow() { return " --allow-path '" + dir_->string() + "'"; }
  static fs::path pdf(const std::string& locale) { return *dir_ / ("brochure." + locale + ".pdf"); }

  static fs::path* dir_;
  static Result* run_;
  static std::map<std::string, std::string> text_;
};

fs::path* Editions::dir_ = nullptr;
Result* Editions::run_ = nullptr;
std::map<std::string, std::string> Editions::text_;

TEST_F(Editions, OneRunWritesEveryEditionWithProgressAndASummary) {
  ASSERT_EQ(run_->status, 0) << run_->err;
  for (const char* l : {"fr", "en", "nl"}) {
    EXPECT_TRUE(fs::exists(pdf(l))) << l;
    EXPECT_NE(run_->out.find("brochure." + std::string(l) + ": wrote"), std::string::npos)
        << run_->out;
  }
  EXPECT_NE(run_->out.find("3 of 3 editions written"), std::string::npos) << run_->out;
}

TEST_F(Editions, EachPdfDeclaresItsLanguage) {
  const std::map<std::string, std::string> lang = {
      {"fr", "fr-FR"}, {"en", "en-GB"}, {"nl", "nl-BE"}};
  for (const auto& [l, tag] : lang) {
    Parsed p(slurp(pdf(l)));
    EXPECT_EQ(p.pdf.getRoot().getKey("/Lang").getUTF8Value(), tag);
  }
}

TEST_F(Editions, FiguresAreFormattedForEachLocale) {
  const std::map<std::string, std::vector<std::string>> expected = {
      {"fr",
       {"8" + nnbsp + "309" + nnbsp + "550" + nbsp + "€", "34,8" + nbsp + "millions" + nbsp + "€",
        "83" + nbsp + "%"}},
      {"en", {"€8,309,550", "€34.8" + nbsp + "million", "83%", "361,350", "€1.20"}},
      {"nl",
       {"€" + nbsp + "8.309.550", "€" + nbsp + "34,8" + nbsp + "miljoen", "83%", "361.350",
        "€" + nbsp + "1,20"}},
  };
  for (const auto& [l, figures] : expected)
    for (const std::string& f : figures)
      EXPECT_NE(text_[l].find(f), std::string::npos) << l << ": missing " << f;
}

TEST_F(Editions, NoFrenchLabelIsLeftInOtherLanguages) {
  for (const char* l : {"en", "nl"}) {
    for (const char* french : {"Logements en QPV", "Montant des dépenses", "Partenaires",
                               "Objectifs de la démarche", "Répartition", "Analyse de la période",
                               "illustrations concrètes", "personnes logées", "PROXIMITÉ"}) {
      EXPECT_EQ(text_[l].find(french), std::string::npos) << l << " still says " << french;
    }
  }
  EXPECT_NE(text_["en"].find("Homes in QPV"), std::string::npos);
  EXPECT_NE(text_["nl"].find("Woningen in QPV"), std::string::npos);
}

TEST_F(Editions, ABatchGivesTheSameBytesAsEachEditionAlone) {
  for (const char* l : {"fr", "en", "nl"}) {
    fs::path alone = *dir_ / ("alone." + std::string(l) + ".pdf");
    Result r =
        run("build '" + kData + "' --locale " + l + " -q -o '" + alone.string() + "'", *dir_);
    ASSERT_EQ(r.status, 0) << r.err;
    EXPECT_TRUE(slurp(alone) == slurp(pdf(l))) << l;
  }
}

TEST_F(Editions, LocaleFilterAndUsageErrors) {
  Result en =
      run("build -q --locale en --editions '" + (*dir_ / "editions.yaml").string() + "'" + allow(),
          *dir_);
  EXPECT_EQ(en.status, 0) << en.err;
  // Counts of one are singular.
  Result one = run(
      "build -j 1 --locale en --editions '" + (*dir_ / "editions.yaml").string() + "'" + allow(),
      *dir_);
  EXPECT_EQ(one.status, 0) << one.err;
  EXPECT_NE(one.out.find("1 of 1 edition written in "), std::string::npos) << one.out;
  EXPECT_NE(one.out.find(" ms (1 thread)\n"), std::string::npos) << one.out;
  EXPECT_NE(one.out.find("(2 pages, "), std::string::npos) << one.out;
  Result none = run(
      "build --locale xx --editions '" + (*dir_ / "editions.yaml").string() + "'" + allow(), *dir_);
  EXPECT_EQ(none.status, 1);
  EXPECT_NE(none.err.find("no edition in locale `xx`"), std::string::npos) << none.err;
  EXPECT_EQ(run("build -o x.pdf", *dir_).status, 2);
  EXPECT_EQ(run("build -j 0", *dir_).status, 2);
  EXPECT_EQ(run("check --editions x.yaml --layout " + kLayout, *dir_).status, 2);
  EXPECT_EQ(run("check --keep-going", *dir_).status, 2);
  EXPECT_EQ(run("check -o x.pdf", *dir_).status, 2);
}

TEST_F(Editions, CheckWithoutDataChecksEveryEditionWritingNothing) {
  const fs::path list = *dir_ / "editions.yaml";
  const auto before = fs::last_write_time(pdf("fr"));
  Result r = run("check --editions '" + list.string() + "'" + allow(), *dir_);
  EXPECT_EQ(r.status, 0) << r.err;
  for (const char* l : {"fr", "en", "nl"})
    EXPECT_NE(r.out.find("brochure." + std::string(l) + ": ok (2 pages laid out"),
              std::string::npos)
        << r.out;
  EXPECT_NE(r.out.find("3 of 3 editions ok, nothing written"), std::string::npos) << r.out;
  EXPECT_EQ(fs::last_write_time(pdf("fr")), before);
  // The shipped list, from the project folder.
  Result shipped = run("check -q", *dir_);
  EXPECT_EQ(shipped.status, 0) << shipped.err;
  EXPECT_EQ(shipped.out, "");
}

TEST_F(Editions, CheckWithoutDataReportsEveryProblemOfEveryEditionOnce) {
  // Two editions share a data file with a negative number of homes; a third asks for a
  // locale the data lacks. Nothing may be written, not even a folder.
  std::string data = slurp(kData);
  data.replace(data.find("homes: 9224"), 11, "homes: -9224");
  std::ofstream(*dir_ / "bad.yaml") << data;
  const fs::path out = *dir_ / "check-out";
  auto edition = [&](const std::string& name, const std::string& file, const std::string& locale) {
    return "  - {name: " + name + ", data: '" + file + "', layout: '" + kLayout +
           "', locale: " + locale + ", output: '" + (out / (name + ".pdf")).string() + "'}\n";
  };
  const fs::path list = *dir_ / "check-editions.yaml";
  std::ofstream(list) << "editions:\n"
                      << edition("bad.fr", (*dir_ / "bad.yaml").string(), "fr")
                      << edition("bad.en", (*dir_ / "bad.yaml").string(), "en")
                      << edition("good.xx", kData, "xx");
  Result r = run("check --editions '" + list.string() + "'" + allow(), *dir_);
  EXPECT_EQ(r.status, 1);
  const std::string homes = "bad.yaml:65:";
  const std::size_t first = r.err.find(homes);
  ASSERT_NE(first, std::string::npos) << r.err;
  EXPECT_EQ(r.err.find(homes, first + 1), std::string::npos) << "reported twice:\n" << r.err;
  EXPECT_NE(r.err.find("no texts in locale `xx`"), std::string::npos) << r.err;
  EXPECT_NE(r.err.find("failed editions: bad.fr, bad.en, good.xx"), std::string::npos) << r.err;
  EXPECT_NE(r.out.find("0 of 3 editions ok"), std::string::npos) << r.out;
  EXPECT_FALSE(fs::exists(out));
  Result json = run("check --format json --editions '" + list.string() + "'" + allow(), *dir_);
  EXPECT_EQ(json.status, 1);
  // One JSON object on standard output, every edition's problems in it, each once.
  const nlohmann::json j = nlohmann::json::parse(json.out, nullptr, false);
  ASSERT_FALSE(j.is_discarded()) << json.out;
  ASSERT_TRUE(j.contains("diagnostics")) << json.out;
  EXPECT_EQ(j.value("errors", 0), static_cast<int>(j["diagnostics"].size())) << json.out;
  int homes_errors = 0;
  for (const auto& d : j["diagnostics"])
    if (d.value("message", "").find("departements[0].homes") != std::string::npos) ++homes_errors;
  EXPECT_EQ(homes_errors, 1) << json.out;
  EXPECT_NE(json.out.find("no texts in locale `xx`"), std::string::npos) << json.out;
  EXPECT_EQ(json.err, "");
}

TEST_F(Editions, ABrokenEditionsFileIsReportedWithPositions) {
  fs::path bad = *dir_ / "bad-editions.yaml";
  std::ofstream(bad)
      << "editions:\n  - {name: x, data: a.yaml, layout: b.yaml, locle: fr, output: c.pdf}\n";
  Result r = run("build --editions '" + bad.string() + "'", *dir_);
  EXPECT_EQ(r.status, 1);
  EXPECT_NE(r.err.find("bad-editions.yaml:2:"), std::string::npos) << r.err;
}

}  // namespace
}  // namespace plaquette::e2e
