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

}  // namespace plaquette::geo
