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

using Map = std::unordered_map<Key, std::vector<display::Glyph>, Hash, Equal>;

// Two generations, each of at most half the bound: a full `young` one becomes `old` (the
// previous old one is dropped), and an entry found in `old` moves back to `young`. Texts
// every edition of a batch shapes stay; those of one edition (its figures) age out, so
// memory stays flat however many editions a thread makes.
struct Cache {
  // Glyphs shaped at the font's units per em with no tracking: advances and offsets are
  // then HarfBuzz's integer positions exactly.
  Map young, old;
  std::size_t young_bytes = 0, old_bytes = 0;
  ShapeCacheStats stats;
};

Cache& cache() {
  thread_local Cache c;
  return c;
}

// What an entry costs: its text and glyphs, and the hash node, key and vector around them.
std::size_t entry_bytes(const Key& k, const std::vector<display::Glyph>& glyphs) {
  return k.text.size() + k.lang.size() + glyphs.size() * sizeof(display::Glyph) + 192;
}

const std::vector<display::Glyph>& insert(Cache& c, Key key, std::vector<display::Glyph> glyphs) {
  const std::size_t bytes = entry_bytes(key, glyphs);
  if (c.young_bytes + bytes > kShapeCacheBytes / 2) {
    c.old = std::move(c.young);
    c.old_bytes = c.young_bytes;
    c.young = Map();
    c.young_bytes = 0;
  }
  c.young_bytes += bytes;
  return c.young.emplace(std::move(key), std::move(glyphs)).first->second;
}

}  // namespace

Shaped shape_cached(const Font& font, double size_pt, std::string_view utf8, std::string_view lang,
                    double tracking_pt, bool ligatures) {
  Cache& c = cache();
  ++c.stats.lookups;
  const KeyView view{font.serial(), ligatures, lang, utf8};
  const std::vector<display::Glyph>* unit = nullptr;
  if (auto it = c.young.find(view); it != c.young.end()) {
    unit = &it->second;
  } else if (auto at = c.old.find(view); at != c.old.end()) {
    auto node = c.old.extract(at);
    c.old_bytes -= entry_bytes(node.key(), node.mapped());
    unit = &insert(c, std::move(node.key()), std::move(node.mapped()));
  } else {
    ++c.stats.misses;
    Shaped shaped = shape(font, font.units_per_em(), utf8, lang, 0, ligatures);
    unit = &insert(c, Key{font.serial(), ligatures, std::string(lang), std::string(utf8)},
                   std::move(shaped.glyphs));
  }
  c.stats.bytes = c.young_bytes + c.old_bytes;
  // shape()'s arithmetic: one multiplication per value, tracking after each cluster's last
  // glyph, the width summed in order.
  Shaped out;
  out.glyphs = *unit;
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
