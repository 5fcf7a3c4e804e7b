// End to end: the real program on the real data and layout, checked on the PDF it writes.
#include <gtest/gtest.h>
#include <sys/wait.h>

#include <algorithm>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <set>
#include <sstream>

#include "../preflight/json_check.h"
#include "../preflight/pdf_builder.h"
#include "../render/pdf/pdf_test_util.h"
#include "cli/pipeline.h"
#include "e2e_util.h"
#include "model/editions.h"
#include "preflight/preflight.h"

namespace plaquette::e2e {
namespace {

using namespace e2e_util;
namespace fs = std::filesystem;
using render::pdf::test_util::numbers;
using render::pdf::test_util::page_fonts;
using render::pdf::test_util::page_ops;
using render::pdf::test_util::Parsed;

class Brochure : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    dir_ =
        new fs::path(fs::temp_directory_path() / ("plaquette-e2e-" + std::to_string(::getpid())));
    fs::create_directories(*dir_);
    pdf_ = new fs::path(*dir_ / "brochure.pdf");
    Result r = run("build '" + kData + "' -q -o '" + pdf_->string() + "'", *dir_);
    ASSERT_EQ(r.status, 0) << r.err;
    bytes_ = new std::string(slurp(*pdf_));
    text_ = new std::string(pdftotext(*pdf_));
  }
  static void TearDownTestSuite() {
    fs::remove_all(*dir_);
    delete dir_;
    delete pdf_;
    delete bytes_;
    delete text_;
  }

  static fs::path* dir_;
  static fs::path* pdf_;
  static std::string* bytes_;
  static std::string* text_;
};

fs::path* Brochure::dir_ = nullptr;
fs::path* Brochure::pdf_ = nullptr;
std::string* Brochure::bytes_ = nullptr;
std::string* Brochure::text_ = nullptr;

TEST_F(Brochure, HasTwoPages) {
  Parsed p(*bytes_);
  EXPECT_EQ(p.pages().size(), 2u);
}

TEST_F(Brochure, EveryPageHasTrimA4BleedThreeMillimetresAndRoomForMarks) {
  Parsed p(*bytes_);
  const double bleed = mm(3);
  for (auto& page : p.pages()) {
    auto trim = numbers(page.getObjectHandle().getKey("/TrimBox"));
    auto bl = numbers(page.getObjectHandle().getKey("/BleedBox"));
    auto media = numbers(page.getObjectHandle().getKey("/MediaBox"));
    ASSERT_EQ(trim.size(), 4u);
    ASSERT_EQ(bl.size(), 4u);
    EXPECT_NEAR(trim[2] - trim[0], mm(210), 0.01);
    EXPECT_NEAR(trim[3] - trim[1], mm(297), 0.01);
    for (int i : {0, 1}) EXPECT_NEAR(bl[i], trim[i] - bleed, 0.01);
    for (int i : {2, 3}) EXPECT_NEAR(bl[i], trim[i] + bleed, 0.01);
    // Crop marks need room outside the bleed: at least 5 mm on every side.
    for (int i : {0, 1}) EXPECT_LE(media[i], bl[i] - mm(5));
    for (int i : {2, 3}) EXPECT_GE(media[i], bl[i] + mm(5));
  }
}

TEST_F(Brochure, FontsAreEmbeddedAndSubset) {
  Parsed p(*bytes_);
  int fonts = 0;
  for (auto& page : p.pages()) {
    for (auto& [name, font] : page_fonts(page)) {
      ++fonts;
      std::string base = font.getKey("/BaseFont").getName();
      EXPECT_EQ(base[7], '+') << base;  // "/ABCDEF+Lato-Regular"
      auto descendant = font.getKey("/DescendantFonts").getArrayItem(0);
      auto descriptor = descendant.getKey("/FontDescriptor");
      EXPECT_TRUE(descriptor.getKey("/FontFile2").isStream()) << base << " is not embedded";
      EXPECT_TRUE(font.getKey("/ToUnicode").isStream()) << base;
    }
  }
  EXPECT_GE(fonts, 4);
}

