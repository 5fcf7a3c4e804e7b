// Test helpers for the Cairo backend: decoding PNG and PGM into grey or RGB pixels,
// comparing two images with a per-pixel tolerance, and writing a -diff.png on failure.
#pragma once

#include <cairo.h>

#include <algorithm>
#include <cstdint>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

namespace plaquette::render::cairo::test_util {

/// An 8-bit RGB image, row-major (3 bytes a pixel).
struct Image {
  int width = 0, height = 0;
  std::vector<uint8_t> rgb;
  uint8_t at(int x, int y, int channel) const {
    return rgb[(std::size_t(y) * width + x) * 3 + channel];
  }
};

/// An 8-bit grey image, row-major.
struct Grey {
  int width = 0, height = 0;
  std::vector<uint8_t> v;
  uint8_t at(int x, int y) const { return v[std::size_t(y) * width + x]; }
};

struct Reader {
  const std::string* bytes;
  std::size_t pos = 0;
};

extern "C" inline cairo_status_t read_png(void* closure, unsigned char* data, unsigned int n) {
  auto* r = static_cast<Reader*>(closure);
  if (r->pos + n > r->bytes->size()) return CAIRO_STATUS_READ_ERROR;
  std::copy_n(r->bytes->data() + r->pos, n, data);
  r->pos += n;
  return CAIRO_STATUS_SUCCESS;
}

/// Decodes PNG bytes (empty image on failure).
inline Image decode_png(const std::string& bytes) {
  Reader r{&bytes};
  cairo_surface_t* s = cairo_image_surface_create_from_png_stream(read_png, &r);
  Image img;
  if (cairo_surface_status(s) == CAIRO_STATUS_SUCCESS) {
    cairo_surface_flush(s);
    img.width = cairo_image_surface_get_width(s);
    img.height = cairo_image_surface_get_height(s);
    const int stride = cairo_image_surface_get_stride(s);
    const unsigned char* d = cairo_image_surface_get_data(s);
    img.rgb.resize(std::size_t(img.width) * img.height * 3);
    for (int y = 0; y < img.height; ++y)
      for (int x = 0; x < img.width; ++x) {
        uint32_t px;
        std::copy_n(d + std::size_t(y) * stride + x * 4, 4, reinterpret_cast<unsigned char*>(&px));
        uint8_t* o = &img.rgb[(std::size_t(y) * img.width + x) * 3];
        o[0] = (px >> 16) & 0xFF, o[1] = (px >> 8) & 0xFF, o[2] = px & 0xFF;
      }
  }
  cairo_surface_destroy(s);
  return img;
}

/// Luma of an RGB image (Rec. 601 weights, as poppler's -gray uses for RGB).
inline Grey to_grey(const Image& img) {
  Grey g{img.width, img.height, {}};
  g.v.resize(std::size_t(img.width) * img.height);
  for (std::size_t i = 0; i < g.v.size(); ++i) {
    const uint8_t* p = &img.rgb[i * 3];
    g.v[i] = static_cast<uint8_t>((299 * p[0] + 587 * p[1] + 114 * p[2] + 500) / 1000);
  }
  return g;
}

/// Reads a binary PGM (P5, maxval 255) as pdftoppm -gray writes it.
inline Grey read_pgm(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::string magic;
  int maxval = 0;
  Grey g;
  in >> magic >> g.width >> g.height >> maxval;
  in.get();
  if (magic != "P5" || maxval != 255 || g.width <= 0 || g.height <= 0) return {};
  g.v.resize(std::size_t(g.width) * g.height);
  in.read(reinterpret_cast<char*>(g.v.data()), static_cast<std::streamsize>(g.v.size()));
  if (!in) return {};
  return g;
}

/// How two images of the same size differ.
struct Comparison {
  bool same_size = false;
  std::size_t differing = 0;  ///< pixels with a channel off by more than the tolerance
  int max_difference = 0;
  double mean_difference = 0;  ///< mean absolute difference over all channels
  Image diff;                  ///< differing pixels red over a faded copy of the expected image
};

/// Compares pixel by pixel; a pixel differs when one of its channels is off by more than
/// `tolerance` (0..255), which absorbs anti-aliasing noise but not a moved edge.
inline Comparison compare(const Image& expected, const Image& actual, int tolerance) {
  Comparison c;
  c.same_size = expected.width == actual.width && expected.height == actual.height;
  if (!c.same_size) return c;
  c.diff = expected;
  double sum = 0;
  for (std::size_t i = 0; i < expected.rgb.size() / 3; ++i) {
    int worst = 0;
    for (int ch = 0; ch < 3; ++ch) {
      const int d = std::abs(int(expected.rgb[i * 3 + ch]) - int(actual.rgb[i * 3 + ch]));
      worst = std::max(worst, d);
      sum += d;
    }
    c.max_difference = std::max(c.max_difference, worst);
    uint8_t* o = &c.diff.rgb[i * 3];
    if (worst > tolerance) {
      ++c.differing;
      o[0] = 255, o[1] = 0, o[2] = 0;
    } else {
      for (int ch = 0; ch < 3; ++ch) o[ch] = static_cast<uint8_t>(192 + o[ch] / 4);
    }
  }
  c.mean_difference = sum / double(expected.rgb.size());
  return c;
}

extern "C" inline cairo_status_t write_png(void* closure, const unsigned char* data,
                                           unsigned int n) {
  static_cast<std::string*>(closure)->append(reinterpret_cast<const char*>(data), n);
  return CAIRO_STATUS_SUCCESS;
}

/// Encodes an RGB image as PNG bytes.
inline std::string encode_png(const Image& img) {
  cairo_surface_t* s = cairo_image_surface_create(CAIRO_FORMAT_RGB24, img.width, img.height);
  cairo_surface_flush(s);
  const int stride = cairo_image_surface_get_stride(s);
  unsigned char* d = cairo_image_surface_get_data(s);
  for (int y = 0; y < img.height; ++y)
    for (int x = 0; x < img.width; ++x) {
      const uint32_t px = 0xFF000000u | uint32_t(img.at(x, y, 0)) << 16 |
                          uint32_t(img.at(x, y, 1)) << 8 | img.at(x, y, 2);
      std::copy_n(reinterpret_cast<const unsigned char*>(&px), 4,
                  d + std::size_t(y) * stride + x * 4);
    }
  cairo_surface_mark_dirty(s);
  std::string out;
  cairo_surface_write_to_png_stream(s, write_png, &out);
  cairo_surface_destroy(s);
  return out;
}

inline std::string slurp(const std::filesystem::path& p) {
  std::ifstream in(p, std::ios::binary);
  return std::string((std::istreambuf_iterator<char>(in)), {});
}

inline void spit(const std::filesystem::path& p, const std::string& bytes) {
  std::filesystem::create_directories(p.parent_path());
  std::ofstream(p, std::ios::binary) << bytes;
}

/// PLAQUETTE_UPDATE_REFERENCES=1 regenerates reference files instead of comparing.
inline bool updating_references() {
  const char* v = std::getenv("PLAQUETTE_UPDATE_REFERENCES");
  return v && std::string(v) == "1";
}

}  // namespace plaquette::render::cairo::test_util
