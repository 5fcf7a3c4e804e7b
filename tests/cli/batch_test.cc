#include "cli/batch.h"

#include <gtest/gtest.h>
#include <unistd.h>

#include <map>
#include <nlohmann/json.hpp>
#include <set>
#include <sstream>

#include "../e2e/e2e_util.h"

namespace plaquette::cli {
namespace {

using namespace e2e_util;
using nlohmann::json;

TEST(Counted, OneIsSingularEveryOtherCountPlural) {
  EXPECT_EQ(counted(1, "page"), "1 page");
  EXPECT_EQ(counted(2, "page"), "2 pages");
  EXPECT_EQ(counted(0, "edition"), "0 editions");
  EXPECT_EQ(counted(1, "PNG page"), "1 PNG page");
  EXPECT_EQ(counted(1, "thread"), "1 thread");
}

TEST(Shard, ParsesKOfNAndRefusesTheRest) {
  BatchOptions o;
  ASSERT_TRUE(parse_shard("2/7", o));
  EXPECT_EQ(o.shard, 2u);
  EXPECT_EQ(o.shards, 7u);
  EXPECT_TRUE(parse_shard("1/1", o));
  for (const char* bad : {"0/3", "4/3", "1/0", "0/0", "x", "1/", "/2", "1/2/3", "-1/2", "1 /2", ""})
    EXPECT_FALSE(parse_shard(bad, o)) << bad;
}

// The partition depends on the output relative to the list's folder, not on where the
// project is checked out.
TEST(Shard, TheSameOutputFallsInTheSameShardFromAnyFolder) {
  const std::string cwd = fs::current_path().string();
  for (unsigned n : {2u, 3u, 7u}) {
    EXPECT_EQ(shard_of("data/../out/a.fr.pdf", "data", n),
              shard_of(cwd + "/out/a.fr.pdf", cwd + "/data", n));
    EXPECT_EQ(shard_of("out/a.fr.pdf", "data", n), shard_of("/x/y/out/a.fr.pdf", "/x/y/data", n));
    EXPECT_LT(shard_of("out/b.pdf", ".", n), n);
  }
}

TEST(Sha256, KnownVectors) {
  EXPECT_EQ(sha256_hex(""), "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
  EXPECT_EQ(sha256_hex("abc"), "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
}

// A project with a small layout whose page names the item of a per-item edition (`dep`).
class PerItemBatch : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = fs::temp_directory_path() /
           ("plaquette-batch-" + std::to_string(::getpid()) + "-" +
            ::testing::UnitTest::GetInstance()->current_test_info()->name());
    fs::remove_all(dir_);
    copy_project(dir_);
    std::ofstream(dir_ / "layouts/sheet.yaml") << R"(version: 1
info: {title: "Fiche {dep.code} {dep.name}"}
page:
  size: [80mm, 60mm]
  bleed: 3mm
  margins: {top: 5mm, right: 5mm, bottom: 5mm, left: 5mm}
  output_profile: profiles/FOGRA39L_coated.icc
palette:
  ink: [0, 0, 0, 100]
fonts:
  regular: ../fonts/Lato-Regular.ttf
styles:
  body: {font: regular, size: 9pt, leading: 11pt, color: ink}
pages:
  - name: sheet
    blocks:
      - {type: text, style: body, text: "{dep.code} {dep.name}: {dep.homes|integer} {@homes}"}
)";
    catalog("fr", "fr-FR", "logements");
    catalog("en", "en-GB", "homes");
  }
  void TearDown() override { fs::remove_all(dir_); }

  void catalog(const std::string& locale, const std::string& language, const std::string& homes) {
    std::ofstream(dir_ / ("layouts/sheet." + locale + ".yaml"))
        << "language: " << language << "\nmessages:\n  homes: " << homes << "\n";
  }
  // A per-item entry of the sheet over the départements.
  static std::string entry(const std::string& locale,
                           const std::string& data = "hauts-de-france-2019-2022.yaml") {
    return "  - {name: \"dep-{dep.code}." + locale + "\", data: " + data +
           ", layout: ../layouts/sheet.yaml, locale: " + locale +
           ", each: departements, as: dep, output: \"../out/dep-{dep.code}." + locale + ".pdf\"}\n";
  }
  void list(const std::string& entries) {
    std::ofstream(dir_ / "data/list.yaml") << "editions:\n" << entries;
  }
  Result build(const std::string& args = "") {
    return run_in(dir_, "build --editions data/list.yaml " + args, dir_);
  }
  // The manifest's lines by output.
  std::map<std::string, json> manifest(const std::string& file) {
    std::map<std::string, json> lines;
    std::istringstream in(slurp(dir_ / file));
    for (std::string line; std::getline(in, line);) {
      json j = json::parse(line);
      EXPECT_TRUE(lines.emplace(j["output"].get<std::string>(), j).second) << line;
    }
    return lines;
  }

