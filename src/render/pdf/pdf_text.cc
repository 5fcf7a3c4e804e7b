// Text by glyph id, the way LuaLaTeX and Typst write it: each used font is subset by
// HarfBuzz and embedded as a CIDFontType2 under a Type0 font with /Encoding /Identity-H,
// so a 2-byte string code is a CID, and CID = glyph id in the subset (/CIDToGIDMap
// /Identity). Each run is one BT … ET with one TJ array: HarfBuzz's positions (kerning,
// tracking, justification) become numeric adjustments against the font's own widths.
//
// Copied text comes from the shaping clusters: the first glyph of a cluster maps to the
// cluster's characters in /ToUnicode (a ligature to its letters), the other glyphs of the
// cluster (marks) to nothing. One glyph may stand for characters that must stay apart in
// copied text (in Lato U+0020 and U+00A0 are one glyph, and so are "-" and the soft hyphen
// of a line break): each (glyph, text) pair then gets a CID of its own, numbered after the
// subset's glyphs, and /CIDToGIDMap becomes a small stream.
#include <hpdf_pages.h>
#include <hpdf_streams.h>

#include <algorithm>
#include <cinttypes>
#include <cmath>
#include <cstdio>

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

// PDFDocEncoding (ISO 32000-1 Annex D) of the characters it has beyond ASCII and
// Latin-1; 0 when it has none.
unsigned char pdf_doc_byte(char32_t cp) {
  static const char32_t high[] = {0x2022, 0x2020, 0x2021, 0x2026, 0x2014, 0x2013, 0x0192, 0x2044,
                                  0x2039, 0x203A, 0x2212, 0x2030, 0x201E, 0x201C, 0x201D, 0x2018,
                                  0x2019, 0x201A, 0x2122, 0xFB01, 0xFB02, 0x0141, 0x0152, 0x0160,
                                  0x0178, 0x017D, 0x0131, 0x0142, 0x0153, 0x0161, 0x017E};
  if (cp >= 0x20 && cp < 0x7F) return static_cast<unsigned char>(cp);
  if (cp >= 0xA1 && cp <= 0xFF && cp != 0xAD) return static_cast<unsigned char>(cp);
  if (cp == 0x20AC) return 0xA0;
  for (unsigned i = 0; i < sizeof high / sizeof high[0]; ++i) {
    if (high[i] == cp) return static_cast<unsigned char>(0x80 + i);
  }
  return 0;
}

// Every run is wrapped in a marked-content span whose /ActualText is the run's text:
// readers then copy and extract exactly that text. Without it, extractors rebuild words
// from glyph positions: poppler writes U+0020 for every space-like character (so
// "8 309 550 €", spaced with U+202F and U+00A0, would not come back as typed) and splits
// letter-spaced headings ("A N A LYS E"). A pictogram gets an empty /ActualText, which
// keeps it out of copied text. The text is a literal PDFDocEncoding string when it can be
// (half the bytes of UTF-16 hex), UTF-16BE otherwise.
void append_actual_text(std::string& out, std::string_view text) {
  out += "/Span<</ActualText";
  const std::size_t start = out.size();
  out += '(';
  for (size_t i = 0; i < text.size();) {
    char32_t cp;
    i += decode_utf8(text, i, cp);
    if (cp == kInvalid || cp < 0x20) continue;
    const unsigned char b = pdf_doc_byte(cp);
    if (b == 0) {
      out.resize(start);
      out += "<FEFF";
      append_utf16_hex(out, text);
      out += '>';
      out += ">>BDC\n";
      return;
    }
    if (b == '(' || b == ')' || b == '\\') out += '\\';
    out += static_cast<char>(b);
  }
  out += ")>>BDC\n";
}

void append_cid(std::string& out, uint32_t cid) {
  static const char digits[] = "0123456789ABCDEF";
  for (int shift = 12; shift >= 0; shift -= 4) out += digits[(cid >> shift) & 0xF];
}

// How far a glyph may be drawn from where HarfBuzz put it: half the 1/1000 pt to which
// positions are written.
constexpr double kTolerance = 0.0005;

