// Diagnostics: user-facing problems as data, printed like a compiler.
#pragma once

#include <cstddef>
#include <cstdint>
#include <iosfwd>
#include <string>
#include <string_view>
#include <unordered_set>
#include <vector>

namespace plaquette {

/// A place in a source file; line and column are 1-based, 0 means unknown.
struct SourcePos {
  std::string file;
  int line = 0;
  int col = 0;

  /// "file:line:col" (or "file" when the line is unknown).
  std::string str() const;
  bool known() const { return !file.empty(); }
};

/// `text` made safe to echo on a terminal or in JSON: control characters (C0, DEL, C1),
/// bidirectional overrides and bytes that are not UTF-8 become visible escapes (`\x1B`,
/// `\u{202E}`, `\xFF`), so that user text quoted in a message can neither move the cursor,
/// forge a line of output, nor make the output invalid UTF-8.
std::string printable(std::string_view text);

/// How bad a diagnostic is.
enum class Severity { error, warning, note };

/// One problem found in the input, with where it comes from and hints to fix it.
struct Diagnostic {
  Severity severity = Severity::error;
  SourcePos pos;
  std::string message;
  std::vector<std::string> hints;
};

/// Collects every problem of a run so that all of them are reported, not only the first,
/// and each only once.
class Diagnostics {
 public:
  /// Records an error; returns it so that hints can be appended.
  Diagnostic& error(SourcePos pos, std::string message);
  /// Records a warning.
  Diagnostic& warning(SourcePos pos, std::string message);
  /// Records a note (context attached to the previous problem).
  Diagnostic& note(SourcePos pos, std::string message);

  /// Errors and warnings kept for printing. Beyond, they are only counted: 300 000 unknown
  /// keys are one mistake repeated, and printing them all would take longer than fixing it.
  static constexpr std::size_t kMaxKept = 100;

  /// True when at least one error was recorded.
  bool has_errors() const { return errors_ > 0; }
  std::size_t error_count() const { return errors_; }
  const std::vector<Diagnostic>& all() const { return items_; }
  /// Errors and warnings recorded but not kept (beyond kMaxKept).
  std::size_t dropped() const { return dropped_; }
  /// True once new errors and warnings are only counted: callers can skip the work of
  /// hints (a "did you mean" over every name) that nobody will read.
  bool full() const { return dropped_ > 0; }
  /// Appends every diagnostic of another list.
  void merge(const Diagnostics& other);

  /// Prints every diagnostic, sorted by file and line, as
  /// `file:line:col: error: message` followed by `  hint: ...` lines; user text is
  /// escaped (see printable).
  void print(std::ostream& out) const;

  /// Prints every diagnostic as one JSON object, for editors and CI:
  /// {"errors": N, "warnings": N, "not_shown": N, "diagnostics": [{"severity", "file",
  /// "line", "column", "message", "hints": [...], "notes": [{"file", "line", "column",
  /// "message"}]}]}, always valid UTF-8.
  void print_json(std::ostream& out) const;

 private:
  Diagnostic& add(Severity severity, SourcePos pos, std::string message);

  std::vector<Diagnostic> items_;
  std::size_t errors_ = 0;
  std::size_t warnings_ = 0;
  std::size_t dropped_ = 0;
  // Every error and warning seen, as one string: an exact repeat is found in constant time
  // (a linear scan made 100 000 unknown keys take minutes).
  std::unordered_set<std::string> seen_;
  // A mistake in a template repeated over 5 départements is one mistake: an exact repeat
  // of an error or warning is dropped, with the notes that follow it.
  bool dropping_notes_ = false;
  Diagnostic discarded_;
};

}  // namespace plaquette
