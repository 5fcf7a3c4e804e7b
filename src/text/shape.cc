#include "text/shape.h"

#include <hb.h>

#include <cstdint>
#include <memory>
#include <string>

namespace plaquette::text {

namespace {

struct BufferDeleter {
  void operator()(hb_buffer_t* b) const { hb_buffer_destroy(b); }
};
using BufferPtr = std::unique_ptr<hb_buffer_t, BufferDeleter>;

/// Both backends draw glyph ids, so every substitution the font makes is reproduced; copied
/// text comes from the clusters. Ligatures and contextual alternates are on, as in
/// LuaLaTeX (liga, clig, calt), unless the style turns them off (tracked capitals);
/// discretionary ligatures are always off.
const hb_feature_t kWithLigatures[] = {
    {HB_TAG('k', 'e', 'r', 'n'), 1, HB_FEATURE_GLOBAL_START, HB_FEATURE_GLOBAL_END},
    {HB_TAG('l', 'i', 'g', 'a'), 1, HB_FEATURE_GLOBAL_START, HB_FEATURE_GLOBAL_END},
    {HB_TAG('c', 'l', 'i', 'g'), 1, HB_FEATURE_GLOBAL_START, HB_FEATURE_GLOBAL_END},
    {HB_TAG('d', 'l', 'i', 'g'), 0, HB_FEATURE_GLOBAL_START, HB_FEATURE_GLOBAL_END},
    {HB_TAG('c', 'a', 'l', 't'), 1, HB_FEATURE_GLOBAL_START, HB_FEATURE_GLOBAL_END},
};
const hb_feature_t kWithoutLigatures[] = {
    {HB_TAG('k', 'e', 'r', 'n'), 1, HB_FEATURE_GLOBAL_START, HB_FEATURE_GLOBAL_END},
    {HB_TAG('l', 'i', 'g', 'a'), 0, HB_FEATURE_GLOBAL_START, HB_FEATURE_GLOBAL_END},
    {HB_TAG('c', 'l', 'i', 'g'), 0, HB_FEATURE_GLOBAL_START, HB_FEATURE_GLOBAL_END},
    {HB_TAG('d', 'l', 'i', 'g'), 0, HB_FEATURE_GLOBAL_START, HB_FEATURE_GLOBAL_END},
    {HB_TAG('c', 'a', 'l', 't'), 0, HB_FEATURE_GLOBAL_START, HB_FEATURE_GLOBAL_END},
};

}  // namespace

Shaped shape(const Font& font, double size_pt, std::string_view utf8, std::string_view lang,
             double tracking_pt, bool ligatures) {
  Shaped out;
  if (utf8.empty() || font.hb() == nullptr) return out;
  // HarfBuzz takes an int length; a paragraph span never comes near 2 GiB.
  if (utf8.size() > static_cast<std::size_t>(INT32_MAX)) return out;

  BufferPtr buf(hb_buffer_create());
  const int len = static_cast<int>(utf8.size());
  hb_buffer_add_utf8(buf.get(), utf8.data(), len, 0, len);
  hb_buffer_set_direction(buf.get(), HB_DIRECTION_LTR);
  // An explicit language: otherwise HarfBuzz falls back to the process locale and the
  // output would depend on the environment.
  const std::string tag = lang.empty() ? std::string("und") : std::string(lang);
  hb_buffer_set_language(buf.get(), hb_language_from_string(tag.c_str(), -1));
  hb_buffer_guess_segment_properties(buf.get());
  const hb_feature_t* features = ligatures ? kWithLigatures : kWithoutLigatures;
  hb_shape(font.hb(), buf.get(), features, sizeof kWithLigatures / sizeof kWithLigatures[0]);

  unsigned count = 0;
  const hb_glyph_info_t* info = hb_buffer_get_glyph_infos(buf.get(), &count);
  const hb_glyph_position_t* pos = hb_buffer_get_glyph_positions(buf.get(), &count);
  // The font is scaled to upem, so positions are exact font units; one multiplication
  // per value keeps rounding out of the result.
  const double scale = size_pt / font.units_per_em();

  out.glyphs.resize(count);
  for (unsigned i = 0; i < count; ++i) {
    display::Glyph& g = out.glyphs[i];
    g.id = info[i].codepoint;
    g.x_advance = pos[i].x_advance * scale;
    g.x_offset = pos[i].x_offset * scale;
    g.y_offset = pos[i].y_offset * scale;
    g.cluster_begin = info[i].cluster;
  }
  // A cluster ends where the next cluster begins (LTR clusters are monotonic), and the
  // last one at the end of the text. Tracking goes after each cluster's last glyph.
  uint32_t end = static_cast<uint32_t>(utf8.size());
  for (unsigned i = count; i-- > 0;) {
    display::Glyph& g = out.glyphs[i];
    const bool last_of_cluster = (i + 1 == count) || info[i + 1].cluster != info[i].cluster;
    if (last_of_cluster) {
      if (i + 1 < count) end = info[i + 1].cluster;
      g.x_advance += tracking_pt;
    }
    g.cluster_end = end;
  }
  for (const display::Glyph& g : out.glyphs) out.width += g.x_advance;
  return out;
}

}  // namespace plaquette::text
