// Label positions: the pole of inaccessibility of a polygon, the inner point farthest from
// its outline, found by Mapbox's polylabel algorithm (Vladimir Agafonkin, 2016: a
// quadtree of square cells searched best-first, each cell bounded by its centre's distance
// plus its half-diagonal). A centroid can fall outside a concave outline; this point cannot.
#pragma once

#include <cstddef>
#include <vector>

#include "geo/geometry.h"

namespace plaquette::geo {

/// Where a label goes and how much room it has there.
struct Pole {
  Point point;
  double distance = 0;  ///< to the nearest edge of the outline (negative: outside)
};

/// At most this many cells are examined for one polygon; past it, the best point found so
/// far is returned (a bound on the time a hostile outline can take).
inline constexpr std::size_t kMaxPolylabelCells = 100000;

/// The pole of inaccessibility of `polygon` to within `precision` (in its units, above 0):
/// no inner point is farther from the outline than the result by more than `precision`.
Pole polylabel(const Polygon& polygon, double precision);

/// The pole of the polygon of `polygons` that has the most room (the largest distance), so
/// that an area made of a mainland and islands is labelled on the mainland.
Pole polylabel(const std::vector<Polygon>& polygons, double precision);

/// The signed distance from `p` to the outline of `polygon`: positive inside (holes are
/// outside), negative outside.
double signed_distance(Point p, const Polygon& polygon);

/// A polygon's edges prepared for many distance queries (polylabel asks thousands, most of
/// them far from most of the outline): in runs of consecutive edges of one ring, each with
/// its box. A run that can hold neither the nearest edge nor an edge crossing the ray from
/// the point is passed over whole. The distance is signed_distance's, bit for bit: the
/// crossings are decided by the same comparisons, and a run is passed over only when each
/// of its edges is farther than the nearest found so far by a margin far above rounding.
class Outline {
 public:
  explicit Outline(const Polygon& polygon);
  double signed_distance(Point p) const;

 private:
  static constexpr std::size_t kRun = 8;
  struct Run {
    Point a[kRun], b[kRun];
    std::size_t count = 0;
    Box box;
  };
  std::vector<Run> runs_;
  double margin_ = 0;
};

}  // namespace plaquette::geo
