#include "geo/geometry.h"

#include <algorithm>

namespace plaquette::geo {

double twice_signed_area(const Ring& ring) {
  double sum = 0;
  for (std::size_t i = 0, j = ring.size() - 1; i < ring.size(); j = i++)
    sum += (ring[j].x - ring[i].x) * (ring[j].y + ring[i].y);
  return sum;
}

void Box::add(Point p) {
  if (empty) {
    min_x = max_x = p.x;
    min_y = max_y = p.y;
    empty = false;
    return;
  }
  min_x = std::min(min_x, p.x);
  max_x = std::max(max_x, p.x);
  min_y = std::min(min_y, p.y);
  max_y = std::max(max_y, p.y);
}

void Box::add(const Polygon& polygon) {
  // Holes lie inside the outer ring: it alone decides the box.
  if (!polygon.rings.empty())
    for (const Point& p : polygon.rings.front()) add(p);
}

Point Transform::apply(Point p) const {
  const double dy = y_axis == YAxis::up ? y_top - p.y : p.y - y_top;
  return {origin_x + (p.x - min_x) * scale, origin_y + dy * scale};
}

Transform fit(const Box& source, YAxis y_axis, double x, double y, double width, double height) {
  Transform t;
  t.y_axis = y_axis;
  const double w = source.width(), h = source.height();
  if (w > 0 && h > 0)
    t.scale = std::min(width / w, height / h);
  else if (w > 0)
    t.scale = width / w;
  else if (h > 0)
    t.scale = height / h;
  else
    t.scale = 1;
  t.min_x = source.min_x;
  t.y_top = y_axis == YAxis::up ? source.max_y : source.min_y;
  t.origin_x = x + (width - w * t.scale) / 2;
  t.origin_y = y + (height - h * t.scale) / 2;
  return t;
}

}  // namespace plaquette::geo
