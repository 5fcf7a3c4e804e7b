#include "figures/figures.h"

#include <cmath>
#include <cstdio>

namespace plaquette::figures {

std::int64_t estimate_inhabitants(std::int64_t homes, double per_home, std::int64_t rounding) {
  // Integer thousandths: 2 × 56 802 / 50 must round 2 272.08 → 2 272 exactly, and a double
  // product could land on the wrong side of a .5 for other inputs. Bounds keep
  // 2 × milli × homes below 2^63 (milli ≤ 10^5, homes < 10^12 as the loader enforces).
  if (homes < 0 || rounding < 1 || !(per_home > 0) || per_home > 100) return -1;
  if (homes >= 1'000'000'000'000) return -1;
  auto milli = static_cast<std::int64_t>(std::llround(per_home * 1000));
  std::int64_t num = milli * homes;  // inhabitants × 1000
  std::int64_t den = 1000 * rounding;
  if (den > 1'000'000'000'000) return -1;
  // Half up for non-negative values: floor((2n + d) / 2d).
  return (2 * num + den) / (2 * den) * rounding;
}

std::string format_euros(double amount) {
  char buf[64];
  double whole = std::round(amount);
  if (std::fabs(amount - whole) < 0.005 && std::fabs(amount) < 1e15) {
    std::snprintf(buf, sizeof buf, "%.0f", std::fabs(whole));
    std::string digits = buf, out;
    for (std::size_t i = 0; i < digits.size(); ++i) {
      if (i > 0 && (digits.size() - i) % 3 == 0) out += ' ';
      out += digits[i];
    }
    return (whole < 0 ? "-" : "") + out + " €";
  }
  std::snprintf(buf, sizeof buf, "%.2f €", amount);
  return buf;
}

namespace {

std::string number_text(double v) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%g", v);
  return buf;
}

void check_themes(const model::Edition& e, const Figures& f, Diagnostics& diags) {
  double gap = std::fabs(f.themes_total - f.spending);
  double tolerance = e.theme_tolerance.value;
  if (gap <= tolerance) return;
  Diagnostic& d = diags.error(
      e.themes_pos, "themes add up to " + format_euros(f.themes_total) +
                        " but départements add up to " + format_euros(f.spending) + ": a gap of " +
                        format_euros(gap) + ", more than the " + format_euros(tolerance) +
                        " allowed by `checks.theme_tolerance`");
  d.hints.push_back("look for a typo in a theme `amount` or a département `spending`");
  diags.note(e.departements_pos, "the départements' spending is listed here");
}

}  // namespace

Figures compute_figures(const model::Edition& e, Diagnostics& diags) {
  Figures f;
  const double per_home = e.inhabitants_per_home.value;
  const std::int64_t rounding = e.inhabitants_rounding.value;
  for (const model::Departement& d : e.departements) {
    std::int64_t n = estimate_inhabitants(d.homes.value, per_home, rounding);
    if (n < 0) {
      diags.error(d.homes.pos, "cannot estimate inhabitants from " + std::to_string(d.homes.value) +
                                   " homes with " + number_text(per_home) +
                                   " per home rounded to " + std::to_string(rounding));
      n = 0;
    }
    f.inhabitants.push_back(n);
    f.inhabitants_total += n;
    f.homes += d.homes.value;
    f.spending += d.spending.value;
  }

  if (f.homes > 0) {
    f.spending_per_home = f.spending / static_cast<double>(f.homes);
  } else {
    diags.error(e.departements_pos,
                "cannot compute the spending per home: the départements "
                "have no homes in total");
  }

  // `ratios` gives the ratio, the coverage or both (the loader checked that they agree):
  // a typed value is used as typed, the other one is its inverse.
  const bool has_ratio = e.spent_per_received.pos.known() || !e.coverage.pos.known();
  const bool has_coverage = e.coverage.pos.known();
  if (has_ratio && !(e.spent_per_received.value > 0)) {
    diags.error(e.spent_per_received.pos,
                "cannot compute the coverage by the abatement: "
                "`ratios.spent_per_received` must be greater than 0");
  } else if (has_coverage && !(e.coverage.value > 0)) {
    diags.error(e.coverage.pos,
                "cannot compute the spending per euro received: "
                "`ratios.coverage` must be greater than 0");
  } else {
    f.spent_per_received = has_ratio ? e.spent_per_received.value : 1 / e.coverage.value;
    f.coverage = has_coverage ? e.coverage.value : 1 / e.spent_per_received.value;
    // A ratio of 1e-307 is a number, but its inverse printed as a percentage is not: say
    // so at the data line rather than print "∞ %" or fail later at the layout line.
    if (!std::isfinite(f.coverage * 100)) {
      diags.error(e.spent_per_received.pos,
                  "`ratios.spent_per_received` is too small: the coverage computed from it (" +
                      number_text(e.spent_per_received.value) + " inverted) is not finite");
      f.coverage = 0;
    }
    if (!std::isfinite(f.spent_per_received)) {
      diags.error(e.coverage.pos,
                  "`ratios.coverage` is too small: the spending per euro received computed "
                  "from it (" +
                      number_text(e.coverage.value) + " inverted) is not finite");
      f.spent_per_received = 0;
    }
  }

  for (const model::Theme& t : e.themes) f.themes_total += t.amount.value;
  for (const model::Theme& t : e.themes)
    f.theme_shares.push_back(f.themes_total > 0 ? t.amount.value / f.themes_total : 0.0);
  if (!e.themes.empty() && !(f.themes_total > 0))
    diags.error(e.themes_pos, "cannot compute the themes' shares: their amounts add up to 0");

  check_themes(e, f, diags);
  return f;
}

}  // namespace plaquette::figures
