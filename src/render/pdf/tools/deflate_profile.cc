// Build tool: compresses the shipped output profile once, at build time, at libdeflate's
// best level (too slow to run at every start: 11 ms for FOGRA39), after the PNG predictor
// (render/pdf/png_predictor.h) whose row shape makes the smallest stream, and writes it as a
// C++ array that the PDF backend embeds (render/pdf/shipped_profile.h), with the profile's
// SHA-256 and what LittleCMS says of it (an output profile in CMYK? its description). The
// program still reads the profile the layout names; when its bytes are these, it writes this
// stream and takes the checks' outcome from here, without loading LittleCMS.
// Row shapes tried: 1 to 8 bytes per sample and every row length from 64 to 4096 bytes that
// divides the profile's size (FOGRA39: 2 × 156, 74.0 KB; unpredicted 92.9 KB). A second or
// so, once per build.
//
//   deflate_profile PROFILE.icc OUTPUT.cc
#include <lcms2.h>
#include <libdeflate.h>

#include <cstdio>
#include <fstream>
#include <iterator>
#include <string>

#include "base/sha256.h"
#include "render/pdf/png_predictor.h"

int main(int argc, char** argv) {
  if (argc != 3) {
    std::fprintf(stderr, "usage: deflate_profile PROFILE.icc OUTPUT.cc\n");
    return 2;
  }
  std::ifstream in(argv[1], std::ios::binary);
  const std::string icc((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  if (!in || icc.empty()) {
    std::fprintf(stderr, "deflate_profile: cannot read %s\n", argv[1]);
    return 1;
  }
  // The checks the program makes of an output profile (render/pdf/pdf_pdfx.cc, read_profile).
  bool usable = false;
  std::string description;
  if (cmsHPROFILE profile =
          cmsOpenProfileFromMem(icc.data(), static_cast<cmsUInt32Number>(icc.size()))) {
    usable = cmsGetDeviceClass(profile) == cmsSigOutputClass &&
             cmsGetColorSpace(profile) == cmsSigCmykData;
    char buf[256] = {};
    cmsGetProfileInfoASCII(profile, cmsInfoDescription, "en", "US", buf, sizeof buf);
    description = buf;
    cmsCloseProfile(profile);
  }
  std::string description_text;  // a C++ string literal, every byte escaped in octal
  for (unsigned char b : description) {
    char esc[8];
    std::snprintf(esc, sizeof esc, "\\%03o", b);
    description_text += esc;
  }
  libdeflate_compressor* c = libdeflate_alloc_compressor(12);
  if (!c) return 1;
  auto deflate = [c](const std::string& in) {
    std::string z(libdeflate_zlib_compress_bound(c, in.size()), '\0');
    z.resize(libdeflate_zlib_compress(c, in.data(), in.size(), z.data(), z.size()));
    return z;
  };
  std::string z = deflate(icc);
  std::size_t colors = 0, columns = 0;  // no predictor
  for (std::size_t k = 1; k <= 8; ++k) {
    for (std::size_t row = 64; row <= 4096; ++row) {
      if (row % k != 0 || icc.size() % row != 0) continue;
      const std::string candidate = deflate(plaquette::render::pdf::png_predict(icc, k, row / k));
      if (!candidate.empty() && candidate.size() < z.size()) {
        z = candidate;
        colors = k;
        columns = row / k;
      }
    }
  }
  libdeflate_free_compressor(c);
  const std::size_t n = z.size();
  if (n == 0) return 1;
  std::string sha_text;
  for (unsigned char b : plaquette::sha256(icc)) sha_text += std::to_string(b) + ',';
  std::string out =
      "// Generated at build time by src/render/pdf/tools/deflate_profile.cc: do not edit.\n"
      "#include \"render/pdf/shipped_profile.h\"\n\n"
      "namespace plaquette::render::pdf {\n\n"
      "const std::size_t kShippedProfileSize = " +
      std::to_string(icc.size()) +
      ";\nconst std::size_t kShippedProfilePredictorColors = " + std::to_string(colors) +
      ";\nconst std::size_t kShippedProfilePredictorColumns = " + std::to_string(columns) +
      ";\nconst unsigned char kShippedProfileSha256[32] = {" + sha_text +
      "};\nconst bool kShippedProfileUsable = " + (usable ? "true" : "false") +
      ";\nconst char kShippedProfileDescription[] = \"" + description_text +
      "\";\nconst std::size_t kShippedProfileDeflatedSize = " + std::to_string(n) +
      ";\nconst unsigned char kShippedProfileDeflated[] = {";
  for (std::size_t i = 0; i < n; ++i) {
    out += (i % 24 == 0) ? "\n" : "";
    out += std::to_string(static_cast<unsigned char>(z[i]));
    out += ',';
  }
  out += "\n};\n\n}  // namespace plaquette::render::pdf\n";
  std::ofstream o(argv[2], std::ios::binary | std::ios::trunc);
  o << out;
  if (!o.flush()) {
    std::fprintf(stderr, "deflate_profile: cannot write %s\n", argv[2]);
    return 1;
  }
  return 0;
}