  fs::path dir_;
};

TEST_F(PerItemBatch, AnEntryWithEachMakesOnePdfPerItemNamedFromIt) {
  list(entry("fr") + entry("en"));
  Result r = build();
  ASSERT_EQ(r.status, 0) << r.err;
  EXPECT_NE(r.out.find("10 of 10 editions written"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("dep-59.fr: wrote out/dep-59.fr.pdf"), std::string::npos) << r.out;
  for (const char* code : {"02", "59", "60", "62", "80"})
    for (const char* l : {"fr", "en"})
      EXPECT_TRUE(fs::exists(dir_ / "out" / (std::string("dep-") + code + "." + l + ".pdf")));
  // The layout sees the item under its `as` name.
  const std::string fr = pdftotext(dir_ / "out/dep-59.fr.pdf");
  EXPECT_NE(fr.find("59 Nord: 84"), std::string::npos) << fr;
  EXPECT_NE(fr.find("073 logements"), std::string::npos) << fr;
  const std::string en = pdftotext(dir_ / "out/dep-80.en.pdf");
  EXPECT_NE(en.find("80 Somme: 11,028 homes"), std::string::npos) << en;
  // A layout that does not use the item works too.
  list(
      "  - {name: \"b-{item.code}\", data: hauts-de-france-2019-2022.yaml, layout: "
      "../layouts/gusp-brochure.yaml, locale: fr, each: departements, output: "
      "\"../out/b-{item.code}.pdf\"}\n");
  r = build("--shard 1/5");
  EXPECT_EQ(r.status, 0) << r.err;
}

// Names are texts of the data: one made to leave the output's folder is refused.
TEST_F(PerItemBatch, AnItemValueThatWouldLeaveTheFolderIsRefusedAtTheEntry) {
  std::string data = slurp(dir_ / "data/hauts-de-france-2019-2022.yaml");
  data.replace(data.find("fr: Nord,"), 9, "fr: ../Nord,");
  std::ofstream(dir_ / "data/other.yaml") << data;
  list(entry("fr") +
       "  - {name: \"n-{dep.code}\", data: other.yaml, layout: ../layouts/sheet.yaml, locale: fr, "
       "each: departements, as: dep, output: \"../out/{dep.name}.pdf\"}\n");
  Result r = build();
  EXPECT_EQ(r.status, 1);
  EXPECT_NE(r.err.find("data/list.yaml:3:"), std::string::npos) << r.err;
  EXPECT_NE(r.err.find("`{dep.name}` is `../Nord`, which cannot be part of a file name"),
            std::string::npos)
      << r.err;
  EXPECT_FALSE(fs::exists(dir_ / "out")) << "nothing written";
}

TEST_F(PerItemBatch, TwoItemsWritingOneFileAreRefused) {
  std::string data = slurp(dir_ / "data/hauts-de-france-2019-2022.yaml");
  data.replace(data.find("fr: Oise,"), 9, "fr: Nord,");
  std::ofstream(dir_ / "data/other.yaml") << data;
  list(
      "  - {name: \"n-{dep.name}\", data: other.yaml, layout: ../layouts/sheet.yaml, locale: fr, "
      "each: departements, as: dep, output: \"../out/{dep.name}.pdf\"}\n");
  Result r = build();
  EXPECT_EQ(r.status, 1);
  EXPECT_NE(r.err.find("two editions are named `n-Nord`"), std::string::npos) << r.err;
  EXPECT_NE(r.err.find("another output of this run"), std::string::npos) << r.err;
  EXPECT_FALSE(fs::exists(dir_ / "out"));
}

TEST_F(PerItemBatch, AManifestThatIsAnInputIsRefused) {
  list(entry("fr"));
  Result r = build("--manifest data/hauts-de-france-2019-2022.yaml");
  EXPECT_EQ(r.status, 1);
  EXPECT_NE(r.err.find("the manifest 'data/hauts-de-france-2019-2022.yaml' is the same file as"),
            std::string::npos)
      << r.err;
  EXPECT_FALSE(fs::exists(dir_ / "out"));
}

TEST_F(PerItemBatch, BadShardsAreUsageErrors) {
  list(entry("fr"));
  for (const char* bad : {"0/3", "4/3", "1/0", "two/3", "1"}) {
    Result r = build(std::string("--shard ") + bad);
    EXPECT_EQ(r.status, 2) << bad;
    EXPECT_NE(r.err.find("--shard needs K/N"), std::string::npos) << r.err;
  }
  EXPECT_EQ(build("--incremental").status, 2);
  EXPECT_EQ(run_in(dir_, "build data/hauts-de-france-2019-2022.yaml --shard 1/2", dir_).status, 2);
}

// The N shards together are the whole list, each edition once, with the bytes of one
// unsharded run; the manifest's SHA-256 is the file's.
TEST_F(PerItemBatch, ShardsPartitionTheEditionsAndGiveTheSameBytes) {
  list(entry("fr") + entry("en"));
  Result whole = build("-q --manifest whole.jsonl");
  ASSERT_EQ(whole.status, 0) << whole.err;
  const auto all = manifest("whole.jsonl");
  ASSERT_EQ(all.size(), 10u);
  for (const auto& [output, line] : all) {
    EXPECT_EQ(line["sha256"], sha256_hex(slurp(dir_ / output))) << output;
    EXPECT_EQ(line["bytes"], fs::file_size(dir_ / output)) << output;
    EXPECT_EQ(line["pages"], 1);
    EXPECT_TRUE(line["ms"].is_number());
    EXPECT_FALSE(line["inputs"].empty());
  }
  for (unsigned n : {1u, 2u, 3u, 7u}) {
    fs::remove_all(dir_ / "out");
    std::map<std::string, json> uni;
    for (unsigned k = 1; k <= n; ++k) {
      const std::string file = "shard-" + std::to_string(k) + ".jsonl";
      Result r = build("-q --shard " + std::to_string(k) + "/" + std::to_string(n) +
                       " --manifest " + file);
      ASSERT_EQ(r.status, 0) << r.err;
      for (auto& [output, line] : manifest(file))
        EXPECT_TRUE(uni.emplace(output, line).second) << output << " in two shards of " << n;
    }
    ASSERT_EQ(uni.size(), all.size()) << n << " shards";
    for (const auto& [output, line] : all) {
      ASSERT_TRUE(uni.count(output)) << output;
      EXPECT_EQ(uni[output]["sha256"], line["sha256"]) << output;
      EXPECT_EQ(sha256_hex(slurp(dir_ / output)), line["sha256"]) << output;
    }
  }
}

// With --keep-going a failed edition leaves the others written and listed; run again with
// --incremental, only the failed one is built.
TEST_F(PerItemBatch, IncrementalSkipsWhatIsUpToDateAndResumes) {
  list(entry("fr") + entry("en") + entry("nl"));
  fs::remove(dir_ / "layouts/sheet.nl.yaml");
  Result r = build("-q --keep-going --manifest m.jsonl --incremental");
  EXPECT_EQ(r.status, 1);
  EXPECT_EQ(manifest("m.jsonl").size(), 10u);
  EXPECT_FALSE(fs::exists(dir_ / "out/dep-59.nl.pdf"));
  catalog("nl", "nl-NL", "woningen");
  r = build("--manifest m.jsonl --incremental");
  ASSERT_EQ(r.status, 0) << r.err;
  EXPECT_NE(r.out.find("5 of 15 editions written, 10 up to date"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("dep-59.fr: up to date"), std::string::npos) << r.out;
  EXPECT_EQ(manifest("m.jsonl").size(), 15u);
  EXPECT_TRUE(fs::exists(dir_ / "out/dep-59.nl.pdf"));
  // An input changed: the editions that read it are built again, the others are not.
  std::ofstream(dir_ / "layouts/sheet.en.yaml", std::ios::app) << "\n";
  r = build("--manifest m.jsonl --incremental");
  ASSERT_EQ(r.status, 0) << r.err;
  EXPECT_NE(r.out.find("5 of 15 editions written, 10 up to date"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("dep-59.en: built"), std::string::npos) << r.out;
  // An output removed is built again.
  fs::remove(dir_ / "out/dep-02.fr.pdf");
  r = build("-q --manifest m.jsonl --incremental");
  ASSERT_EQ(r.status, 0) << r.err;
  EXPECT_TRUE(fs::exists(dir_ / "out/dep-02.fr.pdf"));
}

}  // namespace
}  // namespace plaquette::cli