TEST_F(Brochure, OnlyCmykColourOperators) {
  Parsed p(*bytes_);
  const std::set<std::string> forbidden = {"rg", "RG", "g", "G", "sc", "SC", "sh"};
  int cmyk = 0;
  for (auto& page : p.pages()) {
    for (auto& op : page_ops(page)) {
      EXPECT_EQ(forbidden.count(op.name), 0u) << "colour operator " << op.name;
      // The only other colour space: the crop marks' registration colour, /All at tint 1.
      if (op.name == "cs" || op.name == "CS") {
        EXPECT_EQ(op.args.at(0).getName(), "/All");
      }
      if (op.name == "scn" || op.name == "SCN") {
        EXPECT_EQ(op.args.at(0).getNumericValue(), 1);
      }
      cmyk += op.name == "k" || op.name == "K";
    }
  }
  EXPECT_GT(cmyk, 10);
}

TEST_F(Brochure, EverySeedFigureIsInTheTextInFrenchForm) {
  ASSERT_FALSE(text_->empty()) << "pdftotext failed";
  const std::string nnbsp = "\u202F", nbsp = "\u00A0";
  const std::vector<std::string> figures = {
      // La région
      "361" + nnbsp + "350", "199", "36" + nbsp + "%", "141",
      // L'investissement
      "34,8" + nbsp + "millions" + nbsp + "€", "83" + nbsp + "%", "193" + nbsp + "€",
      "1,20" + nbsp + "€", "1" + nbsp + "€",
      // Themes
      "9,2", "5,1", "7,5", "13" + nbsp + "M",
      // Départements: homes, inhabitants, spending
      "56" + nnbsp + "802", "113" + nnbsp + "600", "8" + nnbsp + "309" + nnbsp + "550" + nbsp + "€",
      "84" + nnbsp + "073", "168" + nnbsp + "150",
      "13" + nnbsp + "353" + nnbsp + "200" + nbsp + "€", "11" + nnbsp + "028", "22" + nnbsp + "050",
      "5" + nnbsp + "030" + nnbsp + "087" + nbsp + "€", "19" + nnbsp + "551", "39" + nnbsp + "100",
      "5" + nnbsp + "477" + nnbsp + "614" + nbsp + "€", "9" + nnbsp + "224", "18" + nnbsp + "450",
      "2" + nnbsp + "663" + nnbsp + "891" + nbsp + "€",
      // Projects
      "65" + nnbsp + "000" + nbsp + "€", "3" + nnbsp + "579" + nbsp + "€",
      "90" + nnbsp + "000" + nbsp + "€",
      "Projets en QPV" + nnbsp + ": 3 illustrations concrètes" + nnbsp + "!", "2019–2022"};
  for (const std::string& f : figures)
    EXPECT_NE(text_->find(f), std::string::npos) << "missing: " << f;
}

TEST_F(Brochure, SeedWordingIsThere) {
  // Labels wrap in the narrow département cells beside the map: a line end is a space.
  std::string flat = *text_;
  std::replace(flat.begin(), flat.end(), '\n', ' ');
  for (const char* s : {"Aisne", "Nord", "Oise", "Pas-de-Calais", "Somme", "PROXIMITÉ",
                        "Sur-entretien", "Logements en QPV", "Nb habitants (estim.)",
                        "Montant des dépenses", "Objectifs de la démarche\u202F:",
                        "Partenaires\u202F:", "Elan-CES", "Hénin-Beaumont et les Compagnons"}) {
    EXPECT_NE(flat.find(s), std::string::npos) << "missing: " << s;
  }
}

