// Reference images of the real brochure: Cairo PNGs of both pages compared with the ones
// kept in ref/ (a per-pixel tolerance, a -diff.png on failure, PLAQUETTE_UPDATE_REFERENCES=1
// to regenerate them), the proof against the libharu PDF rasterized by poppler, and the
// proof that a block moved by 1 pt does not pass.
#include <ft2build.h>
#include <gtest/gtest.h>
#include FT_FREETYPE_H
#include <hb.h>
#include <lcms2.h>
#include <libxml/parser.h>

#include <cmath>
#include <cstdlib>
#include <optional>

#include "image_util.h"
#include "pipeline/pipeline.h"
#include "render/cairo/cairo.h"
#include "render/pdf/pdf.h"

namespace plaquette::render::cairo {
namespace {

namespace fs = std::filesystem;
using namespace test_util;

const fs::path kSource = PLAQUETTE_SOURCE_DIR;
const fs::path kRef = kSource / "tests/render/cairo/ref";
// Test outputs (actual images, diffs) go beside the build, never into the sources.
const fs::path kOut = fs::path(PLAQUETTE_BINARY).parent_path() / "test-output/render/cairo";

// References are kept small: 30 dpi is enough to see every block and line of text.
constexpr double kDpi = 30;
// A pixel differs when a channel is off by more than this: anti-aliasing noise between
// library versions stays under it, an edge moved by 1 pt (0.42 px here) does not.
constexpr int kTolerance = 24;
// How many differing pixels a page may have (of about 87 000): a few, for rasterizer
// rounding on isolated glyph edges; a moved block changes hundreds.
constexpr std::size_t kAllowedDiffering = 20;

// The versions the references come from: a mismatch explains a failure, not excuses it.
std::string versions() {
  char buf[256];
  std::snprintf(buf, sizeof buf, "cairo %s\nfreetype %d.%d.%d\nharfbuzz %s\nlcms2 %d\n",
                cairo_version_string(), FREETYPE_MAJOR, FREETYPE_MINOR, FREETYPE_PATCH,
                hb_version_string(), cmsGetEncodedCMMversion());
  return buf;
}

const display::Document& brochure() {
  static const display::Document doc = [] {
    pipeline::EditionSpec spec{(kSource / "data/hauts-de-france-2019-2022.yaml").string(),
                               (kSource / "layouts/gusp-brochure.yaml").string(), "fr"};
    text::FontCache fonts;
    Diagnostics diags;
    auto laid = pipeline::lay_out(spec, fonts, diags);
    if (!laid) {
      std::ostringstream err;
      diags.print(err);
      ADD_FAILURE() << err.str();
      return display::Document{};
    }
    return std::move(laid->doc);
  }();
  return doc;
}

std::vector<Image> proof(const display::Document& doc, double dpi, bool bleed) {
  std::vector<std::string> files;
  Diagnostics diags;
  Options o;
  o.dpi = dpi;
  o.bleed = bleed;
  EXPECT_TRUE(render(doc, o, files, diags));
  std::ostringstream err;
  diags.print(err);
  EXPECT_FALSE(diags.has_errors()) << err.str();
  std::vector<Image> pages;
  for (const std::string& f : files) pages.push_back(decode_png(f));
  return pages;
}

bool passes(const Comparison& c) { return c.same_size && c.differing <= kAllowedDiffering; }

std::string ref_name(std::size_t page) { return "brochure.fr-p" + std::to_string(page + 1); }

TEST(CairoReference, BrochurePagesMatchTheReferencePngs) {
  const auto pages = proof(brochure(), kDpi, false);
  ASSERT_EQ(pages.size(), 2u);
  if (updating_references()) {
    for (std::size_t i = 0; i < pages.size(); ++i)
      spit(kRef / (ref_name(i) + ".png"), encode_png(pages[i]));
    spit(kRef / "VERSIONS.txt", versions());
    GTEST_SKIP() << "references written into " << kRef;
  }
  const std::string recorded = slurp(kRef / "VERSIONS.txt");
  for (std::size_t i = 0; i < pages.size(); ++i) {
    const Image expected = decode_png(slurp(kRef / (ref_name(i) + ".png")));
    ASSERT_GT(expected.width, 0) << "missing reference " << ref_name(i)
                                 << ".png; run with PLAQUETTE_UPDATE_REFERENCES=1";
    const Comparison c = compare(expected, pages[i], kTolerance);
    if (!passes(c)) {
      spit(kOut / (ref_name(i) + ".png"), encode_png(pages[i]));
      if (c.same_size) spit(kOut / (ref_name(i) + "-diff.png"), encode_png(c.diff));
    }
    EXPECT_TRUE(passes(c)) << ref_name(i) << ": " << c.differing << " pixels differ (max "
                           << c.max_difference << "); see " << kOut << "\nreferences from:\n"
                           << recorded << "this build:\n"
                           << versions()
                           << "if the change is intended: PLAQUETTE_UPDATE_REFERENCES=1 ctest";
  }
}

// The reference test is only worth something if it catches a small layout change.
TEST(CairoReference, ABlockMovedByOnePointFailsTheComparison) {
  if (updating_references()) GTEST_SKIP() << "references are being regenerated";
  const Image expected = decode_png(slurp(kRef / "brochure.fr-p1.png"));
  ASSERT_GT(expected.width, 0);
  ASSERT_TRUE(passes(compare(expected, proof(brochure(), kDpi, false).at(0), kTolerance)));

  // The title (a text block) 1 pt lower.
  display::Document moved = brochure();
  bool found = false;
  for (display::Item& item : moved.pages[0].items)
    if (auto* run = std::get_if<display::TextRun>(&item);
        run && run->text.find("Investissement") == 0) {
      run->origin.y += 1;
      found = true;
    }
  ASSERT_TRUE(found);
  Comparison c = compare(expected, proof(moved, kDpi, false).at(0), kTolerance);
  EXPECT_FALSE(passes(c)) << c.differing << " pixels differ";

  // A rule (a path block) 1 pt lower.
  moved = brochure();
  found = false;
  for (display::Item& item : moved.pages[0].items) {
    auto* path = std::get_if<display::Path>(&item);
    if (found || !path || !path->stroke || path->stroke_width < 1) continue;
    for (display::PathOp& op : path->ops) op.p1.y += 1, op.p2.y += 1, op.p3.y += 1;
    found = true;
  }
  ASSERT_TRUE(found);
  c = compare(expected, proof(moved, kDpi, false).at(0), kTolerance);
  EXPECT_FALSE(passes(c)) << c.differing << " pixels differ";
}

// Box-filters a grey image by `factor` in both directions (partial edge blocks dropped).
Grey downsample(const Grey& g, int factor) {
  Grey out{g.width / factor, g.height / factor, {}};
  out.v.resize(std::size_t(out.width) * out.height);
  for (int y = 0; y < out.height; ++y)
    for (int x = 0; x < out.width; ++x) {
      int sum = 0;
      for (int dy = 0; dy < factor; ++dy)
        for (int dx = 0; dx < factor; ++dx) sum += g.at(x * factor + dx, y * factor + dy);
      out.v[std::size_t(y) * out.width + x] =
          uint8_t((sum + factor * factor / 2) / (factor * factor));
    }
  return out;
}

// The proof and the print PDF put everything at the same place: poppler's raster of the
// libharu PDF and Cairo's proof, both in grey over the whole media box (so that their pixel
// grids coincide), agree over the trim area. poppler converts the CMYK through the same
// output profile (-defaultcmykprofile), so what is left is rasterization: poppler snaps
// large glyphs to whole pixels and thin lines to the pixel grid (stroke adjustment), moving
// edges by up to half a pixel. Both are therefore drawn at 400 dpi and compared at 50 dpi
// (8 × 8 averages), where that half pixel is a sixteenth; a misplaced block is not absorbed.
// (At 200 dpi only 98 % of pixels agree, at 400 dpi 99.85 %, mean difference 1.2 to 1.7.)
TEST(CairoReference, ProofAgreesWithThePrintPdf) {
  constexpr int kFactor = 8;
  constexpr double kDrawDpi = 400, kCompareDpi = kDrawDpi / kFactor;
  constexpr int kGreyTolerance = 32;
  const display::Document& doc = brochure();
  Diagnostics diags;
  std::optional<std::string> pdf(std::in_place);
  if (!render::pdf::render(doc, *pdf, diags)) pdf.reset();
  ASSERT_TRUE(pdf);
  const fs::path pdf_path = kOut / "agreement.pdf";
  spit(pdf_path, *pdf);
  const auto proofs = proof(doc, kDrawDpi, true);
  ASSERT_EQ(proofs.size(), doc.pages.size());
  for (std::size_t i = 0; i < proofs.size(); ++i) {
    const std::string n = std::to_string(i + 1);
    const fs::path prefix = kOut / ("agreement-p" + n);
    const std::string cmd = "pdftoppm -gray -r " + std::to_string(int(kDrawDpi)) + " -f " + n +
                            " -l " + n + " -singlefile -defaultcmykprofile '" + doc.output_profile +
                            "' '" + pdf_path.string() + "' '" + prefix.string() + "'";
    ASSERT_EQ(std::system(cmd.c_str()), 0) << cmd;
    const Grey printed = downsample(read_pgm(prefix.string() + ".pgm"), kFactor);
    fs::remove(prefix.string() + ".pgm");  // 18 MB a page
    const Grey proofed = downsample(to_grey(proofs[i]), kFactor);
    ASSERT_GT(printed.width, 0);
    // The trim area in whole pixels, inside both rasters.
    const display::Rect& trim = doc.pages[i].trim;
    const double s = kCompareDpi / 72;
    const int x0 = int(std::ceil(trim.x * s)), y0 = int(std::ceil(trim.y * s));
    const int x1 = std::min({int(trim.right() * s), printed.width, proofed.width});
    const int y1 = std::min({int(trim.bottom() * s), printed.height, proofed.height});
    std::size_t total = 0, within = 0;
    double sum = 0;
    Image diff{x1 - x0, y1 - y0, {}};
    for (int y = y0; y < y1; ++y)
      for (int x = x0; x < x1; ++x) {
        const int d = std::abs(int(printed.at(x, y)) - int(proofed.at(x, y)));
        const bool ok = d <= kGreyTolerance;
        ++total;
        sum += d;
        within += ok;
        const uint8_t v = uint8_t(192 + proofed.at(x, y) / 4);
        diff.rgb.insert(diff.rgb.end(),
                        {ok ? v : uint8_t(255), ok ? v : uint8_t(0), ok ? v : uint8_t(0)});
      }
    const double mean = sum / double(total), share = double(within) / double(total);
    if (!(mean < 2 && share > 0.99)) spit(prefix.string() + "-diff.png", encode_png(diff));
    EXPECT_LT(mean, 2) << "page " << n;
    EXPECT_GT(share, 0.99) << "page " << n;
    std::printf("page %s: mean |difference| %.2f, %.2f %% of pixels within %d\n", n.c_str(), mean,
                100 * share, kGreyTolerance);
  }
}

// SVG proofs parse as XML and are sized in points like the trim.
TEST(CairoReference, SvgProofsAreWellFormedXml) {
  Options o;
  o.format = Format::svg;
  std::vector<std::string> files;
  Diagnostics diags;
  ASSERT_TRUE(render(brochure(), o, files, diags));
  ASSERT_EQ(files.size(), 2u);
  for (const std::string& svg : files) {
    xmlDocPtr doc = xmlReadMemory(svg.data(), int(svg.size()), "proof.svg", nullptr,
                                  XML_PARSE_NONET | XML_PARSE_NOERROR | XML_PARSE_NOWARNING);
    ASSERT_NE(doc, nullptr) << "not well-formed XML";
    xmlNodePtr root = xmlDocGetRootElement(doc);
    ASSERT_NE(root, nullptr);
    EXPECT_STREQ(reinterpret_cast<const char*>(root->name), "svg");
    xmlChar* width = xmlGetProp(root, reinterpret_cast<const xmlChar*>("width"));
    ASSERT_NE(width, nullptr);
    EXPECT_STREQ(reinterpret_cast<const char*>(width), "595.275591pt");
    xmlFree(width);
    xmlFreeDoc(doc);
  }
}

}  // namespace
}  // namespace plaquette::render::cairo
