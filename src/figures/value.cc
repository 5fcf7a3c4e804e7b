#include "figures/value.h"

#include <charconv>
#include <cmath>
#include <map>
#include <set>

namespace plaquette::figures {

const Value* Value::field(std::string_view key) const {
  if (kind != Kind::record) return nullptr;
  for (const auto& [name, value] : fields)
    if (name == key) return &value;
  return nullptr;
}

const Value* Value::find(std::string_view path) const {
  if (!path.empty() && path.back() == '.') return nullptr;  // the loop would drop it
  const Value* v = this;
  while (v && !path.empty()) {
    std::size_t dot = path.find('.');
    std::string_view step = path.substr(0, dot);
    path = dot == std::string_view::npos ? std::string_view() : path.substr(dot + 1);
    if (step.empty()) return nullptr;  // "a..b" or a trailing dot
    if (v->kind == Kind::list) {
      std::size_t i = 0;
      auto [ptr, ec] = std::from_chars(step.data(), step.data() + step.size(), i);
      if (ec != std::errc() || ptr != step.data() + step.size() || i >= v->items.size())
        return nullptr;
      v = &v->items[i];
    } else {
      v = v->field(step);
    }
  }
  return v;
}

Value Value::of_number(double v, SourcePos pos) {
  Value out;
  out.kind = Kind::number;
  out.number = v;
  out.integer = std::isfinite(v) && v == std::floor(v) && std::fabs(v) < 9007199254740992.0;
  out.pos = std::move(pos);
  return out;
}

Value Value::of_string(std::string s, SourcePos pos) {
  Value out;
  out.kind = Kind::string;
  out.string = std::move(s);
  out.pos = std::move(pos);
  return out;
}

Value Value::of_bool(bool b, SourcePos pos) {
  Value out;
  out.kind = Kind::boolean;
  out.truth = b;
  out.pos = std::move(pos);
  return out;
}

Value Value::of_list(SourcePos pos) {
  Value out;
  out.kind = Kind::list;
  out.pos = std::move(pos);
  return out;
}

Value Value::of_record(SourcePos pos) {
  Value out;
  out.kind = Kind::record;
  out.pos = std::move(pos);
  return out;
}

Value& Value::add(std::string key, Value v) {
  return fields.emplace_back(std::move(key), std::move(v)).second;
}

namespace {

// Builds the tree; resolves texts for one locale and reports each missing translation.
class Binder {
 public:
  Binder(const model::Edition& e, const std::string& locale, const BindOptions& opt,
         Diagnostics& diags)
      : e_(e), locale_(locale), opt_(opt), diags_(diags) {
    // The same paths as model::for_each_localized, so the messages match the loader's.
    model::for_each_localized(e, [this](const std::string& path, const model::Localized& t) {
      paths_.emplace(&t, path);
    });
  }

  Value text(const model::Localized& t) {
    Value v = resolve(t);
    if (opt_.transform) v.string = opt_.transform(v.string);
    return v;
  }

 private:
  Value resolve(const model::Localized& t) {
    if (const std::string* s = t.get(locale_)) return Value::of_string(*s, t.texts.at(locale_).pos);
    // A département's name is bound twice (its record and projects' departement_name):
    // report each missing text once.
    if (reported_.insert(&t).second) {
      auto it = paths_.find(&t);
      std::string path = it == paths_.end() ? "?" : it->second;
      if (opt_.allow_fallback)
        diags_.warning(t.pos, "`" + path + "` has no `" + locale_ + "` text; using the `" +
                                  e_.source_locale.value + "` one");
      else
        diags_.error(t.pos, "`" + path + "` has no `" + locale_ + "` text")
            .hints.push_back("add `" + locale_ +
                             ": ...` to this map, or build with --allow-fallback");
    }
    const std::string* fallback = t.get(e_.source_locale.value);
    return Value::of_string(fallback ? *fallback : std::string(), t.pos);
  }

