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

}  // namespace plaquette
