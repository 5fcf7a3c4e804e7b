// Plane geometry of map outlines: points, rings, polygons, their bounding boxes, and the
// transform that fits outlines into a frame keeping their proportions.
#pragma once

#include <vector>

namespace plaquette::geo {

/// A point of the plane: projected metres, planar source units or page points.
struct Point {
  double x = 0, y = 0;
  bool operator==(const Point&) const = default;
};

/// A closed ring: its last point repeats its first (RFC 7946 §3.1.6).
using Ring = std::vector<Point>;

/// A polygon: its outer ring, then its holes. The reader orients them oppositely (outer
/// ring of positive signed area, holes negative), so that a non-zero fill leaves the holes
/// empty whichever way the plane is flipped.
struct Polygon {
  std::vector<Ring> rings;
};

/// Twice the signed area of a ring (shoelace formula): positive when the ring turns
/// counter-clockwise in a plane whose y axis points up.
double twice_signed_area(const Ring& ring);

/// An axis-aligned bounding box; empty until a point is added.
struct Box {
  double min_x = 0, min_y = 0, max_x = 0, max_y = 0;
  bool empty = true;

  void add(Point p);
  void add(const Polygon& polygon);
  double width() const { return empty ? 0 : max_x - min_x; }
  double height() const { return empty ? 0 : max_y - min_y; }
};

/// Which way the y axis of the source coordinates points.
enum class YAxis { up, down };

/// Maps source coordinates onto the page (points, y down): a uniform scale, a flip when the
/// source's y points up, and a translation.
struct Transform {
  double scale = 1;
  double origin_x = 0, origin_y = 0;  ///< page position of the source point (min_x, y_top)
  double min_x = 0, y_top = 0;        ///< source x and y that land on origin
  YAxis y_axis = YAxis::down;

  Point apply(Point p) const;
};

/// The transform that fits `source` into the frame at (x, y) of `width` × `height` page
/// points, as large as it fits keeping proportions, centred along the other axis. A box
/// without width or height is scaled by the side it has; an empty box or a point maps to
/// the frame's centre.
Transform fit(const Box& source, YAxis y_axis, double x, double y, double width, double height);

}  // namespace plaquette::geo