// Whether the text holds a Unicode space other than U+0020: poppler extracts every such
// space as U+0020 ("8 309 550 €" spaced with U+202F and U+00A0), so the run must carry its
// text as /ActualText for copied text to keep it.
bool has_unicode_space(std::string_view text) {
  for (size_t i = 0; i < text.size();) {
    if (static_cast<unsigned char>(text[i]) < 0x80) {
      ++i;
      continue;
    }
    char32_t cp;
    i += decode_utf8(text, i, cp);
    if (cp == 0xA0 || cp == 0x1680 || (cp >= 0x2000 && cp <= 0x200A) || cp == 0x202F ||
        cp == 0x205F || cp == 0x3000) {
      return true;
    }
  }
  return false;
}

// The character spacing (Tc, points) of a letter-spaced run: the difference between
// HarfBuzz's advance and the font's width that more than half the glyphs share (tracking
// is added after every cluster), to 1/1000 pt; 0 when there is none. The TJ array then
// only holds kerning and justification, not an adjustment after every letter. `scale` is
// the run's horizontal scale as written (Tz / 100): it multiplies Tc too.
double char_spacing(const FontProgram& fp, const display::TextRun& run, double scale) {
  const std::size_t n = run.glyphs.size();
  if (n < 3) return 0;
  auto diff = [&](const display::Glyph& g) {
    return std::llround((g.x_advance / scale - fp.em(fp.advance[g.id]) * run.size / 1000) * 1000);
  };
  // Boyer–Moore majority vote over every glyph but the last (its advance is the line's end).
  long long candidate = 0;
  std::size_t votes = 0;
  for (std::size_t i = 0; i + 1 < n; ++i) {
    const long long d = diff(run.glyphs[i]);
    if (votes == 0) candidate = d;
    votes += d == candidate ? 1 : -1;
  }
  if (candidate == 0) return 0;
  std::size_t count = 0;
  for (std::size_t i = 0; i + 1 < n; ++i) count += diff(run.glyphs[i]) == candidate;
  return 2 * count > n - 1 ? static_cast<double>(candidate) / 1000 : 0;
}

// The subset tag: six capital letters from a hash of the font and its glyph set, so that
// the same subset always gets the same tag and two different subsets different ones.
std::string subset_tag(const std::string& name, const std::vector<uint32_t>& gids) {
  uint64_t h = 1469598103934665603ull;  // FNV-1a
  auto mix = [&](uint8_t b) {
    h ^= b;
    h *= 1099511628211ull;
  };
  for (char c : name) mix(static_cast<uint8_t>(c));
  for (uint32_t g : gids) {
    for (int s = 0; s < 32; s += 8) mix(static_cast<uint8_t>(g >> s));
  }
  std::string tag(6, 'A');
  for (char& c : tag) {
    c = static_cast<char>('A' + h % 26);
    h /= 26;
  }
  return tag;
}

}  // namespace

void append_number(std::string& out, double v, int decimals) {
  static const double kScale[] = {1, 10, 100, 1000, 10000};
  decimals = std::clamp(decimals, 0, 4);
  long long m = std::llround(v * kScale[decimals]);
  if (m == 0) {
    out += '0';
    return;
  }
  if (m < 0) {
    out += '-';
    m = -m;
  }
  while (decimals > 0 && m % 10 == 0) {
    m /= 10;
    --decimals;
  }
  char buf[32];  // digits from the last, then reversed
  int n = 0;
  while (m > 0 || n < decimals) {
    buf[n++] = static_cast<char>('0' + m % 10);
    m /= 10;
    if (decimals > 0 && n == decimals) buf[n++] = '.';
  }
  while (n > 0) out += buf[--n];
}

// Appends text as UTF-16BE hex digits (surrogate pairs above U+FFFF), leaving out invalid
// sequences and C0 controls, which have no place in copied text.
void append_utf16_hex(std::string& out, std::string_view text) {
  char hex[8];
  auto unit = [&](uint32_t u) {
    std::snprintf(hex, sizeof hex, "%04" PRIX32, u);
    out += hex;
  };
  for (size_t i = 0; i < text.size();) {
    char32_t cp;
    i += decode_utf8(text, i, cp);
    if (cp == kInvalid || cp < 0x20) continue;
    if (cp >= 0x10000) {
      unit(0xD800 + ((cp - 0x10000) >> 10));
      unit(0xDC00 + ((cp - 0x10000) & 0x3FF));
    } else {
      unit(cp);
    }
  }
}

