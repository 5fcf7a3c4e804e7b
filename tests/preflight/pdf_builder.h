// Small one-page PDFs made with libqpdf for the preflight tests: a PDF/X-1a-clean page by
// default, with knobs that break one rule each.
#pragma once

#include <algorithm>
#include <cstdio>
#include <fstream>
#include <functional>
#include <iterator>
#include <qpdf/Buffer.hh>
#include <qpdf/QPDF.hh>
#include <qpdf/QPDFObjectHandle.hh>
#include <qpdf/QPDFPageDocumentHelper.hh>
#include <qpdf/QPDFWriter.hh>
#include <string>
#include <vector>

namespace plaquette::preflight::test {

inline std::string read_file(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  return std::string((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
}

/// What the page holds; every default is what PDF/X-1a wants.
struct PdfSpec {
  /// Page content; /F1 is the font, /Im1 a 150×150 px CMYK image, /GS1 the ExtGState.
  std::string content = "0 0 0 1 k 20 20 100 100 re f BT /F1 12 Tf 72 72 Td (Hi) Tj ET";
  bool trim_box = true;
  double bleed_mm = 3;
  bool embed_font = true;
  std::string ext_gstate = "<< /Type /ExtGState /CA 1 /ca 1 >>";
  std::string image_space = "/DeviceCMYK";
  bool output_intent = true;
  bool pdfx_info = true;
  std::string form_content;   ///< when set, /Fm1 is a form XObject with this content
  std::string form_extra;     ///< extra entries of /Fm1's dictionary, e.g. "/Ref << >>"
  std::string image_extra;    ///< extra entries of /Im1's dictionary, e.g. "/Alternates []"
  int image_bpc = 8;          ///< bits per component of /Im1
  std::string image_data;     ///< /Im1's samples (150×150 CMYK); default 25 % of each ink
  std::string shading;        ///< when set, the dictionary of the shading /Sh1
  std::string colour_spaces;  ///< when set, the page's /ColorSpace resource dictionary
  /// /F2 (when the content names it): Lato as a composite font (Type0, Identity-H, CIDFontType2,
  /// CID = glyph id), with the /W of these CIDs taken from its hmtx; `wrong_width` CID gets 1 unit
  /// more.
  std::vector<unsigned> composite_cids = {36, 37};
  int wrong_width = -1;
  bool embed_profile = true;  ///< else a registered condition (FOGRA39) without profile
  std::string info =
      "<< /Title (Test) /GTS_PDFXVersion (PDF/X-1a:2003) /Trapped /False "
      "/CreationDate (D:20240305102030Z) /ModDate (D:20240305102030Z) >>";
  std::string version;          ///< forced header version, e.g. "1.6"
  bool object_streams = false;  ///< object and cross-reference streams (PDF 1.5)
  bool encrypt = false;         ///< RC4 128-bit, empty user password
  /// Last changes to the document before writing (annotations, actions, ...).
  std::function<void(QPDF&, QPDFObjectHandle page)> tweak;
};

/// The advance width of a glyph of a TrueType program, in thousandths of an em (hmtx).
inline double advance_1000(const std::string& ttf, unsigned gid) {
  const auto u16 = [&](std::size_t at) {
    return static_cast<unsigned>(static_cast<unsigned char>(ttf[at])) << 8 |
           static_cast<unsigned char>(ttf[at + 1]);
  };
  const auto u32 = [&](std::size_t at) { return u16(at) << 16 | u16(at + 2); };
  std::size_t head = 0, hhea = 0, hmtx = 0;
  for (unsigned i = 0, n = u16(4); i < n; ++i) {
    const std::string tag = ttf.substr(12 + 16 * i, 4);
    const std::size_t off = u32(12 + 16 * i + 8);
    if (tag == "head") head = off;
    if (tag == "hhea") hhea = off;
    if (tag == "hmtx") hmtx = off;
  }
  const unsigned metrics = u16(hhea + 34);
  return u16(hmtx + 4 * std::min(gid, metrics - 1)) * 1000.0 / u16(head + 18);
}

inline std::string build_pdf(const PdfSpec& s) {
  QPDF pdf;
  pdf.emptyPDF();
  const double mm = 72 / 25.4, trim_w = 210 * mm, trim_h = 297 * mm, slug = 10 * mm;
  auto box = [&](double inset) {
    return QPDFObjectHandle::newArray(QPDFObjectHandle::Rectangle(
        inset, inset, trim_w + 2 * slug - inset, trim_h + 2 * slug - inset));
  };

  QPDFObjectHandle font;
  if (s.embed_font) {
    QPDFObjectHandle file = QPDFObjectHandle::newStream(
        &pdf, read_file(PLAQUETTE_SOURCE_DIR "/fonts/Lato-Regular.ttf"));
    QPDFObjectHandle desc =
        QPDFObjectHandle::parse("<< /Type /FontDescriptor /FontName /Lato-Regular /Flags 32 >>");
    desc.replaceKey("/FontFile2", file);
    font = QPDFObjectHandle::parse("<< /Type /Font /Subtype /TrueType /BaseFont /Lato-Regular >>");
    font.replaceKey("/FontDescriptor", pdf.makeIndirectObject(desc));
  } else {
    font = QPDFObjectHandle::parse("<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>");
  }
  QPDFObjectHandle image = QPDFObjectHandle::newStream(
      &pdf, s.image_data.empty() ? std::string(150 * 150 * 4, '\x40') : s.image_data);
  image.replaceDict(QPDFObjectHandle::parse(
      "<< /Type /XObject /Subtype /Image /Width 150 /Height 150 /BitsPerComponent " +
      std::to_string(s.image_bpc) +
      " "
      "/ColorSpace " +
      s.image_space + " " + s.image_extra + " >>"));

  QPDFObjectHandle res = QPDFObjectHandle::newDictionary();
  QPDFObjectHandle fonts = QPDFObjectHandle::newDictionary();
  fonts.replaceKey("/F1", pdf.makeIndirectObject(font));
  if (s.content.find("/F2") != std::string::npos) {
    const std::string ttf = read_file(PLAQUETTE_SOURCE_DIR "/fonts/Lato-Regular.ttf");
    QPDFObjectHandle desc = QPDFObjectHandle::parse(
        "<< /Type /FontDescriptor /FontName /Lato-Regular /Flags 32 /FontBBox [0 0 1000 1000] "
        "/ItalicAngle 0 /Ascent 800 /Descent -200 /CapHeight 700 /StemV 80 >>");
    desc.replaceKey("/FontFile2", QPDFObjectHandle::newStream(&pdf, ttf));
    std::string w = "[";
    for (unsigned cid : s.composite_cids) {
      char entry[64];
      std::snprintf(entry, sizeof entry, " %u [%.3f]", cid,
                    advance_1000(ttf, cid) + (static_cast<int>(cid) == s.wrong_width ? 1.5 : 0));
      w += entry;
    }
    QPDFObjectHandle cid_font = QPDFObjectHandle::parse(
        "<< /Type /Font /Subtype /CIDFontType2 /BaseFont /Lato-Regular /CIDSystemInfo "
        "<< /Registry (Adobe) /Ordering (Identity) /Supplement 0 >> /CIDToGIDMap /Identity "
        "/W " +
        w + " ] >>");
    cid_font.replaceKey("/FontDescriptor", pdf.makeIndirectObject(desc));
    QPDFObjectHandle type0 = QPDFObjectHandle::parse(
        "<< /Type /Font /Subtype /Type0 /BaseFont /Lato-Regular /Encoding /Identity-H >>");
    type0.replaceKey("/DescendantFonts",
                     QPDFObjectHandle::newArray({pdf.makeIndirectObject(cid_font)}));
    fonts.replaceKey("/F2", pdf.makeIndirectObject(type0));
  }
  res.replaceKey("/Font", fonts);
  QPDFObjectHandle xobjects = QPDFObjectHandle::newDictionary();
  xobjects.replaceKey("/Im1", image);
  if (!s.form_content.empty()) {
    QPDFObjectHandle form = QPDFObjectHandle::newStream(&pdf, s.form_content);
    form.replaceDict(QPDFObjectHandle::parse(
        "<< /Type /XObject /Subtype /Form /BBox [0 0 200 200] " + s.form_extra + " >>"));
    xobjects.replaceKey("/Fm1", form);
  }
  res.replaceKey("/XObject", xobjects);
  QPDFObjectHandle gstates = QPDFObjectHandle::newDictionary();
  gstates.replaceKey("/GS1", QPDFObjectHandle::parse(s.ext_gstate));
  res.replaceKey("/ExtGState", gstates);
  if (!s.colour_spaces.empty())
    res.replaceKey("/ColorSpace", QPDFObjectHandle::parse(s.colour_spaces));
  if (!s.shading.empty()) {
    QPDFObjectHandle shadings = QPDFObjectHandle::newDictionary();
    shadings.replaceKey("/Sh1", QPDFObjectHandle::parse(s.shading));
    res.replaceKey("/Shading", shadings);
  }

  QPDFObjectHandle page = QPDFObjectHandle::parse("<< /Type /Page >>");
  page.replaceKey("/MediaBox", box(0));
  if (s.trim_box) page.replaceKey("/TrimBox", box(slug));
  page.replaceKey("/BleedBox", box(slug - s.bleed_mm * mm));
  page.replaceKey("/Resources", res);
  page.replaceKey("/Contents", QPDFObjectHandle::newStream(&pdf, s.content));
  QPDFObjectHandle page_ref = pdf.makeIndirectObject(page);
  QPDFPageDocumentHelper(pdf).addPage(QPDFPageObjectHelper(page_ref), false);

  if (s.output_intent) {
    QPDFObjectHandle icc = QPDFObjectHandle::newStream(
        &pdf, read_file(PLAQUETTE_SOURCE_DIR "/layouts/profiles/FOGRA39L_coated.icc"));
    icc.getDict().replaceKey("/N", QPDFObjectHandle::newInteger(4));
    QPDFObjectHandle intent = QPDFObjectHandle::parse(
        "<< /Type /OutputIntent /S /GTS_PDFX /OutputConditionIdentifier (FOGRA39) "
        "/RegistryName (http://www.color.org) /Info (FOGRA39L Coated) >>");
    if (s.embed_profile) intent.replaceKey("/DestOutputProfile", icc);
    pdf.getRoot().replaceKey("/OutputIntents", QPDFObjectHandle::newArray({intent}));
  }
  if (s.pdfx_info) {
    pdf.getTrailer().replaceKey("/Info", pdf.makeIndirectObject(QPDFObjectHandle::parse(s.info)));
  }
  if (s.tweak) s.tweak(pdf, pdf.getObjectByObjGen(page_ref.getObjGen()));
  QPDFWriter w(pdf);
  w.setOutputMemory();
  if (!s.version.empty()) w.forcePDFVersion(s.version);
  if (s.object_streams) w.setObjectStreamMode(qpdf_o_generate);
  if (s.encrypt)
    w.setR3EncryptionParametersInsecure("", "owner", true, true, true, true, true, true,
                                        qpdf_r3p_full);
  w.setStaticID(true);  // a fixed /ID: the files are reproducible
  w.write();
  std::shared_ptr<Buffer> buf = w.getBufferSharedPointer();
  std::string bytes(reinterpret_cast<const char*>(buf->getBuffer()), buf->getSize());
  // Object streams make qpdf write PDF 1.5: relabel the header, as some tools do.
  if (s.object_streams) bytes.replace(0, 8, "%PDF-1.4");
  return bytes;
}

}  // namespace plaquette::preflight::test
