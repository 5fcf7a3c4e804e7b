#include "model/edition.h"

#include <cctype>
#include <cmath>
#include <cstdio>
#include <set>

#include "model/yaml.h"

namespace plaquette::model {

std::string Date::str() const {
  char buf[16];
  std::snprintf(buf, sizeof buf, "%04d-%02d-%02d", year, month, day);
  return buf;
}

const Departement* Edition::find_departement(std::string_view code) const {
  for (const Departement& d : departements)
    if (d.code.value == code) return &d;
  return nullptr;
}

void for_each_localized(const Edition& e,
                        const std::function<void(const std::string&, const Localized&)>& fn) {
  fn("edition.region", e.region);
  fn("edition.publisher", e.publisher);
  for (std::size_t i = 0; i < e.departements.size(); ++i)
    fn("departements[" + std::to_string(i) + "].name", e.departements[i].name);
  for (std::size_t i = 0; i < e.themes.size(); ++i) {
    std::string t = "themes[" + std::to_string(i) + "]";
    fn(t + ".name", e.themes[i].name);
    for (std::size_t j = 0; j < e.themes[i].axes.size(); ++j)
      fn(t + ".axes[" + std::to_string(j) + "].name", e.themes[i].axes[j].name);
  }
  for (std::size_t i = 0; i < e.projects.size(); ++i) {
    const Project& p = e.projects[i];
    std::string base = "projects[" + std::to_string(i) + "]";
    fn(base + ".title", p.title);
    fn(base + ".place", p.place);
    fn(base + ".description", p.description);
    for (std::size_t j = 0; j < p.objectives.size(); ++j)
      fn(base + ".objectives[" + std::to_string(j) + "]", p.objectives[j]);
    fn(base + ".partners", p.partners);
  }
}

namespace {

// Money and counts above this are typing accidents (an extra "000"), and staying far below
// 2^53 keeps every sum of whole euros exact in a double.
constexpr double kMaxAmount = 1e12;

// A coverage of 10 (1000 %) or more is a percentage typed as a number (83 for 83 %).
constexpr double kMaxCoverage = 10;

template <class T>
void take(std::optional<T> from, T& to) {
  if (from) to = std::move(*from);
}

bool is_leap(int y) { return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0; }

int days_in_month(int y, int m) {
  static const int kDays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  return m == 2 && is_leap(y) ? 29 : kDays[m - 1];
}

// The checks by meaning, on values already typed correctly. Each records an error at the
// value and returns nothing: validation never stops at the first problem.
class Validator {
 public:
  explicit Validator(Diagnostics& diags) : diags_(diags) {}

  void amount(const Located<double>& v, const std::string& what) {
    if (v.pos.known() && (v.value < 0 || v.value >= kMaxAmount))
      fail(v.pos, what + " must be between 0 and 10^12 euros, found " + num(v.value));
  }
  void count(const Located<std::int64_t>& v, const std::string& what) {
    if (v.pos.known() && (v.value < 0 || v.value >= static_cast<std::int64_t>(kMaxAmount)))
      fail(v.pos, what + " must be a whole number ≥ 0, found " + std::to_string(v.value));
  }
  void positive(const Located<double>& v, const std::string& what) {
    if (v.pos.known() && !(v.value > 0))
      fail(v.pos, what + " must be greater than 0, found " + num(v.value));
  }
  void fail(const SourcePos& pos, const std::string& message) { diags_.error(pos, message); }

  static std::string num(double v) {
    char buf[32];
    std::snprintf(buf, sizeof buf, "%.10g", v);
    return buf;
  }

 private:
  Diagnostics& diags_;
};

// Ids name things in layout bindings and file names: keep them to one simple shape.
bool valid_id(const std::string& id) {
  if (id.empty()) return false;
  for (unsigned char c : id)
    if (!(std::islower(c) || std::isdigit(c) || c == '-')) return false;
  return true;
}

class Loader {
 public:
  Loader(Diagnostics& diags) : diags_(diags), check_(diags) {}