bool FontSet::load(const std::vector<display::FontFace>& faces) {
  bool all_loaded = true;
  face_of_font_.clear();
  for (const display::FontFace& ff : faces) {
    // Display fonts may repeat a path: one PDF font per file.
    int found = -1;
    for (size_t i = 0; i < faces_.size(); ++i) {
      if (faces_[i].program->path == ff.path) found = static_cast<int>(i);
    }
    if (found < 0) {
      const SourcePos pos = ff.named_at.known() ? ff.named_at : SourcePos{ff.path, 0, 0};
      std::string error;
      std::shared_ptr<const FontProgram> fp = font_program(ff.path, error);
      const char* refusal = fp ? font_embedding_refusal(fp->fs_type) : nullptr;
      if (!fp || refusal) {
        ctx_.diags.error(pos, "cannot embed font '" + ff.path + "': " + (fp ? refusal : error));
        all_loaded = false;
      } else {
        found = static_cast<int>(faces_.size());
        faces_.push_back(Face{});
        faces_.back().program = std::move(fp);
        faces_.back().named_at = pos;
        faces_.back().first_key.assign(faces_.back().program->glyph_count, -1);
      }
    }
    face_of_font_.push_back(found);
  }
  return all_loaded;
}

FontSet::Face* FontSet::face_of(const display::TextRun& run) {
  if (run.font < 0 || static_cast<size_t>(run.font) >= face_of_font_.size() ||
      face_of_font_[run.font] < 0) {
    ctx_.diags.error({}, "PDF output: a text run uses font " + std::to_string(run.font) +
                             ", which is not loaded");
    return nullptr;
  }
  return &faces_[face_of_font_[run.font]];
}

uint32_t FontSet::key_of(Face& face, uint32_t gid, std::string_view text) {
  int32_t& first = face.first_key[gid];
  if (first >= 0 && face.keys[first].text == text) return static_cast<uint32_t>(first);
  if (first >= 0) {
    auto [lo, hi] = face.more_keys.equal_range(gid);
    for (auto it = lo; it != hi; ++it) {
      if (face.keys[it->second].text == text) return it->second;
    }
  }
  const auto k = static_cast<uint32_t>(face.keys.size());
  face.keys.push_back(Key{gid, std::string(text), 0});
  if (first < 0) {
    first = static_cast<int32_t>(k);
  } else {
    face.more_keys.emplace(gid, k);
  }
  return k;
}

bool FontSet::collect(const display::TextRun& run) {
  if (run.glyphs.empty()) return true;
  Face* face = face_of(run);
  if (!face) return false;
  seen_.assign(run.text.size() + 1, 0);
  for (const display::Glyph& g : run.glyphs) {
    if (g.id >= face->program->glyph_count) {
      ctx_.diags.error(SourcePos{face->program->path, 0, 0},
                       "PDF output: glyph " + std::to_string(g.id) + " is beyond the font '" +
                           face->program->path + "', which has " +
                           std::to_string(face->program->glyph_count) + " glyphs");
      return false;
    }
    // The first glyph of a cluster carries its text; a pictogram carries none.
    text_.clear();
    const size_t begin = g.cluster_begin;
    const size_t end = std::min<size_t>(g.cluster_end, run.text.size());
    if (!run.decorative && begin < end && !seen_[begin]) {
      seen_[begin] = 1;
      text_.assign(run.text, begin, end - begin);
    }
    drawn_.push_back(key_of(*face, g.id, text_));
  }
  return true;
}

