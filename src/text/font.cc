#include "text/font.h"

#include <ft2build.h>

#include "base/font_licence.h"
#include FT_FREETYPE_H
#include <hb-ot.h>
#include <hb-subset.h>
#include <hb.h>

#include <atomic>
#include <filesystem>
#include <string_view>
#include <system_error>

#include "base/file.h"

namespace plaquette::text {

namespace {

/// FreeType error codes as text (FT_Error_String needs FT_CONFIG_OPTION_ERROR_STRINGS,
/// which Debian does not enable), reduced to the cases a user can act on.
std::string ft_error_text(FT_Error err) {
  switch (err) {
    case FT_Err_Cannot_Open_Resource:
      return "cannot open the file";
    case FT_Err_Unknown_File_Format:
      return "not a font file";
    case FT_Err_Invalid_File_Format:
      return "corrupt font file";
    // Read from memory, a file shorter than the tables it announces ends in a stream error.
    case FT_Err_Invalid_Stream_Operation:
    case FT_Err_Invalid_Stream_Read:
    case FT_Err_Invalid_Stream_Seek:
      return "not a font file, or a truncated one";
    case FT_Err_Out_Of_Memory:
      return "out of memory";
    default:
      return "FreeType error " + std::to_string(err);
  }
}

/// The key under which a path is cached: "fonts/../fonts/x.ttf" and "fonts/x.ttf" are the
/// same file and must give the same Font (and a single embedded copy in the PDF).
std::string canonical_key(const std::string& path) {
  std::error_code ec;
  std::filesystem::path p = std::filesystem::weakly_canonical(path, ec);
  return ec ? path : p.string();
}

bool subsettable(hb_face_t* face) {
  hb_subset_input_t* input = hb_subset_input_create_or_fail();
  if (!input) return false;
  hb_set_clear(hb_subset_input_unicode_set(input));
  hb_set_add(hb_subset_input_glyph_set(input), 0);
  hb_subset_input_set_flags(input, HB_SUBSET_FLAGS_NO_HINTING);
  hb_set_t* drop = hb_subset_input_set(input, HB_SUBSET_SETS_DROP_TABLE_TAG);
  for (hb_tag_t t : kTablesNotEmbedded) hb_set_add(drop, t);
  hb_face_t* subset = hb_subset_or_fail(face, input);
  hb_subset_input_destroy(input);
  if (!subset) return false;
  hb_face_destroy(subset);
  return true;
}

double metric_em(hb_font_t* font, hb_ot_metrics_tag_t tag, int upem, double fallback) {
  hb_position_t v = 0;
  if (!hb_ot_metrics_get_position(font, tag, &v)) return fallback;
  return static_cast<double>(v) / upem;
}

}  // namespace

Font::Font() {
  static std::atomic<std::uint64_t> last{0};
  serial_ = ++last;
}

Font::~Font() {
  if (hb_font_) hb_font_destroy(hb_font_);
  if (hb_face_) hb_face_destroy(hb_face_);
  if (ft_face_) FT_Done_Face(ft_face_);
}

bool Font::has_codepoint(char32_t cp) const {
  hb_codepoint_t glyph = 0;
  return hb_font_get_nominal_glyph(hb_font_, static_cast<hb_codepoint_t>(cp), &glyph) != 0;
}

FontCache::FontCache() {
  // A failure here leaves ft_library_ null; open() then reports it for each font.
  if (FT_Init_FreeType(&ft_library_) != 0) ft_library_ = nullptr;
}

FontCache::~FontCache() {
  fonts_.clear();  // faces before the library that owns them
  if (ft_library_) FT_Done_FreeType(ft_library_);
}

const Font* FontCache::load(const std::string& path, const SourcePos& where, Diagnostics& diags) {
  std::string key = canonical_key(path);
  std::lock_guard<std::mutex> lock(mutex_);
  for (std::size_t i = 0; i < keys_.size(); ++i) {
    if (keys_[i] == key) return fonts_[i].get();
  }
  std::string error, hint;
  std::unique_ptr<Font> font = open(path, error, hint);
  if (!font) {
    // Failures are not cached: each place that names the file gets its own error.
    Diagnostic& d = diags.error(where, "cannot load font '" + path + "': " + error);
    d.hints.push_back(hint.empty() ? "fonts must be TrueType (.ttf with glyf outlines); paths "
                                     "are relative to the layout file"
                                   : hint);
    return nullptr;
  }
  if (!font_subsetting_allowed(font->fs_type_)) {
    diags.note(where, "font '" + path +
                          "' is embedded whole: its licence forbids subsetting "
                          "(OS/2 fsType bit 8)");
  }
  keys_.push_back(std::move(key));
  fonts_.push_back(std::move(font));
  return fonts_.back().get();
}

std::vector<const Font*> FontCache::fonts() const {
  std::lock_guard<std::mutex> lock(mutex_);
  std::vector<const Font*> out;
  out.reserve(fonts_.size());
  for (const auto& f : fonts_) out.push_back(f.get());
  return out;
}

std::unique_ptr<Font> FontCache::open(const std::string& path, std::string& error,
                                      std::string& hint) {
  if (!ft_library_) {
    error = "FreeType could not be initialised";
    return nullptr;
  }
  ReadError read_error;
  auto bytes = read_input_file_shared(path, InputKind::font, read_error);
  if (!bytes) {
    error = read_error.message;
    return nullptr;
  }
  // Formats FreeType reads but a PDF cannot embed, told apart by their first bytes.
  const std::string_view tag = bytes->view().substr(0, 4);
  if (tag == "ttcf") {
    error = "a TrueType collection (.ttc), which a PDF cannot embed";
    hint =
        "extract the one font you need into a .ttf (e.g. fonttools ttLib, or the "
        "foundry's single-font files)";
    return nullptr;
  }
  if (tag == "wOFF" || tag == "wOF2") {
    error = std::string("a ") + (tag == "wOFF" ? "WOFF" : "WOFF2") +
            " web font, which a PDF cannot embed";
    hint =
        "use the font's TrueType (.ttf) file; a WOFF is a compressed wrapper made for "
        "browsers";
    return nullptr;
  }
  std::unique_ptr<Font> font(new Font());
  font->path_ = path;
  // FreeType and HarfBuzz read the bytes in place: the font keeps them.
  font->bytes_ = std::move(bytes);

  FT_Error err =
      FT_New_Memory_Face(ft_library_, reinterpret_cast<const FT_Byte*>(font->bytes_->data()),
                         static_cast<FT_Long>(font->bytes_->size()), 0, &font->ft_face_);
  if (err != 0) {
    font->ft_face_ = nullptr;
    error = ft_error_text(err);
    return nullptr;
  }
  if (!FT_IS_SFNT(font->ft_face_) || font->ft_face_->units_per_EM == 0) {
    error = "not a TrueType/OpenType font";
    return nullptr;
  }

  hb_blob_t* blob =
      hb_blob_create(font->bytes_->data(), static_cast<unsigned>(font->bytes_->size()),
                     HB_MEMORY_MODE_READONLY, nullptr, nullptr);
  font->hb_face_ = hb_face_create(blob, 0);
  hb_blob_destroy(blob);  // the face holds its own reference

  // libharu only embeds glyf-outline TrueType; an OpenType-CFF font would load here and
  // fail much later in the PDF backend, so refuse it where the user named it.
  hb_blob_t* glyf = hb_face_reference_table(font->hb_face_, HB_TAG('g', 'l', 'y', 'f'));
  unsigned glyf_len = hb_blob_get_length(glyf);
  hb_blob_destroy(glyf);
  if (glyf_len == 0) {
    error = "not a TrueType font with glyf outlines (OpenType-CFF cannot be embedded)";
    return nullptr;
  }

  // The licence must allow embedding: build would refuse the font, so say it here, where
  // `check` sees it too.
  hb_blob_t* os2 = hb_face_reference_table(font->hb_face_, HB_TAG('O', 'S', '/', '2'));
  unsigned os2_len = 0;
  const char* os2_data = hb_blob_get_data(os2, &os2_len);
  if (os2_data && os2_len >= 10) {
    font->fs_type_ = static_cast<uint16_t>((static_cast<unsigned char>(os2_data[8]) << 8) |
                                           static_cast<unsigned char>(os2_data[9]));
  }
  hb_blob_destroy(os2);
  if (const char* refusal = font_embedding_refusal(font->fs_type_)) {
    error = refusal;
    hint =
        "use a font whose licence allows embedding (e.g. SIL Open Font License fonts "
        "such as Lato)";
    return nullptr;
  }
  // hb-subset must be able to subset it (the PDF embeds subsets); trying with .notdef only
  // finds a font whose tables it cannot read.
  if (font_subsetting_allowed(font->fs_type_) && !subsettable(font->hb_face_)) {
    error = "HarfBuzz cannot subset it (damaged or unsupported tables)";
    return nullptr;
  }

  // The built-in OpenType functions (not hb-ft) keep shaping free of FreeType, whose faces
  // are not thread-safe; an integer scale of one em = upem keeps advances exact.
  font->upem_ = static_cast<int>(hb_face_get_upem(font->hb_face_));
  font->hb_font_ = hb_font_create(font->hb_face_);
  hb_font_set_scale(font->hb_font_, font->upem_, font->upem_);
  hb_font_make_immutable(font->hb_font_);

  const char* ps = FT_Get_Postscript_Name(font->ft_face_);
  font->postscript_name_ = ps ? ps : std::filesystem::path(path).stem().string();

  hb_font_extents_t ext{};
  hb_font_get_h_extents(font->hb_font_, &ext);
  const int upem = font->upem_;
  font->ascender_ = static_cast<double>(ext.ascender) / upem;
  font->descender_ = static_cast<double>(ext.descender) / upem;
  // OS/2 version 1 tables have no cap/x height: estimate with common proportions.
  font->cap_height_ =
      metric_em(font->hb_font_, HB_OT_METRICS_TAG_CAP_HEIGHT, upem, 0.7 * font->ascender_);
  font->x_height_ =
      metric_em(font->hb_font_, HB_OT_METRICS_TAG_X_HEIGHT, upem, 0.5 * font->ascender_);
  return font;
}

}  // namespace plaquette::text
