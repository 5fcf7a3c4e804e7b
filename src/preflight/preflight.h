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

/// How bad a finding is: an error fails the preflight, a warning does not.
enum class Severity { error, warning };

/// One problem found in the file.
struct Finding {
  Severity severity = Severity::error;
  std::string check;   ///< short id of the check: "boxes", "bleed", "font", "colour", ...
  int page = 0;        ///< 1-based page number; 0 for the document as a whole
  std::string object;  ///< what holds the problem, e.g. "/F1 (Helvetica, 12 0 R)"
  std::string what;    ///< what is wrong
  std::string why;     ///< why it matters in print
};

/// The thresholds of a preflight profile.
struct Options {
  std::string profile = "pdfx1a";  ///< the only profile: PDF/X-1a:2003
  double ink_limit = 3.0;          ///< maximum total ink (C+M+Y+K), 3.0 = 300 %
  double min_bleed_pt = 3 * 72 / 25.4;  ///< 3 mm on every side of the trim
  double min_ppi = 300;            ///< effective resolution of placed images
  double min_text_pt = 6;          ///< smallest legible text size
  // Budgets: hostile files stay bounded in time and memory, and a finding names the budget
  // that was hit and what was not checked.
  std::size_t stream_budget = std::size_t{64} << 20;  ///< decoded bytes of one stream
  std::size_t file_budget = std::size_t{256} << 20;   ///< decoded bytes of all streams
  int max_pages = 10000;            ///< pages checked; the page tree is walked no further
  int max_findings_per_rule = 20;   ///< findings listed per rule; the rest are counted
};

/// The outcome of a preflight.
struct Report {
  std::string file;        ///< the name the file was checked under
  std::string profile;     ///< Options::profile
  int pages = 0;
  std::vector<Finding> findings;  ///< in page order, document findings first
  /// Findings not listed past Options::max_findings_per_rule, by rule.
  std::map<std::string, long> omitted;

  /// Number of findings of one severity.
  int count(Severity s) const;
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

/// The report for humans, one finding per line like a compiler's, then a summary line.
std::string format_text(const Report& report);

/// The report for machines: one JSON object (UTF-8; invalid bytes replaced by U+FFFD).
std::string format_json(const Report& report);

}  // namespace plaquette::preflight
