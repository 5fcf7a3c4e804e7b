#include "geo/lambert.h"

#include <gtest/gtest.h>

#include <cmath>
#include <numbers>

namespace plaquette::geo {
namespace {

// IGN, note NTG_71 (1995), ALG0003 test values: Lambert I constants on the Clarke 1880
// ellipsoid, Paris meridian.
TEST(Lambert, ProjectsIgnsWorkedExample) {
  LambertConic p;
  p.e = 0.0824832568;
  p.n = 0.760405966;
  p.c = 11603796.9767;
  p.lambda_c = 0.04079234433;
  p.x_s = 600000.0;
  p.y_s = 5657616.674;
  const Point xy = p.project_radians(0.145512099, 0.872664626);
  EXPECT_NEAR(xy.x, 1029705.0818, 1e-3);
  EXPECT_NEAR(xy.y, 272723.8510, 1e-3);
}

// IGN's published constants of Lambert-93 (the RGF93 / Lambert-93 sheet of the IGN's
// registry of projections): n, C and Ys.
TEST(Lambert, Lambert93HasIgnsConstants) {
  const LambertConic& l = lambert93();
  EXPECT_NEAR(l.n, 0.7256077650532670, 1e-12);
  EXPECT_NEAR(l.c, 11754255.426096, 1e-5);
  EXPECT_NEAR(l.x_s, 700000, 0);
  EXPECT_NEAR(l.y_s, 12655612.049876, 1e-5);
  EXPECT_NEAR(l.e, 0.0818191910428158, 1e-13);
}

TEST(Lambert, TheOriginIsAtTheFalseEastingAndNorthing) {
  const Point xy = lambert93().project(3, 46.5);
  EXPECT_NEAR(xy.x, 700000, 1e-6);
  EXPECT_NEAR(xy.y, 6600000, 1e-6);
}

TEST(Lambert, ParisNotreDame) {
  // Notre-Dame de Paris, 48.8530° N 2.3499° E: about (652 300, 6 861 600) on IGN's maps.
  const Point xy = lambert93().project(2.3499, 48.8530);
  EXPECT_NEAR(xy.x, 652297, 2);
  EXPECT_NEAR(xy.y, 6861636, 2);
}

TEST(Lambert, NorthIsUpAndEastIsRight) {
  const Point lille = lambert93().project(3.0573, 50.6292);
  const Point amiens = lambert93().project(2.2958, 49.8941);
  EXPECT_GT(lille.x, amiens.x);
  EXPECT_GT(lille.y, amiens.y);
  // Lambert-93 keeps distances in Hauts-de-France to a few parts in ten thousand: the
  // great-circle distance (haversine on a sphere of 6 371 km, itself within 0.5 %) agrees.
  const double rad = std::numbers::pi / 180;
  const double dlat = (50.6292 - 49.8941) * rad, dlon = (3.0573 - 2.2958) * rad;
  const double h = std::pow(std::sin(dlat / 2), 2) + std::cos(50.6292 * rad) *
                                                         std::cos(49.8941 * rad) *
                                                         std::pow(std::sin(dlon / 2), 2);
  const double sphere = 2 * 6371000 * std::asin(std::sqrt(h));
  EXPECT_NEAR(std::hypot(lille.x - amiens.x, lille.y - amiens.y) / sphere, 1, 0.005);
}

TEST(Lambert, IsometricLatitudeOfTheEquatorIsZero) {
  EXPECT_NEAR(isometric_latitude(0, lambert93().e), 0, 1e-15);
}

}  // namespace
}  // namespace plaquette::geo
