// PDF/X-1a:2003 structure of the backend's output, read back with libqpdf: output intent
// with the embedded CMYK profile, PDF/X info keys, version, and a content-derived /ID.
#include <gtest/gtest.h>
#include <lcms2.h>
#include <unistd.h>

#include <filesystem>

#include "pdf_test_util.h"

namespace plaquette::render::pdf {
namespace {

using namespace test_util;

const std::string kProfile = PLAQUETTE_SOURCE_DIR "/layouts/profiles/FOGRA39L_coated.icc";

Document pdfx_doc() {
  Document doc = sample_doc();
  doc.output_profile = kProfile;
  return doc;
}

// The shipped profile's bytes.
std::string profile_bytes() {
  std::ifstream in(kProfile, std::ios::binary);
  return std::string((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
}

// The profile embedded by the PDF `pdf`, through its PNG predictor (DecodeParms).
std::string embedded_profile_of(const std::string& pdf) {
  Parsed p(pdf);
  QPDFObjectHandle intent = p.pdf.getRoot().getKey("/OutputIntents").getArrayItem(0);
  return stream_text(intent.getKey("/DestOutputProfile"));
}

std::string messages(const Diagnostics& d) {
  std::ostringstream out;
  d.print(out);
  return out.str();
}

TEST(PdfX, OutputIntentEmbedsTheCmykProfile) {
  Parsed p(render_ok(pdfx_doc()));
  QPDFObjectHandle intents = p.pdf.getRoot().getKey("/OutputIntents");
  ASSERT_TRUE(intents.isArray());
  ASSERT_EQ(intents.getArrayNItems(), 1);
  QPDFObjectHandle intent = intents.getArrayItem(0);
  EXPECT_EQ(intent.getKey("/Type").getName(), "/OutputIntent");
  EXPECT_EQ(intent.getKey("/S").getName(), "/GTS_PDFX");
  EXPECT_EQ(intent.getKey("/OutputConditionIdentifier").getUTF8Value(), "FOGRA39");
  EXPECT_EQ(intent.getKey("/RegistryName").getUTF8Value(), "http://www.color.org");
  EXPECT_FALSE(intent.getKey("/Info").getUTF8Value().empty());
  QPDFObjectHandle profile = intent.getKey("/DestOutputProfile");
  ASSERT_TRUE(profile.isStream());
  EXPECT_EQ(profile.getDict().getKey("/N").getIntValue(), 4);
  EXPECT_TRUE(profile.getDict().getKey("/Filter").isOrHasName("/FlateDecode"));
  EXPECT_EQ(stream_text(profile), profile_bytes());  // through the PNG predictor (DecodeParms)
}

// A profile of the shipped one's size but other bytes (its SHA-256 differs) is embedded as
// it is, not replaced by the stream compressed at build time.
TEST(PdfX, AProfileOfTheShippedSizeButOtherBytesIsEmbeddedAsItIs) {
  std::string icc = profile_bytes();
  ASSERT_FALSE(icc.empty());
  icc.back() = static_cast<char>(icc.back() ^ 0x01);
  const std::string path = ::testing::TempDir() + "fogra39-one-byte-off.icc";
  std::ofstream(path, std::ios::binary) << icc;
  Document doc = sample_doc();
  doc.output_profile = path;
  EXPECT_EQ(embedded_profile_of(render_ok(doc)), icc);
  std::filesystem::remove(path);
}

// A profile replaced since a PDF embedded it (as `watch` rebuilds in one process) is read,
// checked and embedded again, not taken from the process's cache by its path.
TEST(PdfX, AProfileReplacedSinceTheLastPdfIsEmbeddedAnew) {
  const std::string icc = profile_bytes();
  ASSERT_FALSE(icc.empty());
  const std::string path = ::testing::TempDir() + "fogra39-replaced.icc";
  std::ofstream(path, std::ios::binary) << icc;
  Document doc = sample_doc();
  doc.output_profile = path;
  EXPECT_EQ(embedded_profile_of(render_ok(doc)), icc);
  std::string other = icc;
  other.back() = static_cast<char>(other.back() ^ 0x01);
  std::ofstream(path + ".new", std::ios::binary) << other;
  std::filesystem::rename(path + ".new", path);  // as an editor saves
  Diagnostics d;
  EXPECT_TRUE(check_output_profile(path, {}, d)) << messages(d);
  EXPECT_EQ(embedded_profile_of(render_ok(doc)), other);
  // And replaced by one that is not a profile: an error, not the version read before.
  std::ofstream(path + ".new", std::ios::binary) << "not a profile";
  std::filesystem::rename(path + ".new", path);
  Diagnostics bad;
  EXPECT_FALSE(check_output_profile(path, {}, bad));
  std::string bytes;
  Diagnostics r;
  EXPECT_FALSE(render(doc, bytes, r));
  EXPECT_NE(messages(r).find("is not a valid ICC profile"), std::string::npos) << messages(r);
  std::filesystem::remove(path);
}

TEST(PdfX, InfoKeysVersionAndId) {
  Parsed p(render_ok(pdfx_doc()));
  EXPECT_FALSE(PDFVersion(1, 4) < p.pdf.getVersionAsPDFVersion());
  EXPECT_EQ(p.bytes.substr(0, 8), "%PDF-1.4");
  QPDFObjectHandle info = p.pdf.getTrailer().getKey("/Info");
  EXPECT_EQ(info.getKey("/GTS_PDFXVersion").getUTF8Value(), "PDF/X-1a:2003");
  EXPECT_EQ(info.getKey("/Trapped").getName(), "/False");
  EXPECT_TRUE(info.getKey("/Title").isString());
  EXPECT_TRUE(info.getKey("/CreationDate").isString());
  EXPECT_TRUE(info.getKey("/ModDate").isString());
  QPDFObjectHandle id = p.pdf.getTrailer().getKey("/ID");
  ASSERT_TRUE(id.isArray());
  ASSERT_EQ(id.getArrayNItems(), 2);
  const std::string first = id.getArrayItem(0).getStringValue();
  EXPECT_EQ(first.size(), 16u);
  EXPECT_NE(first, std::string(16, '\0'));
  EXPECT_EQ(id.getArrayItem(1).getStringValue(), first);
}

TEST(PdfX, IdIsStableAndFollowsTheContent) {
  const std::string a = render_ok(pdfx_doc());
  EXPECT_EQ(render_ok(pdfx_doc()), a);
  Document changed = pdfx_doc();
  changed.meta.subject += " (2)";
  Parsed pa(a), pb(render_ok(changed));
  EXPECT_NE(pa.pdf.getTrailer().getKey("/ID").getArrayItem(0).getStringValue(),
            pb.pdf.getTrailer().getKey("/ID").getArrayItem(0).getStringValue());
}

TEST(PdfX, WithoutAProfileThePdfIsPlain) {
  Parsed p(render_ok(sample_doc()));
  EXPECT_TRUE(p.pdf.getRoot().getKey("/OutputIntents").isNull());
  EXPECT_TRUE(p.pdf.getTrailer().getKey("/Info").getKey("/GTS_PDFXVersion").isNull());
}

TEST(PdfX, AMissingProfileIsAnErrorNamingIt) {
  Document doc = pdfx_doc();
  doc.output_profile = "/nonexistent/print.icc";
  std::string bytes;
  Diagnostics d;
  EXPECT_FALSE(render(doc, bytes, d));
  EXPECT_TRUE(bytes.empty());
  EXPECT_NE(messages(d).find("/nonexistent/print.icc"), std::string::npos) << messages(d);
  EXPECT_NE(messages(d).find("cannot read the output profile"), std::string::npos);
}

TEST(PdfX, ACorruptOrNonCmykProfileIsAnError) {
  const std::string corrupt = testing::TempDir() + "corrupt.icc";
  std::ofstream(corrupt, std::ios::binary) << "not an ICC profile at all";
  Document doc = pdfx_doc();
  doc.output_profile = corrupt;
  std::string bytes;
  Diagnostics d;
  EXPECT_FALSE(render(doc, bytes, d));
  EXPECT_NE(messages(d).find(corrupt + ": error: the output profile '" + corrupt +
                             "' is not a valid ICC profile"),
            std::string::npos)
      << messages(d);

  // A valid ICC profile, but RGB display: the first 128 bytes of the CMYK profile with the
  // class and colour space changed are still parsed by LittleCMS as a header-only profile.
  std::ifstream in(kProfile, std::ios::binary);
  std::string icc((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  icc.replace(12, 8, "mntrRGB ");
  const std::string rgb = testing::TempDir() + "rgb.icc";
  std::ofstream(rgb, std::ios::binary) << icc;
  doc.output_profile = rgb;
  Diagnostics d2;
  EXPECT_FALSE(render(doc, bytes, d2));
  EXPECT_NE(messages(d2).find("must be an output (printer) profile in CMYK"), std::string::npos)
      << messages(d2);
}

// `check` validates the profile before anything is rendered: the error points at the layout
// line that names the file, and names it.
TEST(PdfX, CheckOutputProfileNamesTheFileAtTheLayoutLine) {
  Diagnostics ok;
  EXPECT_TRUE(check_output_profile(kProfile, {"layout.yaml", 7, 19}, ok));
  EXPECT_FALSE(ok.has_errors());

  Diagnostics d;
  EXPECT_FALSE(check_output_profile("no/such.icc", {"layout.yaml", 7, 19}, d));
  EXPECT_NE(messages(d).find("layout.yaml:7:19: error: cannot read the output profile "
                             "'no/such.icc'"),
            std::string::npos)
      << messages(d);
  Diagnostics fonts;
  EXPECT_FALSE(check_output_profile(PLAQUETTE_SOURCE_DIR "/fonts/Lato-Regular.ttf", {}, fonts));
  EXPECT_NE(messages(fonts).find("Lato-Regular.ttf: error: the output profile"), std::string::npos)
      << messages(fonts);
}

// A registered printing condition may be named without its profile: the output intent
// keeps the identifier and the registry, and has no DestOutputProfile.
TEST(PdfX, ARegisteredConditionCanBeNamedWithoutItsProfile) {
  Document doc = pdfx_doc();
  doc.embed_output_profile = false;
  const std::string bytes = render_ok(doc);
  Parsed p(bytes);
  QPDFObjectHandle intent = p.pdf.getRoot().getKey("/OutputIntents").getArrayItem(0);
  EXPECT_EQ(intent.getKey("/S").getName(), "/GTS_PDFX");
  EXPECT_EQ(intent.getKey("/OutputConditionIdentifier").getUTF8Value(), "FOGRA39");
  EXPECT_EQ(intent.getKey("/RegistryName").getUTF8Value(), "http://www.color.org");
  EXPECT_TRUE(intent.getKey("/DestOutputProfile").isNull());
  for (QPDFObjectHandle obj : p.pdf.getAllObjects()) {
    EXPECT_FALSE(obj.isStream() && obj.getDict().hasKey("/N")) << "an ICC stream is embedded";
  }
  // The embedded profile is most of the file: 70 KB of 110 (predicted, then deflated).
  const std::string embedded = render_ok(pdfx_doc());
  EXPECT_LT(bytes.size() + 65000, embedded.size());
}

// A CMYK output profile of no registered condition.
std::string unregistered_profile() {
  const auto path = std::filesystem::temp_directory_path() /
                    ("plaquette_unregistered_" + std::to_string(::getpid()) + ".icc");
  cmsHPROFILE h = cmsCreateProfilePlaceholder(nullptr);
  cmsSetDeviceClass(h, cmsSigOutputClass);
  cmsSetColorSpace(h, cmsSigCmykData);
  cmsSetPCS(h, cmsSigLabData);
  cmsMLU* mlu = cmsMLUalloc(nullptr, 1);
  cmsMLUsetASCII(mlu, "en", "US", "House press, uncharacterized");
  cmsWriteTag(h, cmsSigProfileDescriptionTag, mlu);
  cmsMLUfree(mlu);
  cmsSaveProfileToFile(h, path.c_str());
  cmsCloseProfile(h);
  return path.string();
}

TEST(PdfX, OnlyARegisteredConditionMayGoUnembedded) {
  const std::string path = unregistered_profile();
  Diagnostics embedded;
  EXPECT_TRUE(check_output_profile(path, {"layout.yaml", 7, 19}, embedded));
  Diagnostics d;
  EXPECT_FALSE(
      check_output_profile(path, {"layout.yaml", 7, 19}, d, false, {"layout.yaml", 8, 25}));
  EXPECT_NE(messages(d).find("layout.yaml:8:25: error: embed_output_profile: false needs the "
                             "profile of a registered printing condition"),
            std::string::npos)
      << messages(d);
  Document doc = pdfx_doc();
  doc.output_profile = path;
  doc.embed_output_profile = false;
  std::string bytes;
  Diagnostics r;
  EXPECT_FALSE(render(doc, bytes, r));
  EXPECT_TRUE(bytes.empty());
  EXPECT_NE(messages(r).find("House press, uncharacterized"), std::string::npos) << messages(r);
  std::filesystem::remove(path);
  Diagnostics fogra;
  EXPECT_TRUE(check_output_profile(kProfile, {}, fogra, false, {"layout.yaml", 8, 25}));
}

TEST(PdfX, ATitleIsRequired) {
  Document doc = pdfx_doc();
  doc.meta.title.clear();
  std::string bytes;
  Diagnostics d;
  EXPECT_FALSE(render(doc, bytes, d));
  EXPECT_NE(messages(d).find("PDF/X needs a document title"), std::string::npos);
}

}  // namespace
}  // namespace plaquette::render::pdf