  const model::Edition& e_;
  const std::string& locale_;
  const BindOptions& opt_;
  Diagnostics& diags_;
  std::map<const model::Localized*, std::string> paths_;  // looked up, never iterated
  std::set<const model::Localized*> reported_;
};

template <class T>
Value num(const model::Located<T>& v) {
  return Value::of_number(static_cast<double>(v.value), v.pos);
}

}  // namespace

Value make_bindings(const model::Edition& e, const Figures& f, const std::string& locale,
                    Diagnostics& diags, const BindOptions& options) {
  Binder b(e, locale, options, diags);
  Value root = Value::of_record(SourcePos{e.file, 0, 0});
  root.add("region", b.text(e.region));
  root.add("publisher", b.text(e.publisher));
  Value& period = root.add("period", Value::of_record(e.period_start.pos));
  period.add("start", num(e.period_start));
  period.add("end", num(e.period_end));
  root.add("date", Value::of_string(e.date.str(), e.date.pos));
  root.add("source_locale", Value::of_string(e.source_locale.value, e.source_locale.pos));

  Value& counts = root.add("counts", Value::of_record(e.qpv.pos));
  counts.add("qpv", num(e.qpv));
  counts.add("communes", num(e.communes));
  counts.add("social_housing_share_in_qpv", num(e.social_housing_share_in_qpv));

  // The ratio and the coverage: each one typed, or derived from the other (at its line).
  const SourcePos& ratio_pos =
      e.spent_per_received.pos.known() ? e.spent_per_received.pos : e.coverage.pos;
  const SourcePos& coverage_pos = e.coverage.pos.known() ? e.coverage.pos : ratio_pos;
  Value& ratios = root.add("ratios", Value::of_record(ratio_pos));
  ratios.add("spent_per_received", Value::of_number(f.spent_per_received, ratio_pos));
  ratios.add("inhabitants_per_home", num(e.inhabitants_per_home));
  ratios.add("inhabitants_rounding", num(e.inhabitants_rounding));

  // Computed totals point at the table they come from, so an error about a printed total
  // leads the analyst to the figures to fix.
  Value& totals = root.add("totals", Value::of_record(e.departements_pos));
  totals.add("homes", Value::of_number(static_cast<double>(f.homes), e.departements_pos));
  totals.add("inhabitants",
             Value::of_number(static_cast<double>(f.inhabitants_total), e.departements_pos));
  totals.add("spending", Value::of_number(f.spending, e.departements_pos));
  totals.add("spending_per_home", Value::of_number(f.spending_per_home, e.departements_pos));
  totals.add("coverage", Value::of_number(f.coverage, coverage_pos));
  totals.add("themes", Value::of_number(f.themes_total, e.themes_pos));

  Value& deps = root.add("departements", Value::of_list(e.departements_pos));
  for (std::size_t i = 0; i < e.departements.size(); ++i) {
    const model::Departement& d = e.departements[i];
    Value r = Value::of_record(d.pos);
    r.add("code", Value::of_string(d.code.value, d.code.pos));
    r.add("name", b.text(d.name));
    r.add("homes", num(d.homes));
    r.add("spending", num(d.spending));
    double inhabitants = i < f.inhabitants.size() ? static_cast<double>(f.inhabitants[i]) : 0;
    r.add("inhabitants", Value::of_number(inhabitants, d.homes.pos));
    deps.items.push_back(std::move(r));
  }

  Value& themes = root.add("themes", Value::of_list(e.themes_pos));
  for (std::size_t i = 0; i < e.themes.size(); ++i) {
    const model::Theme& t = e.themes[i];
    Value r = Value::of_record(t.pos);
    r.add("id", Value::of_string(t.id.value, t.id.pos));
    r.add("name", b.text(t.name));
    r.add("amount", num(t.amount));
    double share = i < f.theme_shares.size() ? f.theme_shares[i] : 0;
    r.add("share", Value::of_number(share, t.amount.pos));
    Value& axes = r.add("axes", Value::of_list(t.pos));
    for (const model::Axis& a : t.axes) {
      Value ar = Value::of_record(a.pos);
      ar.add("number", num(a.number));
      ar.add("name", b.text(a.name));
      axes.items.push_back(std::move(ar));
    }
    themes.items.push_back(std::move(r));
  }

  Value& projects = root.add("projects", Value::of_list(e.projects_pos));
  for (const model::Project& p : e.projects) {
    Value r = Value::of_record(p.pos);
    r.add("id", Value::of_string(p.id.value, p.id.pos));
    r.add("title", b.text(p.title));
    r.add("place", b.text(p.place));
    r.add("departement", Value::of_string(p.departement.value, p.departement.pos));
    const model::Departement* d = e.find_departement(p.departement.value);
    r.add("departement_name", d ? b.text(d->name) : Value::of_string("", p.departement.pos));
    r.add("description", b.text(p.description));
    Value& objectives = r.add("objectives", Value::of_list(p.pos));
    for (const model::Localized& o : p.objectives) objectives.items.push_back(b.text(o));
    r.add("budget", num(p.budget));
    r.add("partners", b.text(p.partners));
    projects.items.push_back(std::move(r));
  }
  return root;
}

std::int64_t edition_epoch(const model::Edition& e) {
  // Days from civil (H. Hinnant's algorithm): exact for every proleptic Gregorian date,
  // with no dependence on the time zone or timegm's availability.
  std::int64_t y = e.date.year - (e.date.month <= 2);
  std::int64_t era = (y >= 0 ? y : y - 399) / 400;
  std::int64_t yoe = y - era * 400;
  std::int64_t mp = (e.date.month + 9) % 12;  // March = 0
  std::int64_t doy = (153 * mp + 2) / 5 + e.date.day - 1;
  std::int64_t doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  std::int64_t days = era * 146097 + doe - 719468;
  return days * 86400;
}

}  // namespace plaquette::figures
