#include "text/shape_cache.h"

#include <cstdint>
#include <functional>
#include <string>
#include <unordered_map>
#include <vector>

namespace plaquette::text {
namespace {

struct Key {
  std::uint64_t font = 0;  // Font::serial(): a font's address may be reused by a later one
  bool ligatures = true;
  std::string lang;
  std::string text;
};

// Looked up by views, so that a hit builds no strings.
struct KeyView {
  std::uint64_t font;
  bool ligatures;
  std::string_view lang, text;
};

struct Hash {
  using is_transparent = void;
  std::size_t operator()(const KeyView& k) const {
    std::size_t h = std::hash<std::string_view>()(k.text);
    h ^= std::hash<std::string_view>()(k.lang) + 0x9e3779b97f4a7c15ULL + (h << 6) + (h >> 2);
    h ^= std::hash<std::uint64_t>()(k.font * 2 + k.ligatures) + 0x9e3779b97f4a7c15ULL + (h << 6) +
         (h >> 2);
    return h;
  }
  std::size_t operator()(const Key& k) const {
    return (*this)(KeyView{k.font, k.ligatures, k.lang, k.text});
  }
};

struct Equal {
  using is_transparent = void;
  static KeyView view(const Key& k) { return {k.font, k.ligatures, k.lang, k.text}; }
  static const KeyView& view(const KeyView& k) { return k; }
  template <class A, class B>
  bool operator()(const A& a, const B& b) const {
    const KeyView& x = view(a);
    const KeyView& y = view(b);
    return x.font == y.font && x.ligatures == y.ligatures && x.lang == y.lang && x.text == y.text;
  }
};

struct Cache {
  // Glyphs shaped at the font's units per em with no tracking: advances and offsets are
  // then HarfBuzz's integer positions exactly.
  std::unordered_map<Key, std::vector<display::Glyph>, Hash, Equal> entries;
  std::size_t bytes = 0;
  ShapeCacheStats stats;
};

Cache& cache() {
  thread_local Cache c;
  return c;
}

}  // namespace

Shaped shape_cached(const Font& font, double size_pt, std::string_view utf8, std::string_view lang,
                    double tracking_pt, bool ligatures) {
  Cache& c = cache();
  ++c.stats.lookups;
  const KeyView view{font.serial(), ligatures, lang, utf8};
  auto it = c.entries.find(view);
  if (it == c.entries.end()) {
    ++c.stats.misses;
    Shaped unit = shape(font, font.units_per_em(), utf8, lang, 0, ligatures);
    const std::size_t bytes =
        utf8.size() + lang.size() + unit.glyphs.size() * sizeof(display::Glyph) + 64;
    if (c.bytes + bytes > kShapeCacheBytes) {
      c.entries.clear();
      c.bytes = 0;
    }
    c.bytes += bytes;
    it = c.entries
             .emplace(Key{font.serial(), ligatures, std::string(lang), std::string(utf8)},
                      std::move(unit.glyphs))
             .first;
  }
  // shape()'s arithmetic: one multiplication per value, tracking after each cluster's last
  // glyph, the width summed in order.
  Shaped out;
  out.glyphs = it->second;
  const double scale = size_pt / font.units_per_em();
  const std::size_t count = out.glyphs.size();
  for (std::size_t i = 0; i < count; ++i) {
    display::Glyph& g = out.glyphs[i];
    g.x_advance = g.x_advance * scale;
    g.x_offset = g.x_offset * scale;
    g.y_offset = g.y_offset * scale;
    if (i + 1 == count || out.glyphs[i + 1].cluster_begin != g.cluster_begin)
      g.x_advance += tracking_pt;
  }
  for (const display::Glyph& g : out.glyphs) out.width += g.x_advance;
  return out;
}

ShapeCacheStats shape_cache_stats() { return cache().stats; }

}  // namespace plaquette::text
