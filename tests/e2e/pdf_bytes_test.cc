// The French PDF's bytes by kind (issue #13's budgets): the whole file under 135 000 B with
// the output profile embedded and 45 000 B without it, the pages' content streams 12 000 B
// at most, the font programs 30 000 B at most, all as written (compressed). The figures are
// printed (ctest -V, or the test binary) for the README's table.
#include <gtest/gtest.h>

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "../render/pdf/pdf_test_util.h"
#include "e2e_util.h"

namespace plaquette::e2e {
namespace {

using namespace e2e_util;
namespace fs = std::filesystem;
using render::pdf::test_util::Parsed;

struct Sizes {
  std::size_t file = 0, content = 0, fonts = 0, profile = 0, other = 0;
  std::vector<std::size_t> pages;  ///< content stream of each page
};

std::size_t raw_length(QPDFObjectHandle stream) { return stream.getRawStreamData()->getSize(); }

Sizes measure(const std::string& bytes) {
  Sizes s;
  s.file = bytes.size();
  Parsed p(bytes);
  std::set<QPDFObjGen> counted;
  for (QPDFPageObjectHelper& page : p.pages()) {
    s.pages.push_back(0);
    for (QPDFObjectHandle c : page.getPageContents()) {
      s.pages.back() += raw_length(c);
      counted.insert(c.getObjGen());
    }
    s.content += s.pages.back();
  }
  for (QPDFObjectHandle obj : p.pdf.getAllObjects()) {
    if (!obj.isStream() || counted.count(obj.getObjGen())) continue;
    const std::size_t n = raw_length(obj);
    QPDFObjectHandle dict = obj.getDict();
    if (dict.hasKey("/Length1")) {
      s.fonts += n;
    } else if (dict.hasKey("/N")) {
      s.profile += n;
    } else {
      s.other += n;
    }
  }
  return s;
}

std::string build(const fs::path& dir, const std::string& name) {
  const fs::path pdf = dir / name;
  Result r =
      run_in(dir, "build data/hauts-de-france-2019-2022.yaml -q -o '" + pdf.string() + "'", dir);
  EXPECT_EQ(r.status, 0) << r.err;
  return slurp(pdf);
}

TEST(PdfBytes, TheFrenchPdfStaysWithinItsBudgets) {
  const fs::path dir =
      fs::temp_directory_path() / ("plaquette-bytes-" + std::to_string(::getpid()));
  fs::remove_all(dir);
  copy_project(dir);
  const Sizes embedded = measure(build(dir, "embedded.pdf"));

  // The same edition naming its registered printing condition instead of embedding it.
  const fs::path base = dir / "layouts" / "gusp-base.yaml";
  std::string layout = slurp(base);
  const std::string page = "page:\n";
  ASSERT_NE(layout.find(page), std::string::npos);
  layout.insert(layout.find(page) + page.size(), "  embed_output_profile: false\n");
  std::ofstream(base, std::ios::binary | std::ios::trunc) << layout;
  const Sizes named = measure(build(dir, "named.pdf"));
  fs::remove_all(dir);

  std::ostringstream pages;
  for (std::size_t n : embedded.pages) pages << (pages.tellp() > 0 ? " + " : "") << n;
  std::printf(
      "French PDF: %zu B (%zu B without the profile); content streams %zu B (%s), font programs "
      "%zu B, output profile %zu B, other streams %zu B\n",
      embedded.file, named.file, embedded.content, pages.str().c_str(), embedded.fonts,
      embedded.profile, embedded.other);
  EXPECT_LT(embedded.file, 135000u);
  EXPECT_LE(embedded.content, 12000u);
  EXPECT_LE(embedded.fonts, 30000u);
  EXPECT_LE(named.file, 45000u);
  EXPECT_EQ(named.profile, 0u);
  EXPECT_EQ(named.content, embedded.content);  // the pages do not depend on the intent
}

}  // namespace
}  // namespace plaquette::e2e
