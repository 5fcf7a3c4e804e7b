// The preflight report as text for humans and as JSON for machines (one schema, versioned:
// see the README's "Preflight JSON" section; a change of meaning bumps kSchemaVersion).
#include <nlohmann/json.hpp>
#include <string>

#include "preflight/preflight.h"

namespace plaquette::preflight {
namespace {

constexpr int kSchemaVersion = 1;

const char* severity_name(Severity s) {
  return s == Severity::error ? "error" : s == Severity::warning ? "warning" : "note";
}

const char* category_name(Category c) { return c == Category::standard ? "standard" : "house"; }

std::string where(const Finding& f) {
  std::string s = f.page > 0 ? "page " + std::to_string(f.page) : "document";
  if (!f.object.empty()) s += ", " + f.object;
  return s;
}

std::string plural(int n, const char* word) {
  return std::to_string(n) + " " + word + (n == 1 ? "" : "s");
}

std::string summary(const Report& r, Category c) {
  const int errors = r.count(Severity::error, c), warnings = r.count(Severity::warning, c);
  return std::string(errors ? "failed" : "passed") + " (" + plural(errors, "error") + ", " +
         plural(warnings, "warning") + ")";
}

}  // namespace

int exit_status(const Report& r) {
  if (r.count(Severity::error, Category::standard)) return 1;
  return r.count(Severity::error, Category::house) ? 5 : 0;
}

std::string format_text(const Report& r) {
  std::string out;
  for (const Finding& f : r.findings) {
    out += r.file + ": " + severity_name(f.severity) + ": " + where(f) + ": " + f.what + " [" +
           f.check + "]\n";
    if (!f.why.empty()) out += "  why: " + f.why + "\n";
  }
  for (const auto& [check, n] : r.omitted)
    out += r.file + ": note: " + std::to_string(n) + " more [" + check +
           "] findings not listed (the first ones are)\n";
  const int notes = r.count(Severity::note);
  out += r.file + ": PDF/X-1a:2003 " + summary(r, Category::standard) + "; house rules " +
         summary(r, Category::house) + (notes ? ", " + plural(notes, "note") : "") + " (" +
         plural(r.pages, "page") + ")\n";
  return out;
}

std::string format_json(const Report& r) {
  using nlohmann::ordered_json;
  ordered_json j;
  j["version"] = kSchemaVersion;
  j["file"] = r.file;
  j["profile"] = r.profile;
  j["pages"] = r.pages;
  j["passed"] = exit_status(r) == 0;
  for (Category c : {Category::standard, Category::house}) {
    ordered_json part;
    part["passed"] = r.count(Severity::error, c) == 0;
    part["errors"] = r.count(Severity::error, c);
    part["warnings"] = r.count(Severity::warning, c);
    j[category_name(c)] = part;
  }
  j["notes"] = r.count(Severity::note);
  ordered_json findings = ordered_json::array();
  for (const Finding& f : r.findings) {
    ordered_json o;
    o["severity"] = severity_name(f.severity);
    o["category"] = category_name(f.category);
    o["rule"] = f.check;
    o["page"] = f.page;
    o["object"] = f.object;
    o["what"] = f.what;
    o["why"] = f.why;
    findings.push_back(std::move(o));
  }
  j["findings"] = std::move(findings);
  ordered_json omitted = ordered_json::object();
  for (const auto& [check, n] : r.omitted) omitted[check] = n;
  j["omitted"] = std::move(omitted);
  // Names and strings in a PDF are arbitrary bytes: invalid UTF-8 becomes U+FFFD.
  return j.dump(2, ' ', false, ordered_json::error_handler_t::replace) + "\n";
}

}  // namespace plaquette::preflight
