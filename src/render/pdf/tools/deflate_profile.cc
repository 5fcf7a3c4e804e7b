// Build tool: compresses the shipped output profile once, at build time, at libdeflate's
// best level (too slow to run at every start: 11 ms for FOGRA39), and writes it as a C++
// array that the PDF backend embeds (render/pdf/shipped_profile.h). The program still reads
// the profile the layout names; when its bytes are these, it writes this stream.
//
//   deflate_profile PROFILE.icc OUTPUT.cc
#include <libdeflate.h>

#include <cstdio>
#include <fstream>
#include <iterator>
#include <string>

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
  libdeflate_compressor* c = libdeflate_alloc_compressor(12);
  if (!c) return 1;
  std::string z(libdeflate_zlib_compress_bound(c, icc.size()), '\0');
  const std::size_t n = libdeflate_zlib_compress(c, icc.data(), icc.size(), z.data(), z.size());
  libdeflate_free_compressor(c);
  if (n == 0) return 1;
  std::string out =
      "// Generated at build time by src/render/pdf/tools/deflate_profile.cc: do not edit.\n"
      "#include \"render/pdf/shipped_profile.h\"\n\n"
      "namespace plaquette::render::pdf {\n\n"
      "const std::size_t kShippedProfileSize = " +
      std::to_string(icc.size()) +
      ";\nconst std::size_t kShippedProfileDeflatedSize = " + std::to_string(n) +
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
