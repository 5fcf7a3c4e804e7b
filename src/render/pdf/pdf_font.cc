// Font programs: each font file parsed once per process and shared by every document a
// batch writes, and subset by HarfBuzz to the glyphs one document draws.
//
// HarfBuzz's subsetter (hb-subset) keeps only the glyphs asked for (and the components of
// composite glyphs), renumbered in glyph-id order, without hinting, and without the tables
// a PDF reader never looks at: layout tables (text is already shaped), names, PostScript
// glyph names, the character map (a CIDFontType2 addresses glyphs by CID, through
// /CIDToGIDMap, ISO 32000-1 §9.7.4.2) and the rasterizer's hinting hints (gasp). Measured on Lato:
// ~80 characters of four faces take 24.7 KB in 0.6 ms.
#include <hb-ot.h>
#include <hb-subset.h>
#include <hb.h>

#include <cmath>
#include <map>
#include <mutex>

#include "base/bytes.h"
#include "base/file.h"
#include "render/pdf/pdf_private.h"

namespace plaquette::render::pdf {

namespace {

struct BlobDeleter {
  void operator()(hb_blob_t* b) const { hb_blob_destroy(b); }
};
using BlobPtr = std::unique_ptr<hb_blob_t, BlobDeleter>;

int16_t be16s(const char* p) { return static_cast<int16_t>(be16(p)); }

/// A table of the face, or an empty view when absent or shorter than `min_length`.
std::string table(hb_face_t* face, hb_tag_t tag, unsigned min_length) {
  BlobPtr blob(hb_face_reference_table(face, tag));
  unsigned len = 0;
  const char* data = hb_blob_get_data(blob.get(), &len);
  if (!data || len < min_length) return {};
  return std::string(data, len);
}

/// The length of a table of the face (0 when absent), without copying it.
unsigned table_length(hb_face_t* face, hb_tag_t tag) {
  BlobPtr blob(hb_face_reference_table(face, tag));
  return hb_blob_get_length(blob.get());
}

// A PDF name may hold any regular character, but PostScript names are printable ASCII
// without delimiters; anything else in a broken name table is dropped.
std::string pdf_name_chars(const std::string& s) {
  std::string out;
  for (char c : s) {
    const bool ok = (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') ||
                    c == '-' || c == '_' || c == '.';
    if (ok) out += c;
  }
  return out.empty() ? std::string("Font") : out.substr(0, 100);
}

std::shared_ptr<FontProgram> parse(const std::string& path, std::shared_ptr<const FileBytes> read,
                                   std::string& error) {
  auto fp = std::make_shared<FontProgram>();
  fp->path = path;
  fp->bytes = std::move(read);
  const unsigned size = static_cast<unsigned>(fp->bytes->size());
  // The face reads fp->bytes in place; the program outlives it.
  hb_blob_t* blob =
      hb_blob_create(fp->bytes->data(), size, HB_MEMORY_MODE_READONLY, nullptr, nullptr);
  const uint32_t magic = size >= 4 ? be32(fp->bytes->data()) : 0;
  if (magic == HB_TAG('t', 't', 'c', 'f')) {
    hb_blob_destroy(blob);
    error = "a TrueType collection (.ttc) cannot be embedded; use a single-font .ttf";
    return nullptr;
  }
  fp->face = hb_face_create(blob, 0);
  hb_blob_destroy(blob);
  hb_face_make_immutable(fp->face);
  fp->glyph_count = hb_face_get_glyph_count(fp->face);
  fp->upem = static_cast<int>(hb_face_get_upem(fp->face));
  if (fp->glyph_count == 0 || fp->upem <= 0 ||
      table_length(fp->face, HB_TAG('g', 'l', 'y', 'f')) == 0) {
    error = "not a TrueType font with glyf outlines";
    return nullptr;
  }

  const std::string os2 = table(fp->face, HB_TAG('O', 'S', '/', '2'), 10);
  if (!os2.empty()) {
    fp->weight = be16(os2.data() + 4);
    fp->fs_type = be16(os2.data() + 8);
  }
  const std::string head = table(fp->face, HB_TAG('h', 'e', 'a', 'd'), 54);
  if (!head.empty()) {
    for (int i = 0; i < 4; ++i) fp->bbox[i] = be16s(head.data() + 36 + 2 * i);
  }
  const std::string post = table(fp->face, HB_TAG('p', 'o', 's', 't'), 16);
  if (!post.empty()) {
    fp->italic_angle = static_cast<int32_t>(be32(post.data() + 4)) / 65536.0;
    fp->fixed_pitch = be32(post.data() + 12) != 0;
  }

  hb_font_t* font = hb_font_create(fp->face);
  hb_font_set_scale(font, fp->upem, fp->upem);
  hb_font_extents_t ext{};
  hb_font_get_h_extents(font, &ext);
  fp->ascent = ext.ascender;
  fp->descent = ext.descender;
  hb_position_t v = 0;
  fp->cap_height = hb_ot_metrics_get_position(font, HB_OT_METRICS_TAG_CAP_HEIGHT, &v)
                       ? v
                       : static_cast<int>(0.7 * ext.ascender);
  fp->advance.resize(fp->glyph_count);
  for (unsigned g = 0; g < fp->glyph_count; ++g) {
    fp->advance[g] = hb_font_get_glyph_h_advance(font, g);
  }
  hb_font_destroy(font);

  char name[128];
  unsigned len = sizeof name;
  if (hb_ot_name_get_utf8(fp->face, HB_OT_NAME_ID_POSTSCRIPT_NAME, HB_LANGUAGE_INVALID, &len,
                          name) > 0) {
    fp->postscript_name = pdf_name_chars(name);
  } else {
    fp->postscript_name = pdf_name_chars(path.substr(path.find_last_of('/') + 1));
  }
  return fp;
}

}  // namespace

FontProgram::~FontProgram() {
  if (face) hb_face_destroy(face);
}

double FontProgram::em(int units) const { return units * 1000.0 / upem; }

std::shared_ptr<const FontProgram> font_program(const std::string& path, std::string& error) {
  // One parse per version of a file and process: a batch of editions shares it (its tables
  // are immutable, HarfBuzz faces may be read from several threads), a file replaced since
  // (`watch`) is parsed again, as the layout loads it again. The version is the file's
  // stamp, looked at before reading it (one stat for an edition of a batch, where reading
  // it again, even shared, took three system calls). Failures are not kept.
  const std::optional<FileStamp> stamp = file_stamp(path);
  static std::mutex mutex;
  static std::map<std::string, std::shared_ptr<const FontProgram>> programs;
  std::lock_guard<std::mutex> lock(mutex);
  std::shared_ptr<const FontProgram>& entry = programs[path];
  if (entry && stamp && entry->stamp == *stamp) {
    ReadLog::record(path);  // still a file this build depends on (watch)
    return entry;
  }
  ReadError read_error;
  std::shared_ptr<const FileBytes> read = read_input_file_shared(path, InputKind::font, read_error);
  if (!read) {
    error = "cannot read the font file";
    if (read_error.code != ReadError::Code::missing) error += ": " + read_error.message;
    return nullptr;
  }
  std::shared_ptr<FontProgram> fp = parse(path, std::move(read), error);
  if (!fp) return nullptr;
  // A file that could not be looked at first (it appeared since) is read again next time.
  if (stamp) fp->stamp = *stamp;
  entry = std::move(fp);
  return entry;
}

bool subset_font(const FontProgram& fp, const std::vector<uint32_t>& gids, SubsetFont& out,
                 std::string& error) {
  out = {};
  if (!fp.may_subset()) {
    // The licence allows embedding but not subsetting: the file goes in whole, and glyph
    // ids are unchanged.
    out.bytes.assign(fp.bytes->data(), fp.bytes->size());
    out.glyph_count = fp.glyph_count;
    out.new_gid.assign(gids.begin(), gids.end());
    return true;
  }
  hb_subset_input_t* input = hb_subset_input_create_or_fail();
  if (!input) {
    error = "out of memory while subsetting the font";
    return false;
  }
  hb_set_t* glyphs = hb_subset_input_glyph_set(input);
  hb_set_add(glyphs, 0);  // .notdef stays glyph 0, as PDF readers expect
  for (uint32_t g : gids) hb_set_add(glyphs, g);
  // Only the glyphs asked for: no closure over the cmap's characters.
  hb_set_clear(hb_subset_input_unicode_set(input));
  hb_subset_input_set_flags(input, HB_SUBSET_FLAGS_NO_HINTING);
  hb_set_t* drop = hb_subset_input_set(input, HB_SUBSET_SETS_DROP_TABLE_TAG);
  for (hb_tag_t t : kTablesNotEmbedded) hb_set_add(drop, t);
  hb_subset_plan_t* plan = hb_subset_plan_create_or_fail(fp.face, input);
  hb_subset_input_destroy(input);
  hb_face_t* result = plan ? hb_subset_plan_execute_or_fail(plan) : nullptr;
  if (!result) {
    if (plan) hb_subset_plan_destroy(plan);
    error = "HarfBuzz cannot subset this font";
    return false;
  }
  const hb_map_t* map = hb_subset_plan_old_to_new_glyph_mapping(plan);
  out.new_gid.reserve(gids.size());
  bool mapped = true;
  for (uint32_t g : gids) {
    const hb_codepoint_t n = hb_map_get(map, g);
    mapped = mapped && n != HB_MAP_VALUE_INVALID;
    out.new_gid.push_back(n);
  }
  out.glyph_count = hb_face_get_glyph_count(result);
  BlobPtr blob(hb_face_reference_blob(result));
  unsigned len = 0;
  const char* data = hb_blob_get_data(blob.get(), &len);
  out.bytes.assign(data ? data : "", len);
  hb_face_destroy(result);
  hb_subset_plan_destroy(plan);
  if (!mapped || out.bytes.empty()) {
    error = "HarfBuzz cannot subset this font";
    return false;
  }
  return true;
}

std::shared_ptr<const SubsetFont> shared_subset(const std::shared_ptr<const FontProgram>& fp,
                                                const std::vector<uint32_t>& gids,
                                                std::string& error) {
  struct Entry {
    std::weak_ptr<const FontProgram> program;
    std::vector<uint32_t> gids;
    std::shared_ptr<const SubsetFont> subset;
  };
  static std::mutex cache_mutex;
  static std::vector<Entry> cache;
  static std::size_t cached_bytes = 0;
  constexpr std::size_t kMaxEntries = 256, kMaxBytes = std::size_t{32} << 20;
  {
    std::lock_guard<std::mutex> lock(cache_mutex);
    for (const Entry& e : cache)
      if (e.program.lock() == fp && e.gids == gids) return e.subset;
  }
  // Made outside the lock: two threads may make the same subset once each, never wait.
  auto made = std::make_shared<SubsetFont>();
  if (!subset_font(*fp, gids, *made, error)) return nullptr;
  made->deflated = deflate_bytes(made->bytes, kDeflateFast);
  if (made->deflated.empty()) {
    error = "cannot compress the font program";
    return nullptr;
  }
  const std::size_t size = made->bytes.size() + made->deflated.size();
  std::lock_guard<std::mutex> lock(cache_mutex);
  if (cache.size() >= kMaxEntries || cached_bytes + size > kMaxBytes) {
    cache.clear();  // rare: a batch of many layouts or locales starts over
    cached_bytes = 0;
  }
  cache.push_back({fp, gids, made});
  cached_bytes += size;
  return made;
}

}  // namespace plaquette::render::pdf
