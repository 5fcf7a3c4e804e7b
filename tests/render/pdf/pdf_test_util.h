// Helpers shared by the PDF backend tests: a sample display list built by hand, and
// readers of the rendered PDF through libqpdf (pages, content operators, fonts, CMaps).
#pragma once

#include <gtest/gtest.h>

// Use qpdf 11 smart pointers without its PointerHolder transition warning.
#define POINTERHOLDER_TRANSITION 4
#include <hpdf.h>
#include <qpdf/Buffer.hh>
#include <qpdf/QPDF.hh>
#include <qpdf/QPDFObjectHandle.hh>
#include <qpdf/QPDFPageDocumentHelper.hh>
#include <qpdf/QPDFPageObjectHelper.hh>

#include <chrono>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <map>
#include <memory>
#include <regex>
#include <set>
#include <sstream>
#include <string>
#include <vector>

#include <unistd.h>

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

// Advance widths from the font itself (through libharu, in 1/1000 em), so that the text
// extraction test sees realistic glyph spacing. Glyph ids are arbitrary: libharu draws
// from the text.
inline double advance_em(const std::string& font_path, uint32_t cp) {
  struct Metrics {
    HPDF_Doc doc = HPDF_New(nullptr, nullptr);
    HPDF_Font font = nullptr;
    ~Metrics() { HPDF_Free(doc); }
  };
  static std::map<std::string, std::unique_ptr<Metrics>> cache;
  auto& m = cache[font_path];
  if (!m) {
    m = std::make_unique<Metrics>();
    HPDF_UseUTFEncodings(m->doc);
    const char* name = HPDF_LoadTTFontFromFile(m->doc, font_path.c_str(), HPDF_FALSE);
    m->font = HPDF_GetFont(m->doc, name, "UTF-8");
  }
  return HPDF_Font_GetUnicodeWidth(m->font, static_cast<HPDF_UNICODE>(cp)) / 1000.0;
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
    if (cp >= 0xF0) n = 4, cp &= 0x07;
    else if (cp >= 0xE0) n = 3, cp &= 0x0F;
    else if (cp >= 0xC0) n = 2, cp &= 0x1F;
    for (uint32_t k = 1; k < n; ++k) cp = cp << 6 | (static_cast<unsigned char>(text[i + k]) & 0x3F);
    run.glyphs.push_back(Glyph{i + 1, size * advance_em(font_path, cp), 0, 0, i, i + n});
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

// Parses the bfchar/bfrange sections of a ToUnicode CMap into CID → code point.
inline std::map<uint32_t, uint32_t> parse_to_unicode(const std::string& cmap) {
  std::map<uint32_t, uint32_t> map;
  std::istringstream in(cmap);
  std::string line;
  enum { none, chars, ranges } section = none;
  const std::regex hex("<([0-9A-Fa-f]+)>");
  while (std::getline(in, line)) {
    if (line.find("beginbfchar") != std::string::npos) section = chars;
    else if (line.find("beginbfrange") != std::string::npos) section = ranges;
    else if (line.find("endbf") != std::string::npos) section = none;
    else if (section != none) {
      std::vector<uint32_t> v;
      for (std::sregex_iterator it(line.begin(), line.end(), hex), end; it != end; ++it) {
        v.push_back(static_cast<uint32_t>(std::stoul((*it)[1], nullptr, 16)));
      }
      if (section == chars && v.size() == 2) map[v[0]] = v[1];
      if (section == ranges && v.size() == 3) {
        for (uint32_t c = v[0]; c <= v[1]; ++c) map[c] = v[2] + (c - v[0]);
      }
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

// The CIDs shown by Tj operators (libharu writes two bytes per CID).
inline std::set<uint32_t> shown_cids(std::vector<Op> ops) {
  std::set<uint32_t> cids;
  for (Op& op : ops) {
    if (op.name != "Tj") continue;
    const std::string s = op.args.at(0).getStringValue();
    for (size_t i = 0; i + 1 < s.size(); i += 2) {
      cids.insert(static_cast<unsigned char>(s[i]) << 8 | static_cast<unsigned char>(s[i + 1]));
    }
  }
  return cids;
}

}  // namespace plaquette::render::pdf::test_util
