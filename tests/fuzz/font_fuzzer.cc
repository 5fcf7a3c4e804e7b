// Fuzz target: a font file, loaded the way a layout's font is (from a file, through the
// font cache and its checks), then used to shape French text.
#include <unistd.h>

#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <fstream>
#include <string>

#include "base/diag.h"
#include "text/font.h"
#include "text/shape.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace plaquette;
  // The cache loads by path; one file per process, rewritten for every input.
  static const std::string path = (std::filesystem::temp_directory_path() /
                                   ("plaquette-font-fuzz-" + std::to_string(getpid()) + ".ttf"))
                                      .string();
  std::ofstream(path, std::ios::binary | std::ios::trunc)
      .write(reinterpret_cast<const char*>(data), static_cast<std::streamsize>(size));
  {
    text::FontCache fonts;  // a fresh cache: the same path holds a new font every time
    Diagnostics diags;
    if (const text::Font* font = fonts.load(path, {}, diags)) {
      text::shape(*font, 9, "Dépenses couvertes à 83 % — « GUSP » ﬁ 1 234 €", "fr", 0.5);
      font->has_codepoint(0x202F);
    }
  }
  std::filesystem::remove(path);
  return 0;
}
