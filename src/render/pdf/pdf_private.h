// Shared by the files of the PDF backend only: the libharu context, the page state and
// the text/path writers. Nothing outside src/render/pdf includes this.
#pragma once

#include <hpdf.h>

#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "base/diag.h"
#include "base/file.h"
#include "base/font_licence.h"
#include "display/display.h"

struct hb_face_t;

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
  /// [/Separation /All /DeviceCMYK …]: one object shared by every page that has marks.
  HPDF_Array registration = nullptr;

  explicit Context(Diagnostics& d) : diags(d) {}

  /// True when no libharu error is pending; otherwise records
  /// "libharu error 0x1234 (meaning) while <doing>" at pos, clears the error, returns false.
  bool ok(const char* doing, const SourcePos& pos = {});
};

/// What the page being drawn has already set, so that unchanged colours and widths are
/// not repeated in the content stream, and the content stream itself: every operator of a
/// page is appended to `ops`, compressed once when the page is finished (finish_page).
struct PageState {
  HPDF_Page page = nullptr;
  double height = 0;  ///< media height, to flip display y (down) into PDF y (up)
  std::string ops;    ///< the page's content stream, uncompressed
  std::optional<display::Cmyk> fill, stroke;
  std::optional<double> line_width;
  bool registration_resource = false;  ///< /All is in the page's colour spaces
  /// The registration colour (/All) is the current fill / stroke colour.
  bool fill_registration = false, stroke_registration = false;
  /// The text font, size and character spacing last set by Tf and Tc (text state outlives
  /// BT … ET).
  const char* font = nullptr;
  double font_size = 0;
  double char_spacing = 0;
  /// Horizontal scaling (Tz, percent) last set: font expansion of justified lines.
  double horizontal_scale = 100;
  /// Text runs in a row (no path between them) are written inside `q 1 0 0 1 x y cm … Q`,
  /// (x, y) the first run's origin to 1/1000 pt, so that their Td are short offsets from it
  /// ("0 -11.2 Td" rather than "79.37 672.438 Td"); in thousandths of a point.
  bool text_frame = false;
  long long frame_x = 0, frame_y = 0;

  /// PDF y (origin bottom-left, up) of a display y (origin top-left, down).
  double y(double display_y) const { return height - display_y; }
};

/// Appends a number with at most `decimals` decimals (0 to 4), the shortest way PDF allows:
/// no trailing zeros, no leading zero ("12.5", "-3", ".001", "-.25").
void append_number(std::string& out, double v, int decimals = 3);
/// Sets the CMYK fill colour (k operator) unless it is already current.
void set_fill_color(PageState& ps, const display::Cmyk& c);
/// Fills and/or strokes a path in CMYK.
bool draw_path(Context& ctx, PageState& ps, const display::Path& path);
/// Compresses the page's operators into its content stream.
bool finish_page(Context& ctx, PageState& ps);

/// Makes the document PDF/X-1a:2003: output intent with the embedded CMYK profile of
/// doc.output_profile (checked with LittleCMS), PDF/X info keys, version 1.4, and a zero
/// /ID placeholder for stamp_document_id. Reports a missing or unsuitable profile.
bool write_pdfx(Context& ctx, const display::Document& doc);
/// Replaces the zero /ID placeholder in the saved bytes with the MD5 of those bytes.
/// Returns false when the trailer holds no placeholder.
bool stamp_document_id(std::string& bytes);

/// Appends UTF-8 text as UTF-16BE hex digits (surrogate pairs above U+FFFF), leaving out
/// invalid sequences and C0 controls.
void append_utf16_hex(std::string& out, std::string_view text);

/// A font file parsed once per process: its bytes, HarfBuzz face and the metrics a PDF
/// font dictionary needs (font units). Immutable and shared by every document of a batch.
struct FontProgram {
  ~FontProgram();
  std::string path;
  /// The whole file, read through the bounded reader (shared with the layout's font).
  std::shared_ptr<const FileBytes> bytes;
  /// The file's version as it was looked at before it was read (font_program's cache).
  FileStamp stamp;
  hb_face_t* face = nullptr;  ///< immutable HarfBuzz face over bytes (destroyed first)
  unsigned glyph_count = 0;
  int upem = 1000;
  uint16_t fs_type = 0, weight = 400;
  int bbox[4] = {0, 0, 0, 0};  ///< head: xMin yMin xMax yMax
  int ascent = 0, descent = 0, cap_height = 0;
  double italic_angle = 0;
  bool fixed_pitch = false;
  std::string postscript_name;  ///< made of PDF name characters only
  std::vector<int> advance;     ///< horizontal advance of each glyph

  /// Font units in thousandths of an em (PDF glyph space).
  double em(int units) const;
  bool may_subset() const { return font_subsetting_allowed(fs_type); }
};

