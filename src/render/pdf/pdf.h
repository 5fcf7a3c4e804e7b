// The print backend: the display list as a print-ready PDF (DeviceCMYK, trim and bleed
// boxes, embedded subset TrueType fonts with a correct ToUnicode map), written by libharu.
#pragma once

#include <string>

#include "base/diag.h"
#include "display/display.h"

namespace plaquette::render::pdf {

/// Renders a whole document to PDF bytes with libharu. On failure returns false and records
/// errors in diags (never throws through libharu's C frames, never crashes).
bool render(const display::Document& doc, std::string& out_bytes, Diagnostics& diags);

/// Checks that `path` is a readable CMYK output ICC profile (what the PDF/X output intent
/// needs), so that `check` finds a bad profile before `build` does. Errors go at `where`
/// (the layout line naming it; the file itself when unknown) and name the file. When the
/// profile is not to be embedded (`embed` false, set at `embed_where`), it must be the
/// profile of a registered printing condition (registered_condition).
bool check_output_profile(const std::string& path, const SourcePos& where, Diagnostics& diags,
                          bool embed = true, const SourcePos& embed_where = {});

}  // namespace plaquette::render::pdf
