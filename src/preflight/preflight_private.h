// Shared by the files of the preflight module only.
#pragma once

#include <cstddef>
#include <map>
#include <memory>
#include <qpdf/Pipeline.hh>
#include <qpdf/QPDF.hh>
#include <qpdf/QPDFObjectHandle.hh>
#include <qpdf/QPDFPageObjectHelper.hh>
#include <set>
#include <string>
#include <tuple>
#include <vector>

#include "preflight/preflight.h"

namespace plaquette::preflight {

/// A PDF transformation matrix [a b c d e f].
struct Matrix {
  double a = 1, b = 0, c = 0, d = 1, e = 0, f = 0;
  /// This matrix applied first, then `n` (PDF's `this × n`).
  Matrix then(const Matrix& n) const {
    return {a * n.a + b * n.c, a * n.b + b * n.d,       c * n.a + d * n.c,
            c * n.b + d * n.d, e * n.a + f * n.c + n.e, e * n.b + f * n.d + n.f};
  }
};

/// An axis-aligned rectangle, normalized (x0 ≤ x1, y0 ≤ y1).
struct Box {
  double x0 = 0, y0 = 0, x1 = 0, y1 = 0;
};

/// Collects findings, each (page, object, what) once: a resource used a hundred times on a
/// page is one problem. Past Options::max_findings_per_rule findings of one rule, the rest
/// are only counted (Report::omitted): a file with a million RGB fills is not a million lines.
class Findings {
 public:
  /// House-rule findings are warnings, or errors when `strict`.
  Findings(Report& r, int max_per_rule, bool strict)
      : report_(r), max_per_rule_(max_per_rule), strict_(strict) {}
  void add(Severity s, std::string check, int page, std::string object, std::string what,
           std::string why);

 private:
  Report& report_;
  int max_per_rule_;
  bool strict_;
  std::map<std::string, int> listed_;
  std::set<std::tuple<int, std::string, std::string>> seen_;
};

/// Decoded bytes allowed, per stream and for the whole file: a small PDF can inflate to
/// gigabytes (a zip bomb); past the budget the rest is not checked, and a finding says so.
struct Budget {
  std::size_t stream_limit = 0;
  std::size_t file_limit = 0;
  std::size_t file_used = 0;
};

/// "64 MiB".
std::string mib(std::size_t bytes);

/// The decoded bytes of one stream, or of a page's /Contents array read as one, a chunk at a
/// time within the budgets. Flate and RunLength data is inflated a kilobyte of raw data at a
/// time (nothing large is held); other filters are decoded by qpdf into a buffer that stops
/// at the budget.
class StreamReader {
 public:
  StreamReader(std::vector<QPDFObjectHandle> streams, Budget& budget);
  ~StreamReader();
  StreamReader(const StreamReader&) = delete;
  StreamReader& operator=(const StreamReader&) = delete;

  /// Appends the next decoded bytes to `out`; false when there are none left.
  bool read(std::string& out);
  /// Why the reading stopped before the end ("" when everything was read): a stream that
  /// cannot be decoded, or the budget (named) that was hit.
  const std::string& problem() const { return problem_; }
  /// True when the reading stopped at a budget.
  bool budget_hit() const { return budget_hit_; }

 private:
  class Sink;
  struct OverBudget {};
  bool open_next();
  void over_budget();
  void fail(const std::string& why);

  std::vector<QPDFObjectHandle> streams_;
  Budget& budget_;
  std::unique_ptr<Sink> sink_;
  std::vector<std::unique_ptr<Pipeline>> chain_;  ///< decoders; back() is the first
  std::size_t next_ = 0;
  QPDFObjectHandle current_;
  std::shared_ptr<Buffer> raw_;
  std::size_t raw_pos_ = 0;
  std::string buffered_;
  std::size_t buffered_pos_ = 0;
  std::string* target_ = nullptr;
  std::size_t stream_bytes_ = 0;
  bool open_ = false, pull_ = false, done_ = false, budget_hit_ = false;
  std::string problem_;
};

enum class DecodeStatus { ok, over_budget, failed };
/// A whole stream within the budgets (profiles, fonts); `problem` says why it stopped.
DecodeStatus decode_all(QPDFObjectHandle stream, Budget& budget, std::string& out,
                        std::string& problem);

/// One operand of a content stream operator. Numbers keep their text as written.
struct Operand {
  enum class Kind : unsigned char { number, name, string, array, dict, boolean, null, keyword };
  Kind kind = Kind::null;
  double num = 0;
  std::string text;            ///< number as written, name with its '/', string's bytes
  std::vector<Operand> items;  ///< array items; dictionary keys and values in turn
  bool is_number() const { return kind == Kind::number; }
  bool is_name() const { return kind == Kind::name; }
};

/// A content stream tokenizer that reads through a StreamReader and never holds more than
/// the current token: operands come one by one, nothing is built for the whole stream.
/// Nesting of arrays and dictionaries and the size of one operand are bounded.
class ContentLexer {
 public:
  enum class Token { operand, op, end };
  explicit ContentLexer(StreamReader& in) : in_(in) {}
  /// The next operand (in `operand`) or operator (in `op`), or the end.
  Token next(Operand& operand, std::string& op);
  /// After an ID operator: skips the inline image's data, through its EI.
  void skip_inline_image();
  /// Why the stream stopped before its end: "" at a normal end.
  const std::string& error() const { return error_; }

 private:
  int peek(std::size_t off) {
    const std::size_t i = pos_ + off;
    return i < buf_.size() ? static_cast<unsigned char>(buf_[i]) : fill(i);
  }
  int fill(std::size_t i);
  void compact();
  void skip_space();
  bool literal_string(std::string& out);
  void hex_string(std::string& out);
  void name(std::string& out);
  void regular(Operand& out);

