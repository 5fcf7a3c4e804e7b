// Shaping results kept per font, text, language and ligature setting, so that a text shaped
// again costs a lookup: fit: shrink's trial sizes, a label repeated down a list, the hyphen
// measured at every hyphenation point, the same texts in every edition of a batch.
#pragma once

#include <cstddef>
#include <string_view>

#include "text/shape.h"

namespace plaquette::text {

/// shape(), through a cache of this thread: each (font, text, language, ligatures) is shaped
/// once, in font units, then scaled to `size_pt` with `tracking_pt` added by shape()'s own
/// arithmetic, so the result is the same to the bit whatever the size and tracking. The
/// cache holds at most kShapeCacheBytes (texts, glyphs and bookkeeping) in two generations:
/// when the young one is full it becomes the old one, the previous old one is dropped, and
/// what is found in the old one moves back, so that texts in use stay and memory is flat.
Shaped shape_cached(const Font& font, double size_pt, std::string_view utf8, std::string_view lang,
                    double tracking_pt = 0, bool ligatures = true);

/// The bound of a thread's shaping cache, in bytes. The texts every edition of the brochure
/// shapes take ~0.17 MB a locale, ~0.5 MB for three: the two generations hold them (what is
/// found in the old one moves back), one edition's own figures (~5 KB) age out, and the
/// cache is full after about a hundred editions, so that a batch's memory is flat from then
/// on. At 4 MiB it filled over thousands of editions, and batches were no faster (measured:
/// 1 000 and 3 000 editions in three locales, -j 2).
inline constexpr std::size_t kShapeCacheBytes = std::size_t{1} << 20;

/// Lookups and misses of this thread's shaping cache since it started, and the bytes it
/// holds now, for tests.
struct ShapeCacheStats {
  std::size_t lookups = 0;
  std::size_t misses = 0;
  std::size_t bytes = 0;
};
ShapeCacheStats shape_cache_stats();

}  // namespace plaquette::text
