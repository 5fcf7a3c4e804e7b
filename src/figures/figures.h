// Figures derived from an edition's raw data, and the checks that they are consistent.
// Nothing here is ever typed by hand: the brochure prints these, so they cannot disagree
// with the tables they come from.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "base/diag.h"
#include "model/edition.h"

namespace plaquette::figures {

/// Derived values of one edition. Vectors follow the order of the edition's lists.
struct Figures {
  /// Estimated inhabitants per département: homes × inhabitants_per_home rounded (half up)
  /// to inhabitants_rounding, in integer arithmetic so that the seed values are exact.
  std::vector<std::int64_t> inhabitants;
  /// Each theme's amount divided by themes_total (0 when that total is 0).
  std::vector<double> theme_shares;

  std::int64_t homes = 0;              ///< sum of the départements' homes
  std::int64_t inhabitants_total = 0;  ///< sum of the rounded per-département estimates
  double spending = 0;                 ///< sum of the départements' spending, euros per year
  double spending_per_home = 0;        ///< spending / homes (0 when there are no homes)
  /// Share of the spending covered by the abatement: as typed, or 1 / spent_per_received.
  double coverage = 0;
  /// Euros spent per euro of abatement received: as typed, or 1 / coverage.
  double spent_per_received = 0;
  double themes_total = 0;  ///< sum of the theme amounts
};

/// Estimated inhabitants of `homes` homes: round(per_home × homes / rounding) × rounding,
/// half up. `per_home` is used in thousandths (the loader allows at most 3 decimals);
/// returns -1 when the inputs are out of range (negative, rounding < 1, overflow).
std::int64_t estimate_inhabitants(std::int64_t homes, double per_home, std::int64_t rounding);

/// Computes every derived figure and runs the consistency checks (the theme amounts must
/// add up to the départements' spending within checks.theme_tolerance). Problems, including
/// divisions by zero, are recorded in `diags`; the figures are still filled (with 0 where a
/// value cannot be computed) so that a proof can be drawn. Never throws.
Figures compute_figures(const model::Edition& edition, Diagnostics& diags);

/// Euros for diagnostics: "34 834 342 €" (plain spaces; messages are not typeset).
std::string format_euros(double amount);

}  // namespace plaquette::figures
