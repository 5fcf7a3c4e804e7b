// The document: reading it with libqpdf, the PDF/X document checks (version, /ID, info keys,
// output intent) and the page boxes; content checks are in content.cc.
#include <algorithm>
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <exception>
#include <functional>
#include <memory>
#include <optional>
#include <qpdf/Buffer.hh>
#include <qpdf/QPDFExc.hh>

#include "preflight/preflight_private.h"  // first: it sets qpdf's pointer mode

namespace plaquette::preflight {

void Findings::add(Severity s, std::string check, int page, std::string object, std::string what,
                   std::string why) {
  if (seen_.count({page, object, what})) return;
  int& listed = listed_[check];
  if (listed >= max_per_rule_) {
    // Only counted: remembering each one to drop duplicates would grow without bound.
    ++report_.omitted[check];
    return;
  }
  ++listed;
  seen_.emplace(page, object, what);
  const Category c = category_of(check);
  // Registration colour on the finished page is an error whatever the mode: it prints 400 %.
  if (c == Category::house && s != Severity::note && check != "registration-colour")
    s = strict_ ? Severity::error : Severity::warning;
  report_.findings.push_back(
      {s, c, std::move(check), page, std::move(object), std::move(what), std::move(why)});
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

int Report::count(Severity s, Category c) const {
  return static_cast<int>(std::count_if(findings.begin(), findings.end(), [&](const Finding& f) {
    return f.severity == s && f.category == c;
  }));
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
    out.add(
        kError, "info", 0, "Info", "no /GTS_PDFXVersion",
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
  check_dates(info, out);
}

// The ICC header: profile size at byte 0, device class at byte 12, colour space at byte 16.
void check_profile(QPDFObjectHandle profile, Budget& budget, Findings& out) {
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
  std::string data, problem;
  switch (decode_all(profile, budget, data, problem)) {
    case DecodeStatus::ok:
      break;
    case DecodeStatus::over_budget:
      out.add(kError, "budget", 0, obj, "the output profile " + problem,
              "an ICC profile is a few megabytes at most: this one is damaged or hostile");
      return;
    case DecodeStatus::failed:
      out.add(kError, "output-intent", 0, obj, "the output profile: " + problem,
              "the RIP needs the profile to know the printing condition");
      return;
  }
  if (data.size() < 128 || data.compare(16, 4, "CMYK") != 0 || data.compare(12, 4, "prtr") != 0) {
    out.add(kError, "output-intent", 0, obj,
            "the embedded profile is not a CMYK output (printer) ICC profile",
            "the output intent of PDF/X-1a must describe a CMYK printing condition");
    return;
  }
  const auto byte = [&](int i) {
    return static_cast<std::uint32_t>(static_cast<unsigned char>(data[i]));
  };
  const std::uint32_t declared = byte(0) << 24 | byte(1) << 16 | byte(2) << 8 | byte(3);
  if (declared != data.size())
    out.add(kError, "output-intent", 0, obj,
            "the embedded profile is damaged: its header says " + std::to_string(declared) +
                " bytes, the stream holds " + std::to_string(data.size()),
            "a RIP may reject a truncated or padded profile, or read wrong colour tables");
}

void check_output_intent(QPDF& pdf, Budget& budget, Findings& out) {
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
        // Allowed for a condition of the ICC's registry (FOGRA39, GRACoL2013, ...): the
        // registry name says where it is registered; the name itself cannot be checked
        // offline.
        if (text_value(intent.getKey("/RegistryName")).find("color.org") == std::string::npos)
          out.add(kError, "output-intent", 0, "OutputIntent " + object_ref(intent),
                  "no embedded DestOutputProfile, and no /RegistryName of the ICC registry",
                  "without a profile, the printing condition must be one registered with the "
                  "ICC (http://www.color.org), named by its identifier");
      } else {
        check_profile(profile, budget, out);
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

/// A page found in the page tree, with the attributes it inherits from its ancestors.
struct PageRef {
  QPDFObjectHandle page, resources, media, crop;
};

// The page tree, walked here rather than by qpdf's getAllPages(), which copies a page
// listed many times once per listing (844 MB for one page listed 300 000 times): at most
// Options::max_pages pages, loops and repeated pages reported, depth bounded.
std::vector<PageRef> page_tree(QPDF& pdf, const Options& o, Findings& out) {
  constexpr int kMaxDepth = 64;
  constexpr long kMaxNodes = 1000000;  // kids entries looked at, pages or not
  struct Frame {
    QPDFObjectHandle kids;
    int next = 0, size = 0;
    PageRef inherited;
  };
  std::vector<PageRef> pages;
  std::vector<Frame> stack;
  std::set<QPDFObjGen> nodes, leaves;
  long looked = 0;
  const auto inherit = [](PageRef r, QPDFObjectHandle node) {
    for (auto [name, field] : {std::pair{"/Resources", &PageRef::resources},
                               {"/MediaBox", &PageRef::media},
                               {"/CropBox", &PageRef::crop}})
      if (node.hasKey(name)) r.*field = node.getKey(name);
    return r;
  };
  const auto push = [&](QPDFObjectHandle node, const PageRef& parent) {
    if (!nodes.insert(node.getObjGen()).second && node.isIndirect()) {
      out.add(kError, "page-tree", 0, "Pages " + object_ref(node),
              "the page tree holds this node twice (a loop or a shared subtree); it is "
              "checked once",
              "a page tree must be a tree: readers loop forever or disagree on the pages");
      return;
    }
    if (static_cast<int>(stack.size()) >= kMaxDepth) {
      out.add(kError, "page-tree", 0, "Pages " + object_ref(node),
              "the page tree is more than " + std::to_string(kMaxDepth) +
                  " levels deep; the pages below were not checked",
              "no real document nests its pages this deep; a reader may run out of stack");
      return;
    }
    QPDFObjectHandle kids = node.getKey("/Kids");
    stack.push_back({kids, 0, kids.isArray() ? kids.getArrayNItems() : 0, inherit(parent, node)});
  };
  QPDFObjectHandle root = pdf.getRoot().getKey("/Pages");
  if (!root.isDictionary()) {
    out.add(kError, "page-tree", 0, "Catalog", "no page tree (/Pages)", "the file has no pages");
    return pages;
  }
  push(root, PageRef{});
  while (!stack.empty()) {
    Frame& f = stack.back();
    if (f.next >= f.size) {
      stack.pop_back();
      continue;
    }
    QPDFObjectHandle kid = f.kids.getArrayItem(f.next++);
    if (++looked > kMaxNodes) {
      out.add(kError, "page-tree", 0, "page tree",
              "more than " + std::to_string(kMaxNodes) +
                  " page tree entries; the rest were not checked",
              "a page tree this large is damaged or hostile");
      break;
    }
    if (!kid.isDictionary()) continue;
    if (kid.hasKey("/Kids") && !kid.getKey("/Type").isNameAndEquals("/Page")) {
      push(kid, f.inherited);
      continue;
    }
    if (kid.isIndirect() && !leaves.insert(kid.getObjGen()).second)
      out.add(kError, "page-tree", 0, "page " + object_ref(kid),
              "the page tree lists this page more than once",
              "each page object belongs in the tree once; readers disagree on such files");
    if (static_cast<int>(pages.size()) >= o.max_pages) {
      out.add(kError, "budget", 0, "page tree",
              "more than " + std::to_string(o.max_pages) +
                  " pages (the page budget); pages after " + std::to_string(o.max_pages) +
                  " were not checked",
              "a preflight must end in bounded time; split the document to check the rest");
      break;
    }
    pages.push_back(inherit(f.inherited, kid));
    pages.back().page = kid;
  }
  return pages;
}

/// The boxes that matter to the content checks.
struct PageBoxes {
  Box bleed;  ///< what reaches the sheet: the bleed box, or what PDF defaults it to
  Box trim;   ///< the finished page: the trim box, art box or visible area
};

// Media ⊇ Bleed ⊇ Trim, and at least the minimum bleed on every side.
PageBoxes check_boxes(PageRef page, int no, const Options& o, Findings& out) {
  const std::string obj = "page " + object_ref(page.page);
  auto media = box_of(page.media);
  if (!media) {
    out.add(kError, "boxes", no, obj, "no valid MediaBox", "every page needs one");
    media = Box{0, 0, 612, 792};  // PDF readers' fallback (US Letter), to go on checking
  }
  auto crop = box_of(page.crop);
  const Box visible = crop ? *crop : *media;
  auto trim = box_of(page.page.getKey("/TrimBox"));
  auto bleed = box_of(page.page.getKey("/BleedBox"));
  auto art = box_of(page.page.getKey("/ArtBox"));
  if (trim && art)
    out.add(kError, "boxes", no, obj, "both a TrimBox and an ArtBox",
            "PDF/X allows one of them: which one is the finished page would be ambiguous");
  if (!trim && !art) {
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
    const double least = std::min(
        {trim->x0 - bleed->x0, trim->y0 - bleed->y0, bleed->x1 - trim->x1, bleed->y1 - trim->y1});
    if (least < o.min_bleed_pt - 0.01)
      out.add(kError, "bleed", no, obj,
              "bleed of " + fmt("%.2f", std::max(0.0, least) * 25.4 / 72) + " mm, less than " +
                  fmt("%.0f", o.min_bleed_pt * 25.4 / 72) + " mm",
              "the cut wanders by a millimetre or two: backgrounds must run past the trim");
  }
  return {b, trim ? *trim : art ? *art : visible};
}

void check_document(QPDF& pdf, const Options& o, Report& report) {
  Findings out(report, o.max_findings_per_rule, o.strict);
  Budget budget{o.stream_budget, o.file_budget, 0};
  const std::string version = pdf.getPDFVersion();
  if (PDFVersion(1, 4) < pdf.getVersionAsPDFVersion())
    out.add(kError, "version", 0, "header", "PDF version " + version + ", above 1.4",
            "PDF/X-1a:2003 is based on PDF 1.4; later features are not allowed");
  if (pdf.isEncrypted())
    out.add(kError, "encryption", 0, "trailer", "the file is encrypted",
            "PDF/X forbids encryption");
  check_structure(pdf, out);
  check_info(pdf, out);
  check_output_intent(pdf, budget, out);

  int no = 0;
  DocState doc;
  for (PageRef& page : page_tree(pdf, o, out)) {
    ++no;
    try {
      const PageBoxes boxes = check_boxes(page, no, o, out);
      check_annotations(page.page, no, boxes.trim, out);
      if (key(page.page.getKey("/Group"), "/S").isNameAndEquals("/Transparency"))
        out.add(kError, "transparency", no, "page " + object_ref(page.page),
                "the page is a transparency group", "PDF/X-1a forbids transparency");
      check_content(page.page, page.resources, no, boxes.bleed, boxes.trim, o, budget, doc, out);
    } catch (const std::exception& e) {
      out.add(kError, "parse", no, "page " + object_ref(page.page),
              std::string("the page cannot be read: ") + e.what(), "a RIP would fail on it too");
    }
  }
  report.pages = no;
  try {
    check_fonts(doc, budget, out);
  } catch (const std::exception& e) {
    out.add(kError, "parse", 0, "fonts", std::string("a font cannot be read: ") + e.what(),
            "a RIP would fail on it too");
  }
  report_overprint(doc, out);
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
  return run(
      pdf, [&] { pdf.processFile(path.c_str()); }, path, options, report, error);
}

bool preflight_memory(std::string_view bytes, const std::string& name, const Options& options,
                      Report& report, std::string& error) {
  QPDF pdf;
  // qpdf reads the bytes in place: they outlive `pdf`, which is destroyed first.
  return run(
      pdf, [&] { pdf.processMemoryFile(name.c_str(), bytes.data(), bytes.size()); }, name, options,
      report, error);
}

}  // namespace plaquette::preflight
