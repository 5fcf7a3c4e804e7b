#include "geo/geometry.h"

#include <gtest/gtest.h>

namespace plaquette::geo {
namespace {

const Ring kSquare = {{0, 0}, {10, 0}, {10, 10}, {0, 10}, {0, 0}};  // counter-clockwise, y up

TEST(Geometry, SignedAreaIsPositiveCounterClockwise) {
  EXPECT_DOUBLE_EQ(twice_signed_area(kSquare), 200);
  Ring reversed(kSquare.rbegin(), kSquare.rend());
  EXPECT_DOUBLE_EQ(twice_signed_area(reversed), -200);
}

TEST(Geometry, BoxOfAPolygonIsItsOuterRings) {
  Box box;
  EXPECT_TRUE(box.empty);
  box.add(Polygon{{kSquare, {{2, 2}, {2, 3}, {3, 3}, {2, 2}}}});
  EXPECT_FALSE(box.empty);
  EXPECT_EQ(box.min_x, 0);
  EXPECT_EQ(box.max_y, 10);
  EXPECT_EQ(box.width(), 10);
}

TEST(Geometry, FitKeepsProportionsAndCentres) {
  Box box;
  box.add(Point{100, 200});
  box.add(Point{300, 300});  // 200 × 100
  const Transform t = fit(box, YAxis::down, 10, 20, 100, 100);
  EXPECT_DOUBLE_EQ(t.scale, 0.5);
  const Point a = t.apply({100, 200}), b = t.apply({300, 300});
  EXPECT_DOUBLE_EQ(a.x, 10);
  EXPECT_DOUBLE_EQ(b.x, 110);
  // 50 pt tall in a 100 pt frame: 25 pt above and below.
  EXPECT_DOUBLE_EQ(a.y, 45);
  EXPECT_DOUBLE_EQ(b.y, 95);
}

TEST(Geometry, FitFlipsASourceWhoseYPointsUp) {
  Box box;
  box.add(Point{0, 0});
  box.add(Point{10, 20});
  const Transform t = fit(box, YAxis::up, 0, 0, 50, 100);
  EXPECT_DOUBLE_EQ(t.scale, 5);
  // North (the largest y) lands at the top of the frame.
  EXPECT_DOUBLE_EQ(t.apply({0, 20}).y, 0);
  EXPECT_DOUBLE_EQ(t.apply({0, 0}).y, 100);
  EXPECT_DOUBLE_EQ(t.apply({10, 0}).x, 50);
}

TEST(Geometry, FitOfAPointGoesToTheCentre) {
  Box box;
  box.add(Point{3, 4});
  const Point p = fit(box, YAxis::up, 0, 0, 20, 40).apply({3, 4});
  EXPECT_DOUBLE_EQ(p.x, 10);
  EXPECT_DOUBLE_EQ(p.y, 20);
}

}  // namespace
}  // namespace plaquette::geo
