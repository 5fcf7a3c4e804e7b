// Shared by the files of the preflight module only.
#pragma once

// Use qpdf 11 smart pointers without its PointerHolder transition warning.
#define POINTERHOLDER_TRANSITION 4
#include <qpdf/QPDF.hh>
#include <qpdf/QPDFObjectHandle.hh>
#include <qpdf/QPDFPageObjectHelper.hh>

#include <set>
#include <string>
#include <tuple>

#include "preflight/preflight.h"

namespace plaquette::preflight {

/// A PDF transformation matrix [a b c d e f].
struct Matrix {
  double a = 1, b = 0, c = 0, d = 1, e = 0, f = 0;
  /// This matrix applied first, then `n` (PDF's `this × n`).
  Matrix then(const Matrix& n) const {
    return {a * n.a + b * n.c, a * n.b + b * n.d, c * n.a + d * n.c,
            c * n.b + d * n.d, e * n.a + f * n.c + n.e, e * n.b + f * n.d + n.f};
  }
};

/// An axis-aligned rectangle, normalized (x0 ≤ x1, y0 ≤ y1).
struct Box {
  double x0 = 0, y0 = 0, x1 = 0, y1 = 0;
};

/// Collects findings, each (page, object, what) once: a resource used a hundred times on a
/// page is one problem.
class Findings {
 public:
  explicit Findings(Report& r) : report_(r) {}
  void add(Severity s, std::string check, int page, std::string object, std::string what,
           std::string why);

 private:
  Report& report_;
  std::set<std::tuple<int, std::string, std::string>> seen_;
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
void check_content(QPDFPageObjectHelper& page, int page_no, const Box& bleed,
                   const Options& options, Findings& out);

}  // namespace plaquette::preflight
