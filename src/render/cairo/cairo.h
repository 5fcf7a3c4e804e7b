// The proof backend: the display list as PNG or SVG pages drawn by Cairo, for screens.
// Cairo 1.16 only knows RGB, so the CMYK of the display list is soft-proofed through the
// document's output profile with LittleCMS; the print PDF stays the libharu backend's job.
#pragma once

#include <string>
#include <vector>

#include "base/diag.h"
#include "display/display.h"

namespace plaquette::render::cairo {

/// The file format of a proof.
enum class Format { png, svg };

/// Lowest and highest PNG resolution accepted: below 10 dpi nothing is legible, and
/// 1200 dpi keeps an A4 page inside Cairo's 32767-pixel surface limit.
inline constexpr double kMinDpi = 10, kMaxDpi = 1200;

/// How the pages of a proof are drawn.
struct Options {
  Format format = Format::png;
  double dpi = 96;     ///< PNG resolution; SVG pages are sized in points whatever it is
  bool bleed = false;  ///< show the whole media box (bleed, crop marks), not only the trim
};

/// Renders every page of `doc` as one file each: `out_files[i]` holds the PNG or SVG bytes
/// of page i + 1. Colours go through `doc.output_profile`; a missing or unusable profile or
/// font is an error naming it. On failure returns false, clears `out_files` and records why.
bool render(const display::Document& doc, const Options& options,
            std::vector<std::string>& out_files, Diagnostics& diags);

}  // namespace plaquette::render::cairo