TEST_F(Brochure, LetterSpacedHeadingsAndPictogramsExtractCleanly) {
  EXPECT_NE(text_->find("ANALYSE DE LA PÉRIODE"), std::string::npos) << *text_;
  // Material Icons code points live in the Private Use Area, U+E000..U+F8FF: EE..EF in UTF-8
  // lead bytes 0xEE 0x80..0xEF 0xA3.
  for (std::size_t i = 0; i + 1 < text_->size(); ++i) {
    unsigned char c = (*text_)[i];
    EXPECT_FALSE(c == 0xEE || (c == 0xEF && static_cast<unsigned char>((*text_)[i + 1]) < 0xA4))
        << "a pictogram's code point is in the text at byte " << i;
  }
}

TEST_F(Brochure, DocumentInfoAndLanguage) {
  Parsed p(*bytes_);
  auto info = p.pdf.getTrailer().getKey("/Info");
  EXPECT_NE(info.getKey("/Title").getUTF8Value().find("GUSP"), std::string::npos);
  EXPECT_NE(info.getKey("/Author").getUTF8Value().find("Hauts-de-France"), std::string::npos);
  EXPECT_FALSE(info.getKey("/Subject").getUTF8Value().empty());
  EXPECT_EQ(info.getKey("/CreationDate").getUTF8Value().substr(0, 10), "D:20230630");
  EXPECT_EQ(p.pdf.getRoot().getKey("/Lang").getUTF8Value(), "fr-FR");
}

TEST_F(Brochure, StreamsAreCompressed) {
  Parsed p(*bytes_);
  for (auto& obj : p.pdf.getAllObjects()) {
    if (obj.isStream()) {
      EXPECT_TRUE(obj.getDict().hasKey("/Filter")) << obj.unparse();
    }
  }
}

TEST_F(Brochure, TwoBuildsAreByteIdentical) {
  fs::path second = *dir_ / "second.pdf";
  Result r = run("build '" + kData + "' -q -o '" + second.string() + "'", *dir_);
  ASSERT_EQ(r.status, 0) << r.err;
  EXPECT_TRUE(slurp(second) == *bytes_);
  // So the /ID is stable: it comes from the content, not the clock.
  Parsed a(*bytes_), b(slurp(second));
  EXPECT_EQ(a.pdf.getTrailer().getKey("/ID").unparse(), b.pdf.getTrailer().getKey("/ID").unparse());
}

// The program loads HarfBuzz, libharu, LittleCMS... on demand, every call through a stub
// (cmake/LazyLibraries.cmake); this test links them as usual: the same renderer, the same bytes.
TEST_F(Brochure, ProgramWritesWhatTheLinkedLibrariesWrite) {
  Diagnostics diags;
  text::FontCache fonts;
  auto laid =
      cli::lay_out({kData, PLAQUETTE_SOURCE_DIR "/layouts/gusp-brochure.yaml", "fr"}, fonts, diags);
  std::ostringstream problems;
  diags.print(problems);
  ASSERT_TRUE(laid) << problems.str();
  auto bytes = cli::render_pdf(laid->doc, diags);
  ASSERT_TRUE(bytes);
  EXPECT_TRUE(*bytes == *bytes_) << "linked " << bytes->size() << " B, program " << bytes_->size()
                                 << " B";
}

TEST_F(Brochure, IsPdfX1a2003) {
  Parsed p(*bytes_);
  EXPECT_FALSE(PDFVersion(1, 4) < p.pdf.getVersionAsPDFVersion()) << p.pdf.getPDFVersion();
  QPDFObjectHandle intents = p.pdf.getRoot().getKey("/OutputIntents");
  ASSERT_TRUE(intents.isArray());
  ASSERT_EQ(intents.getArrayNItems(), 1);
  QPDFObjectHandle intent = intents.getArrayItem(0);
  EXPECT_EQ(intent.getKey("/S").getName(), "/GTS_PDFX");
  EXPECT_EQ(intent.getKey("/OutputConditionIdentifier").getUTF8Value(), "FOGRA39");
  EXPECT_EQ(intent.getKey("/RegistryName").getUTF8Value(), "http://www.color.org");
  QPDFObjectHandle profile = intent.getKey("/DestOutputProfile");
  ASSERT_TRUE(profile.isStream());
  EXPECT_EQ(profile.getDict().getKey("/N").getIntValue(), 4);
  QPDFObjectHandle info = p.pdf.getTrailer().getKey("/Info");
  EXPECT_EQ(info.getKey("/GTS_PDFXVersion").getUTF8Value(), "PDF/X-1a:2003");
  EXPECT_EQ(info.getKey("/Trapped").getName(), "/False");
  EXPECT_EQ(p.pdf.getTrailer().getKey("/ID").getArrayNItems(), 2);
}

