// Text: glyphs drawn by id, at the positions HarfBuzz gave them, with Cairo font faces made
// from the same font files through FreeType. HarfBuzz (in the layout) is the single source
// of metrics, so the proof places every glyph where the PDF does.
#include <ft2build.h>
#include FT_FREETYPE_H

#include <cairo-ft.h>

#include <cmath>
#include <cstdio>
#include <map>
#include <mutex>
#include <utility>
#include <vector>

#include "base/file.h"
#include "render/cairo/cairo_private.h"

namespace plaquette::render::cairo {

namespace {

// One FreeType library for the whole process, never freed: Cairo keeps recently used font
// faces alive in its own caches after a render returns and frees them later, and each
// FT_Face must die before its library. FreeType asks callers to serialize face creation
// and destruction on one library; the mutex does that.
std::mutex& freetype_mutex() {
  static std::mutex m;
  return m;
}

FT_Library freetype() {
  static FT_Library library = [] {
    FT_Library l = nullptr;
    if (FT_Init_FreeType(&l) != 0) l = nullptr;
    return l;
  }();
  return library;
}

// A FreeType face over the bytes of its file (read through the bounded reader), which must
// outlive it.
struct OwnedFace {
  std::shared_ptr<const FileBytes> bytes;  ///< shared with the layout's font of the file
  FT_Face face = nullptr;
};

// Called by Cairo when its font face is destroyed: the FT_Face and its bytes go with it.
extern "C" void done_face(void* owned) noexcept {
  auto* o = static_cast<OwnedFace*>(owned);
  {
    std::lock_guard<std::mutex> lock(freetype_mutex());
    if (o->face) FT_Done_Face(o->face);
  }
  delete o;
}

const cairo_user_data_key_t kFaceKey{};

// Opens a font file as a Cairo font face that owns its FT_Face; null on failure.
cairo_font_face_t* open_face(const std::string& path, std::string& error) {
  FT_Library library = freetype();
  if (!library) {
    error = "FreeType could not start";
    return nullptr;
  }
  ReadError read_error;
  auto bytes = read_input_file_shared(path, InputKind::font, read_error);
  if (!bytes) {
    error = "cannot open the font: " + read_error.message;
    return nullptr;
  }
  auto* owned = new OwnedFace{std::move(bytes), nullptr};
  FT_Error err;
  {
    std::lock_guard<std::mutex> lock(freetype_mutex());
    err = FT_New_Memory_Face(library, reinterpret_cast<const FT_Byte*>(owned->bytes->data()),
                             static_cast<FT_Long>(owned->bytes->size()), 0, &owned->face);
  }
  FT_Face face = owned->face;
  if (err != 0) {
    owned->face = nullptr;
    done_face(owned);
    char buf[96];
    std::snprintf(buf, sizeof buf, "cannot open the font (FreeType error 0x%02X%s)",
                  static_cast<unsigned>(err),
                  err == FT_Err_Cannot_Open_Resource  ? ": no such file or not readable"
                  : err == FT_Err_Unknown_File_Format ? ": not a font file"
                                                      : "");
    error = buf;
    return nullptr;
  }
  cairo_font_face_t* cf = cairo_ft_font_face_create_for_ft_face(face, 0);
  if (cairo_font_face_set_user_data(cf, &kFaceKey, owned, done_face) != CAIRO_STATUS_SUCCESS) {
    cairo_font_face_destroy(cf);
    done_face(owned);
    error = "Cairo could not use the font (out of memory)";
    return nullptr;
  }
  return cf;
}

// Font faces kept between renders: path → (its stamp when opened, one reference).
std::mutex& face_cache_mutex() {
  static std::mutex m;
  return m;
}
std::map<std::string, std::pair<FileStamp, cairo_font_face_t*>>& face_cache() {
  static auto* cache = new std::map<std::string, std::pair<FileStamp, cairo_font_face_t*>>();
  return *cache;
}

// The face for `path`, from the cache when the file is unchanged; one reference for the
// caller. Null on failure (`error` says why).
cairo_font_face_t* cached_face(const std::string& path, std::string& error) {
  const std::optional<FileStamp> stamp = file_stamp(path);
  if (stamp) {
    std::lock_guard<std::mutex> lock(face_cache_mutex());
    auto it = face_cache().find(path);
    if (it != face_cache().end() && it->second.first == *stamp) {
      ReadLog::record(path);  // read by an earlier render: still a dependency of this one
      return cairo_font_face_reference(it->second.second);
    }
  }
  cairo_font_face_t* f = open_face(path, error);
  if (!f || !stamp) return f;
  std::lock_guard<std::mutex> lock(face_cache_mutex());
  auto& cache = face_cache();
  if (cache.size() >= 64) {
    for (auto& [p, entry] : cache) cairo_font_face_destroy(entry.second);
    cache.clear();
  }
  auto [it, added] = cache.try_emplace(path, *stamp, nullptr);
  if (!added) cairo_font_face_destroy(it->second.second);
  it->second = {*stamp, cairo_font_face_reference(f)};
  return f;
}

}  // namespace

FontSet::~FontSet() {
  for (cairo_font_face_t* f : faces_) cairo_font_face_destroy(f);
}

bool FontSet::load(const std::vector<display::FontFace>& fonts, Diagnostics& diags) {
  std::map<std::string, int> by_path;  // several display fonts may share one file
  bool ok = true;
  face_of_font_.assign(fonts.size(), -1);
  for (std::size_t i = 0; i < fonts.size(); ++i) {
    auto [it, added] = by_path.emplace(fonts[i].path, static_cast<int>(faces_.size()));
    if (added) {
      std::string error;
      cairo_font_face_t* f = cached_face(fonts[i].path, error);
      if (!f) {
        diags.error({fonts[i].path, 0, 0}, error);
        ok = false;
        it->second = -1;
        continue;
      }
      faces_.push_back(f);
    }
    face_of_font_[i] = it->second;
  }
  return ok;
}

void FontSet::draw_text(cairo_t* cr, ColourConverter& colours, const display::TextRun& run) const {
  if (run.glyphs.empty() || run.font < 0 ||
      static_cast<std::size_t>(run.font) >= face_of_font_.size() || face_of_font_[run.font] < 0)
    return;
  cairo_set_font_face(cr, faces_[face_of_font_[run.font]]);
  if (run.scale == 1 || !(run.scale > 0) || !std::isfinite(run.scale)) {
    cairo_set_font_size(cr, run.size);
  } else {
    // Font expansion: the outlines widened or narrowed as the PDF's Tz does.
    cairo_matrix_t m;
    cairo_matrix_init_scale(&m, run.size * run.scale, run.size);
    cairo_set_font_matrix(cr, &m);
  }
  colours.set_source(cr, run.color);
  std::vector<cairo_glyph_t> glyphs;
  glyphs.reserve(run.glyphs.size());
  double pen = run.origin.x;
  for (const display::Glyph& g : run.glyphs) {
    // Page space is y-down; HarfBuzz's y offset is up-positive.
    glyphs.push_back({g.id, pen + g.x_offset, run.origin.y - g.y_offset});
    pen += g.x_advance;
  }
  cairo_show_glyphs(cr, glyphs.data(), static_cast<int>(glyphs.size()));
}

}  // namespace plaquette::render::cairo
