#include "text/font.h"

#include <hb-ot.h>
#include <hb-subset.h>
#include <hb.h>

#include <atomic>
#include <filesystem>
#include <string_view>
#include <system_error>

#include "base/bytes.h"
#include "base/file.h"
#include "base/font_licence.h"

namespace plaquette::text {

namespace {

/// What makes bytes a font HarfBuzz can read in place, or why not: an sfnt header (TrueType
/// or OpenType) whose table directory and tables lie inside the file. HarfBuzz reads what it
/// can of anything and checks each table when it is used; these are the checks FreeType's
/// loader made, and what `check` must find where the layout names the file.
const char* sfnt_problem(std::string_view b) {
  constexpr const char* kTruncated = "not a font file, or a truncated one";
  const std::string_view tag = b.substr(0, 4);
  if (tag != std::string_view("\0\1\0\0", 4) && tag != "true" && tag != "OTTO")
    return "not a font file";
  if (b.size() < 12) return kTruncated;
  const std::size_t tables = be16(b.data() + 4);
  if (tables == 0) return "corrupt font file (no tables)";
  if (12 + 16 * tables > b.size()) return kTruncated;
  for (std::size_t i = 0; i < tables; ++i) {
    const std::size_t entry = 12 + 16 * i;
    if (std::uint64_t{be32(b.data() + entry + 8)} + be32(b.data() + entry + 12) > b.size())
      return kTruncated;
  }
  return nullptr;
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
}

bool Font::has_codepoint(char32_t cp) const {
  hb_codepoint_t glyph = 0;
  return hb_font_get_nominal_glyph(hb_font_, static_cast<hb_codepoint_t>(cp), &glyph) != 0;
}

FontCache::FontCache(FontChecks checks) : checks_(checks) {}
FontCache::~FontCache() = default;

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
  ReadError read_error;
  auto bytes = read_input_file_shared(path, InputKind::font, read_error);
  if (!bytes) {
    error = read_error.message;
    return nullptr;
  }
  // Formats a PDF cannot embed, told apart by their first bytes.
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
  if (const char* problem = sfnt_problem(bytes->view())) {
    error = problem;
    return nullptr;
  }
  std::unique_ptr<Font> font(new Font());
  font->path_ = path;
  // HarfBuzz reads the bytes in place: the font keeps them.
  font->bytes_ = std::move(bytes);

  hb_blob_t* blob =
      hb_blob_create(font->bytes_->data(), static_cast<unsigned>(font->bytes_->size()),
                     HB_MEMORY_MODE_READONLY, nullptr, nullptr);
  font->hb_face_ = hb_face_create(blob, 0);
  hb_blob_destroy(blob);  // the face holds its own reference

  // Every size is in units of the em that `head` gives (HarfBuzz would assume 1000).
  hb_blob_t* head = hb_face_reference_table(font->hb_face_, HB_TAG('h', 'e', 'a', 'd'));
  unsigned head_len = 0;
  const char* head_data = hb_blob_get_data(head, &head_len);
  const bool has_upem = head_data && head_len >= 54 && (head_data[18] != 0 || head_data[19] != 0);
  hb_blob_destroy(head);
  if (!has_upem) {
    error = "not a TrueType/OpenType font (no `head` table with the units per em)";
    return nullptr;
  }

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
  if (checks_ == FontChecks::with_trial_subset && font_subsetting_allowed(font->fs_type_) &&
      !subsettable(font->hb_face_)) {
    error = "HarfBuzz cannot subset it (damaged or unsupported tables)";
    return nullptr;
  }

  // The built-in OpenType functions (not hb-ft) keep shaping free of FreeType, whose faces
  // are not thread-safe; an integer scale of one em = upem keeps advances exact.
  font->upem_ = static_cast<int>(hb_face_get_upem(font->hb_face_));
  font->hb_font_ = hb_font_create(font->hb_face_);
  hb_font_set_scale(font->hb_font_, font->upem_, font->upem_);
  hb_font_make_immutable(font->hb_font_);

  char ps[128];
  unsigned ps_len = sizeof ps;
  font->postscript_name_ = hb_ot_name_get_utf8(font->hb_face_, HB_OT_NAME_ID_POSTSCRIPT_NAME,
                                               HB_LANGUAGE_INVALID, &ps_len, ps) > 0
                               ? std::string(ps)
                               : std::filesystem::path(path).stem().string();

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
