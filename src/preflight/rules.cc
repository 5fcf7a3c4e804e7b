// The rules of the preflight (one table: the findings, the reports and the README's table
// name the same rules), and the PDF/X-1a:2003 rules on the structure of the file rather than
// on the content of its pages: PDF 1.5 structures, optional content, actions, dates,
// annotations.
#include <cctype>

#include "preflight/preflight_private.h"  // first: it sets qpdf's pointer mode

namespace plaquette::preflight {

const std::vector<Rule>& rules() {
  using C = Category;
  static const std::vector<Rule> table = {
      {"version", C::standard,
       "PDF 1.4 at most: header, Catalog /Version, no object streams or cross-reference streams"},
      {"encryption", C::standard, "the file is not encrypted"},
      {"id", C::standard, "the trailer has a document /ID"},
      {"info", C::standard,
       "Info has /Title, /GTS_PDFXVersion (PDF/X-1a:2003) and /Trapped /True or /False"},
      {"dates", C::standard,
       "/CreationDate and /ModDate are present and are well-formed PDF dates"},
      {"output-intent", C::standard,
       "one /GTS_PDFX output intent naming its condition, with a CMYK printer ICC profile (or a "
       "registered condition)"},
      {"boxes", C::standard,
       "every page has a MediaBox and a TrimBox or an ArtBox (not both); the boxes nest"},
      {"font", C::standard, "every font used is embedded"},
      {"font-glyphs", C::standard,
       "the embedded program of a composite TrueType font holds every glyph its text draws"},
      {"font-widths", C::standard,
       "the /W widths of a composite TrueType font are the program's advance widths (within "
       "1/1000 em)"},
      {"colour", C::standard,
       "only DeviceCMYK, DeviceGray, Separation and DeviceN (with such alternates) in content, "
       "images and shadings"},
      {"transparency", C::standard,
       "no soft masks, opacity below 1, blend modes other than Normal, transparency groups"},
      {"image", C::standard, "no JPEG 2000, no alternate images, no OPI comments"},
      {"image-depth", C::standard, "images have 1, 2, 4 or 8 bits per component (16 is PDF 1.5)"},
      {"transfer", C::standard,
       "no transfer functions (/TR, /TR2 other than /Identity or /Default) in graphics states"},
      {"halftone", C::standard, "halftones of type 1 or 5 only, no /HTP"},
      {"postscript", C::standard, "no PostScript XObjects, no PS operator"},
      {"external", C::standard, "no reference XObjects (/Ref): all content is in the file"},
      {"optional-content", C::standard, "no optional content (/OCProperties, /OC on content)"},
      {"annotations", C::standard,
       "no annotation or form field inside the trim box, except printer marks and trap networks"},
      {"actions", C::standard,
       "no JavaScript, no additional actions (/AA), no Launch, Sound, Movie or form actions"},
      {"page-tree", C::standard, "the page tree is a tree and lists each page once"},
      {"parse", C::standard, "every content stream can be decoded and read"},
      {"damage", C::standard, "the file needed no repair to be read (warning)"},
      {"budget", C::standard,
       "the file fits the preflight's budgets (decoded bytes, pages): what is past them is not "
       "checked"},
      {"bleed", C::house, "every page has a BleedBox with at least 3 mm of bleed around the trim"},
      {"image-resolution", C::house,
       "placed images have at least 300 ppi (1-bit images are not judged)"},
      {"ink", C::house,
       "total ink (C+M+Y+K, spot colours through their alternate) at most 300 % (--ink-limit) "
       "wherever it reaches the bleed box"},
      {"registration-colour", C::house,
       "the registration colour (/All) is not painted inside the trim box (error even without "
       "--strict); outside it, it is not ink"},
      {"overprint", C::house,
       "a note says whether small (under 12 pt) 100 % black text overprints or knocks out"},
      {"text-size", C::house, "text is at least 6 pt"},
      {"registration", C::house,
       "text under 12 pt is painted on one plate (misregistration blurs it otherwise)"},
      {"reversed-text", C::house,
       "light text under 12 pt is not reversed out of a background of several plates"},
      {"type3", C::house, "no Type 3 fonts (procedures, often bitmaps)"},
  };
  return table;
}

Category category_of(const std::string& rule) {
  for (const Rule& r : rules())
    if (rule == r.name) return r.category;
  return Category::standard;
}

namespace {

constexpr Severity kError = Severity::error;

// "1.4" < "1.6": PDF versions as numbers of tenths.
int version_tenths(const std::string& v) {
  if (v.size() < 3 || !std::isdigit(static_cast<unsigned char>(v[0])) || v[1] != '.' ||
      !std::isdigit(static_cast<unsigned char>(v[2])))
    return 0;
  return (v[0] - '0') * 10 + (v[2] - '0');
}

const char* const kWhyActions =
    "PDF/X is for print: interactive actions do nothing on paper and scripts may change "
    "what is shown, so the file would not print as proofed";

// An action dictionary (or a chain of /Next actions) of a forbidden kind.
void check_action(QPDFObjectHandle action, const std::string& where, int page, Findings& out) {
  for (int hops = 0; action.isDictionary() && hops < 16; ++hops) {
    QPDFObjectHandle s = action.getKey("/S");
    if (s.isName()) {
      const std::string kind = s.getName();
      for (const char* bad : {"/JavaScript", "/Launch", "/Sound", "/Movie", "/ResetForm",
                              "/SubmitForm", "/ImportData", "/Hide", "/Rendition"})
        if (kind == bad)
          out.add(kError, "actions", page, where, kind.substr(1) + " action", kWhyActions);
    }
    action = action.getKey("/Next");
    if (action.isArray())
      action = action.getArrayNItems() > 0 ? action.getArrayItem(0) : QPDFObjectHandle::newNull();
  }
}

}  // namespace

bool valid_pdf_date(const std::string& d) {
  std::size_t i = d.compare(0, 2, "D:") == 0 ? 2 : 0;
  const auto two = [&](int lo, int hi) {
    if (i + 2 > d.size() || !std::isdigit(static_cast<unsigned char>(d[i])) ||
        !std::isdigit(static_cast<unsigned char>(d[i + 1])))
      return false;
    const int v = (d[i] - '0') * 10 + (d[i + 1] - '0');
    i += 2;
    return v >= lo && v <= hi;
  };
  if (!two(0, 99) || !two(0, 99)) return false;  // the year
  // Month, day, hour, minute, second: each optional, in order.
  const int lo[] = {1, 1, 0, 0, 0}, hi[] = {12, 31, 23, 59, 59};
  for (int f = 0; f < 5 && i < d.size() && std::isdigit(static_cast<unsigned char>(d[i])); ++f)
    if (!two(lo[f], hi[f])) return false;
  if (i == d.size()) return true;
  const char o = d[i++];
  if (o == 'Z') {
    // "Z" alone, or followed by 00'00' as some writers do.
    if (i == d.size()) return true;
  } else if (o != '+' && o != '-') {
    return false;
  }
  if (!two(0, 23)) return false;
  if (i < d.size() && d[i] == '\'') ++i;
  if (i == d.size()) return true;
  if (!two(0, 59)) return false;
  if (i < d.size() && d[i] == '\'') ++i;
  return i == d.size();
}

void check_structure(QPDF& pdf, Findings& out) {
  const char* const why15 =
      "PDF/X-1a:2003 is based on PDF 1.4: a PDF 1.4 reader or RIP cannot read it";
  QPDFObjectHandle trailer = pdf.getTrailer();
  if (trailer.hasKey("/W") || trailer.getKey("/Type").isNameAndEquals("/XRef") ||
      trailer.hasKey("/XRefStm"))
    out.add(kError, "version", 0, "trailer", "a cross-reference stream (PDF 1.5)", why15);
  for (const auto& [og, entry] : pdf.getXRefTable()) {
    if (entry.getType() == 2) {
      out.add(kError, "version", 0, "object " + std::to_string(og.getObj()) + " 0 R",
              "objects stored in object streams (PDF 1.5)", why15);
      break;
    }
  }
  QPDFObjectHandle root = pdf.getRoot();
  QPDFObjectHandle version = root.getKey("/Version");
  if (version.isName() && version_tenths(version.getName().substr(1)) > 14)
    out.add(kError, "version", 0, "Catalog", "/Version " + version.getName() + ", above 1.4",
            why15);
  if (root.hasKey("/OCProperties"))
    out.add(kError, "optional-content", 0, "Catalog", "optional content (/OCProperties: layers)",
            "layers can be shown or hidden: which content prints depends on the reader");
  check_action(root.getKey("/OpenAction"), "Catalog /OpenAction", 0, out);
  if (root.getKey("/AA").isDictionary())
    out.add(kError, "actions", 0, "Catalog", "additional actions (/AA)", kWhyActions);
  QPDFObjectHandle names = root.getKey("/Names");
  if (names.isDictionary() && names.hasKey("/JavaScript"))
    out.add(kError, "actions", 0, "Catalog /Names", "document JavaScript", kWhyActions);
}

void check_dates(QPDFObjectHandle info, Findings& out) {
  for (const char* key : {"/CreationDate", "/ModDate"}) {
    QPDFObjectHandle d = info.getKey(key);
    if (!d.isString())
      out.add(kError, "dates", 0, "Info", std::string("no ") + key,
              "PDF/X requires the creation and modification dates");
    else if (!valid_pdf_date(d.getStringValue()))
      out.add(kError, "dates", 0, "Info",
              std::string(key) + " (" + d.getUTF8Value() +
                  ") is not a PDF date (D:YYYYMMDDHHmmSSOHH'mm')",
              "workflows read the dates to tell versions of a file apart");
  }
}

void check_annotations(QPDFObjectHandle page, int no, const Box& trim, Findings& out) {
  const std::string obj = "page " + object_ref(page);
  if (page.getKey("/AA").isDictionary())
    out.add(kError, "actions", no, obj, "additional actions (/AA)", kWhyActions);
  QPDFObjectHandle annots = page.getKey("/Annots");
  if (!annots.isArray()) return;
  for (int i = 0, n = std::min(annots.getArrayNItems(), 10000); i < n; ++i) {
    QPDFObjectHandle a = annots.getArrayItem(i);
    if (!a.isDictionary()) continue;
    const std::string subtype =
        a.getKey("/Subtype").isName() ? a.getKey("/Subtype").getName() : "?";
    const std::string where =
        "annotation " + subtype.substr(1) + (a.isIndirect() ? " " + object_ref(a) : "");
    check_action(a.getKey("/A"), where, no, out);
    if (a.getKey("/AA").isDictionary())
      out.add(kError, "actions", no, where, "additional actions (/AA)", kWhyActions);
    if (subtype == "/PrinterMark" || subtype == "/TrapNet") continue;
    QPDFObjectHandle rect = a.getKey("/Rect");
    if (!rect.isRectangle()) continue;
    const auto r = rect.getArrayAsRectangle();
    const double x0 = std::min(r.llx, r.urx), x1 = std::max(r.llx, r.urx);
    const double y0 = std::min(r.lly, r.ury), y1 = std::max(r.lly, r.ury);
    if (x1 > trim.x0 && x0 < trim.x1 && y1 > trim.y0 && y0 < trim.y1)
      out.add(kError, "annotations", no, where,
              subtype == "/Widget" ? "a form field inside the trim box"
                                   : "an annotation inside the trim box",
              "PDF/X forbids annotations on the printed page: some RIPs print them, others not");
  }
}

}  // namespace plaquette::preflight