  void read(MapReader& root, Edition& e) {
    e.file = root.self().file();
    std::size_t before = diags_.error_count();
    if (auto m = root.map("edition")) read_edition(*m, e);
    source_locale_ok_ = !e.source_locale.value.empty() && diags_.error_count() == before;
    before = diags_.error_count();
    if (auto m = root.map("counts")) {
      take(m->integer("qpv"), e.qpv);
      take(m->integer("communes"), e.communes);
      take(m->number("social_housing_share_in_qpv"), e.social_housing_share_in_qpv);
      m->finish();
      check_.count(e.qpv, "`counts.qpv`");
      check_.count(e.communes, "`counts.communes`");
      const auto& share = e.social_housing_share_in_qpv;
      if (share.pos.known() && (share.value < 0 || share.value > 1))
        diags_
            .error(share.pos,
                   "`counts.social_housing_share_in_qpv` must be between 0 and 1, "
                   "found " +
                       Validator::num(share.value))
            .hints.push_back("write 36 % as 0.36");
    }
    if (auto m = root.map("ratios")) read_ratios(*m, e);
    if (auto m = root.map("checks")) {
      take(m->number("theme_tolerance"), e.theme_tolerance);
      m->finish();
      check_.amount(e.theme_tolerance, "`checks.theme_tolerance`");
    }
    read_departements(root, e);
    read_themes(root, e);
    figures_ok_ = diags_.error_count() == before;
    read_projects(root, e);
    root.finish();
    check_texts(e);
  }

 private:
  void read_edition(MapReader& m, Edition& e) {
    take(m.localized("region"), e.region);
    if (auto p = m.map("period")) {
      take(p->integer("start"), e.period_start);
      take(p->integer("end"), e.period_end);
      p->finish();
      if (e.period_start.pos.known() && e.period_end.pos.known() &&
          e.period_start.value > e.period_end.value)
        diags_.error(e.period_end.pos,
                     "`edition.period.end` (" + std::to_string(e.period_end.value) +
                         ") is before its start (" + std::to_string(e.period_start.value) + ")");
    }
    take(m.string("source_locale"), e.source_locale);
    if (auto d = m.string("date")) read_date(*d, e.date);
    take(m.localized("publisher"), e.publisher);
    m.finish();
  }

  void read_date(const Located<std::string>& s, Date& out) {
    out.pos = s.pos;
    const std::string& t = s.value;
    bool shape = t.size() == 10 && t[4] == '-' && t[7] == '-';
    for (std::size_t i : {0, 1, 2, 3, 5, 6, 8, 9})
      shape = shape && std::isdigit(static_cast<unsigned char>(t[i]));
    if (shape) {
      int y = std::stoi(t.substr(0, 4)), mo = std::stoi(t.substr(5, 2)),
          d = std::stoi(t.substr(8, 2));
      if (y >= 1 && mo >= 1 && mo <= 12 && d >= 1 && d <= days_in_month(y, mo)) {
        out.year = y, out.month = mo, out.day = d;
        return;
      }
    }
    diags_.error(s.pos, "`edition.date` must be a valid date YYYY-MM-DD, found \"" + t + "\"")
        .hints.push_back("for example 2023-06-30");
  }

  void read_ratios(MapReader& m, Edition& e) {
    const std::size_t before = diags_.error_count();
    take(m.number("spent_per_received", optional), e.spent_per_received);
    take(m.number("coverage", optional), e.coverage);
    take(m.number("inhabitants_per_home"), e.inhabitants_per_home);
    take(m.integer("inhabitants_rounding"), e.inhabitants_rounding);
    m.finish();
    read_coverage(m, e, before);
    const auto& per_home = e.inhabitants_per_home;
    check_.positive(per_home, "`ratios.inhabitants_per_home`");
    // figures/ estimates inhabitants in integer thousandths: more decimals would be lost.
    double milli = per_home.value * 1000;
    if (per_home.pos.known() && per_home.value > 0 &&
        (per_home.value > 100 || std::fabs(milli - std::round(milli)) > 1e-6))
      diags_.error(per_home.pos,
                   "`ratios.inhabitants_per_home` must be at most 100 with at "
                   "most 3 decimals, found " +
                       Validator::num(per_home.value));
    const auto& rounding = e.inhabitants_rounding;
    if (rounding.pos.known() && (rounding.value < 1 || rounding.value > 1'000'000))
      diags_
          .error(rounding.pos,
                 "`ratios.inhabitants_rounding` must be between 1 and "
                 "1000000, found " +
                     std::to_string(rounding.value))
          .hints.push_back("write 1 for no rounding");
  }

