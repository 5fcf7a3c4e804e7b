// Big-endian integers read from font files (sfnt tables are big-endian), by the font loader,
// the PDF backend and preflight's font checks. The caller checks the bounds.
#pragma once

#include <cstdint>

namespace plaquette {

inline std::uint16_t be16(const char* p) {
  return static_cast<std::uint16_t>((static_cast<unsigned char>(p[0]) << 8) |
                                    static_cast<unsigned char>(p[1]));
}

inline std::uint32_t be32(const char* p) { return (std::uint32_t{be16(p)} << 16) | be16(p + 2); }

}  // namespace plaquette
