// Lengths: everything inside plaquette is in PostScript points (1/72 inch).
#pragma once

namespace plaquette {

/// Points per millimetre (72 / 25.4).
inline constexpr double kPtPerMm = 72.0 / 25.4;

/// Millimetres to points.
constexpr double mm(double v) { return v * kPtPerMm; }

}  // namespace plaquette
