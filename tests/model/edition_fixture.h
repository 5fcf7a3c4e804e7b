// Shared by the model and figures tests: a small complete edition as an inline fixture, and
// helpers to change one line of it and to find where a piece of text sits in it.
#pragma once

#include <gtest/gtest.h>

#include <sstream>
#include <string>
#include <string_view>

#include "base/diag.h"

namespace plaquette::testing {

/// The display name of the fixture in diagnostics.
inline const std::string kMiniFile = "mini.yaml";

/// A valid edition with two départements, two themes and one project. Derived values:
/// inhabitants 200 + 2 000 (2 024 rounds down), spending 100 000 = themes 40 000 + 60 000.
inline const std::string kMini = R"(edition:
  region: {fr: Région}
  period: {start: 2019, end: 2022}
  source_locale: fr
  date: 2023-06-30
  publisher: {fr: Fédération}
counts: {qpv: 10, communes: 5, social_housing_share_in_qpv: 0.5}
ratios: {spent_per_received: 1.25, inhabitants_per_home: 2, inhabitants_rounding: 50}
checks: {theme_tolerance: 1000}
departements:
  - {code: "02", name: {fr: Aisne}, homes: 100, spending: 30000}
  - {code: "59", name: {fr: Nord}, homes: 1012, spending: 70000}
themes:
  - id: a
    name: {fr: Thème A}
    amount: 40000
    axes:
      - {number: 1, name: {fr: Axe un}}
  - id: b
    name: {fr: Thème B}
    amount: 60000
    axes:
      - {number: 2, name: {fr: Axe deux}}
projects:
  - id: p
    title: {fr: Titre}
    place: {fr: Lieu}
    departement: "59"
    description: {fr: Texte}
    objectives: [{fr: Un}, {fr: Deux}]
    budget: 500
    partners: {fr: Partenaires}
)";

/// `text` with the first occurrence of `from` replaced by `to` (fails the test if absent).
inline std::string with(std::string text, std::string_view from, std::string_view to) {
  std::size_t at = text.find(from);
  EXPECT_NE(at, std::string::npos) << "fixture has no `" << from << "`";
  if (at != std::string::npos) text.replace(at, from.size(), to);
  return text;
}

/// "mini.yaml:LINE:COL" of the first occurrence of `needle` after `after`.
inline std::string where(const std::string& text, std::string_view needle,
                         std::string_view after = "") {
  std::size_t start = after.empty() ? 0 : text.find(after);
  std::size_t at = text.find(needle, start == std::string::npos ? 0 : start);
  EXPECT_NE(at, std::string::npos) << "fixture has no `" << needle << "`";
  int line = 1, col = 1;
  for (std::size_t i = 0; i < at && i < text.size(); ++i) {
    if (text[i] == '\n')
      ++line, col = 1;
    else
      ++col;
  }
  return kMiniFile + ":" + std::to_string(line) + ":" + std::to_string(col);
}

/// Every diagnostic printed, for failure messages.
inline std::string dump(const Diagnostics& diags) {
  std::ostringstream out;
  diags.print(out);
  return out.str();
}

/// The first diagnostic whose message contains `part`, or nullptr.
inline const Diagnostic* find_diag(const Diagnostics& diags, std::string_view part) {
  for (const Diagnostic& d : diags.all())
    if (d.message.find(part) != std::string::npos) return &d;
  return nullptr;
}

/// True if some hint of `d` contains `part`.
inline bool has_hint(const Diagnostic& d, std::string_view part) {
  for (const std::string& h : d.hints)
    if (h.find(part) != std::string::npos) return true;
  return false;
}

}  // namespace plaquette::testing
