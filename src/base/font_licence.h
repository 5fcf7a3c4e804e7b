// What a font's licence (its OS/2 fsType bits, OpenType spec "OS/2 — fsType") allows a PDF
// writer to do. Shared by the font loader (so that `check` reports it at the layout line)
// and by the PDF backend (which must obey it whatever the caller checked).
#pragma once

#include <cstdint>

namespace plaquette {

/// Why a font with these fsType bits may not be embedded in a PDF, or nullptr when it may.
/// Bit 1 alone is "restricted licence"; bits 2 (preview & print) and 3 (editable), when
/// set too, are less restrictive and win. Bit 9 allows only bitmaps, which a TrueType
/// font in a PDF does not have.
inline const char* font_embedding_refusal(uint16_t fs_type) {
  if ((fs_type & 0x0002) && !(fs_type & 0x000C)) {
    return "its licence forbids embedding (OS/2 fsType: restricted licence)";
  }
  if (fs_type & 0x0200) {
    return "its licence allows only bitmap embedding (OS/2 fsType bit 9), and the PDF "
           "embeds outlines";
  }
  return nullptr;
}

/// Whether the licence allows embedding only some glyphs (fsType bit 8 clear).
inline bool font_subsetting_allowed(uint16_t fs_type) { return !(fs_type & 0x0100); }

/// The tables the PDF's font subsets leave out (hb-subset's drop set): shaping (GSUB, GPOS,
/// GDEF, kern: the PDF places glyphs already shaped), hinting tables, the names and the
/// cmap (glyphs are addressed by id, text by /ToUnicode). The font loader's trial subset
/// drops the same, so that it checks what the PDF backend will subset, and no more: the
/// closure over GSUB and GPOS was most of its cost (~0.3 ms a font).
constexpr uint32_t kTableTag(char a, char b, char c, char d) {
  return (uint32_t(uint8_t(a)) << 24) | (uint32_t(uint8_t(b)) << 16) | (uint32_t(uint8_t(c)) << 8) |
         uint32_t(uint8_t(d));
}
inline constexpr uint32_t kTablesNotEmbedded[] = {
    kTableTag('G', 'S', 'U', 'B'), kTableTag('G', 'P', 'O', 'S'), kTableTag('G', 'D', 'E', 'F'),
    kTableTag('k', 'e', 'r', 'n'), kTableTag('h', 'd', 'm', 'x'), kTableTag('V', 'D', 'M', 'X'),
    kTableTag('L', 'T', 'S', 'H'), kTableTag('D', 'S', 'I', 'G'), kTableTag('n', 'a', 'm', 'e'),
    kTableTag('p', 'o', 's', 't'), kTableTag('c', 'm', 'a', 'p'), kTableTag('g', 'a', 's', 'p')};

}  // namespace plaquette
