// The embedded programs of composite TrueType fonts (Type0, Identity-H, CIDFontType2: what
// plaquette, Cairo and most PDF writers use), compared with the text that draws them: each
// CID drawn must map to a glyph of the program (a subset that lost a glyph prints nothing,
// or a box, where the proof showed a letter), and the /W widths the PDF positions glyphs
// with must be the program's advance widths (a RIP that re-reads the program would space the
// text differently). The program's tables are read directly: head, maxp, hhea, hmtx.
#include <algorithm>
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <optional>

// clang-format off
#include "preflight/preflight_private.h"  // first: it sets qpdf's pointer mode
#include "base/bytes.h"
// clang-format on

namespace plaquette::preflight {
namespace {

constexpr Severity kError = Severity::error;

/// The few tables of a TrueType program the checks need.
struct TrueType {
  unsigned glyphs = 0;            ///< maxp numGlyphs
  unsigned upem = 0;              ///< head unitsPerEm
  std::vector<unsigned> advance;  ///< hmtx advance widths, numberOfHMetrics of them
};

unsigned u16(const std::string& d, std::size_t at) { return be16(d.data() + at); }
std::uint32_t u32(const std::string& d, std::size_t at) { return be32(d.data() + at); }

// The tables, or why not ("" on success).
std::string read_truetype(const std::string& d, TrueType& tt) {
  if (d.size() < 12) return "it is too short to be a TrueType program";
  const std::uint32_t version = u32(d, 0);
  if (version != 0x00010000 && version != 0x74727565 /* true */)
    return "it is not a TrueType program";
  const unsigned tables = u16(d, 4);
  struct Table {
    std::size_t offset = 0, length = 0;
    bool found = false;
  } head, maxp, hhea, hmtx;
  for (unsigned i = 0; i < tables; ++i) {
    const std::size_t rec = 12 + 16 * static_cast<std::size_t>(i);
    if (rec + 16 > d.size()) return "its table directory is cut short";
    const std::string tag = d.substr(rec, 4);
    Table t{u32(d, rec + 8), u32(d, rec + 12), true};
    if (t.offset > d.size() || t.length > d.size() - t.offset)
      return "its table " + tag + " lies outside the program";
    if (tag == "head") head = t;
    if (tag == "maxp") maxp = t;
    if (tag == "hhea") hhea = t;
    if (tag == "hmtx") hmtx = t;
  }
  if (!head.found || head.length < 54 || !maxp.found || maxp.length < 6 || !hhea.found ||
      hhea.length < 36 || !hmtx.found)
    return "it lacks a head, maxp, hhea or hmtx table";
  tt.upem = u16(d, head.offset + 18);
  tt.glyphs = u16(d, maxp.offset + 4);
  const unsigned metrics = u16(d, hhea.offset + 34);
  if (tt.upem == 0 || metrics == 0 || 4 * static_cast<std::size_t>(metrics) > hmtx.length)
    return "its head, hhea or hmtx table is damaged";
  for (unsigned i = 0; i < metrics; ++i) tt.advance.push_back(u16(d, hmtx.offset + 4 * i));
  return "";
}

// /W: c [w1 w2 ...] and c_first c_last w, for the CIDs drawn only.
std::map<unsigned, double> widths(QPDFObjectHandle w, const std::vector<bool>& drawn) {
  std::map<unsigned, double> out;
  if (!w.isArray()) return out;
  const int n = w.getArrayNItems();
  const auto number = [](QPDFObjectHandle o) {
    return o.isNumber() ? std::optional<double>(o.getNumericValue()) : std::nullopt;
  };
  for (int i = 0; i < n;) {
    const auto first = number(w.getArrayItem(i));
    if (!first || *first < 0 || *first > 65535 || i + 1 >= n) break;
    QPDFObjectHandle next = w.getArrayItem(i + 1);
    if (next.isArray()) {
      const int m = std::min(next.getArrayNItems(), 65536);
      for (int k = 0; k < m && *first + k <= 65535; ++k) {
        const unsigned cid = static_cast<unsigned>(*first) + static_cast<unsigned>(k);
        if (const auto v = number(next.getArrayItem(k)); v && drawn[cid]) out[cid] = *v;
      }
      i += 2;
    } else {
      if (i + 2 >= n) break;
      const auto last = number(next), v = number(w.getArrayItem(i + 2));
      if (!last || !v) break;
      for (double c = *first; c <= std::min(*last, 65535.0); ++c)
        if (drawn[static_cast<unsigned>(c)]) out[static_cast<unsigned>(c)] = *v;
      i += 3;
    }
  }
  return out;
}

std::string fmt(const char* f, double v) {
  char buf[64];
  std::snprintf(buf, sizeof buf, f, v);
  return buf;
}

void check_font(FontUse& use, Budget& budget, Findings& out) {
  QPDFObjectHandle cid_font = use.font.getKey("/DescendantFonts").getArrayItem(0);
  QPDFObjectHandle program = key(key(cid_font, "/FontDescriptor"), "/FontFile2");
  const int page = use.first_page;
  std::string data, problem;
  switch (decode_all(program, budget, data, problem)) {
    case DecodeStatus::ok:
      break;
    case DecodeStatus::over_budget:
      out.add(kError, "budget", page, use.label,
              "its font program " + problem + "; its glyphs and widths were not checked",
              "a font program is a few megabytes at most: this one is damaged or hostile");
      return;
    case DecodeStatus::failed:
      out.add(kError, "font-glyphs", page, use.label,
              "its embedded program cannot be read: " + problem,
              "the RIP cannot draw text from a program it cannot read");
      return;
  }
  TrueType tt;
  if (const std::string why = read_truetype(data, tt); !why.empty()) {
    out.add(kError, "font-glyphs", page, use.label, "its embedded program: " + why,
            "the RIP cannot draw text from a program it cannot read");
    return;
  }
  // CID → glyph: /Identity (or nothing), or a stream of two bytes per CID.
  QPDFObjectHandle map = key(cid_font, "/CIDToGIDMap");
  std::string gid_map;
  const bool identity = !map.isStream();
  if (!identity && decode_all(map, budget, gid_map, problem) != DecodeStatus::ok) {
    out.add(kError, "font-glyphs", page, use.label, "its /CIDToGIDMap cannot be read: " + problem,
            "without it the CIDs name no glyph");
    return;
  }
  QPDFObjectHandle dw = key(cid_font, "/DW");
  const double default_width = dw.isNumber() ? dw.getNumericValue() : 1000;
  const std::map<unsigned, double> w = widths(key(cid_font, "/W"), use.cids);
  long missing = 0, notdef = 0, wrong = 0;
  std::string first_missing, first_notdef, first_wrong;
  for (unsigned cid = 0; cid < 65536; ++cid) {
    if (!use.cids[cid]) continue;
    unsigned gid = cid;
    if (!identity)
      gid = 2 * static_cast<std::size_t>(cid) + 1 < gid_map.size()
                ? u16(gid_map, 2 * static_cast<std::size_t>(cid))
                : 0;
    if (gid >= tt.glyphs) {
      if (missing++ == 0)
        first_missing = "CID " + std::to_string(cid) + " (glyph " + std::to_string(gid) + ")";
      continue;
    }
    if (gid == 0 && notdef++ == 0) first_notdef = "CID " + std::to_string(cid);
    const unsigned units = tt.advance[std::min<std::size_t>(gid, tt.advance.size() - 1)];
    const double want = units * 1000.0 / tt.upem;
    const auto at = w.find(cid);
    const double have = at == w.end() ? default_width : at->second;
    if (std::abs(have - want) > 1 + 1e-6 && wrong++ == 0)
      first_wrong = "CID " + std::to_string(cid) + ": /W " + fmt("%g", have) + ", the program " +
                    fmt("%.1f", want) + " (thousandths of an em)";
  }
  const auto more = [](long n) {
    return n > 1 ? " and " + std::to_string(n - 1) + " more" : std::string();
  };
  if (missing)
    out.add(kError, "font-glyphs", page, use.label,
            "the text draws glyphs the embedded subset of " + std::to_string(tt.glyphs) +
                " glyphs lacks: " + first_missing + more(missing),
            "the RIP draws nothing (or a box) where the proof showed a letter");
  if (notdef)
    out.add(kError, "font-glyphs", page, use.label,
            "the text draws the .notdef glyph (glyph 0, a missing character): " + first_notdef +
                more(notdef),
            "a character the font lacks prints as a box or as nothing");
  if (wrong)
    out.add(kError, "font-widths", page, use.label,
            "/W differs from the program's advance widths by more than 1/1000 em: " + first_wrong +
                more(wrong),
            "the PDF places glyphs by /W; a RIP or a reader that uses the program's widths "
            "sets the text differently from the proof");
}

}  // namespace

void check_fonts(DocState& doc, Budget& budget, Findings& out) {
  for (auto& [id, use] : doc.fonts)
    if (use.drawn) check_font(use, budget, out);
}

}  // namespace plaquette::preflight
