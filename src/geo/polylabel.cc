#include "geo/polylabel.h"

#include <algorithm>
#include <cmath>
#include <limits>
#include <numbers>
#include <queue>

namespace plaquette::geo {
namespace {

constexpr double kMaxFirstCells = 1000;

// The squared distance from p to the segment [a, b].
double segment_distance_squared(Point p, Point a, Point b) {
  double x = a.x, y = a.y;
  double dx = b.x - x, dy = b.y - y;
  if (dx != 0 || dy != 0) {
    const double t = ((p.x - x) * dx + (p.y - y) * dy) / (dx * dx + dy * dy);
    if (t > 1) {
      x = b.x, y = b.y;
    } else if (t > 0) {
      x += dx * t, y += dy * t;
    }
  }
  dx = p.x - x, dy = p.y - y;
  return dx * dx + dy * dy;
}

struct Cell {
  Point centre;
  double half = 0;      // half the cell's side
  double distance = 0;  // from the centre to the outline
  double bound = 0;     // the largest distance any point of the cell can have

  Cell(Point c, double h, const Outline& outline)
      : centre(c),
        half(h),
        distance(outline.signed_distance(c)),
        bound(distance + h * std::numbers::sqrt2) {}
};

struct ByBound {
  bool operator()(const Cell& a, const Cell& b) const { return a.bound < b.bound; }
};

// The area-weighted centroid of the outer ring: a good first guess for convex outlines.
Cell centroid_cell(const Polygon& polygon, const Outline& outline) {
  const Ring& ring = polygon.rings.front();
  double area = 0, x = 0, y = 0;
  for (std::size_t i = 0, j = ring.size() - 1; i < ring.size(); j = i++) {
    const double f = ring[i].x * ring[j].y - ring[j].x * ring[i].y;
    x += (ring[i].x + ring[j].x) * f;
    y += (ring[i].y + ring[j].y) * f;
    area += f * 3;
  }
  if (area == 0) return Cell(ring.front(), 0, outline);
  return Cell({x / area, y / area}, 0, outline);
}

}  // namespace

double signed_distance(Point p, const Polygon& polygon) {
  bool inside = false;
  double best = std::numeric_limits<double>::infinity();
  for (const Ring& ring : polygon.rings) {
    if (ring.empty()) continue;
    for (std::size_t i = 0, j = ring.size() - 1; i < ring.size(); j = i++) {
      const Point a = ring[i], b = ring[j];
      // Even-odd crossing of a ray towards +x.
      if ((a.y > p.y) != (b.y > p.y) && p.x < (b.x - a.x) * (p.y - a.y) / (b.y - a.y) + a.x)
        inside = !inside;
      best = std::min(best, segment_distance_squared(p, a, b));
    }
  }
  if (best == std::numeric_limits<double>::infinity()) return 0;
  return (inside ? 1 : -1) * std::sqrt(best);
}

Outline::Outline(const Polygon& polygon) {
  double scale = 0;
  for (const Ring& ring : polygon.rings) {
    if (ring.empty()) continue;
    for (std::size_t i = 0, j = ring.size() - 1; i < ring.size(); j = i++) {
      if (runs_.empty() || runs_.back().count == kRun || i == 0) runs_.push_back({});
      Run& run = runs_.back();
      const Point a = ring[i], b = ring[j];
      run.a[run.count] = a;
      run.b[run.count] = b;
      ++run.count;
      for (const Point q : {a, b}) {
        run.box.add(q);
        scale = std::max({scale, std::fabs(q.x), std::fabs(q.y)});
      }
    }
  }
  // Rounding errors of a squared distance are a few units in the last place of the squared
  // coordinates, ~1e-15 of scale²: the margin is a thousand times that.
  margin_ = scale * scale * 1e-12;
}

double Outline::signed_distance(Point p) const {
  bool inside = false;
  double best = std::numeric_limits<double>::infinity();
  for (const Run& run : runs_) {
    // An edge crosses the ray only when p.y lies in its y range.
    const bool crossing = !(p.y < run.box.min_y || p.y >= run.box.max_y);
    const double dx = std::max({run.box.min_x - p.x, 0.0, p.x - run.box.max_x});
    const double dy = std::max({run.box.min_y - p.y, 0.0, p.y - run.box.max_y});
    const bool near = !(dx * dx + dy * dy > best + margin_);
    if (!crossing && !near) continue;
    for (std::size_t k = 0; k < run.count; ++k) {
      const Point a = run.a[k], b = run.b[k];
      if (crossing && (a.y > p.y) != (b.y > p.y) &&
          p.x < (b.x - a.x) * (p.y - a.y) / (b.y - a.y) + a.x)
        inside = !inside;
      if (near) best = std::min(best, segment_distance_squared(p, a, b));
    }
  }
  if (best == std::numeric_limits<double>::infinity()) return 0;
  return (inside ? 1 : -1) * std::sqrt(best);
}

Pole polylabel(const Polygon& polygon, double precision) {
  if (polygon.rings.empty() || polygon.rings.front().empty()) return {};
  Box box;
  box.add(polygon);
  const double width = box.width(), height = box.height();
  // Mapbox's first cells are squares of the box's shorter side; a sliver (a box far longer
  // than wide) would need millions of them, so there are at most kMaxFirstCells per row.
  const double side =
      std::max({precision, std::min(width, height), std::max(width, height) / kMaxFirstCells});
  if (side <= 0 || !std::isfinite(side)) return {{box.min_x, box.min_y}, 0};

  const Outline outline(polygon);
  std::priority_queue<Cell, std::vector<Cell>, ByBound> queue;
  // Cover the box with square cells; the search refines the promising ones.
  const auto columns = static_cast<std::size_t>(std::ceil(width / side));
  const auto rows = static_cast<std::size_t>(std::ceil(height / side));
  for (std::size_t i = 0; i < std::max<std::size_t>(columns, 1); ++i)
    for (std::size_t j = 0; j < std::max<std::size_t>(rows, 1); ++j)
      queue.emplace(Point{box.min_x + (static_cast<double>(i) + 0.5) * side,
                          box.min_y + (static_cast<double>(j) + 0.5) * side},
                    side / 2, outline);

  Cell best = centroid_cell(polygon, outline);
  const Cell centre({box.min_x + width / 2, box.min_y + height / 2}, 0, outline);
  if (centre.distance > best.distance) best = centre;

  std::size_t examined = queue.size();
  while (!queue.empty()) {
    const Cell cell = queue.top();
    queue.pop();
    if (cell.distance > best.distance) best = cell;
    // No point of this cell can beat the best by more than the precision: drop it.
    if (cell.bound - best.distance <= precision) continue;
    if (examined >= kMaxPolylabelCells) break;
    const double h = cell.half / 2;
    for (const Point d : {Point{-h, -h}, Point{h, -h}, Point{-h, h}, Point{h, h}})
      queue.emplace(Point{cell.centre.x + d.x, cell.centre.y + d.y}, h, outline);
    examined += 4;
  }
  return {best.centre, best.distance};
}

Pole polylabel(const std::vector<Polygon>& polygons, double precision) {
  Pole best;
  bool first = true;
  for (const Polygon& polygon : polygons) {
    const Pole pole = polylabel(polygon, precision);
    if (first || pole.distance > best.distance) best = pole;
    first = false;
  }
  return best;
}

}  // namespace plaquette::geo
