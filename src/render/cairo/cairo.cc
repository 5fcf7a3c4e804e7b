// The proof document: one Cairo surface per page (PNG image or SVG), the view (trim or the
// whole media box), the walk over display items, and Cairo's sticky errors.
#include "render/cairo/cairo.h"

#include <cairo-svg.h>
#include <png.h>

#include <algorithm>
#include <atomic>
#include <cmath>
#include <cstdint>
#include <exception>
#include <map>
#include <memory>
#include <string_view>
#include <thread>
#include <utility>
#include <variant>
#include <vector>

#include "render/cairo/cairo_private.h"

namespace plaquette::render::cairo {

namespace {

struct SurfaceDeleter {
  void operator()(cairo_surface_t* s) const { cairo_surface_destroy(s); }
};
struct ContextDeleter {
  void operator()(cairo_t* cr) const { cairo_destroy(cr); }
};
using Surface = std::unique_ptr<cairo_surface_t, SurfaceDeleter>;
using Context = std::unique_ptr<cairo_t, ContextDeleter>;

// Cairo's stream callback: appends to the std::string given as closure. Called from C.
extern "C" cairo_status_t append(void* closure, const unsigned char* data,
                                 unsigned int length) noexcept {
  try {
    static_cast<std::string*>(closure)->append(reinterpret_cast<const char*>(data), length);
    return CAIRO_STATUS_SUCCESS;
  } catch (...) {
    return CAIRO_STATUS_WRITE_ERROR;
  }
}

// PNG: Cairo's writer (libpng with zlib at its default level and every filter tried on
// every row) took half the time of a 96 dpi proof. Pages are written here through libpng
// too, with one filter (Up: each byte minus the one above, which flat paper and colour
// areas turn into zeros) and a fast zlib level: several times quicker, files within a few
// percent, the same pixels. libpng streams row by row: memory stays the surface.
constexpr int kPngLevel = 3;
// Pages drawn at once: each holds its surface, so large pages (beyond A4 at 400 dpi) are
// drawn one at a time, so that the memory bound of a proof stays one surface.
constexpr double kParallelPagePixels = 16e6;

// libpng's callbacks: bytes appended to the page's string; an error ends the page through
// libpng's longjmp (never an exception through C frames); warnings are not printed.
void png_append(png_structp png, png_bytep data, png_size_t n) {
  bool ok = true;
  try {
    static_cast<std::string*>(png_get_io_ptr(png))->append(reinterpret_cast<char*>(data), n);
  } catch (...) {  // out of memory
    ok = false;
  }
  if (!ok) png_error(png, "out of memory");
}
void png_flush_nothing(png_structp) {}
void png_fail(png_structp png, png_const_charp) { png_longjmp(png, 1); }
void png_quiet(png_structp, png_const_charp) {}

struct PngRows {
  const unsigned char* data;  ///< Cairo's RGB24 pixels (native-endian xRGB words)
  int width, height, stride;
  unsigned char* row;  ///< room for one RGB row
};

// The setjmp frame: only plain locals, nothing to clobber or destroy.
bool write_png(png_structp png, png_infop info, const PngRows* in, std::string* out) {
  if (setjmp(png_jmpbuf(png))) return false;
  png_set_write_fn(png, out, png_append, png_flush_nothing);
  png_set_IHDR(png, info, static_cast<png_uint_32>(in->width), static_cast<png_uint_32>(in->height),
               8, PNG_COLOR_TYPE_RGB, PNG_INTERLACE_NONE, PNG_COMPRESSION_TYPE_DEFAULT,
               PNG_FILTER_TYPE_DEFAULT);
  png_set_filter(png, PNG_FILTER_TYPE_BASE, PNG_FILTER_UP);
  png_set_compression_level(png, kPngLevel);
  png_write_info(png, info);
  for (int y = 0; y < in->height; ++y) {
    const auto* px =
        reinterpret_cast<const uint32_t*>(in->data + static_cast<std::ptrdiff_t>(y) * in->stride);
    for (int x = 0; x < in->width; ++x) {
      in->row[3 * x] = static_cast<unsigned char>(px[x] >> 16);
      in->row[3 * x + 1] = static_cast<unsigned char>(px[x] >> 8);
      in->row[3 * x + 2] = static_cast<unsigned char>(px[x]);
    }
    png_write_row(png, in->row);
  }
  png_write_end(png, nullptr);
  return true;
}

// An RGB24 image surface as an 8-bit RGB PNG (no alpha: a proof is paper).
bool encode_png(cairo_surface_t* surface, std::string& out) {
  cairo_surface_flush(surface);
  const int w = cairo_image_surface_get_width(surface);
  const int h = cairo_image_surface_get_height(surface);
  const unsigned char* data = cairo_image_surface_get_data(surface);
  if (!data || w < 1 || h < 1) return false;
  std::vector<unsigned char> row(3 * static_cast<std::size_t>(w));
  const PngRows in{data, w, h, cairo_image_surface_get_stride(surface), row.data()};
  png_structp png = png_create_write_struct(PNG_LIBPNG_VER_STRING, nullptr, png_fail, png_quiet);
  if (!png) return false;
  png_infop info = png_create_info_struct(png);
  const bool ok = info && write_png(png, info, &in, &out);
  png_destroy_write_struct(&png, info ? &info : nullptr);
  return ok;
}

bool empty(const display::Rect& r) { return !(r.width > 0 && r.height > 0); }

// What a proof shows: the trim (what the reader gets) or, with bleed, the whole media box
// so that the bleed and the crop marks can be checked too. A missing trim shows the media.
display::Rect view_of(const display::Page& p, bool bleed) {
  const display::Rect media{0, 0, p.width, p.height};
  return bleed || empty(p.trim) ? media : p.trim;
}

bool cairo_ok(cairo_status_t status, int page, const char* doing, Diagnostics& diags) {
  if (status == CAIRO_STATUS_SUCCESS) return true;
  diags.error({}, "page " + std::to_string(page) + ": Cairo error (" +
                      cairo_status_to_string(status) + ") while " + doing);
  return false;
}

void draw_items(cairo_t* cr, const FontSet& fonts, ColourConverter& colours,
                const display::Page& p) {
  for (const display::Item& item : p.items) {
    std::visit(
        display::Overloaded{[&](const display::TextRun& run) { fonts.draw_text(cr, colours, run); },
                            [&](const display::Path& path) { draw_path(cr, colours, path); }},
        item);
  }
}

// Cairo numbers SVG groups from a process-wide surface counter (`<g id="surface27">`), so a
// page's SVG would depend on what was drawn before it. Renumbering the ids in order of
// first appearance makes each page's bytes depend on the page alone.
void renumber_surface_ids(std::string& svg) {
  static constexpr std::string_view kPrefix = "surface";
  std::map<std::string, std::string> ids;
  std::string out;
  out.reserve(svg.size());
  std::size_t i = 0;
  while (true) {
    std::size_t at = svg.find(kPrefix, i);
    if (at == std::string::npos) break;
    std::size_t end = at + kPrefix.size();
    while (end < svg.size() && svg[end] >= '0' && svg[end] <= '9') ++end;
    const bool id_ref = at > 0 && (svg[at - 1] == '"' || svg[at - 1] == '#');
    out.append(svg, i, at - i);
    if (end > at + kPrefix.size() && id_ref) {
      const std::string old = svg.substr(at, end - at);
      auto [it, added] = ids.emplace(old, "");
      if (added) it->second = std::string(kPrefix) + std::to_string(ids.size());
      out += it->second;
    } else {
      out.append(svg, at, end - at);
    }
    i = end;
  }
  out.append(svg, i);
  svg = std::move(out);
}

bool render_page(const display::Page& p, int number, const Options& o, const FontSet& fonts,
                 ColourConverter& colours, std::string& out, Diagnostics& diags) {
  const display::Rect view = view_of(p, o.bleed);
  // PNG pixels are rounded to the nearest whole pixel (A4 at 100 dpi: 827 × 1169);
  // SVG keeps points, and its viewer scales.
  const double scale = o.format == Format::png ? o.dpi / 72.0 : 1.0;
  Surface surface;
  if (o.format == Format::png) {
    const long w = std::lround(view.width * scale), h = std::lround(view.height * scale);
    if (w < 1 || h < 1 || w > 32767 || h > 32767) {
      diags.error({}, "page " + std::to_string(number) + ": " + std::to_string(w) + " × " +
                          std::to_string(h) +
                          " pixels is outside Cairo's 1..32767 range; lower --dpi");
      return false;
    }
    // No alpha: a proof is paper, painted below.
    surface.reset(
        cairo_image_surface_create(CAIRO_FORMAT_RGB24, static_cast<int>(w), static_cast<int>(h)));
  } else {
    surface.reset(cairo_svg_surface_create_for_stream(append, &out, view.width, view.height));
    cairo_svg_surface_set_document_unit(surface.get(), CAIRO_SVG_UNIT_PT);
  }
  if (!cairo_ok(cairo_surface_status(surface.get()), number, "creating the page", diags))
    return false;

  Context cr(cairo_create(surface.get()));
  // Outlines unhinted and metrics unrounded: glyphs land at HarfBuzz's fractional
  // positions as in the PDF, and the output does not depend on hinting settings.
  cairo_font_options_t* fo = cairo_font_options_create();
  cairo_font_options_set_hint_style(fo, CAIRO_HINT_STYLE_NONE);
  cairo_font_options_set_hint_metrics(fo, CAIRO_HINT_METRICS_OFF);
  cairo_font_options_set_antialias(fo, CAIRO_ANTIALIAS_GRAY);
  cairo_set_font_options(cr.get(), fo);
  cairo_font_options_destroy(fo);

  cairo_scale(cr.get(), scale, scale);
  cairo_translate(cr.get(), -view.x, -view.y);
  cairo_rectangle(cr.get(), view.x, view.y, view.width, view.height);
  cairo_clip(cr.get());
  // Paper: unprinted CMYK, through the profile like every other colour.
  colours.set_source(cr.get(), display::Cmyk{});
  cairo_paint(cr.get());
  draw_items(cr.get(), fonts, colours, p);
  if (!cairo_ok(cairo_status(cr.get()), number, "drawing", diags)) return false;
  cr.reset();

  if (o.format == Format::png) {
    if (encode_png(surface.get(), out)) return true;
    diags.error({}, "page " + std::to_string(number) + ": out of memory while encoding the PNG");
    return false;
  }
  cairo_surface_finish(surface.get());
  if (!cairo_ok(cairo_surface_status(surface.get()), number, "writing the SVG", diags))
    return false;
  renumber_surface_ids(out);
  return true;
}

}  // namespace

bool render(const display::Document& doc, const Options& options,
            std::vector<std::string>& out_files, Diagnostics& diags) {
  out_files.clear();
  if (options.format == Format::png && !(options.dpi >= kMinDpi && options.dpi <= kMaxDpi)) {
    diags.error({}, "a proof's resolution must be 10 to 1200 dpi");
    return false;
  }
  FontSet fonts;
  // Both are checked before drawing so that every missing file is reported at once.
  const std::shared_ptr<ColourConverter> colours = shared_converter(doc.output_profile, diags);
  const bool fonts_ok = fonts.load(doc.fonts, diags);
  if (!colours || !fonts_ok) return false;
  const std::size_t n = doc.pages.size();
  std::vector<std::string> files(n);
  std::vector<Diagnostics> page_diags(n);
  std::vector<char> ok(n, 0);
  // Pages are independent: PNG pages are drawn and encoded on as many threads as there are
  // cores (each page's bytes are the same whichever thread made them), unless they are
  // large (memory: one page at a time). SVG pages stay on one thread: Cairo numbers their
  // groups from a process-wide counter.
  std::atomic<std::size_t> next{0};
  auto work = [&] {
    for (std::size_t i; (i = next.fetch_add(1)) < n;) {
      try {
        ok[i] = render_page(doc.pages[i], static_cast<int>(i + 1), options, fonts, *colours,
                            files[i], page_diags[i]);
      } catch (const std::exception& e) {  // out of memory: an error, not a crash
        page_diags[i].error({}, "page " + std::to_string(i + 1) + ": " + e.what());
      }
    }
  };
  const unsigned cores = std::max(1u, std::thread::hardware_concurrency());
  double largest = 0;  // pixels of the largest page
  for (const display::Page& p : doc.pages) {
    const display::Rect v = view_of(p, options.bleed);
    largest = std::max(largest, v.width * v.height * (options.dpi / 72.0) * (options.dpi / 72.0));
  }
  const std::size_t threads = options.format == Format::png && largest <= kParallelPagePixels
                                  ? std::min<std::size_t>(cores, n)
                                  : std::size_t{1};
  std::vector<std::thread> helpers;
  for (std::size_t t = 1; t < threads; ++t) helpers.emplace_back(work);
  work();
  for (std::thread& t : helpers) t.join();
  bool all_ok = true;
  for (std::size_t i = 0; i < n; ++i) {
    diags.merge(page_diags[i]);
    all_ok &= ok[i] != 0;
  }
  if (!all_ok) return false;
  out_files = std::move(files);
  return true;
}

}  // namespace plaquette::render::cairo