  // `spent_per_received` (1.20 €) or `coverage` (83 %), one the inverse of the other: at
  // least one, and when both are typed they must print alike. The coverage is printed to
  // the whole percent, the ratio to the cent, so the coverage derived from the ratio must
  // round to the typed coverage's percent (1 / 1.20 = 83.3 %: 83 %, as 0.83 is).
  void read_coverage(MapReader& m, Edition& e, std::size_t errors_before) {
    const auto& ratio = e.spent_per_received;
    const auto& coverage = e.coverage;
    if (!ratio.pos.known() && !coverage.pos.known()) {
      // A key typed with a wrong or empty value is reported by the reader, or here.
      if (diags_.error_count() == errors_before)
        diags_
            .error(m.pos(),
                   "`ratios` needs `spent_per_received` (euros spent per euro of abatement "
                   "received) or `coverage` (the share of the spending the abatement covers)")
            .hints.push_back("for example `spent_per_received: 1.20` or `coverage: 0.83`");
      return;
    }
    check_.positive(ratio, "`ratios.spent_per_received`");
    if (coverage.pos.known() && !(coverage.value > 0 && coverage.value < kMaxCoverage))
      diags_
          .error(coverage.pos,
                 "`ratios.coverage` must be greater than 0 and less than 10 (1000 %), found " +
                     Validator::num(coverage.value))
          .hints.push_back("write 83 % as 0.83");
    if (!ratio.pos.known() || !coverage.pos.known() || !(ratio.value > 0) ||
        !(coverage.value > 0 && coverage.value < kMaxCoverage))
      return;
    const double derived = 100 / ratio.value;  // percent
    const double printed = std::round(coverage.value * 100);
    if (std::isfinite(derived) && std::fabs(derived - printed) <= 0.5 + 1e-9) return;
    char buf[256];
    std::snprintf(buf, sizeof buf,
                  "`ratios.coverage` (%s, printed %.0f %%) and `ratios.spent_per_received` "
                  "(%s) disagree: the coverage derived from the ratio is 1 / %s = %.1f %%",
                  Validator::num(coverage.value).c_str(), printed,
                  Validator::num(ratio.value).c_str(), Validator::num(ratio.value).c_str(),
                  derived);
    Diagnostic& d = diags_.error(coverage.pos, buf);
    d.hints.push_back(
        "type only one of the two (the other is derived), or correct the one that is wrong");
    diags_.note(ratio.pos, "`ratios.spent_per_received` is typed here");
  }

  void read_departements(MapReader& root, Edition& e) {
    e.departements_pos = root.get("departements", optional).value_or(root.self()).pos();
    std::vector<MapReader> items = root.maps("departements");
    if (items.empty() && root.has("departements"))
      diags_.error(e.departements_pos, "`departements` needs at least one département");
    std::set<std::string> codes;
    for (MapReader& m : items) {
      Departement d;
      d.pos = m.pos();
      take(m.string("code"), d.code);
      take(m.localized("name"), d.name);
      take(m.integer("homes"), d.homes);
      take(m.number("spending"), d.spending);
      m.finish();
      const std::string& c = d.code.value;
      if (m.has("code")) {
        bool alnum = true;
        for (unsigned char ch : c) alnum = alnum && std::isalnum(ch);
        if (c.size() < 2 || c.size() > 3 || !alnum)
          diags_
              .error(d.code.pos,
                     "département code must be 2 or 3 letters or digits, found \"" + c + "\"")
              .hints.push_back("quote codes so that YAML keeps the leading zero: code: \"02\"");
        else if (!codes.insert(c).second)
          diags_.error(d.code.pos, "département code \"" + c + "\" is listed twice");
      }
      check_.count(d.homes, "`" + m.path() + ".homes`");
      check_.amount(d.spending, "`" + m.path() + ".spending`");
      e.departements.push_back(std::move(d));
    }
  }

  void read_themes(MapReader& root, Edition& e) {
    e.themes_pos = root.get("themes", optional).value_or(root.self()).pos();
    std::vector<MapReader> items = root.maps("themes");
    if (items.empty() && root.has("themes"))
      diags_.error(e.themes_pos, "`themes` needs at least one theme");
    std::set<std::string> ids;
    std::set<std::int64_t> axes;
    for (MapReader& m : items) {
      Theme t;
      t.pos = m.pos();
      take(m.string("id"), t.id);
      take(m.localized("name"), t.name);
      take(m.number("amount"), t.amount);
      for (MapReader& a : m.maps("axes")) {
        Axis axis;
        axis.pos = a.pos();
        take(a.integer("number"), axis.number);
        take(a.localized("name"), axis.name);
        a.finish();
        if (a.has("number")) {
          if (axis.number.value < 1)
            diags_.error(axis.number.pos, "axis number must be 1 or more, found " +
                                              std::to_string(axis.number.value));
          else if (!axes.insert(axis.number.value).second)
            diags_.error(axis.number.pos,
                         "axis number " + std::to_string(axis.number.value) + " is used twice");
        }
        t.axes.push_back(std::move(axis));
      }
      m.finish();
      check_id(m, t.id, ids, "theme");
      check_.amount(t.amount, "`" + m.path() + ".amount`");
      e.themes.push_back(std::move(t));
    }
  }

