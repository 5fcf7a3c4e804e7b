// Class breaks of a choropleth: the values of the areas split into N classes, each class a
// colour. Breaks are N + 1 bounds, the lowest and highest included.
#pragma once

#include <cstddef>
#include <vector>

namespace plaquette::geo {

/// The bounds of `classes` quantile classes of `values` (equal counts): the lowest value,
/// the quantiles 1/N … (N−1)/N by linear interpolation between closest ranks (Hyndman and
/// Fan's type 7, as R's default and d3's scaleQuantile), and the highest value. Empty when
/// there are no values or no classes.
std::vector<double> quantile_breaks(std::vector<double> values, std::size_t classes);

/// The class (0-based) of `value` for `bounds` (as above, N + 1 increasing values): class i
/// holds [bounds[i], bounds[i + 1]), the last class holds its upper bound too. A value below
/// the first bound is in class 0, above the last in the last class.
std::size_t class_of(const std::vector<double>& bounds, double value);

}  // namespace plaquette::geo
