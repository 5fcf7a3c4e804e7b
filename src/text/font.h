// Fonts: one TrueType file loaded once, with its HarfBuzz face and font.
//
// HarfBuzz (with its own OpenType tables, not FreeType callbacks) is the single source of
// names and metrics for shaping and for both backends. The Cairo proof backend opens its own
// FreeType faces (src/render/cairo/cairo_text.cc); a build never initialises FreeType.
#pragma once

#include <cstdint>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include "base/diag.h"
#include "base/file.h"

// Opaque C handles, declared here so that users of this header need no HarfBuzz include
// path of their own.
struct hb_font_t;
struct hb_face_t;

namespace plaquette::text {

/// A loaded TrueType face. Immutable once loaded: HarfBuzz shaping through hb() and every
/// accessor may be used from several threads at once.
class Font {
 public:
  ~Font();
  Font(const Font&) = delete;
  Font& operator=(const Font&) = delete;

  /// The path the font was loaded from, as the caller spelled it.
  const std::string& path() const { return path_; }
  /// PostScript name ("Lato-Regular"), for PDF font dictionaries and dumps.
  const std::string& postscript_name() const { return postscript_name_; }
  /// Design units per em (2000 for Lato).
  int units_per_em() const { return upem_; }
  /// Ascender above the baseline, in em (multiply by the size in points).
  double ascender() const { return ascender_; }
  /// Descender, in em; negative (below the baseline).
  double descender() const { return descender_; }
  /// Height of flat capitals, in em.
  double cap_height() const { return cap_height_; }
  /// Height of flat lowercase letters, in em.
  double x_height() const { return x_height_; }
  /// Whether the font's cmap maps this code point to a glyph.
  bool has_codepoint(char32_t cp) const;
  /// The HarfBuzz font, scaled to units_per_em() in both directions.
  hb_font_t* hb() const { return hb_font_; }
  /// A number no other font of this process had: what caches that may outlive the font
  /// (shape_cached) key it by, where its address could be reused by a later font.
  std::uint64_t serial() const { return serial_; }

 private:
  friend class FontCache;
  Font();

  std::uint64_t serial_ = 0;
  std::string path_;
  /// The file, read once and shared with the PDF backend (read_input_file_shared);
  /// HarfBuzz points into it.
  std::shared_ptr<const FileBytes> bytes_;
  std::string postscript_name_;
  int upem_ = 1000;
  double ascender_ = 0, descender_ = 0, cap_height_ = 0, x_height_ = 0;
  uint16_t fs_type_ = 0;  ///< OS/2 embedding permissions
  hb_face_t* hb_face_ = nullptr;
  hb_font_t* hb_font_ = nullptr;
};

/// What FontCache::load() checks beyond what shaping needs.
enum class FontChecks {
  /// A trial subset too (.notdef only), so that a font hb-subset cannot read is an error
  /// where the layout names it: for `check`, `dump` and `proof`, which embed no font.
  with_trial_subset,
  /// No trial subset: for `build` and `watch`, whose PDF backend subsets every font it
  /// embeds and reports a failure at the same layout line (display::FontFace::named_at).
  /// The trial costs ~0.2 ms a font, a twentieth of a whole build.
  without_trial_subset,
};

/// Loads fonts by path, each once. Owns the fonts: pointers stay valid for its lifetime.
/// load() and fonts() are thread-safe (one mutex); the fonts themselves are immutable.
class FontCache {
 public:
  FontCache() : FontCache(FontChecks::with_trial_subset) {}
  explicit FontCache(FontChecks checks);
  ~FontCache();
  FontCache(const FontCache&) = delete;
  FontCache& operator=(const FontCache&) = delete;

  /// Returns the font at `path`, loading it on first use. A missing, unreadable or
  /// non-TrueType file, a collection (.ttc), a WOFF, a font whose licence forbids embedding
  /// or (with the trial subset) that hb-subset cannot subset is an error at `where` naming
  /// the file (what the PDF backend would refuse, found by `check` too); returns nullptr
  /// then. A font whose
  /// licence forbids subsetting gets a note: the PDF embeds it whole.
  const Font* load(const std::string& path, const SourcePos& where, Diagnostics& diags);
  /// Every font loaded so far, in load order (the order of Document::fonts, typically).
  std::vector<const Font*> fonts() const;

 private:
  /// Loads without the lock; fills `error` (and `hint`, when there is a better one than the
  /// generic one) on failure.
  std::unique_ptr<Font> open(const std::string& path, std::string& error, std::string& hint);

  FontChecks checks_;
  mutable std::mutex mutex_;
  std::vector<std::unique_ptr<Font>> fonts_;
  std::vector<std::string> keys_;  // canonical path of fonts_[i]
};

}  // namespace plaquette::text