/// The font program at `path`, parsed on first use; null with `error` set on failure
/// (unreadable, a collection, not TrueType). Thread-safe.
std::shared_ptr<const FontProgram> font_program(const std::string& path, std::string& error);

/// A subset font program and where the glyphs asked for went in it.
struct SubsetFont {
  std::string bytes;
  std::string deflated;  ///< bytes deflated at kDeflateFast (shared_subset only)
  unsigned glyph_count = 0;
  std::vector<uint32_t> new_gid;  ///< glyph id in the subset of each glyph asked for
};

/// Subsets `fp` to `gids` (sorted, each below fp.glyph_count) with hb-subset; a font whose
/// licence forbids subsetting is returned whole. False with `error` when HarfBuzz fails.
bool subset_font(const FontProgram& fp, const std::vector<uint32_t>& gids, SubsetFont& out,
                 std::string& error);

/// subset_font, with the subset deflated, shared by every document of the process that
/// embeds the same glyphs of the same font program (the editions of a batch in one locale
/// draw the same glyphs: subsetting and compressing were a fifth of a batch's time). A
/// bounded cache: 256 subsets and 32 MiB at most. Null with `error` on failure.
/// Thread-safe.
std::shared_ptr<const SubsetFont> shared_subset(const std::shared_ptr<const FontProgram>& fp,
                                                const std::vector<uint32_t>& gids,
                                                std::string& error);

/// Writes Flate-compressed bytes as the data of a stream libharu must not compress again.
bool write_deflated(Context& ctx, HPDF_Dict stream, const std::string& deflated);
/// Compression levels of deflate_bytes (libdeflate's, 1 to 12): streams written once per
/// document take the level that costs well under a millisecond per page (level 6: 0.3 ms
/// for a 28 KB page, zlib's default 1.8 ms for the same size); data compressed once per
/// process (the output profile) a level that is smaller than zlib's best and still faster
/// than zlib's default (FOGRA39: 93.9 KB in 5 ms; level 12 saves 1 KB more for 11 ms).
inline constexpr int kDeflateFast = 6, kDeflateBest = 8;
/// zlib-format (RFC 1950) deflate of `size` bytes, as /FlateDecode reads it; empty on
/// failure. Thread-safe (one compressor per thread and level).
std::string deflate_bytes(const char* data, std::size_t size, int level);
inline std::string deflate_bytes(const std::string& bytes, int level) {
  return deflate_bytes(bytes.data(), bytes.size(), level);
}
/// Writes `bytes` into a new stream object, deflated at kDeflateFast.
HPDF_Dict deflated_stream(Context& ctx, const std::string& bytes);

/// The fonts of one document, written by glyph id (Identity-H, CID = glyph id in the
/// subset). Text is walked twice: collect() records every glyph drawn and the text it
/// stands for, write_fonts() subsets and writes each used font, then draw_text() writes
/// each run as one TJ.
class FontSet {
 public:
  explicit FontSet(Context& ctx) : ctx_(ctx) {}

  /// Parses every font file (shared per process); reports each one that fails.
  bool load(const std::vector<display::FontFace>& faces);
  /// First pass: records the glyphs of a run and their copy/paste text.
  bool collect(const display::TextRun& run);
  /// Subsets the used fonts and writes their Type0/CIDFontType2 dictionaries, font
  /// programs, widths and ToUnicode CMaps.
  bool write_fonts();
  /// Second pass, in the same order as collect(): the run as BT … TJ … ET.
  bool draw_text(PageState& ps, const display::TextRun& run);

 private:
  /// One distinct (glyph, text) pair drawn with a face: one CID.
  struct Key {
    uint32_t gid = 0;
    std::string text;  ///< the characters it stands for in copied text (UTF-8); may be empty
    uint32_t cid = 0;  ///< set by write_fonts()
  };
  struct Face {
    std::shared_ptr<const FontProgram> program;
    SourcePos named_at;  ///< where the layout names the font, for errors
    std::vector<Key> keys;
    std::vector<int32_t> first_key;               ///< per glyph id: its first key, or -1
    std::multimap<uint32_t, uint32_t> more_keys;  ///< gid → later keys with other texts
    HPDF_Dict type0 = nullptr;
  };

  Face* face_of(const display::TextRun& run);
  uint32_t key_of(Face& face, uint32_t gid, std::string_view text);
  bool write_font(Face& face);

  Context& ctx_;
  std::vector<Face> faces_;
  std::vector<int> face_of_font_;  ///< display font index → faces_ index (files deduplicated)
  std::vector<uint32_t> drawn_;    ///< per glyph collected: its key in its face, in order
  std::size_t next_drawn_ = 0;     ///< draw_text()'s position in drawn_
  std::vector<uint8_t> seen_;      ///< reused: cluster starts already given their text
  std::string text_;               ///< reused: one cluster's sanitised text
};

}  // namespace plaquette::render::pdf
