// Small one-page PDFs made with libqpdf for the preflight tests: a PDF/X-1a-clean page by
// default, with knobs that break one rule each.
#pragma once

// Use qpdf 11 smart pointers without its PointerHolder transition warning.
#define POINTERHOLDER_TRANSITION 4
#include <qpdf/Buffer.hh>
#include <qpdf/QPDF.hh>
#include <qpdf/QPDFObjectHandle.hh>
#include <qpdf/QPDFPageDocumentHelper.hh>
#include <qpdf/QPDFWriter.hh>

#include <fstream>
#include <iterator>
#include <string>

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
  /// Extra page resources (a dictionary's inner text), e.g. "/XObject << /Fm1 ... >>".
  std::string form_content;  ///< when set, /Fm1 is a form XObject with this content
};

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
    QPDFObjectHandle desc = QPDFObjectHandle::parse(
        "<< /Type /FontDescriptor /FontName /Lato-Regular /Flags 32 >>");
    desc.replaceKey("/FontFile2", file);
    font = QPDFObjectHandle::parse("<< /Type /Font /Subtype /TrueType /BaseFont /Lato-Regular >>");
    font.replaceKey("/FontDescriptor", pdf.makeIndirectObject(desc));
  } else {
    font = QPDFObjectHandle::parse("<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>");
  }
  QPDFObjectHandle image = QPDFObjectHandle::newStream(&pdf, std::string(150 * 150 * 4, '\x40'));
  image.replaceDict(QPDFObjectHandle::parse(
      "<< /Type /XObject /Subtype /Image /Width 150 /Height 150 /BitsPerComponent 8 "
      "/ColorSpace " + s.image_space + " >>"));

  QPDFObjectHandle res = QPDFObjectHandle::newDictionary();
  QPDFObjectHandle fonts = QPDFObjectHandle::newDictionary();
  fonts.replaceKey("/F1", pdf.makeIndirectObject(font));
  res.replaceKey("/Font", fonts);
  QPDFObjectHandle xobjects = QPDFObjectHandle::newDictionary();
  xobjects.replaceKey("/Im1", image);
  if (!s.form_content.empty()) {
    QPDFObjectHandle form = QPDFObjectHandle::newStream(&pdf, s.form_content);
    form.replaceDict(QPDFObjectHandle::parse("<< /Type /XObject /Subtype /Form /BBox [0 0 200 200] >>"));
    xobjects.replaceKey("/Fm1", form);
  }
  res.replaceKey("/XObject", xobjects);
  QPDFObjectHandle gstates = QPDFObjectHandle::newDictionary();
  gstates.replaceKey("/GS1", QPDFObjectHandle::parse(s.ext_gstate));
  res.replaceKey("/ExtGState", gstates);

  QPDFObjectHandle page = QPDFObjectHandle::parse("<< /Type /Page >>");
  page.replaceKey("/MediaBox", box(0));
  if (s.trim_box) page.replaceKey("/TrimBox", box(slug));
  page.replaceKey("/BleedBox", box(slug - s.bleed_mm * mm));
  page.replaceKey("/Resources", res);
  page.replaceKey("/Contents", QPDFObjectHandle::newStream(&pdf, s.content));
  QPDFPageDocumentHelper(pdf).addPage(QPDFPageObjectHelper(pdf.makeIndirectObject(page)), false);

  if (s.output_intent) {
    QPDFObjectHandle icc = QPDFObjectHandle::newStream(
        &pdf, read_file(PLAQUETTE_SOURCE_DIR "/layouts/profiles/FOGRA39L_coated.icc"));
    icc.getDict().replaceKey("/N", QPDFObjectHandle::newInteger(4));
    QPDFObjectHandle intent = QPDFObjectHandle::parse(
        "<< /Type /OutputIntent /S /GTS_PDFX /OutputConditionIdentifier (FOGRA39) "
        "/RegistryName (http://www.color.org) /Info (FOGRA39L Coated) >>");
    intent.replaceKey("/DestOutputProfile", icc);
    pdf.getRoot().replaceKey("/OutputIntents", QPDFObjectHandle::newArray({intent}));
  }
  if (s.pdfx_info) {
    pdf.getTrailer().replaceKey(
        "/Info", pdf.makeIndirectObject(QPDFObjectHandle::parse(
                     "<< /Title (Test) /GTS_PDFXVersion (PDF/X-1a:2003) /Trapped /False "
                     "/CreationDate (D:20240305102030Z) /ModDate (D:20240305102030Z) >>")));
  }
  QPDFWriter w(pdf);
  w.setOutputMemory();
  w.setStaticID(true);  // a fixed /ID: the files are reproducible
  w.write();
  std::shared_ptr<Buffer> buf = w.getBufferSharedPointer();
  return std::string(reinterpret_cast<const char*>(buf->getBuffer()), buf->getSize());
}

}  // namespace plaquette::preflight::test
