// The Lambert conformal conic projection on an ellipsoid, as IGN publishes it (notes
// NTG_71, algorithms ALG0001 and ALG0003, and ALG0054 for the constants of the secant
// form), and Lambert-93 (EPSG:2154), the official projection of metropolitan France.
#pragma once

#include "geo/geometry.h"

namespace plaquette::geo {

/// The constants of a Lambert conformal conic projection, in IGN's notation.
struct LambertConic {
  double e = 0;         ///< first eccentricity of the ellipsoid
  double n = 0;         ///< exponent of the projection (sine of the apex latitude)
  double c = 0;         ///< projection constant, metres
  double lambda_c = 0;  ///< longitude of the origin, radians
  double x_s = 0;       ///< easting of the pole, metres
  double y_s = 0;       ///< northing of the pole, metres

  /// The constants of the secant form (ALG0054): ellipsoid semi-major axis `a` (m) and
  /// flattening `f`, standard parallels `phi1`, `phi2`, origin (`lambda0`, `phi0`), all in
  /// degrees, and false easting and northing of the origin `x0`, `y0` (m).
  static LambertConic secant(double a, double f, double phi1, double phi2, double lambda0,
                             double phi0, double x0, double y0);

  /// Projects a longitude and latitude in radians (ALG0003) to easting and northing (m).
  Point project_radians(double lambda, double phi) const;
  /// Projects a longitude and latitude in degrees to easting and northing (m).
  Point project(double lon, double lat) const;
};

/// Lambert-93: GRS80 ellipsoid, standard parallels 44° and 49° N, origin 3° E 46.5° N at
/// (700 000 m, 6 600 000 m).
const LambertConic& lambert93();

/// The isometric latitude of `phi` (radians) on an ellipsoid of eccentricity `e` (ALG0001).
double isometric_latitude(double phi, double e);

}  // namespace plaquette::geo
