#include "geo/classes.h"

#include <algorithm>
#include <cmath>

namespace plaquette::geo {

std::vector<double> quantile_breaks(std::vector<double> values, std::size_t classes) {
  if (values.empty() || classes == 0) return {};
  std::sort(values.begin(), values.end());
  std::vector<double> bounds;
  bounds.reserve(classes + 1);
  bounds.push_back(values.front());
  const double last = static_cast<double>(values.size() - 1);
  for (std::size_t i = 1; i < classes; ++i) {
    const double h = last * static_cast<double>(i) / static_cast<double>(classes);
    const auto lo = static_cast<std::size_t>(std::floor(h));
    const std::size_t hi = std::min(lo + 1, values.size() - 1);
    bounds.push_back(values[lo] + (h - static_cast<double>(lo)) * (values[hi] - values[lo]));
  }
  bounds.push_back(values.back());
  return bounds;
}

std::size_t class_of(const std::vector<double>& bounds, double value) {
  if (bounds.size() < 2) return 0;
  const std::size_t classes = bounds.size() - 1;
  // The inner bounds are the thresholds: a value on one belongs to the class above it.
  const auto inner_begin = bounds.begin() + 1, inner_end = bounds.end() - 1;
  const auto at = std::upper_bound(inner_begin, inner_end, value);
  return std::min(static_cast<std::size_t>(at - inner_begin), classes - 1);
}

}  // namespace plaquette::geo
