// Editions are built in parallel threads: one shared FontCache, per-thread ICU caches.
// A race only shows under ThreadSanitizer: CI runs this test in a -DPLAQUETTE_TSAN=ON build.
#include <gtest/gtest.h>

#include <thread>

#include "text/format.h"
#include "text/paragraph.h"

namespace plaquette::text {
namespace {

TEST(Threads, SharedFontsParallelLayoutAndFormatting) {
  FontCache cache;
  const std::string path = std::string(PLAQUETTE_SOURCE_DIR) + "/fonts/Lato-Regular.ttf";
  std::vector<std::thread> threads;
  std::vector<std::size_t> lines(4, 0);
  std::vector<std::string> numbers(4);
  for (int t = 0; t < 4; ++t) {
    threads.emplace_back([&, t] {
      Diagnostics diags;
      const Font* font = cache.load(path, {}, diags);
      if (!font) return;
      const char* locales[] = {"fr", "en-GB", "nl-BE", "fr-FR"};
      NumberFormat f;
      f.style = NumberStyle::compact_currency;
      std::string out, error;
      for (int i = 0; i < 20; ++i) format_number(34834342, f, locales[t], out, error);
      numbers[t] = out;
      Span span;
      span.text =
          "Les organismes HLM bénéficient d’un abattement de 30\u00A0% sur la base "
          "d’imposition de la taxe foncière sur les propriétés bâties.";
      span.font = font;
      ParagraphOptions opt;
      opt.width = 100;
      opt.locale = locales[t];
      for (int i = 0; i < 20; ++i) lines[t] = layout_paragraph({span}, opt).lines.size();
    });
  }
  for (auto& th : threads) th.join();
  EXPECT_EQ(cache.fonts().size(), 1u);
  for (std::size_t n : lines) EXPECT_GT(n, 3u);
  EXPECT_EQ(numbers[0], numbers[3]);
  EXPECT_EQ(numbers[1], "€34.8\u00A0million");
}

}  // namespace
}  // namespace plaquette::text
