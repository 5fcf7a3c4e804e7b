#include "geo/lambert.h"

#include <cmath>
#include <numbers>

namespace plaquette::geo {
namespace {

constexpr double kDegree = std::numbers::pi / 180;

// The radius of curvature of the prime vertical times cos(phi): the radius of the parallel.
double parallel_radius(double a, double e, double phi) {
  const double s = std::sin(phi);
  return a * std::cos(phi) / std::sqrt(1 - e * e * s * s);
}

}  // namespace

double isometric_latitude(double phi, double e) {
  const double es = e * std::sin(phi);
  return std::log(std::tan(std::numbers::pi / 4 + phi / 2) * std::pow((1 - es) / (1 + es), e / 2));
}

LambertConic LambertConic::secant(double a, double f, double phi1, double phi2, double lambda0,
                                  double phi0, double x0, double y0) {
  LambertConic p;
  p.e = std::sqrt(f * (2 - f));
  phi1 *= kDegree, phi2 *= kDegree, phi0 *= kDegree;
  const double r1 = parallel_radius(a, p.e, phi1), r2 = parallel_radius(a, p.e, phi2);
  const double l1 = isometric_latitude(phi1, p.e), l2 = isometric_latitude(phi2, p.e);
  p.n = std::log(r2 / r1) / (l1 - l2);
  p.c = r1 / p.n * std::exp(p.n * l1);
  p.lambda_c = lambda0 * kDegree;
  p.x_s = x0;
  p.y_s = y0 + p.c * std::exp(-p.n * isometric_latitude(phi0, p.e));
  return p;
}

Point LambertConic::project_radians(double lambda, double phi) const {
  const double r = c * std::exp(-n * isometric_latitude(phi, e));
  const double gamma = n * (lambda - lambda_c);
  return {x_s + r * std::sin(gamma), y_s - r * std::cos(gamma)};
}

Point LambertConic::project(double lon, double lat) const {
  return project_radians(lon * kDegree, lat * kDegree);
}

const LambertConic& lambert93() {
  // GRS80: a = 6 378 137 m, 1/f = 298.257222101 (IAG 1980).
  static const LambertConic p =
      LambertConic::secant(6378137.0, 1 / 298.257222101, 44, 49, 3, 46.5, 700000, 6600000);
  return p;
}

}  // namespace plaquette::geo
