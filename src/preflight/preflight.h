// Print preflight of any PDF (ours or not), read with libqpdf: the checks a print shop runs
// before accepting a file for PDF/X-1a:2003 — page boxes and bleed, embedded fonts, colour
// spaces, transparency, output intent and PDF/X keys, image resolution, text size, ink.
#pragma once

#include <cstddef>
#include <map>
#include <string>
#include <string_view>
#include <vector>

namespace plaquette::preflight {

/// How bad a finding is: an error fails the preflight, a warning does not, a note informs.
enum class Severity { error, warning, note };

/// Whose rule a finding breaks: PDF/X-1a:2003 itself (ISO 15930-4, and the file being
/// readable at all), or the print shop's house rules (bleed, resolution, ink, small text),
/// which are warnings unless Options::strict makes them errors.
enum class Category { standard, house };

/// One rule the preflight checks, for the documentation and the reports.
struct Rule {
  const char* name;  ///< the short name in findings: "annotations", "ink", ...
  Category category;
  const char* checks;  ///< what is checked, in one sentence
};

/// Every rule, standard ones first, in the order of the README's table.
const std::vector<Rule>& rules();

/// One problem found in the file.
struct Finding {
  Severity severity = Severity::error;
  Category category = Category::standard;
  std::string check;   ///< the rule's short name (see rules()): "boxes", "bleed", "font", ...
  int page = 0;        ///< 1-based page number; 0 for the document as a whole
  std::string object;  ///< what holds the problem, e.g. "/F1 (Helvetica, 12 0 R)"
  std::string what;    ///< what is wrong
  std::string why;     ///< why it matters in print
};

/// The thresholds of a preflight profile.
struct Options {
  std::string profile = "pdfx1a";       ///< the only profile: PDF/X-1a:2003
  double ink_limit = 3.0;               ///< maximum total ink (C+M+Y+K), 3.0 = 300 %
  bool strict = false;                  ///< house rules are errors, not warnings
  double min_bleed_pt = 3 * 72 / 25.4;  ///< 3 mm on every side of the trim
  double min_ppi = 300;                 ///< effective resolution of placed images
  double min_text_pt = 6;               ///< smallest legible text size
  // Budgets: hostile files stay bounded in time and memory, and a finding names the budget
  // that was hit and what was not checked.
  std::size_t stream_budget = std::size_t{64} << 20;  ///< decoded bytes of one stream
  std::size_t file_budget = std::size_t{256} << 20;   ///< decoded bytes of all streams
  std::size_t image_budget = std::size_t{512} << 20;  ///< decoded bytes of one image
  int max_pages = 10000;           ///< pages checked; the page tree is walked no further
  int max_findings_per_rule = 20;  ///< findings listed per rule; the rest are counted
};

/// The outcome of a preflight.
struct Report {
  std::string file;     ///< the name the file was checked under
  std::string profile;  ///< Options::profile
  int pages = 0;
  std::vector<Finding> findings;  ///< in page order, document findings first
  /// Findings not listed past Options::max_findings_per_rule, by rule.
  std::map<std::string, long> omitted;

  /// Number of findings of one severity (in one category).
  int count(Severity s) const;
  int count(Severity s, Category c) const;
  /// True when any finding is an error.
  bool has_errors() const { return count(Severity::error) > 0; }
};

/// Preflights a PDF file. Returns false (and the reason in `error`) only when the file
/// cannot be read as a PDF at all; damage inside a readable file becomes findings.
/// Never throws.
bool preflight_file(const std::string& path, const Options& options, Report& report,
                    std::string& error);

/// Same, for PDF bytes in memory; `name` names them in the report.
bool preflight_memory(std::string_view bytes, const std::string& name, const Options& options,
                      Report& report, std::string& error);

/// The exit status of `plaquette preflight` for a report: 0 passed, 1 the standard failed
/// (whatever the house rules), 5 only the house rules failed (errors with --strict); 4 is
/// the CLI's own (standard output could not be written).
int exit_status(const Report& report);

/// The report for humans, one finding per line like a compiler's, then a summary line that
/// says which failed: PDF/X-1a:2003, the house rules, or neither.
std::string format_text(const Report& report);

/// The report for machines: one JSON object (UTF-8; invalid bytes replaced by U+FFFD).
std::string format_json(const Report& report);

}  // namespace plaquette::preflight
