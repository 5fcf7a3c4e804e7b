#include "geo/polylabel.h"

#include <gtest/gtest.h>

#include <cmath>

#include "geo/geojson.h"
#include "shipped.h"

namespace plaquette::geo {
namespace {

Polygon square(double x, double y, double side) {
  return {{{{x, y}, {x + side, y}, {x + side, y + side}, {x, y + side}, {x, y}}}};
}

TEST(Polylabel, TheCentreOfASquare) {
  const Pole pole = polylabel(square(0, 0, 10), 0.01);
  EXPECT_NEAR(pole.point.x, 5, 0.02);
  EXPECT_NEAR(pole.point.y, 5, 0.02);
  EXPECT_NEAR(pole.distance, 5, 0.01);
}

TEST(Polylabel, InsideAConcaveOutlineWhereTheCentroidIsNot) {
  // A U: two 2-wide arms joined by a 2-high base; its centroid (5, 3.4) lies in the gap.
  const Polygon u{{{{0, 0}, {10, 0}, {10, 10}, {8, 10}, {8, 2}, {2, 2}, {2, 10}, {0, 10}, {0, 0}}}};
  EXPECT_LT(signed_distance({5, 3.4}, u), 0);
  const Pole pole = polylabel(u, 0.01);
  // The widest circle sits in a corner of the base, between two outer sides and the inner
  // corner (2, 2): radius r with r + r/√2 = 2.
  const double r = 2 / (1 + 1 / std::sqrt(2.0));
  EXPECT_NEAR(pole.distance, r, 0.01);
  EXPECT_NEAR(signed_distance(pole.point, u), pole.distance, 1e-9);
}

TEST(Polylabel, AHoleIsOutside) {
  Polygon frame = square(0, 0, 10);
  frame.rings.push_back({{3, 3}, {3, 7}, {7, 7}, {7, 3}, {3, 3}});
  EXPECT_LT(signed_distance({5, 5}, frame), 0);
  const Pole pole = polylabel(frame, 0.01);
  // In a corner of the 3-wide band round the hole: r + r/√2 = 3.
  EXPECT_NEAR(pole.distance, 3 / (1 + 1 / std::sqrt(2.0)), 0.01);
  EXPECT_GT(signed_distance(pole.point, frame), 0);
}

TEST(Polylabel, PrecisionBoundsTheError) {
  const Polygon u{{{{0, 0}, {10, 0}, {10, 10}, {8, 10}, {8, 2}, {2, 2}, {2, 10}, {0, 10}, {0, 0}}}};
  for (double precision : {2.0, 0.5, 0.1}) {
    const Pole pole = polylabel(u, precision);
    EXPECT_GE(pole.distance, 2 / (1 + 1 / std::sqrt(2.0)) - precision) << precision;
  }
}

TEST(Polylabel, TheMainlandOfAnAreaWithIslands) {
  const std::vector<Polygon> area = {square(100, 100, 1), square(0, 0, 20), square(50, 0, 2)};
  const Pole pole = polylabel(area, 0.01);
  EXPECT_NEAR(pole.point.x, 10, 0.05);
  EXPECT_NEAR(pole.point.y, 10, 0.05);
}

TEST(Polylabel, DegenerateOutlinesDoNotHang) {
  const Polygon flat{{{{0, 0}, {10, 0}, {5, 0}, {0, 0}}}};
  EXPECT_EQ(polylabel(flat, 0.01).distance, 0);
  const Polygon sliver{{{{0, 0}, {1e9, 0}, {1e9, 1e-3}, {0, 1e-3}, {0, 0}}}};
  const Pole pole = polylabel(sliver, 1e-9);
  EXPECT_GE(pole.distance, 0);
  EXPECT_EQ(polylabel(Polygon{}, 1).distance, 0);
}

// The prepared outline gives signed_distance's number bit for bit, on the shipped
// départements (~100 edges each, in several rings for the islands), at points all over
// their boxes and beyond, on the heights of their vertices (where the crossing test is at
// its edge), at their vertices and at the poles found.
TEST(Polylabel, ThePreparedOutlineGivesTheSameDistances) {
  const auto shapes = shipped_outlines();
  ASSERT_TRUE(shapes);
  std::size_t compared = 0;
  for (const Feature& f : shapes->features) {
    for (const Polygon& polygon : f.polygons) {
      const Outline outline(polygon);
      Box box;
      box.add(polygon);
      std::vector<Point> points;
      for (int i = -4; i <= 44; ++i)
        for (int j = -4; j <= 44; ++j)
          points.push_back({box.min_x + box.width() * i / 40, box.min_y + box.height() * j / 40});
      for (const Ring& ring : polygon.rings)
        for (const Point& v : ring) {
          points.push_back(v);
          points.push_back({box.min_x + box.width() / 3, v.y});
          points.push_back({std::nextafter(v.x, 1e300), v.y});
        }
      points.push_back(polylabel(polygon, 0.01).point);
      for (const Point& p : points) {
        ASSERT_EQ(outline.signed_distance(p), signed_distance(p, polygon))
            << f.code << " at (" << p.x << ", " << p.y << ")";
        ++compared;
      }
    }
  }
  EXPECT_GT(compared, 10000u);
}

TEST(Polylabel, ThePreparedOutlineOfNothing) {
  EXPECT_EQ(Outline(Polygon{}).signed_distance({1, 2}), 0);
  const Polygon u{{{{0, 0}, {10, 0}, {10, 10}, {8, 10}, {8, 2}, {2, 2}, {2, 10}, {0, 10}, {0, 0}}}};
  EXPECT_EQ(Outline(u).signed_distance({5, 3.4}), signed_distance({5, 3.4}, u));
  EXPECT_GT(Outline(u).signed_distance({1, 5}), 0);
}

}  // namespace
}  // namespace plaquette::geo
