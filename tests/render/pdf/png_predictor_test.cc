// PNG predictors of the shipped profile's stream: what png_predict writes, png_unpredict
// (and so any PDF reader) gives back exactly, and a table of smooth numbers gets smaller.
#include "render/pdf/png_predictor.h"

#include <gtest/gtest.h>

#include <cstdlib>
#include <fstream>
#include <iterator>

#include "render/pdf/pdf_private.h"

namespace plaquette::render::pdf {
namespace {

const std::string kProfile = PLAQUETTE_SOURCE_DIR "/layouts/profiles/FOGRA39L_coated.icc";

// A ramp of 16-bit big-endian triples with some noise: what the lookup tables hold.
std::string ramp(std::size_t samples) {
  std::string out;
  uint32_t noise = 1;
  for (std::size_t i = 0; i < samples; ++i) {
    for (int c = 0; c < 3; ++c) {
      noise = noise * 1103515245u + 12345u;
      const auto v = static_cast<uint16_t>(i * 97 * (c + 1) + (noise >> 28));
      out += static_cast<char>(v >> 8);
      out += static_cast<char>(v & 0xFF);
    }
  }
  return out;
}

TEST(PngPredictor, RoundTripsWholeRows) {
  const std::string data = ramp(600);  // 3 600 bytes
  for (std::size_t colors : {1, 2, 6}) {
    const std::size_t columns = 60 / colors;
    const std::string predicted = png_predict(data, colors, columns);
    ASSERT_EQ(predicted.size(), data.size() + data.size() / 60) << colors;
    std::string back;
    ASSERT_TRUE(png_unpredict(predicted, colors, columns, back)) << colors;
    EXPECT_EQ(back, data) << colors;
  }
}

TEST(PngPredictor, SmoothTablesCompressBetter) {
  const std::string data = ramp(6000);
  const std::string predicted = png_predict(data, 6, 100);
  EXPECT_LT(deflate_bytes(predicted, kDeflateFast).size() * 10,
            deflate_bytes(data, kDeflateFast).size() * 9);
}

TEST(PngPredictor, RefusesPartialRowsAndUnknownFilters) {
  EXPECT_TRUE(png_predict(std::string(100, 'a'), 6, 7).empty());  // 100 is not rows of 42
  std::string back;
  EXPECT_FALSE(png_unpredict(std::string(11, '\0'), 2, 2, back));  // rows of 1 + 4 bytes
  std::string bad(5, '\0');
  bad[0] = 5;  // filters are 0 to 4
  EXPECT_FALSE(png_unpredict(bad, 2, 2, back));
}

// Average and Paeth rows, which png_predict never writes, decode as PNG defines them.
TEST(PngPredictor, AverageAndPaethRowsDecode) {
  // Two rows of 4 one-byte samples: the first as it is, the second by Average then Paeth.
  const std::string first = "\x0A\x14\x1E\x28", second = "\x0B\x16\x20\x2A";
  std::string avg = std::string(1, '\0') + first + '\x03';
  for (int i = 0; i < 4; ++i) {
    const int a = i > 0 ? static_cast<unsigned char>(second[i - 1]) : 0;
    const int b = static_cast<unsigned char>(first[i]);
    avg += static_cast<char>(static_cast<unsigned char>(second[i]) - (a + b) / 2);
  }
  std::string back;
  ASSERT_TRUE(png_unpredict(avg, 1, 4, back));
  EXPECT_EQ(back, first + second);
  std::string paeth = std::string(1, '\0') + first + '\x04';
  for (int i = 0; i < 4; ++i) {
    const int a = i > 0 ? static_cast<unsigned char>(second[i - 1]) : 0;
    const int b = static_cast<unsigned char>(first[i]);
    const int c = i > 0 ? static_cast<unsigned char>(first[i - 1]) : 0;
    const int p = a + b - c, pa = std::abs(p - a), pb = std::abs(p - b), pc = std::abs(p - c);
    const int pred = pa <= pb && pa <= pc ? a : pb <= pc ? b : c;
    paeth += static_cast<char>(static_cast<unsigned char>(second[i]) - pred);
  }
  ASSERT_TRUE(png_unpredict(paeth, 1, 4, back));
  EXPECT_EQ(back, first + second);
}

// The shipped profile, predicted as the build tool found best, is the ~70 KB stream every
// PDF embeds (92.9 KB deflated as it is).
TEST(PngPredictor, ShippedProfileIsPredicted) {
  std::ifstream in(kProfile, std::ios::binary);
  const std::string icc((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  ASSERT_FALSE(icc.empty());
  EXPECT_LT(deflate_bytes(png_predict(icc, 6, 389), kDeflateBest).size(), 75000u);
  EXPECT_GT(deflate_bytes(icc, kDeflateBest).size(), 90000u);
}

}  // namespace
}  // namespace plaquette::render::pdf