bool FontSet::draw_text(PageState& ps, const display::TextRun& run) {
  if (run.glyphs.empty()) return true;
  Face* face = face_of(run);
  if (!face) return false;
  set_fill_color(ps, run.color);
  const char* name = HPDF_Page_GetLocalFontName(ps.page, face->type0);
  if (!ctx_.ok("adding a font to the page resources") || !name) return false;

  const FontProgram& fp = *face->program;
  const double size = run.size;
  // Font expansion: Tz in percent, to 1/1000 %; it scales glyph widths, Tc and the TJ
  // adjustments, not Td.
  const double tz = run.scale > 0 && std::isfinite(run.scale)
                        ? static_cast<double>(std::llround(run.scale * 100000)) / 1000
                        : 100;
  const double hs = tz / 100;
  const double tc = char_spacing(fp, run, hs);
  // Copied text comes from /ToUnicode, except where extractors would not give the run's
  // text back from its glyphs (append_actual_text).
  const bool actual_text = run.decorative || tc != 0 || has_unicode_space(run.text);
  std::string& ops = ps.ops;
  ops += "BT\n";
  if (actual_text) append_actual_text(ops, run.decorative ? "" : run.text);
  if (ps.font != name || ps.font_size != size) {
    ops += '/';
    ops += name;
    ops += ' ';
    append_number(ops, size);
    ops += " Tf\n";
    ps.font = name;
    ps.font_size = size;
  }
  if (ps.char_spacing != tc) {
    append_number(ops, tc);
    ops += " Tc\n";
    ps.char_spacing = tc;
  }
  if (ps.horizontal_scale != tz) {
    append_number(ops, tz);
    ops += " Tz\n";
    ps.horizontal_scale = tz;
  }
  // The first Td after BT is absolute. Each glyph's target start is computed from
  // HarfBuzz's advances, and the PDF pen (`at`) from the numbers written: an adjustment is
  // written only when the pen is more than half a thousandth of a point off its target,
  // with the fewest decimals that bring it back within that, so that rounding never
  // accumulates.
  double pen = run.origin.x;  // HarfBuzz's pen
  double at = std::llround((pen + run.glyphs.front().x_offset) * 1000) / 1000.0;
  // From the text frame's origin (write_page), exactly: both are whole thousandths.
  const long long td_x = std::llround(at * 1000) - (ps.text_frame ? ps.frame_x : 0);
  const long long td_y = std::llround(ps.y(run.origin.y) * 1000) - (ps.text_frame ? ps.frame_y : 0);
  append_number(ops, static_cast<double>(td_x) / 1000);
  ops += ' ';
  append_number(ops, static_cast<double>(td_y) / 1000);
  ops += " Td\n[";
  double rise = 0;
  bool in_string = false;
  for (std::size_t i = 0; i < run.glyphs.size(); ++i) {
    const display::Glyph& g = run.glyphs[i];
    const Key& key = face->keys[drawn_[next_drawn_++]];
    const double err = at - (pen + g.x_offset);
    if (i > 0 && std::fabs(err) > kTolerance) {
      const double units = err * 1000 / (size * hs);  // thousandths of an em
      double adjust = 0;
      for (double scale : {1.0, 10.0, 100.0, 1000.0}) {
        adjust = std::llround(units * scale) / scale;
        if (std::fabs(err - adjust * size * hs / 1000) <= kTolerance) break;
      }
      if (adjust != 0) {
        if (in_string) ops += '>';
        in_string = false;
        append_number(ops, adjust);
        at -= adjust * size * hs / 1000;
      }
    }
    if (g.y_offset != rise) {
      // A mark raised or lowered by HarfBuzz: the text rise, between two TJ arrays.
      ops += in_string ? ">]TJ\n" : "]TJ\n";
      in_string = false;
      append_number(ops, g.y_offset);
      ops += " Ts\n[";
      rise = g.y_offset;
    }
    if (!in_string) ops += '<';
    in_string = true;
    append_cid(ops, key.cid);
    at += (fp.em(fp.advance[key.gid]) * size / 1000 + tc) * hs;
    pen += g.x_advance;
  }
  ops += in_string ? ">]TJ\n" : "]TJ\n";
  if (rise != 0) ops += "0 Ts\n";
  ops += actual_text ? "EMC\nET\n" : "ET\n";
  return true;
}

bool FontSet::write_fonts() {
  for (Face& face : faces_) {
    if (face.keys.empty()) continue;  // unused fonts are not embedded
    if (!write_font(face)) return false;
  }
  return true;
}

