// The shipped output profile (layouts/profiles/FOGRA39L_coated.icc), compressed at build
// time at libdeflate's best level after a PNG predictor by
// src/render/pdf/tools/deflate_profile.cc (the build generates the definitions). A profile read at
// run time whose bytes are these is written with this stream instead of being compressed again: the
// start of every process is spared the compression, and the file is ~20 KB smaller than the profile
// deflated as it is; and LittleCMS is not loaded to check it.
#pragma once

#include <cstddef>

namespace plaquette::render::pdf {

extern const std::size_t kShippedProfileSize;          ///< bytes of the profile
extern const unsigned char kShippedProfileSha256[32];  ///< SHA-256 of the profile
/// What LittleCMS said of it at build time: whether it is an output profile in CMYK, and its
/// description (cmsInfoDescription, en-US). A profile with these bytes is not opened again.
extern const bool kShippedProfileUsable;
extern const char kShippedProfileDescription[];
/// The PNG predictor applied before compression (/DecodeParms: /Predictor 15, /Colors,
/// /BitsPerComponent 8, /Columns), or 0 and 0 for none.
extern const std::size_t kShippedProfilePredictorColors;
extern const std::size_t kShippedProfilePredictorColumns;
extern const std::size_t kShippedProfileDeflatedSize;  ///< bytes of its zlib stream
extern const unsigned char kShippedProfileDeflated[];  ///< the zlib (RFC 1950) stream

}  // namespace plaquette::render::pdf