  void read_projects(MapReader& root, Edition& e) {
    e.projects_pos = root.get("projects", optional).value_or(root.self()).pos();
    std::set<std::string> ids;
    for (MapReader& m : root.maps("projects")) {
      Project p;
      p.pos = m.pos();
      take(m.string("id"), p.id);
      take(m.localized("title"), p.title);
      take(m.localized("place"), p.place);
      take(m.string("departement"), p.departement);
      take(m.localized("description"), p.description);
      if (auto items = m.list("objectives"))
        for (const Reader& item : *items)
          if (auto text = item.localized()) p.objectives.push_back(std::move(*text));
      take(m.number("budget"), p.budget);
      take(m.localized("partners"), p.partners);
      m.finish();
      check_id(m, p.id, ids, "project");
      check_.amount(p.budget, "`" + m.path() + ".budget`");
      // With no département at all (already reported), every project would repeat it.
      if (m.has("departement") && !e.departements.empty() &&
          !e.find_departement(p.departement.value)) {
        Diagnostic& d =
            diags_.error(p.departement.pos, "project département \"" + p.departement.value +
                                                "\" is not listed in `departements`");
        std::string known;
        for (const Departement& dep : e.departements)
          known += (known.empty() ? "" : ", ") + dep.code.value;
        if (!known.empty()) d.hints.push_back("listed codes: " + known);
      }
      e.projects.push_back(std::move(p));
    }
  }

  void check_id(MapReader& m, const Located<std::string>& id, std::set<std::string>& seen,
                const char* what) {
    if (!m.has("id")) return;
    if (!valid_id(id.value))
      diags_.error(id.pos, std::string(what) + " id \"" + id.value +
                               "\" must use lowercase letters, digits and '-'");
    else if (!seen.insert(id.value).second)
      diags_.error(id.pos, std::string(what) + " id \"" + id.value + "\" is used twice");
  }

  // Texts are checked after reading because the source locale may come after them.
  void check_texts(const Edition& e) {
    const std::string& source = e.source_locale.value;
    for_each_localized(e, [&](const std::string& path, const Localized& text) {
      if (!text.pos.known()) return;  // absent: already reported as missing
      for (const auto& [locale, value] : text.texts) {
        // By Unicode's properties: a title of only U+00A0 or U+200B prints as nothing too.
        if (is_blank_text(value.value))
          diags_.error(value.pos, "`" + path + "." + locale + "` is empty");
      }
      if (!source.empty() && !text.get(source))
        diags_.error(text.pos, "`" + path + "` has no text in the source locale `" + source + "`")
            .hints.push_back("add `" + source + ": ...` to this map");
    });
  }

  Diagnostics& diags_;
  Validator check_;

 public:
  bool figures_ok_ = false, source_locale_ok_ = false;
};

std::optional<Edition> load(std::optional<YamlDocument> doc, Diagnostics& diags,
                            std::size_t errors_before, EditionState* state = nullptr) {
  if (!doc) return std::nullopt;
  Edition e;
  MapReader root(*doc, diags);
  if (!root.ok()) return std::nullopt;
  Loader loader(diags);
  loader.read(root, e);
  const bool complete = diags.error_count() == errors_before;
  if (state) {
    state->complete = complete;
    state->figures = loader.figures_ok_;
    state->source_locale = loader.source_locale_ok_;
    return e;
  }
  if (!complete) return std::nullopt;
  return e;
}

}  // namespace

std::optional<Edition> load_edition(const std::string& path, Diagnostics& diags) {
  std::size_t before = diags.error_count();
  return load(yaml_load_file(path, diags), diags, before);
}

std::optional<Edition> load_edition(const std::string& path, Diagnostics& diags,
                                    EditionState& state) {
  state = {};
  std::size_t before = diags.error_count();
  return load(yaml_load_file(path, diags), diags, before, &state);
}

std::optional<Edition> load_edition_string(std::string_view text, const std::string& file,
                                           Diagnostics& diags) {
  std::size_t before = diags.error_count();
  return load(yaml_load_string(text, file, diags), diags, before);
}

}  // namespace plaquette::model
