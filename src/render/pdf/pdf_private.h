// Shared by the files of the PDF backend only: the libharu context, the page state and
// the text/path writers. Nothing outside src/render/pdf includes this.
#pragma once

#include <hpdf.h>

#include <bitset>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "base/diag.h"
#include "display/display.h"

namespace plaquette::render::pdf {

/// The first libharu error since the last check, written by the C error handler.
struct HaruError {
  HPDF_STATUS code = HPDF_OK;
  HPDF_STATUS detail = 0;
};

/// The libharu document being written and where its problems are reported.
struct Context {
  HPDF_Doc doc = nullptr;
  HaruError error;
  Diagnostics& diags;

  explicit Context(Diagnostics& d) : diags(d) {}

  /// True when no libharu error is pending; otherwise records
  /// "libharu error 0x1234 (meaning) while <doing>" at pos, clears the error, returns false.
  bool ok(const char* doing, const SourcePos& pos = {});
};

/// What the page being drawn has already set, so that unchanged colours and widths are
/// not repeated in the content stream.
struct PageState {
  HPDF_Page page = nullptr;
  double height = 0;  ///< media height, to flip display y (down) into PDF y (up)
  std::optional<display::Cmyk> fill, stroke;
  std::optional<double> line_width;

  /// PDF y (origin bottom-left, up) of a display y (origin top-left, down).
  double y(double display_y) const { return height - display_y; }
};

/// Sets the CMYK fill colour (k operator) unless it is already current.
bool set_fill_color(Context& ctx, PageState& ps, const display::Cmyk& c);
/// Fills and/or strokes a path in CMYK.
bool draw_path(Context& ctx, PageState& ps, const display::Path& path);

/// Makes the document PDF/X-1a:2003: output intent with the embedded CMYK profile of
/// doc.output_profile (checked with LittleCMS), PDF/X info keys, version 1.4, and a zero
/// /ID placeholder for stamp_document_id. Reports a missing or unsuitable profile.
bool write_pdfx(Context& ctx, const display::Document& doc);
/// Replaces the zero /ID placeholder in the saved bytes with the MD5 of those bytes.
/// Returns false when the trailer holds no placeholder.
bool stamp_document_id(std::string& bytes);

/// The fonts of one document: each file loaded once, drawn from UTF-8 cluster text, and
/// given a ToUnicode CMap listing exactly the code points drawn.
class FontSet {
 public:
  explicit FontSet(Context& ctx) : ctx_(ctx) {}

  /// Loads every font file; reports each one that fails (at the font's path).
  bool load(const std::vector<display::FontFace>& faces);
  /// Draws one shaped run: each cluster's text at HarfBuzz's position.
  bool draw_text(PageState& ps, const display::TextRun& run);
  /// Replaces libharu's malformed ToUnicode CMap of each used font with a correct one.
  bool write_to_unicode();

 private:
  struct Face {
    std::string path;
    const char* name = nullptr;  ///< libharu's font name (owned by the document)
    HPDF_Font font = nullptr;    ///< created on first use, so unused fonts are not embedded
    /// Code points drawn with this font; libharu's CID for a code point is the code point.
    std::unique_ptr<std::bitset<0x10000>> used;
  };

  bool use(Face& face);
  /// Decodes cluster UTF-8 into code points libharu can encode, re-encoded into text_.
  void encode_cluster(Face& face, std::string_view cluster);

  Context& ctx_;
  std::vector<Face> faces_;
  std::vector<int> face_of_font_;  ///< display font index → faces_ index (files deduplicated)
  std::string text_;               ///< reused buffer for one cluster's text
  std::vector<uint8_t> drawn_;     ///< reused: cluster start bytes already drawn in a run
  bool warned_unencodable_ = false;
};

}  // namespace plaquette::render::pdf
