// The document: reading it with libqpdf, the PDF/X document checks (version, /ID, info keys,
// output intent) and the page boxes; content checks are in content.cc.
#include "preflight/preflight_private.h"  // first: it sets qpdf's pointer mode

#include <qpdf/Buffer.hh>
#include <qpdf/QPDFExc.hh>
#include <qpdf/QPDFPageDocumentHelper.hh>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <exception>
#include <functional>
#include <memory>
#include <optional>

namespace plaquette::preflight {

void Findings::add(Severity s, std::string check, int page, std::string object, std::string what,
                   std::string why) {
  if (!seen_.emplace(page, object, what).second) return;
  report_.findings.push_back(
      {s, std::move(check), page, std::move(object), std::move(what), std::move(why)});
}

QPDFObjectHandle key(QPDFObjectHandle oh, const char* name) {
  if (oh.isStream()) oh = oh.getDict();
  return oh.isDictionary() ? oh.getKey(name) : QPDFObjectHandle::newNull();
}

std::string object_ref(QPDFObjectHandle oh) {
  if (!oh.isIndirect()) return "";
  return std::to_string(oh.getObjectID()) + " " + std::to_string(oh.getGeneration()) + " R";
}

QPDFObjectHandle resource(QPDFObjectHandle resources, const char* kind, const std::string& name) {
  if (!resources.isDictionary()) return QPDFObjectHandle::newNull();
  QPDFObjectHandle dict = resources.getKey(kind);
  if (!dict.isDictionary()) return QPDFObjectHandle::newNull();
  return dict.getKey(name);
}

int Report::count(Severity s) const {
  return static_cast<int>(std::count_if(findings.begin(), findings.end(),
                                        [s](const Finding& f) { return f.severity == s; }));
}

namespace {

constexpr Severity kError = Severity::error;
constexpr Severity kWarning = Severity::warning;

std::string text_value(QPDFObjectHandle oh) { return oh.isString() ? oh.getUTF8Value() : ""; }

void check_info(QPDF& pdf, Findings& out) {
  QPDFObjectHandle trailer = pdf.getTrailer();
  if (!trailer.getKey("/ID").isArray() || trailer.getKey("/ID").getArrayNItems() != 2)
    out.add(kError, "id", 0, "trailer", "no document /ID",
            "PDF/X requires an /ID so that the file can be identified through the workflow");
  QPDFObjectHandle info = trailer.getKey("/Info");
  if (!info.isDictionary()) {
    out.add(kError, "info", 0, "trailer", "no document information dictionary",
            "PDF/X declares its version, title, dates and trapping state there");
    return;
  }
  const std::string version = text_value(info.getKey("/GTS_PDFXVersion"));
  if (version.empty())
    out.add(kError, "info", 0, "Info", "no /GTS_PDFXVersion",
            "without it the file does not claim PDF/X conformance, and a RIP treats it as plain PDF");
  else if (version.rfind("PDF/X-1a", 0) != 0)
    out.add(kError, "info", 0, "Info", "/GTS_PDFXVersion is (" + version + "), not PDF/X-1a",
            "the file claims another PDF/X level than the one checked (PDF/X-1a:2003)");
  QPDFObjectHandle trapped = info.getKey("/Trapped");
  if (!trapped.isName() || (trapped.getName() != "/True" && trapped.getName() != "/False"))
    out.add(kError, "info", 0, "Info", "/Trapped is not /True or /False",
            "PDF/X requires the file to say whether it is trapped, so the print shop knows "
            "whether to trap it");
  if (text_value(info.getKey("/Title")).empty())
    out.add(kError, "info", 0, "Info", "no /Title", "PDF/X requires a document title");
  for (const char* key : {"/CreationDate", "/ModDate"}) {
    if (!info.getKey(key).isString())
      out.add(kError, "info", 0, "Info", std::string("no ") + key,
              "PDF/X requires the creation and modification dates");
  }
}

// The ICC header: device class at byte 12, colour space at byte 16.
void check_profile(QPDFObjectHandle profile, Findings& out) {
  const std::string obj = "DestOutputProfile " + object_ref(profile);
  if (!profile.isStream()) {
    out.add(kError, "output-intent", 0, obj, "DestOutputProfile is not a stream",
            "the output intent must embed the ICC profile of the printing condition");
    return;
  }
  QPDFObjectHandle n = profile.getDict().getKey("/N");
  if (!n.isInteger() || n.getIntValue() != 4)
    out.add(kError, "output-intent", 0, obj, "the output profile is not CMYK (/N is not 4)",
            "PDF/X-1a describes a CMYK printing condition");
  std::shared_ptr<Buffer> data;
  try {
    data = profile.getStreamData(qpdf_dl_generalized);
  } catch (const std::exception& e) {
    out.add(kError, "output-intent", 0, obj, std::string("the output profile cannot be read: ") + e.what(),
            "the RIP needs the profile to know the printing condition");
    return;
  }
  const std::string head(reinterpret_cast<const char*>(data->getBuffer()),
                         std::min<std::size_t>(data->getSize(), 20));
  if (head.size() < 20 || head.compare(16, 4, "CMYK") != 0 || head.compare(12, 4, "prtr") != 0)
    out.add(kError, "output-intent", 0, obj, "the embedded profile is not a CMYK output (printer) ICC profile",
            "the output intent of PDF/X-1a must describe a CMYK printing condition");
}

void check_output_intent(QPDF& pdf, Findings& out) {
  QPDFObjectHandle intents = pdf.getRoot().getKey("/OutputIntents");
  int pdfx = 0;
  if (intents.isArray()) {
    for (QPDFObjectHandle intent : intents.getArrayAsVector()) {
      if (!intent.isDictionary() || !intent.getKey("/S").isNameAndEquals("/GTS_PDFX")) continue;
      if (++pdfx > 1) continue;
      if (text_value(intent.getKey("/OutputConditionIdentifier")).empty())
        out.add(kError, "output-intent", 0, "OutputIntent " + object_ref(intent),
                "no /OutputConditionIdentifier",
                "the printing condition must be named (e.g. FOGRA39)");
      QPDFObjectHandle profile = intent.getKey("/DestOutputProfile");
      if (profile.isNull()) {
        out.add(kWarning, "output-intent", 0, "OutputIntent " + object_ref(intent),
                "no embedded DestOutputProfile",
                "allowed only when the condition identifier is registered with the ICC "
                "(checked by name only; embedding the profile is safer)");
      } else {
        check_profile(profile, out);
      }
    }
  }
  if (pdfx == 0)
    out.add(kError, "output-intent", 0, "Catalog", "no /GTS_PDFX output intent",
            "PDF/X requires an output intent naming the printing condition the colours are "
            "meant for");
  else if (pdfx > 1)
    out.add(kError, "output-intent", 0, "Catalog", "more than one /GTS_PDFX output intent",
            "PDF/X allows exactly one");
}

std::optional<Box> box_of(QPDFObjectHandle oh) {
  if (!oh.isRectangle()) return std::nullopt;
  auto r = oh.getArrayAsRectangle();
  return Box{std::min(r.llx, r.urx), std::min(r.lly, r.ury), std::max(r.llx, r.urx),
             std::max(r.lly, r.ury)};
}

bool contains(const Box& outer, const Box& inner) {
  constexpr double eps = 0.01;  // a hundredth of a point: rounding of written boxes
  return inner.x0 >= outer.x0 - eps && inner.y0 >= outer.y0 - eps && inner.x1 <= outer.x1 + eps &&
         inner.y1 <= outer.y1 + eps;
}

std::string fmt(const char* f, double v) {
  char buf[64];
  std::snprintf(buf, sizeof buf, f, v);
  return buf;
}

// Media ⊇ Bleed ⊇ Trim, and at least the minimum bleed on every side. Returns the box
// whose content reaches the sheet (the bleed box, or what PDF defaults it to).
Box check_boxes(QPDFPageObjectHelper& page, int no, const Options& o, Findings& out) {
  const std::string obj = "page " + object_ref(page.getObjectHandle());
  auto media = box_of(page.getAttribute("/MediaBox", false));
  if (!media) {
    out.add(kError, "boxes", no, obj, "no valid MediaBox", "every page needs one");
    media = Box{0, 0, 612, 792};  // PDF readers' fallback (US Letter), to go on checking
  }
  auto crop = box_of(page.getAttribute("/CropBox", false));
  const Box visible = crop ? *crop : *media;
  auto trim = box_of(page.getObjectHandle().getKey("/TrimBox"));
  auto bleed = box_of(page.getObjectHandle().getKey("/BleedBox"));
  if (!trim && !box_of(page.getObjectHandle().getKey("/ArtBox"))) {
    out.add(kError, "boxes", no, obj, "no TrimBox",
            "PDF/X requires the finished page size; without it the print shop must guess where "
            "to cut");
  }
  if (!bleed)
    out.add(kError, "bleed", no, obj, "no BleedBox",
            "without it the bleed defaults to the crop box and backgrounds may stop short of the "
            "cut");
  const Box b = bleed ? *bleed : visible;
  if (bleed && !contains(*media, *bleed))
    out.add(kError, "boxes", no, obj, "the BleedBox sticks out of the MediaBox",
            "boxes must nest: MediaBox ⊇ BleedBox ⊇ TrimBox");
  if (trim && !contains(b, *trim))
    out.add(kError, "boxes", no, obj,
            bleed ? "the TrimBox sticks out of the BleedBox" : "the TrimBox sticks out of the page",
            "boxes must nest: MediaBox ⊇ BleedBox ⊇ TrimBox");
  if (trim && bleed) {
    const double least = std::min({trim->x0 - bleed->x0, trim->y0 - bleed->y0,
                                   bleed->x1 - trim->x1, bleed->y1 - trim->y1});
    if (least < o.min_bleed_pt - 0.01)
      out.add(kError, "bleed", no, obj,
              "bleed of " + fmt("%.2f", std::max(0.0, least) * 25.4 / 72) + " mm, less than " +
                  fmt("%.0f", o.min_bleed_pt * 25.4 / 72) + " mm",
              "the cut wanders by a millimetre or two: backgrounds must run past the trim");
  }
  return b;
}

void check_document(QPDF& pdf, const Options& o, Report& report) {
  Findings out(report);
  const std::string version = pdf.getPDFVersion();
  if (PDFVersion(1, 4) < pdf.getVersionAsPDFVersion())
    out.add(kError, "version", 0, "header", "PDF version " + version + ", above 1.4",
            "PDF/X-1a:2003 is based on PDF 1.4; later features are not allowed");
  if (pdf.isEncrypted())
    out.add(kError, "encryption", 0, "trailer", "the file is encrypted",
            "PDF/X forbids encryption");
  check_info(pdf, out);
  check_output_intent(pdf, out);

  int no = 0;
  for (QPDFPageObjectHelper& page : QPDFPageDocumentHelper(pdf).getAllPages()) {
    ++no;
    try {
      const Box bleed = check_boxes(page, no, o, out);
      if (key(page.getObjectHandle().getKey("/Group"), "/S").isNameAndEquals("/Transparency"))
        out.add(kError, "transparency", no, "page " + object_ref(page.getObjectHandle()),
                "the page is a transparency group", "PDF/X-1a forbids transparency");
      check_content(page, no, bleed, o, out);
    } catch (const std::exception& e) {
      out.add(kError, "parse", no, "page " + object_ref(page.getObjectHandle()),
              std::string("the page cannot be read: ") + e.what(),
              "a RIP would fail on it too");
    }
  }
  report.pages = no;
  if (pdf.anyWarnings()) {
    const auto warnings = pdf.getWarnings();
    out.add(kWarning, "damage", 0, "file",
            "the file is damaged (" + std::to_string(warnings.size()) +
                " problems, first: " + (warnings.empty() ? "" : warnings.front().what()) + ")",
            "qpdf repaired it to read it; another reader or the RIP may not");
  }
  // Document findings first, then by page; checks found them in a stable order already.
  std::stable_sort(report.findings.begin(), report.findings.end(),
                   [](const Finding& a, const Finding& b) { return a.page < b.page; });
}

bool run(QPDF& pdf, const std::function<void()>& open, const std::string& name,
         const Options& options, Report& report, std::string& error) {
  report = Report{};
  report.file = name;
  report.profile = options.profile;
  if (options.profile != "pdfx1a") {
    error = "unknown preflight profile '" + options.profile + "' (pdfx1a)";
    return false;
  }
  try {
    // Problems qpdf can repair become a finding, not noise on stderr.
    pdf.setSuppressWarnings(true);
    open();
    check_document(pdf, options, report);
    return true;
  } catch (const std::exception& e) {
    error = e.what();
    return false;
  }
}

}  // namespace

bool preflight_file(const std::string& path, const Options& options, Report& report,
                    std::string& error) {
  QPDF pdf;
  return run(pdf, [&] { pdf.processFile(path.c_str()); }, path, options, report, error);
}

bool preflight_memory(std::string_view bytes, const std::string& name, const Options& options,
                      Report& report, std::string& error) {
  QPDF pdf;
  // qpdf reads the bytes in place: they outlive `pdf`, which is destroyed first.
  return run(pdf, [&] { pdf.processMemoryFile(name.c_str(), bytes.data(), bytes.size()); }, name,
             options, report, error);
}

}  // namespace plaquette::preflight
