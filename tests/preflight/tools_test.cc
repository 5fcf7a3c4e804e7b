// The preflight on PDFs made at test time by other tools: Ghostscript's pdfwrite (a PDF/X-3
// file relabelled PDF/X-1a with qpdf, spot colours with PostScript tint transforms, the
// registration colour), Cairo (RGB). Their findings are kept in
// tests/preflight/corpus/<case>.json like the corpus's (corpus_test.cc): any finding that
// appears or disappears fails the test; PLAQUETTE_UPDATE_REFERENCES=1 rewrites them.
#include <cairo-pdf.h>
#include <cairo.h>
#include <gtest/gtest.h>
#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>

#include "expected_form.h"
#include "pdf_builder.h"
#include "preflight/preflight.h"

namespace plaquette::preflight {
namespace {

using test::expected_form;

namespace fs = std::filesystem;

const char* const kProfile = PLAQUETTE_SOURCE_DIR "/layouts/profiles/FOGRA39L_coated.icc";

// What Ghostscript's lib/PDFX_def.ps does, with the shipped FOGRA39 profile.
std::string pdfx_def() {
  return std::string(
             "[ /GTS_PDFXVersion (PDF/X-3:2002) /Title (Ghostscript PDF/X) /Trapped /False "
             "/DOCINFO pdfmark\n"
             "[/_objdef {icc_PDFX} /type /stream /OBJ pdfmark\n"
             "[{icc_PDFX} << /N 4 >> /PUT pdfmark\n"
             "[{icc_PDFX} (") +
         kProfile +
         ") (r) file /PUT pdfmark\n"
         "[/_objdef {OutputIntent_PDFX} /type /dict /OBJ pdfmark\n"
         "[{OutputIntent_PDFX} << /Type /OutputIntent /S /GTS_PDFX /OutputCondition (FOGRA39) "
         "/OutputConditionIdentifier (FOGRA39) /RegistryName (http://www.color.org) "
         "/DestOutputProfile {icc_PDFX} >> /PUT pdfmark\n"
         "[{Catalog} << /OutputIntents [ {OutputIntent_PDFX} ] >> /PUT pdfmark\n";
}

// An A4 page with 10 mm of slug, its trim and 3 mm bleed boxes, then `body`.
std::string page_ps(const std::string& body) {
  return "%!PS\n<< /PageSize [623.6 870.2] >> setpagedevice\n"
         "[ {ThisPage} << /TrimBox [28.35 28.35 595.3 841.9] "
         "/BleedBox [19.84 19.84 603.8 850.4] >> /PUT pdfmark\n" +
         body + "\nshowpage\n";
}

class TempDir {
 public:
  TempDir() {
    std::string t = (fs::temp_directory_path() / "plaquette-preflight-XXXXXX").string();
    if (mkdtemp(t.data())) path_ = t;
  }
  ~TempDir() {
    std::error_code ec;
    if (!path_.empty()) fs::remove_all(path_, ec);
  }
  const fs::path& path() const { return path_; }