bool FontSet::write_font(Face& face) {
  const FontProgram& fp = *face.program;
  const SourcePos& pos = face.named_at;
  std::vector<uint32_t> gids;
  for (const Key& k : face.keys) gids.push_back(k.gid);
  std::sort(gids.begin(), gids.end());
  gids.erase(std::unique(gids.begin(), gids.end()), gids.end());
  std::string error;
  const std::shared_ptr<const SubsetFont> shared = shared_subset(face.program, gids, error);
  if (!shared) {
    ctx_.diags.error(pos, "cannot embed font '" + fp.path + "': " + error);
    return false;
  }
  const SubsetFont& sub = *shared;
  // CIDs: the subset glyph id for the first text of each glyph, then one CID per other
  // text after the subset's glyphs.
  uint32_t next_extra = sub.glyph_count;
  for (Key& k : face.keys) {
    const uint32_t new_gid =
        sub.new_gid[std::lower_bound(gids.begin(), gids.end(), k.gid) - gids.begin()];
    const bool first = face.first_key[k.gid] == &k - face.keys.data();
    k.cid = first ? new_gid : next_extra++;
  }
  if (next_extra > 0xFFFF) {
    ctx_.diags.error(pos, "cannot embed font '" + fp.path + "': more than 65536 CIDs");
    return false;
  }
  std::vector<const Key*> by_cid;
  for (const Key& k : face.keys) by_cid.push_back(&k);
  std::sort(by_cid.begin(), by_cid.end(),
            [](const Key* a, const Key* b) { return a->cid < b->cid; });

  HPDF_MMgr mmgr = ctx_.doc->mmgr;
  const std::string base_font = subset_tag(fp.postscript_name, gids) + "+" + fp.postscript_name;

  // The font program, compressed once for every document that embeds the same subset.
  HPDF_Dict file = HPDF_DictStream_New(mmgr, ctx_.doc->xref);
  if (!ctx_.ok("creating a stream", pos) || !write_deflated(ctx_, file, sub.deflated)) return false;
  HPDF_Dict_AddNumber(file, "Length1", static_cast<HPDF_INT32>(sub.bytes.size()));
  if (!ctx_.ok("embedding the font program", pos)) return false;

  // Its descriptor, in glyph space (thousandths of an em).
  HPDF_Dict desc = HPDF_Dict_New(mmgr);
  HPDF_Xref_Add(ctx_.doc->xref, desc);
  HPDF_Dict_AddName(desc, "Type", "FontDescriptor");
  HPDF_Dict_AddName(desc, "FontName", base_font.c_str());
  // Symbolic: the glyphs are addressed by CID, not through a standard Latin encoding.
  HPDF_Dict_AddNumber(desc, "Flags",
                      4 | (fp.fixed_pitch ? 1 : 0) | (fp.italic_angle != 0 ? 64 : 0));
  HPDF_Array bbox = HPDF_Array_New(mmgr);
  for (int v : fp.bbox) HPDF_Array_AddNumber(bbox, static_cast<HPDF_INT32>(std::lround(fp.em(v))));
  HPDF_Dict_Add(desc, "FontBBox", bbox);
  HPDF_Dict_AddReal(desc, "ItalicAngle", static_cast<HPDF_REAL>(fp.italic_angle));
  HPDF_Dict_AddNumber(desc, "Ascent", static_cast<HPDF_INT32>(std::lround(fp.em(fp.ascent))));
  HPDF_Dict_AddNumber(desc, "Descent", static_cast<HPDF_INT32>(std::lround(fp.em(fp.descent))));
  HPDF_Dict_AddNumber(desc, "CapHeight",
                      static_cast<HPDF_INT32>(std::lround(fp.em(fp.cap_height))));
  // TrueType has no stem width; this estimate from the weight class is the one Typst uses.
  HPDF_Dict_AddNumber(
      desc, "StemV",
      static_cast<HPDF_INT32>(std::lround(10 + 0.244 * (std::max<int>(fp.weight, 50) - 50))));
  HPDF_Dict_Add(desc, "FontFile2", file);
  if (!ctx_.ok("writing the font descriptor", pos)) return false;

  // The descendant CIDFontType2, with the widths of the CIDs drawn only.
  HPDF_Dict cid_font = HPDF_Dict_New(mmgr);
  HPDF_Xref_Add(ctx_.doc->xref, cid_font);
  HPDF_Dict_AddName(cid_font, "Type", "Font");
  HPDF_Dict_AddName(cid_font, "Subtype", "CIDFontType2");
  HPDF_Dict_AddName(cid_font, "BaseFont", base_font.c_str());
  HPDF_Dict info = HPDF_Dict_New(mmgr);
  HPDF_Dict_Add(info, "Registry", HPDF_String_New(mmgr, "Adobe", nullptr));
  HPDF_Dict_Add(info, "Ordering", HPDF_String_New(mmgr, "Identity", nullptr));
  HPDF_Dict_AddNumber(info, "Supplement", 0);
  HPDF_Dict_Add(cid_font, "CIDSystemInfo", info);
  HPDF_Dict_Add(cid_font, "FontDescriptor", desc);
  HPDF_Array widths = HPDF_Array_New(mmgr);
  for (size_t i = 0; i < by_cid.size();) {
    size_t j = i + 1;
    while (j < by_cid.size() && by_cid[j]->cid == by_cid[j - 1]->cid + 1) ++j;
    HPDF_Array_AddNumber(widths, static_cast<HPDF_INT32>(by_cid[i]->cid));
    HPDF_Array group = HPDF_Array_New(mmgr);
    for (size_t k = i; k < j; ++k) {
      const double w = std::llround(fp.em(fp.advance[by_cid[k]->gid]) * 1000) / 1000.0;
      if (w == std::floor(w)) {
        HPDF_Array_AddNumber(group, static_cast<HPDF_INT32>(w));
      } else {
        HPDF_Array_AddReal(group, static_cast<HPDF_REAL>(w));
      }
    }
    HPDF_Array_Add(widths, group);
    i = j;
  }
  HPDF_Dict_Add(cid_font, "W", widths);
  if (next_extra == sub.glyph_count) {
    HPDF_Dict_AddName(cid_font, "CIDToGIDMap", "Identity");
  } else {
    // Two bytes per CID up to the last one used: the glyph it draws.
    std::string map(2 * next_extra, '\0');
    for (const Key& k : face.keys) {
      const uint32_t gid =
          k.cid < sub.glyph_count
              ? k.cid
              : sub.new_gid[std::lower_bound(gids.begin(), gids.end(), k.gid) - gids.begin()];
      map[2 * k.cid] = static_cast<char>(gid >> 8);
      map[2 * k.cid + 1] = static_cast<char>(gid & 0xFF);
    }
    HPDF_Dict stream = deflated_stream(ctx_, map);
    if (!stream) return false;
    HPDF_Dict_Add(cid_font, "CIDToGIDMap", stream);
  }
  if (!ctx_.ok("writing the CID font", pos)) return false;

  // ToUnicode: each CID to the text it stands for (bfchar, at most 100 per block).
  std::string cmap =
      "/CIDInit /ProcSet findresource begin\n"
      "12 dict begin\n"
      "begincmap\n"
      "/CIDSystemInfo << /Registry (Adobe) /Ordering (UCS) /Supplement 0 >> def\n"
      "/CMapName /Adobe-Identity-UCS def\n"
      "/CMapType 2 def\n"
      "1 begincodespacerange\n<0000> <FFFF>\nendcodespacerange\n";
  std::vector<const Key*> mapped;
  for (const Key* k : by_cid) {
    if (!k->text.empty()) mapped.push_back(k);
  }
  for (size_t i = 0; i < mapped.size(); i += 100) {
    const size_t n = std::min<size_t>(100, mapped.size() - i);
    cmap += std::to_string(n) + " beginbfchar\n";
    for (size_t k = i; k < i + n; ++k) {
      cmap += '<';
      append_cid(cmap, mapped[k]->cid);
      cmap += "> <";
      append_utf16_hex(cmap, mapped[k]->text);
      cmap += ">\n";
    }
    cmap += "endbfchar\n";
  }
  cmap +=
      "endcmap\n"
      "CMapName currentdict /CMap defineresource pop\n"
      "end\n"
      "end\n";
  HPDF_Dict to_unicode = deflated_stream(ctx_, cmap);
  if (!to_unicode) return false;

  // The Type0 font the pages use.
  HPDF_Dict type0 = face.type0 = HPDF_Dict_New(mmgr);
  HPDF_Xref_Add(ctx_.doc->xref, type0);
  HPDF_Dict_AddName(type0, "Type", "Font");
  HPDF_Dict_AddName(type0, "Subtype", "Type0");
  HPDF_Dict_AddName(type0, "BaseFont", base_font.c_str());
  HPDF_Dict_AddName(type0, "Encoding", "Identity-H");
  HPDF_Array descendants = HPDF_Array_New(mmgr);
  HPDF_Array_Add(descendants, cid_font);
  HPDF_Dict_Add(type0, "DescendantFonts", descendants);
  HPDF_Dict_Add(type0, "ToUnicode", to_unicode);
  return ctx_.ok("writing the Type0 font", pos);
}

}  // namespace plaquette::render::pdf
