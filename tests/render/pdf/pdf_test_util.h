// Helpers shared by the PDF backend tests: a sample display list built by hand, and
// readers of the rendered PDF through libqpdf (pages, content operators, fonts, CMaps).
#pragma once

#include <gtest/gtest.h>
#include <hb.h>
#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <map>
#include <memory>
#include <qpdf/Buffer.hh>
#include <qpdf/QPDF.hh>
#include <qpdf/QPDFObjectHandle.hh>
#include <qpdf/QPDFPageDocumentHelper.hh>
#include <qpdf/QPDFPageObjectHelper.hh>
#include <regex>
#include <set>
#include <sstream>
#include <string>
#include <vector>

#include "base/units.h"
#include "render/pdf/pdf.h"

namespace plaquette::render::pdf::test_util {

using display::Cmyk;
using display::Document;
using display::Glyph;
using display::Path;
using display::PathOp;
using display::TextRun;

inline const std::string kLato = PLAQUETTE_SOURCE_DIR "/fonts/Lato-Regular.ttf";
inline const std::string kLatoBold = PLAQUETTE_SOURCE_DIR "/fonts/Lato-Bold.ttf";

// "1 234 567 € ; 83 % de Théâtre", with French spacing: U+202F groups digits and U+00A0
// comes before "€" and "%".
inline const std::string kFrench =
    "1\u202F234\u202F567\u00A0\u20AC ; 83\u00A0% de Th\u00E9\u00E2tre";

// The glyph of a character in a font and its advance in em, from HarfBuzz (as shaping
// would give them), so that runs drawn by glyph id show the right letters.
struct FontGlyph {
  uint32_t id = 0;
  double advance_em = 0;
};
inline FontGlyph font_glyph(const std::string& font_path, uint32_t cp) {
  struct Font {
    hb_blob_t* blob;
    hb_face_t* face;
    hb_font_t* font;
    explicit Font(const std::string& path)
        : blob(hb_blob_create_from_file(path.c_str())),
          face(hb_face_create(blob, 0)),
          font(hb_font_create(face)) {}
    ~Font() {
      hb_font_destroy(font);
      hb_face_destroy(face);
      hb_blob_destroy(blob);
    }
  };
  static std::map<std::string, std::unique_ptr<Font>> cache;
  auto& f = cache[font_path];
  if (!f) f = std::make_unique<Font>(font_path);
  hb_codepoint_t gid = 0;
  hb_font_get_nominal_glyph(f->font, cp, &gid);
  const double upem = hb_face_get_upem(f->face);
  hb_font_set_scale(f->font, static_cast<int>(upem), static_cast<int>(upem));
  return {gid, hb_font_get_glyph_h_advance(f->font, gid) / upem};
}

// One glyph per UTF-8 character, advancing by the font's width.
inline TextRun make_run(const std::string& text, double x, double y, double size, int font = 0,
                        const std::string& font_path = kLato) {
  TextRun run;
  run.origin = {x, y};
  run.font = font;
  run.size = size;
  run.color = {0, 0, 0, 1};
  run.text = text;
  for (uint32_t i = 0; i < text.size();) {
    uint32_t n = 1;
    uint32_t cp = static_cast<unsigned char>(text[i]);
    if (cp >= 0xF0)
      n = 4, cp &= 0x07;
    else if (cp >= 0xE0)
      n = 3, cp &= 0x0F;
    else if (cp >= 0xC0)
      n = 2, cp &= 0x1F;
    for (uint32_t k = 1; k < n; ++k)
      cp = cp << 6 | (static_cast<unsigned char>(text[i + k]) & 0x3F);
    const FontGlyph g = font_glyph(font_path, cp);
    run.glyphs.push_back(Glyph{g.id, size * g.advance_em, 0, 0, i, i + n});
    i += n;
  }
  return run;
}

inline Path make_path(bool fill, bool stroke) {
  Path p;
  p.ops = {{PathOp::move, {50, 50}, {}, {}},
           {PathOp::line, {150, 50}, {}, {}},
           {PathOp::cubic, {160, 60}, {160, 90}, {150, 100}},
           {PathOp::line, {50, 100}, {}, {}},
           {PathOp::close, {}, {}, {}}};
  p.fill = fill;
  p.fill_color = {0.1, 0.8, 0, 0};
  p.stroke = stroke;
  p.stroke_color = {0.9, 0, 0.2, 0.3};
  p.stroke_width = 1.5;
  return p;
}

// Two A4 pages with 3 mm bleed: the media box is the bleed box.
inline Document sample_doc() {
  Document doc;
  doc.meta.title = "Abattement TFPB \u2013 Hauts-de-France";
  doc.meta.author = "F\u00E9d\u00E9ration";
  doc.meta.subject = "GUSP 2019\u20132022";
  doc.meta.keywords = "TFPB, QPV";
  doc.meta.creator = "plaquette 0.1.0";
  doc.meta.lang = "fr-FR";
  doc.meta.date = 1709634030;  // 2024-03-05 10:20:30 UTC
  doc.fonts = {{kLato, "Lato-Regular"}};
  for (int i = 0; i < 2; ++i) {
    display::Page page;
    page.width = mm(216);
    page.height = mm(303);
    page.trim = {mm(3), mm(3), mm(210), mm(297)};
    page.bleed = {0, 0, mm(216), mm(303)};
    page.items.emplace_back(make_run(kFrench, 72, 100, 12));
    page.items.emplace_back(make_path(true, false));
    page.items.emplace_back(make_path(false, true));
    page.items.emplace_back(make_path(true, true));
    doc.pages.push_back(std::move(page));
  }
  return doc;
}

inline std::string render_ok(const Document& doc) {
  std::string bytes;
  Diagnostics diags;
  const bool ok = render(doc, bytes, diags);
  std::ostringstream printed;
  diags.print(printed);
  EXPECT_TRUE(ok) << printed.str();
  EXPECT_FALSE(diags.has_errors()) << printed.str();
  return bytes;
}

/// A PDF parsed from memory; keeps the bytes alive as long as QPDF reads them.
struct Parsed {
  std::string bytes;
  QPDF pdf;
  explicit Parsed(std::string b) : bytes(std::move(b)) {
    pdf.processMemoryFile("test.pdf", bytes.data(), bytes.size());
  }
  std::vector<QPDFPageObjectHelper> pages() { return QPDFPageDocumentHelper(pdf).getAllPages(); }
};

/// One content-stream operator with its operands.
struct Op {
  std::string name;
  std::vector<QPDFObjectHandle> args;
};

class OpCollector : public QPDFObjectHandle::ParserCallbacks {
 public:
  std::vector<Op> ops;
  void handleObject(QPDFObjectHandle obj) override {
    if (obj.isOperator()) {
      ops.push_back({obj.getOperatorValue(), std::move(args_)});
      args_.clear();
    } else {
      args_.push_back(obj);
    }
  }
  void handleEOF() override {}