 private:
  fs::path path_;
};

// Ghostscript's pdfwrite in its PDF/X mode, CMYK: the PDF, or "" (and a test failure).
std::string ghostscript(const std::string& ps) {
  TempDir dir;
  const fs::path in = dir.path() / "page.ps", def = dir.path() / "pdfx_def.ps",
                 out = dir.path() / "out.pdf";
  std::ofstream(in) << ps;
  std::ofstream(def) << pdfx_def();
  const std::string cmd = "gs -q -dNOPAUSE -dBATCH -dSAFER --permit-file-read='" +
                          fs::path(kProfile).parent_path().string() +
                          "/' -dPDFX=true -sDEVICE=pdfwrite -sColorConversionStrategy=CMYK "
                          "-dCompatibilityLevel=1.4 -sOutputFile='" +
                          out.string() + "' '" + def.string() + "' '" + in.string() +
                          "' > /dev/null 2>&1";
  EXPECT_EQ(std::system(cmd.c_str()), 0)
      << "Ghostscript (Debian package ghostscript) failed: " << cmd;
  return test::read_file(out.string());
}

// The file relabelled PDF/X-1a:2003 with libqpdf (as a print shop's tool would), written
// again without object streams.
std::string relabel(const std::string& bytes) {
  QPDF pdf;
  pdf.processMemoryFile("gs.pdf", bytes.data(), bytes.size());
  pdf.getTrailer().getKey("/Info").replaceKey("/GTS_PDFXVersion",
                                              QPDFObjectHandle::newString("PDF/X-1a:2003"));
  QPDFWriter w(pdf);
  w.setOutputMemory();
  w.setStaticID(true);
  w.setObjectStreamMode(qpdf_o_disable);
  w.write();
  std::shared_ptr<Buffer> buf = w.getBufferSharedPointer();
  return std::string(reinterpret_cast<const char*>(buf->getBuffer()), buf->getSize());
}

cairo_status_t append(void* closure, const unsigned char* data, unsigned int length) {
  static_cast<std::string*>(closure)->append(reinterpret_cast<const char*>(data), length);
  return CAIRO_STATUS_SUCCESS;
}

// Cairo writes RGB only: a red square and a gray one.
std::string cairo_rgb() {
  std::string bytes;
  cairo_surface_t* s = cairo_pdf_surface_create_for_stream(append, &bytes, 595, 842);
  cairo_pdf_surface_restrict_to_version(s, CAIRO_PDF_VERSION_1_4);
  cairo_t* cr = cairo_create(s);
  cairo_set_source_rgb(cr, 1, 0, 0);
  cairo_rectangle(cr, 100, 100, 200, 100);
  cairo_fill(cr);
  cairo_destroy(cr);
  cairo_surface_finish(s);
  cairo_surface_destroy(s);
  return bytes;
}

struct Case {
  std::string name;
  std::function<std::string()> make;
  bool passes;  ///< no error nor warning
};

std::vector<Case> cases() {
  // Black text at 14 pt, a CMYK tint, crop marks in registration colour outside the trim.
  const std::string clean =
      "0.2 0.5 0 0.1 setcmykcolor 100 100 300 200 rectfill\n"
      "/Helvetica findfont 14 scalefont setfont 0 0 0 1 setcmykcolor 72 500 moveto "
      "(Ghostscript) show\n"
      "[/Separation (All) /DeviceCMYK {dup dup dup}] setcolorspace 1 setcolor\n"
      "0.25 setlinewidth 0 28.35 moveto 11.34 28.35 lineto stroke\n";
  return {
      {"gs-pdfx3-relabelled", [=] { return relabel(ghostscript(page_ps(clean))); }, true},
      {"gs-pdfx3", [=] { return ghostscript(page_ps(clean)); }, false},
      // A spot colour whose tint transform (a PostScript function) gives 90 % of each
      // process ink: 360 % at full tint; a DeviceN colour at 4 × 50 % = 200 %.
      {"gs-spot-colour-ink",
       [] {
         return relabel(ghostscript(page_ps(
             "[/Separation (Gold) /DeviceCMYK {dup 0.9 mul exch dup 0.9 mul exch dup 0.9 mul "
             "exch 0.9 mul}] setcolorspace 1 setcolor 100 100 200 100 rectfill\n"
             "[/DeviceN [/Cyan /Magenta /Yellow /Black] /DeviceCMYK {}] setcolorspace\n"
             "0.5 0.5 0.5 0.5 setcolor 300 300 100 100 rectfill")));
       },
       false},
      {"gs-registration-colour-inside-trim",
       [] {
         return relabel(ghostscript(
             page_ps("[/Separation (All) /DeviceCMYK {dup dup dup}] setcolorspace 1 setcolor "
                     "100 100 50 50 rectfill")));
       },
       false},
      {"cairo-rgb", cairo_rgb, false},
  };
}

class PreflightTools : public testing::TestWithParam<Case> {};

TEST_P(PreflightTools, FindingsAreExactlyTheExpectedOnes) {
  const Case& c = GetParam();
  const std::string bytes = c.make();
  ASSERT_FALSE(bytes.empty());
  Report r;
  std::string error;
  ASSERT_TRUE(preflight_memory(bytes, c.name + ".pdf", Options{}, r, error)) << error;
  const nlohmann::ordered_json got = expected_form(r);
  const std::string path = PLAQUETTE_SOURCE_DIR "/tests/preflight/corpus/" + c.name + ".json";
  if (std::getenv("PLAQUETTE_UPDATE_REFERENCES")) {
    std::ofstream(path) << got.dump(2) << "\n";
    return;
  }
  std::ifstream in(path);
  ASSERT_TRUE(in) << "no expected findings: " << path << "\n" << got.dump(2);
  EXPECT_EQ(got, nlohmann::ordered_json::parse(in)) << "got:\n"
                                                    << got.dump(2) << "\n"
                                                    << format_text(r);
  EXPECT_EQ(r.count(Severity::error) + r.count(Severity::warning) == 0, c.passes) << format_text(r);
}

INSTANTIATE_TEST_SUITE_P(Files, PreflightTools, testing::ValuesIn(cases()),
                         [](const testing::TestParamInfo<Case>& i) {
                           std::string s = i.param.name;
                           for (char& ch : s)
                             if (ch == '-') ch = '_';
                           return s;
                         });

}  // namespace
}  // namespace plaquette::preflight
