// Shared by the files of the Cairo backend only: the colour converter, the font set and
// the path writer. Nothing outside src/render/cairo includes this.
#pragma once

#include <cairo.h>
#include <lcms2.h>

#include <array>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include "base/diag.h"
#include "display/display.h"

namespace plaquette::render::cairo {

/// An sRGB colour, each component 0..1, as Cairo takes it.
struct Rgb {
  double r = 0, g = 0, b = 0;
  bool operator==(const Rgb&) const = default;
};

/// Soft proof of CMYK colours on an sRGB screen through the document's output profile.
/// A brochure uses a couple of dozen colours, so each one is converted once and cached.
class ColourConverter {
 public:
  ColourConverter() = default;
  ColourConverter(const ColourConverter&) = delete;
  ColourConverter& operator=(const ColourConverter&) = delete;
  ~ColourConverter();

  /// Opens the CMYK output profile and builds the transform to sRGB; on failure records an
  /// error at the profile's path saying what is wrong with it and returns false.
  bool open(const std::string& profile_path, Diagnostics& diags);
  /// The sRGB colour the screen shows for a CMYK colour printed with the profile.
  /// Thread-safe once open: pages drawn in parallel share one converter.
  Rgb convert(const display::Cmyk& c);
  /// Sets `c` as Cairo's source colour.
  void set_source(cairo_t* cr, const display::Cmyk& c);

  /// The LittleCMS message of the last failure, kept by the context's error handler.
  std::string last_error;

 private:
  cmsContext context_ = nullptr;
  cmsHTRANSFORM transform_ = nullptr;
  /// Keyed by the 16-bit inks LittleCMS is given, so equal inputs share one entry.
  std::map<std::array<uint16_t, 4>, Rgb> cache_;
  std::mutex mutex_;  ///< guards cache_ and the transform's use
};

/// An open converter for the profile at `path`, shared between renders of this process
/// (`plaquette watch` draws proofs again and again): it is opened again only when the
/// file's identity, size or modification time changed. Null on failure, recorded in `diags`.
std::shared_ptr<ColourConverter> shared_converter(const std::string& path, Diagnostics& diags);

/// Fills and/or strokes a display path (stroke over fill, as the PDF's B operator does).
void draw_path(cairo_t* cr, ColourConverter& colours, const display::Path& path);

/// The fonts of one render: each file opened with FreeType and wrapped in a Cairo font
/// face, so that glyphs are drawn by the ids HarfBuzz chose. The faces are kept for later
/// renders of this process while their files stay unchanged (identity, size, modification
/// time). draw_text may be called from several threads at once.
class FontSet {
 public:
  FontSet() = default;
  FontSet(const FontSet&) = delete;
  FontSet& operator=(const FontSet&) = delete;
  ~FontSet();

  /// Opens every font file; reports each one that fails (at the font's path).
  bool load(const std::vector<display::FontFace>& faces, Diagnostics& diags);
  /// Draws one shaped run at the positions HarfBuzz gave its glyphs.
  void draw_text(cairo_t* cr, ColourConverter& colours, const display::TextRun& run) const;

 private:
  std::vector<cairo_font_face_t*> faces_;  ///< one per distinct file, one reference each
  std::vector<int> face_of_font_;          ///< display font index → faces_ index
};

}  // namespace plaquette::render::cairo