 private:
  std::vector<QPDFObjectHandle> args_;
};

inline std::vector<Op> page_ops(QPDFPageObjectHelper& page) {
  OpCollector c;
  page.parseContents(&c);
  return c.ops;
}

inline std::vector<double> numbers(QPDFObjectHandle array) {
  std::vector<double> out;
  for (int i = 0; i < array.getArrayNItems(); ++i) {
    out.push_back(array.getArrayItem(i).getNumericValue());
  }
  return out;
}

inline void expect_box(QPDFObjectHandle box, double l, double b, double r, double t) {
  ASSERT_TRUE(box.isArray());
  const std::vector<double> v = numbers(box);
  ASSERT_EQ(v.size(), 4u);
  EXPECT_NEAR(v[0], l, 1e-3);
  EXPECT_NEAR(v[1], b, 1e-3);
  EXPECT_NEAR(v[2], r, 1e-3);
  EXPECT_NEAR(v[3], t, 1e-3);
}

inline std::string stream_text(QPDFObjectHandle stream) {
  auto buf = stream.getStreamData(qpdf_dl_generalized);
  return std::string(reinterpret_cast<const char*>(buf->getBuffer()), buf->getSize());
}

// Parses the bfchar sections of a ToUnicode CMap into CID → its text as UTF-16BE hex
// digits ("0066006C" for a ligature "fl").
inline std::map<uint32_t, std::string> parse_to_unicode(const std::string& cmap) {
  std::map<uint32_t, std::string> map;
  std::istringstream in(cmap);
  std::string line;
  bool chars = false;
  const std::regex entry("<([0-9A-Fa-f]+)> <([0-9A-Fa-f]*)>");
  std::smatch m;
  while (std::getline(in, line)) {
    if (line.find("beginbfchar") != std::string::npos)
      chars = true;
    else if (line.find("endbfchar") != std::string::npos)
      chars = false;
    else if (chars && std::regex_search(line, m, entry)) {
      map[static_cast<uint32_t>(std::stoul(m[1], nullptr, 16))] = m[2];
    }
  }
  return map;
}

// The Type0 fonts of a page, by resource name.
inline std::map<std::string, QPDFObjectHandle> page_fonts(QPDFPageObjectHelper& page) {
  std::map<std::string, QPDFObjectHandle> out;
  QPDFObjectHandle fonts = page.getObjectHandle().getKey("/Resources").getKey("/Font");
  for (const std::string& key : fonts.getKeys()) out[key] = fonts.getKey(key);
  return out;
}

// The CIDs of a string shown with an Identity-H font (two bytes each).
inline std::vector<uint32_t> cids_of(const std::string& s) {
  std::vector<uint32_t> out;
  for (size_t i = 0; i + 1 < s.size(); i += 2) {
    out.push_back(static_cast<unsigned char>(s[i]) << 8 | static_cast<unsigned char>(s[i + 1]));
  }
  return out;
}

// The widths of a CIDFontType2's /W array, by CID.
inline std::map<uint32_t, double> cid_widths(QPDFObjectHandle type0) {
  std::map<uint32_t, double> out;
  QPDFObjectHandle w = type0.getKey("/DescendantFonts").getArrayItem(0).getKey("/W");
  for (int i = 0; i + 1 < w.getArrayNItems(); i += 2) {
    const auto first = static_cast<uint32_t>(w.getArrayItem(i).getIntValue());
    const std::vector<double> ws = numbers(w.getArrayItem(i + 1));
    for (size_t k = 0; k < ws.size(); ++k) out[first + static_cast<uint32_t>(k)] = ws[k];
  }
  return out;
}

// One glyph as a PDF reader places it: CID and origin in PDF user space.
struct Shown {
  uint32_t cid = 0;
  double x = 0, y = 0;
};

// Replays the text operators of a page (Tf, Tc, Tz, Tm, Td, Ts, TJ, Tj) with the widths of
// its one font, as a PDF reader would, and the translations of cm (q, Q): where each glyph
// is drawn. Tz scales widths, Tc and TJ adjustments, not Td.
inline std::vector<Shown> shown_glyphs(std::vector<Op> ops,
                                       const std::map<uint32_t, double>& widths) {
  std::vector<Shown> out;
  double size = 0, x = 0, y = 0, line_x = 0, line_y = 0, rise = 0, spacing = 0, th = 1;
  std::pair<double, double> ctm{0, 0};
  std::vector<std::pair<std::pair<double, double>, double>> saved;
  auto show = [&](const std::string& s) {
    for (uint32_t cid : cids_of(s)) {
      out.push_back({cid, ctm.first + x, ctm.second + y + rise});
      x += ((widths.count(cid) ? widths.at(cid) * size / 1000 : 0) + spacing) * th;
    }
  };
  for (Op& op : ops) {
    if (op.name == "q") saved.push_back({ctm, th});
    if (op.name == "Q" && !saved.empty()) {
      ctm = saved.back().first, th = saved.back().second;
      saved.pop_back();
    }
    if (op.name == "Tz") th = op.args.at(0).getNumericValue() / 100;
    if (op.name == "cm") {
      ctm.first += op.args.at(4).getNumericValue();
      ctm.second += op.args.at(5).getNumericValue();
    }
    if (op.name == "BT") x = y = line_x = line_y = 0;
    if (op.name == "Tf") size = op.args.at(1).getNumericValue();
    if (op.name == "Tm") {
      x = line_x = op.args.at(4).getNumericValue();
      y = line_y = op.args.at(5).getNumericValue();
    }
    if (op.name == "Td") {
      x = line_x += op.args.at(0).getNumericValue();
      y = line_y += op.args.at(1).getNumericValue();
    }
    if (op.name == "Ts") rise = op.args.at(0).getNumericValue();
    if (op.name == "Tc") spacing = op.args.at(0).getNumericValue();
    if (op.name == "Tj") show(op.args.at(0).getStringValue());
    if (op.name == "TJ") {
      QPDFObjectHandle a = op.args.at(0);
      for (int i = 0; i < a.getArrayNItems(); ++i) {
        QPDFObjectHandle item = a.getArrayItem(i);
        if (item.isString())
          show(item.getStringValue());
        else
          x -= item.getNumericValue() * size / 1000 * th;
      }
    }
  }
  return out;
}

// The CIDs shown on a page.
inline std::set<uint32_t> shown_cids(std::vector<Op> ops) {
  std::set<uint32_t> cids;
  for (const Shown& s : shown_glyphs(ops, {})) cids.insert(s.cid);
  return cids;
}

}  // namespace plaquette::render::pdf::test_util