  StreamReader& in_;
  std::string buf_;
  std::size_t pos_ = 0;
  bool eof_ = false;
  std::string error_;
  std::vector<Operand> open_;  ///< arrays and dictionaries being read
};

/// A dictionary's (or stream's) entry, or null for anything else. qpdf would return null
/// too, but record a warning that would read as damage of the file.
QPDFObjectHandle key(QPDFObjectHandle oh, const char* name);
/// "12 0 R" for an indirect object, "" for a direct one.
std::string object_ref(QPDFObjectHandle oh);
/// A resource of a kind ("/Font", "/XObject", ...) by name, or null.
QPDFObjectHandle resource(QPDFObjectHandle resources, const char* kind, const std::string& name);

/// Checks one page's content streams (and the forms, patterns and images they use):
/// colour spaces, transparency, fonts, image resolution, text size and ink.
/// The category of a rule by its short name.
Category category_of(const std::string& rule);
/// True for a PDF date: (D:)YYYY[MM[DD[HH[mm[SS]]]]][Z|±HH['mm[']]].
bool valid_pdf_date(const std::string& date);
/// PDF 1.5 structures, Catalog version, optional content, document actions.
void check_structure(QPDF& pdf, Findings& out);
/// /CreationDate and /ModDate of the document information.
void check_dates(QPDFObjectHandle info, Findings& out);
/// A page's annotations (none inside the trim box) and actions.
void check_annotations(QPDFObjectHandle page, int no, const Box& trim, Findings& out);

/// A PDF function (ISO 32000-1, 7.10): types 0 (8 or 16-bit samples, any number of
/// inputs, nearest sample), 2, 3 and 4 (PostScript calculator) are evaluated.
class Function {
 public:
  /// Reads `f`; when it cannot be evaluated, ok() is false and why() says why.
  static Function parse(QPDFObjectHandle f, Budget& budget, int depth = 0);
  bool ok() const { return ok_; }
  const std::string& why() const { return why_; }
  double domain0() const { return domain_.size() >= 2 ? domain_[0] : 0; }
  double domain1() const { return domain_.size() >= 2 ? domain_[1] : 1; }
  /// Number of inputs (from /Domain).
  std::size_t inputs() const { return domain_.size() / 2; }
  /// The outputs at `x` (clipped to the domain, outputs to the range).
  std::vector<double> eval(double x) const { return eval(std::vector<double>{x}); }
  /// The outputs for several inputs (DeviceN tints); missing inputs are 0.
  std::vector<double> eval(std::vector<double> in) const;

  /// One instruction of a PostScript calculator function.
  struct Instr {
    int op = 0;      ///< an operator, or 0 for a number to push
    double num = 0;  ///< the number pushed
    int then_ = -1;  ///< if / ifelse: the procedure run when true
    int else_ = -1;  ///< ifelse: the procedure run when false
  };

 private:
  bool parse_calculator(const std::string& text);
  bool run(int proc, std::vector<double>& stack, int depth) const;

  bool ok_ = false;
  std::string why_;
  int type_ = 0, bits_ = 0;
  double n_ = 1;
  std::vector<double> domain_, range_, c0_, c1_, bounds_, encode_, decode_;
  std::vector<int> size_;  ///< type 0: samples per input
  std::vector<Function> parts_;
  std::string samples_;
  std::vector<std::vector<Instr>> procs_;  ///< type 4: procedures, the whole program first
};

/// The darkest pixel of an 8-bit DeviceCMYK image: total ink (its /Decode applied) and where.
struct ImageInk {
  bool checked = false;   ///< false when `problem` says why not
  double max = 0;         ///< C+M+Y+K, 4.0 = 400 %
  long col = 0, row = 0;  ///< the first pixel with that ink, from the top left
  std::string problem;
};
/// Streams the image's decoded data through a counter; at most `budget` decoded bytes.
ImageInk image_ink(QPDFObjectHandle image, long width, std::size_t budget);

/// A composite TrueType font (Type0, Identity-H, CIDFontType2) drawn in the document, and
/// the CIDs its text draws: its embedded program must hold each glyph, and its /W must give
/// the program's advance widths.
struct FontUse {
  QPDFObjectHandle font;                              ///< the Type0 font dictionary
  std::string label;                                  ///< "font /F1 (ABCDEF+Lato-Regular, 12 0 R)"
  int first_page = 0;                                 ///< where it is first drawn
  std::vector<bool> cids = std::vector<bool>(65536);  ///< drawn CIDs
  bool drawn = false;
};

/// What the walk of the pages gathers for the whole document.
struct DocState {
  /// Tint transforms and other stream functions, parsed once per document.
  std::map<QPDFObjGen, std::shared_ptr<const Function>> functions;
  std::map<QPDFObjGen, FontUse> fonts;
  /// Small 100 % black text: pages where it knocks out, and where it overprints.
  std::vector<int> knockout_pages, overprint_pages;
  std::string knockout_where, overprint_where;
};

void check_content(QPDFObjectHandle page, QPDFObjectHandle resources, int page_no, const Box& bleed,
                   const Box& trim, const Options& options, Budget& budget, DocState& doc,
                   Findings& out);
/// The overprint notes of small black text, from what check_content gathered.
void report_overprint(const DocState& doc, Findings& out);
/// The glyphs and widths of the composite TrueType fonts drawn (FontUse).
void check_fonts(DocState& doc, Budget& budget, Findings& out);

}  // namespace plaquette::preflight
