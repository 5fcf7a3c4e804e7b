// The source data of one edition of the brochure: what the analyst types each period,
// nothing derivable (derived figures live in figures/). Every value keeps its position.
#pragma once

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "base/diag.h"
#include "model/located.h"

namespace plaquette::model {

/// A calendar date typed as YYYY-MM-DD.
struct Date {
  int year = 1970;
  int month = 1;
  int day = 1;
  SourcePos pos;

  /// "YYYY-MM-DD".
  std::string str() const;
};

/// One département of the region and its figures for the period.
struct Departement {
  Located<std::string> code;  ///< "02", "2A", "974": 2–3 characters, unique
  Localized name;
  Located<std::int64_t> homes;  ///< social homes in QPV
  Located<double> spending;     ///< annual spending in euros
  SourcePos pos;
};

/// One of the 8 national axes of the GUSP framework.
struct Axis {
  Located<std::int64_t> number;  ///< 1–8 in the national numbering, unique over themes
  Localized name;
  SourcePos pos;
};

/// A group of axes and the annual amount spent on it, as typed in the report.
struct Theme {
  Located<std::string> id;
  Localized name;
  Located<double> amount;  ///< euros per year
  std::vector<Axis> axes;
  SourcePos pos;
};

/// A remarkable local project presented on a card.
struct Project {
  Located<std::string> id;
  Localized title;  ///< sentence case; the layout changes case if it wants
  Localized place;
  Located<std::string> departement;  ///< code of a listed département
  Localized description;
  std::vector<Localized> objectives;
  Located<double> budget;  ///< euros per year
  Localized partners;
  SourcePos pos;
};

/// Everything typed for one edition, validated.
struct Edition {
  std::string file;  ///< where it was read from

  // edition:
  Localized region;
  Located<std::int64_t> period_start;
  Located<std::int64_t> period_end;
  Located<std::string> source_locale;  ///< every Localized has a text in this locale
  Date date;                           ///< publication date
  Localized publisher;

  // counts:
  Located<std::int64_t> qpv;
  Located<std::int64_t> communes;
  Located<double> social_housing_share_in_qpv;  ///< in [0, 1]

  // ratios: `spent_per_received` or `coverage` or both (figures/ derives the other one; the
  // one not typed has an unknown position)
  Located<double> spent_per_received;    ///< euros spent per euro of abatement received
  Located<double> coverage;              ///< share of the spending covered by the abatement
  Located<double> inhabitants_per_home;  ///< at most 3 decimals, so estimates stay exact
  Located<std::int64_t> inhabitants_rounding;

  // checks:
  Located<double> theme_tolerance;  ///< euros

  std::vector<Departement> departements;
  SourcePos departements_pos;
  std::vector<Theme> themes;
  SourcePos themes_pos;
  std::vector<Project> projects;
  SourcePos projects_pos;

  /// The département with this code, or nullptr.
  const Departement* find_departement(std::string_view code) const;
};

/// Loads and validates an edition file. Every problem is recorded; nullopt if any is an
/// error. Never throws.
std::optional<Edition> load_edition(const std::string& path, Diagnostics& diags);

/// What is usable of an edition read with errors, so that the next stages can still check
/// what does not depend on the broken parts (every problem reported at once, no follow-on).
struct EditionState {
  bool complete = false;       ///< no error at all
  bool figures = false;        ///< counts, ratios, checks, départements and themes read cleanly
  bool source_locale = false;  ///< `edition.source_locale` read cleanly
};

/// Same as load_edition, but an edition whose file could be read as YAML is returned even
/// with errors; `state` says which parts of it are sound.
std::optional<Edition> load_edition(const std::string& path, Diagnostics& diags,
                                    EditionState& state);

/// Same, from text in memory; `file` names it in diagnostics (tests, stdin).
std::optional<Edition> load_edition_string(std::string_view text, const std::string& file,
                                           Diagnostics& diags);

/// Calls `fn` with the binding path ("projects.0.title") of every translatable text, in
/// document order: the one list that translation checks and catalogs walk.
void for_each_localized(const Edition& edition,
                        const std::function<void(const std::string& path, const Localized&)>& fn);

}  // namespace plaquette::model