TEST_F(Brochure, PassesPreflightWithoutAnyFinding) {
  preflight::Report report;
  std::string error;
  ASSERT_TRUE(preflight::preflight_file(pdf_->string(), preflight::Options{}, report, error))
      << error;
  EXPECT_EQ(report.pages, 2);
  // Only the note that says whether small black text overprints (it knocks out by default).
  ASSERT_EQ(report.findings.size(), 1u) << preflight::format_text(report);
  EXPECT_EQ(report.findings[0].check, "overprint") << preflight::format_text(report);
  EXPECT_EQ(report.findings[0].severity, preflight::Severity::note);

  // The house rules too (small text on one plate, bleed, ink), as errors.
  Result r = run("preflight --strict '" + pdf_->string() + "'", *dir_);
  EXPECT_EQ(r.status, 0) << r.out << r.err;
  EXPECT_NE(r.out.find("PDF/X-1a:2003 passed (0 errors, 0 warnings); house rules passed (0 errors, "
                       "0 warnings), 1 note (2 pages)"),
            std::string::npos)
      << r.out;
}

TEST_F(Brochure, PreflightOfAnRgbPdfWithAnUnembeddedFontFailsNamingBoth) {
  preflight::test::PdfSpec spec;
  spec.embed_font = false;
  spec.content = "1 0 0 rg 20 20 100 100 re f BT /F1 12 Tf 72 72 Td (Hi) Tj ET";
  const fs::path bad = *dir_ / "bad.pdf";
  std::ofstream(bad, std::ios::binary) << preflight::test::build_pdf(spec);
  Result r = run("preflight '" + bad.string() + "'", *dir_);
  EXPECT_EQ(r.status, 1) << r.out << r.err;
  EXPECT_NE(r.out.find("paints in DeviceRGB (operator rg)"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("font Helvetica is not embedded"), std::string::npos) << r.out;

  Result j = run("preflight --format json --profile pdfx1a '" + bad.string() + "'", *dir_);
  EXPECT_EQ(j.status, 1);
  EXPECT_TRUE(preflight::test::JsonCheck::valid(j.out)) << j.out;
  EXPECT_NE(j.out.find("\"rule\": \"font\""), std::string::npos) << j.out;
  EXPECT_NE(j.out.find("\"rule\": \"colour\""), std::string::npos) << j.out;
  EXPECT_TRUE(preflight::test::JsonCheck::valid(
      run("preflight --format json '" + pdf_->string() + "'", *dir_).out));
}

TEST_F(Brochure, PreflightOfAnUnreadableFileIsACleanError) {
  const fs::path junk = *dir_ / "junk.pdf";
  std::ofstream(junk) << "%PDF-1.4\nnot really\n";
  Result r = run("preflight '" + junk.string() + "'", *dir_);
  EXPECT_EQ(r.status, 1);
  EXPECT_NE(r.err.find("error: cannot read the PDF"), std::string::npos) << r.err;
  EXPECT_EQ(run("preflight", *dir_).status, 2);
  EXPECT_EQ(run("preflight --format xml '" + junk.string() + "'", *dir_).status, 2);
  EXPECT_EQ(run("build --format json", *dir_).status, 2);
}

// A copy of the real data with one piece of text replaced, in the test folder.
fs::path data_with(const fs::path& dir, const std::string& name, const std::string& from,
                   const std::string& to) {
  std::string data = slurp(kData);
  std::size_t at = data.find(from);
  EXPECT_NE(at, std::string::npos) << from;
  if (at != std::string::npos) data.replace(at, from.size(), to);
  fs::path p = dir / name;
  std::ofstream(p) << data;
  return p;
}

TEST_F(Brochure, ChangingOneDepartementMovesTheDerivedTotals) {
  // One thousand more homes in Nord: +2 000 inhabitants; 50 000 € more spending, which
  // stays within the themes' tolerance.
  fs::path changed = data_with(*dir_, "changed.yaml", "homes: 84073, spending: 13353200",
                               "homes: 85073, spending: 13403200");
  fs::path pdf = *dir_ / "changed.pdf";
  Result r = run("build '" + changed.string() + "' -q -o '" + pdf.string() + "'", *dir_);
  ASSERT_EQ(r.status, 0) << r.err;
  std::string text = pdftotext(pdf);
  const std::string nnbsp = "\u202F", nbsp = "\u00A0";
  EXPECT_NE(text.find("363" + nnbsp + "350"), std::string::npos);  // inhabitants
  EXPECT_EQ(text.find("361" + nnbsp + "350"), std::string::npos);
  EXPECT_NE(text.find("170" + nnbsp + "150"), std::string::npos);       // Nord's inhabitants
  EXPECT_NE(text.find("34,9" + nbsp + "millions"), std::string::npos);  // 34 884 342 €
  EXPECT_NE(text.find("192" + nbsp + "€"), std::string::npos);          // 34 884 342 / 181 678
}

TEST_F(Brochure, BadDataIsAnErrorAndLeavesTheExistingOutputUntouched) {
  fs::path bad = data_with(*dir_, "bad.yaml", "amount: 9200000", "amount: 19200000");
  fs::path out = *dir_ / "existing.pdf";
  std::ofstream(out) << "previous edition";
  auto before = fs::directory_iterator(*dir_);
  std::size_t files_before = std::distance(fs::begin(before), fs::end(before));
  Result r = run("build '" + bad.string() + "' -o '" + out.string() + "'", *dir_);
  EXPECT_EQ(r.status, 1);
  EXPECT_NE(r.err.find("bad.yaml:"), std::string::npos) << r.err;
  EXPECT_NE(r.err.find(": error: "), std::string::npos) << r.err;
  EXPECT_NE(r.err.find("44 800 000"), std::string::npos) << r.err;
  EXPECT_EQ(slurp(out), "previous edition");
  auto after = fs::directory_iterator(*dir_);
  EXPECT_EQ(std::distance(fs::begin(after), fs::end(after)), static_cast<long>(files_before))
      << "a temporary file was left behind";
}

TEST_F(Brochure, OnlyARegularFileIsEverReplaced) {
  fs::path folder = *dir_ / "a-folder";
  fs::create_directories(folder);
  Result r = run("build '" + kData + "' -o '" + folder.string() + "'", *dir_);
  EXPECT_EQ(r.status, 1);
  EXPECT_NE(r.err.find("the output is a folder"), std::string::npos) << r.err;
  EXPECT_TRUE(fs::is_directory(folder));
  Result missing = run(
      "build '" + kData + "' -o '" + (*dir_ / "no-such-folder" / "x.pdf").string() + "'", *dir_);
  EXPECT_EQ(missing.status, 1);
  EXPECT_NE(missing.err.find("does not exist"), std::string::npos) << missing.err;
  EXPECT_FALSE(fs::exists(*dir_ / "no-such-folder"));
  EXPECT_EQ(run("build -o ''", *dir_).status, 2);
}

TEST_F(Brochure, AnUnknownLocaleIsOneErrorListingTheLocalesThereAre) {
  Result r = run("check '" + kData + "' --locale xx", *dir_);
  EXPECT_EQ(r.status, 1);
  EXPECT_NE(r.err.find("error: the data has no texts in locale `xx`"), std::string::npos) << r.err;
  // The locales there are: those of the shipped editions of this data file, sorted.
  Diagnostics d;
  const auto editions = model::load_editions(PLAQUETTE_SOURCE_DIR "/data/editions.yaml", d);
  ASSERT_TRUE(editions);
  std::set<std::string> locales;
  for (const model::EditionEntry& e : *editions)
    if (fs::equivalent(e.data, kData)) locales.insert(e.locale);
  ASSERT_FALSE(locales.empty());
  std::string list;
  for (const std::string& l : locales) list += (list.empty() ? "" : ", ") + l;
  EXPECT_NE(r.err.find("hint: it has: " + list + "\n"), std::string::npos) << r.err;
  EXPECT_NE(r.err.find("\n1 error\n"), std::string::npos) << r.err;
}

TEST_F(Brochure, CheckValidatesWithoutWriting) {
  Result r = run("check", *dir_);
  EXPECT_EQ(r.status, 0) << r.err;
  EXPECT_NE(r.out.find("ok"), std::string::npos);
  Result bad = run("check '" + (*dir_ / "missing.yaml").string() + "'", *dir_);
  EXPECT_EQ(bad.status, 1);
  EXPECT_NE(bad.err.find("missing.yaml"), std::string::npos) << bad.err;
}

TEST_F(Brochure, CheckCanReportInJson) {
  fs::path bad = data_with(*dir_, "bad-json.yaml", "homes: 9224", "homes: -9224");
  Result r = run("check '" + bad.string() + "' --format json", *dir_);
  EXPECT_EQ(r.status, 1);
  fs::path json = *dir_ / "out.json";
  std::ofstream(json) << r.out;
  EXPECT_EQ(std::system(("python3 -m json.tool '" + json.string() + "' >/dev/null").c_str()), 0)
      << r.out;
  EXPECT_NE(r.out.find("\"severity\": \"error\""), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("bad-json.yaml"), std::string::npos) << r.out;
  EXPECT_EQ(run("build --format json", *dir_).status, 2);
}

TEST_F(Brochure, UsageErrorsExitWithTwo) {
  EXPECT_EQ(run("", *dir_).status, 2);
  EXPECT_EQ(run("frobnicate", *dir_).status, 2);
  EXPECT_EQ(run("build --no-such-option", *dir_).status, 2);
  EXPECT_EQ(run("build --layout", *dir_).status, 2);
  Result help = run("--help", *dir_);
  EXPECT_EQ(help.status, 0);
  for (const char* s : {"build", "check", "dump", "--layout", "--locale", "-o"})
    EXPECT_NE(help.out.find(s), std::string::npos) << s;
  EXPECT_EQ(run("--version", *dir_).status, 0);
}

TEST_F(Brochure, DumpPrintsTheDisplayList) {
  Result r = run("dump", *dir_);
  ASSERT_EQ(r.status, 0) << r.err;
  EXPECT_EQ(r.out.rfind("document title=", 0), 0u);
  EXPECT_NE(r.out.find("page 2 media"), std::string::npos);
}

// PNG header: width and height of a PNG file (big-endian, bytes 16..23).
std::pair<int, int> png_size(const std::string& png) {
  auto be = [&](std::size_t at) {
    return int((unsigned char)png[at]) << 24 | int((unsigned char)png[at + 1]) << 16 |
           int((unsigned char)png[at + 2]) << 8 | int((unsigned char)png[at + 3]);
  };
  if (png.size() < 24 || png.compare(1, 3, "PNG") != 0) return {0, 0};
  return {be(16), be(20)};
}

TEST_F(Brochure, ProofWritesOnePngPerPageAtTheTrimSize) {
  const fs::path out = *dir_ / "proofs";
  Result r = run("proof --format png --dpi 100 -o '" + out.string() + "'", *dir_);
  ASSERT_EQ(r.status, 0) << r.err;
  for (const char* page : {"p1", "p2"}) {
    const std::string png =
        slurp(out / ("hauts-de-france-2019-2022.fr-" + std::string(page) + ".png"));
    EXPECT_EQ(png_size(png), std::make_pair(827, 1169)) << page;  // A4 at 100 dpi
  }
  EXPECT_FALSE(fs::exists(out / "hauts-de-france-2019-2022.fr-p3.png"));
  Result svg = run("proof --format svg -o '" + out.string() + "'", *dir_);
  ASSERT_EQ(svg.status, 0) << svg.err;
  EXPECT_NE(slurp(out / "hauts-de-france-2019-2022.fr-p2.svg").find("<svg"), std::string::npos);
  // Nothing but the pages is left in the folder (no temporary files).
  std::size_t files = 0;
  for (auto& e : fs::directory_iterator(out)) files += e.is_regular_file();
  EXPECT_EQ(files, 4u);
}

TEST_F(Brochure, AFailedProofWritesNothing) {
  // A layout whose output profile does not exist: an error naming it, and no folder.
  // Beside the real layout, so that its fonts resolve; removed right after the run.
  const std::string stem = ".e2e-proof-" + std::to_string(::getpid());
  const fs::path layout = fs::path(PLAQUETTE_SOURCE_DIR) / "layouts" / (stem + ".yaml");
  const fs::path catalog = fs::path(PLAQUETTE_SOURCE_DIR) / "layouts" / (stem + ".fr.yaml");
  // The brochure written out whole: the base it extends (page, palette, fonts, styles),
  // then its own keys.
  std::string text = slurp(fs::path(PLAQUETTE_SOURCE_DIR) / "layouts/gusp-base.yaml");
  ASSERT_NE(text.find("page:\n"), std::string::npos);
  text.replace(text.find("page:\n"), 6, "page:\n  output_profile: profiles/missing.icc\n");
  std::string own = slurp(kLayout);
  for (const char* key : {"version:", "extends:"}) {
    const std::size_t at = own.find(std::string("\n") + key);
    ASSERT_NE(at, std::string::npos) << key;
    own.erase(at + 1, own.find('\n', at + 1) - at);
  }
  text += own;
  std::ofstream(layout) << text;
  fs::copy_file(fs::path(PLAQUETTE_SOURCE_DIR) / "layouts/gusp-brochure.fr.yaml", catalog,
                fs::copy_options::overwrite_existing);
  const fs::path out = *dir_ / "no-proofs";
  Result r =
      run("proof --layout '" + layout.string() + "' --format png -o '" + out.string() + "'", *dir_);
  fs::remove(layout);
  fs::remove(catalog);
  EXPECT_EQ(r.status, 1);
  EXPECT_NE(r.err.find("profiles/missing.icc"), std::string::npos) << r.err;
  EXPECT_FALSE(fs::exists(out));
  // A folder whose parent is missing is not created.
  Result deep = run("proof --format png -o '" + (*dir_ / "a/b/c").string() + "'", *dir_);
  EXPECT_EQ(deep.status, 1);
  EXPECT_FALSE(fs::exists(*dir_ / "a"));
}

TEST_F(Brochure, ProofUsageErrors) {
  EXPECT_EQ(run("proof -o x", *dir_).status, 2);  // no --format
  EXPECT_EQ(run("proof --format tiff -o x", *dir_).status, 2);
  EXPECT_EQ(run("proof --format png", *dir_).status, 2);  // no -o
  EXPECT_EQ(run("proof --format png --dpi 5 -o x", *dir_).status, 2);
  EXPECT_EQ(run("proof --format svg --dpi 100 -o x", *dir_).status, 2);
  EXPECT_EQ(run("build --format png", *dir_).status, 2);
  Result help = run("--help", *dir_);
  for (const char* s : {"proof", "--format", "--dpi", "--bleed"})
    EXPECT_NE(help.out.find(s), std::string::npos) << s;
}

}  // namespace
}  // namespace plaquette::e2e
