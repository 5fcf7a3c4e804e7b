// Fonts and text. libharu 2.3.0 cannot draw by glyph id and applies no kerning, so each
// HarfBuzz cluster's UTF-8 text is shown at the position HarfBuzz gave it.
//
// What libharu writes (checked against its 2.3.0 sources and output): a TrueType font
// used with the "UTF-8" encoder becomes a Type0 font with /Encoding /Identity-H, and Tj
// strings hold each decoded code point as a two-byte CID: CID == code point, for
// U+0000..U+FFFF only (libharu turns anything above into U+0020). The CIDFontType2's
// /CIDToGIDMap (built from the font's cmap for all 65536 CIDs) maps them to glyphs. Its /ToUnicode stream, though, is a copy of its encoding CMap with
// `begincidrange <0000> <FFFF> 0`, which is not a ToUnicode operator: text extraction only
// works through readers' fallbacks. So the stream is rewritten with one bfrange per run of
// consecutive code points actually drawn.
#include <algorithm>
#include <cinttypes>
#include <cmath>
#include <cstdio>

#include <hpdf_pages.h>
#include <hpdf_streams.h>

#include "render/pdf/pdf_private.h"

namespace plaquette::render::pdf {

namespace {

constexpr char32_t kInvalid = 0xFFFFFFFF;

// Decodes one UTF-8 sequence at s[i]; returns its length (at least 1) and the code point,
// or kInvalid for malformed, overlong or surrogate sequences.
size_t decode_utf8(std::string_view s, size_t i, char32_t& cp) {
  const auto b0 = static_cast<unsigned char>(s[i]);
  size_t n;
  char32_t min;
  if (b0 < 0x80) {
    cp = b0;
    return 1;
  } else if ((b0 & 0xE0) == 0xC0) {
    n = 2, min = 0x80, cp = b0 & 0x1F;
  } else if ((b0 & 0xF0) == 0xE0) {
    n = 3, min = 0x800, cp = b0 & 0x0F;
  } else if ((b0 & 0xF8) == 0xF0) {
    n = 4, min = 0x10000, cp = b0 & 0x07;
  } else {
    cp = kInvalid;
    return 1;
  }
  if (i + n > s.size()) {
    cp = kInvalid;
    return 1;
  }
  for (size_t k = 1; k < n; ++k) {
    const auto b = static_cast<unsigned char>(s[i + k]);
    if ((b & 0xC0) != 0x80) {
      cp = kInvalid;
      return 1;
    }
    cp = (cp << 6) | (b & 0x3F);
  }
  if (cp < min || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) cp = kInvalid;
  return n;
}

// Every run is wrapped in a marked-content span whose /ActualText is the run's text:
// readers then copy and extract exactly that text. Without it, extractors rebuild words
// from glyph positions: poppler writes U+0020 for every space-like character (so
// "8 309 550 €", spaced with U+202F and U+00A0, would not come back as typed) and splits
// letter-spaced headings ("A N A LYS E"). A pictogram gets an empty /ActualText, which
// keeps its private-use code point out of copied text.
//
// "/Span<</ActualText<FEFF…>>>BDC": the text as a UTF-16BE hex string with its BOM.
std::string actual_text_operator(std::string_view text) {
  std::string out = "/Span<</ActualText<FEFF";
  char hex[8];
  auto unit = [&](uint32_t u) {
    std::snprintf(hex, sizeof hex, "%04" PRIX32, u);
    out += hex;
  };
  for (size_t i = 0; i < text.size();) {
    char32_t cp;
    i += decode_utf8(text, i, cp);
    if (cp == kInvalid) continue;
    if (cp >= 0x10000) {
      unit(0xD800 + ((cp - 0x10000) >> 10));
      unit(0xDC00 + ((cp - 0x10000) & 0x3FF));
    } else {
      unit(cp);
    }
  }
  out += ">>>BDC\n";
  return out;
}

// libharu 2.3.0 has no marked-content call (hpdf.h only lists BDC as future work), but its
// page attributes expose the content stream, which takes raw operators.
bool write_raw(HPDF_Page page, const std::string& ops) {
  auto attr = static_cast<HPDF_PageAttr>(page->attr);
  return HPDF_Stream_WriteStr(attr->stream, ops.c_str()) == HPDF_OK;
}

// A ToUnicode CMap mapping each used CID (== code point) to itself. bfrange entries must not
// cross a change of the first byte, and a block holds at most 100 entries (PDF 32000 9.10.3).
std::string to_unicode_cmap(const std::bitset<0x10000>& used) {
  struct Range {
    uint32_t lo, hi;
  };
  std::vector<Range> ranges;
  for (uint32_t cp = 0; cp < 0x10000; ++cp) {
    if (!used[cp]) continue;
    if (!ranges.empty() && ranges.back().hi + 1 == cp && (cp & 0xFF) != 0) {
      ranges.back().hi = cp;
    } else {
      ranges.push_back({cp, cp});
    }
  }
  std::string out =
      "/CIDInit /ProcSet findresource begin\n"
      "12 dict begin\n"
      "begincmap\n"
      "/CIDSystemInfo << /Registry (Adobe) /Ordering (UCS) /Supplement 0 >> def\n"
      "/CMapName /Adobe-Identity-UCS def\n"
      "/CMapType 2 def\n"
      "1 begincodespacerange\n<0000> <FFFF>\nendcodespacerange\n";
  char line[40];
  for (size_t i = 0; i < ranges.size(); i += 100) {
    const size_t n = std::min<size_t>(100, ranges.size() - i);
    out += std::to_string(n) + " beginbfrange\n";
    for (size_t k = i; k < i + n; ++k) {
      std::snprintf(line, sizeof line, "<%04" PRIX32 "> <%04" PRIX32 "> <%04" PRIX32 ">\n",
                    ranges[k].lo, ranges[k].hi, ranges[k].lo);
      out += line;
    }
    out += "endbfrange\n";
  }
  out +=
      "endcmap\n"
      "CMapName currentdict /CMap defineresource pop\n"
      "end\n"
      "end\n";
  return out;
}

}  // namespace

bool FontSet::load(const std::vector<display::FontFace>& faces) {
  bool all_loaded = true;
  face_of_font_.clear();
  for (const display::FontFace& ff : faces) {
    // libharu refuses to load one file twice; display fonts may repeat a path.
    int found = -1;
    for (size_t i = 0; i < faces_.size(); ++i) {
      if (faces_[i].path == ff.path) found = static_cast<int>(i);
    }
    if (found < 0) {
      const SourcePos pos{ff.path, 0, 0};
      // Embedding on: libharu then writes only the glyphs used (a subset, "HPDFAA+" tag).
      const char* name = HPDF_LoadTTFontFromFile(ctx_.doc, ff.path.c_str(), HPDF_TRUE);
      if (!ctx_.ok("loading the TrueType font", pos)) {
        all_loaded = false;
      } else if (!name) {
        ctx_.diags.error(pos, "libharu could not load the TrueType font");
        all_loaded = false;
      } else {
        found = static_cast<int>(faces_.size());
        faces_.push_back(Face{ff.path, name, nullptr, nullptr});
      }
    }
    face_of_font_.push_back(found);
  }
  return all_loaded;
}

bool FontSet::use(Face& face) {
  if (face.font) return true;
  face.font = HPDF_GetFont(ctx_.doc, face.name, "UTF-8");
  if (!ctx_.ok("creating the PDF font", SourcePos{face.path, 0, 0})) return false;
  if (!face.font) {
    ctx_.diags.error(SourcePos{face.path, 0, 0}, "libharu could not create the PDF font");
    return false;
  }
  face.used = std::make_unique<std::bitset<0x10000>>();
  return true;
}

void FontSet::encode_cluster(Face& face, std::string_view cluster) {
  text_.clear();
  for (size_t i = 0; i < cluster.size();) {
    char32_t cp;
    const size_t n = decode_utf8(cluster, i, cp);
    // libharu turns code points above U+FFFF into a space and C0 controls have no glyph;
    // leaving them out keeps the drawn CIDs and the ToUnicode map in step.
    if (cp >= 0x20 && cp <= 0xFFFF) {
      text_.append(cluster.substr(i, n));
      face.used->set(cp);
    } else if (!warned_unencodable_) {
      warned_unencodable_ = true;
      char what[96];
      if (cp == kInvalid) {
        std::snprintf(what, sizeof what, "PDF output: invalid UTF-8 in a text run was left out");
      } else {
        std::snprintf(what, sizeof what,
                      "PDF output: U+%04" PRIX32 " cannot be written with libharu "
                      "(only U+0020..U+FFFF); it was left out",
                      static_cast<uint32_t>(cp));
      }
      ctx_.diags.warning({}, what);
    }
    i += n;
  }
}

bool FontSet::draw_text(PageState& ps, const display::TextRun& run) {
  if (run.glyphs.empty()) return true;
  if (run.font < 0 || static_cast<size_t>(run.font) >= face_of_font_.size() ||
      face_of_font_[run.font] < 0) {
    ctx_.diags.error({}, "PDF output: a text run uses font " + std::to_string(run.font) +
                             ", which is not loaded");
    return false;
  }
  Face& face = faces_[face_of_font_[run.font]];
  if (!use(face) || !set_fill_color(ctx_, ps, run.color)) return false;
  HPDF_Page_BeginText(ps.page);
  HPDF_Page_SetFontAndSize(ps.page, face.font, static_cast<HPDF_REAL>(run.size));
  if (!ctx_.ok("starting a text run")) return false;
  if (!write_raw(ps.page, actual_text_operator(run.decorative ? "" : run.text))) {
    ctx_.diags.error({}, "PDF output: cannot write the content stream");
    return false;
  }

  // One BT/ET per run; each cluster is placed with a Td relative to the previous one.
  // Positions are rounded to 1/1000 pt and the deltas taken between rounded values, so
  // that they do not accumulate error along the line (libharu prints reals as floats).
  drawn_.assign(run.text.size() + 1, 0);
  int64_t at_x = 0, at_y = 0;  // text space origin right after BT
  double pen = run.origin.x;
  for (const display::Glyph& g : run.glyphs) {
    const double x = pen + g.x_offset;
    const double y = ps.y(run.origin.y - g.y_offset);  // y_offset is up-positive
    pen += g.x_advance;
    const size_t begin = g.cluster_begin;
    const size_t end = std::min<size_t>(g.cluster_end, run.text.size());
    // Glyphs sharing a cluster (a base and its marks, a split vowel) show its text once,
    // at the first glyph; libharu cannot address the other glyphs anyway.
    if (begin >= end || drawn_[begin]) continue;
    drawn_[begin] = 1;
    encode_cluster(face, std::string_view(run.text).substr(begin, end - begin));
    if (text_.empty()) continue;
    const int64_t mx = std::llround(x * 1000), my = std::llround(y * 1000);
    HPDF_Page_MoveTextPos(ps.page, static_cast<HPDF_REAL>((mx - at_x) / 1000.0),
                          static_cast<HPDF_REAL>((my - at_y) / 1000.0));
    HPDF_Page_ShowText(ps.page, text_.c_str());
    if (!ctx_.ok("drawing text")) return false;
    at_x = mx;
    at_y = my;
  }
  if (!write_raw(ps.page, "EMC\n")) {
    ctx_.diags.error({}, "PDF output: cannot write the content stream");
    return false;
  }
  HPDF_Page_EndText(ps.page);
  return ctx_.ok("ending a text run");
}

bool FontSet::write_to_unicode() {
  for (Face& face : faces_) {
    if (!face.font) continue;
    const SourcePos pos{face.path, 0, 0};
    auto to_unicode = static_cast<HPDF_Dict>(HPDF_Dict_GetItem(face.font, "ToUnicode",
                                                               HPDF_OCLASS_DICT));
    if (!ctx_.ok("finding the font's ToUnicode CMap", pos)) return false;
    if (to_unicode && to_unicode->stream) {
      // Rewrite libharu's stream in place rather than adding a second one, which would
      // leave the malformed CMap in the file as an orphan object.
      HPDF_MemStream_FreeData(to_unicode->stream);
      // These keys describe libharu's encoding CMap, not a ToUnicode stream.
      for (const char* key : {"Type", "CMapName", "CIDSystemInfo", "WMode"}) {
        HPDF_Dict_RemoveElement(to_unicode, key);
      }
    } else {
      to_unicode = HPDF_DictStream_New(ctx_.doc->mmgr, ctx_.doc->xref);
      HPDF_Dict_Add(face.font, "ToUnicode", to_unicode);
      if (!ctx_.ok("adding a ToUnicode CMap", pos)) return false;
    }
    to_unicode->filter = HPDF_STREAM_FILTER_FLATE_DECODE;
    const std::string cmap = to_unicode_cmap(*face.used);
    HPDF_Stream_Write(to_unicode->stream, reinterpret_cast<const HPDF_BYTE*>(cmap.data()),
                      static_cast<HPDF_UINT>(cmap.size()));
    if (!ctx_.ok("writing the ToUnicode CMap", pos)) return false;
  }
  return true;
}

}  // namespace plaquette::render::pdf
