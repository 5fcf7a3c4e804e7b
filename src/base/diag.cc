#include "base/diag.h"

#include <algorithm>
#include <ostream>

namespace plaquette {

std::string SourcePos::str() const {
  if (line <= 0) return file;
  return file + ":" + std::to_string(line) + ":" + std::to_string(col > 0 ? col : 1);
}

Diagnostic& Diagnostics::add(Severity severity, SourcePos pos, std::string message) {
  if (severity == Severity::note) {
    if (dropping_notes_) return discarded_ = Diagnostic{};
    return items_.emplace_back(Diagnostic{severity, std::move(pos), std::move(message), {}});
  }
  for (const Diagnostic& d : items_) {
    if (d.severity == severity && d.message == message && d.pos.file == pos.file &&
        d.pos.line == pos.line && d.pos.col == pos.col) {
      dropping_notes_ = true;
      return discarded_ = Diagnostic{};
    }
  }
  dropping_notes_ = false;
  if (severity == Severity::error) ++errors_;
  return items_.emplace_back(Diagnostic{severity, std::move(pos), std::move(message), {}});
}

Diagnostic& Diagnostics::error(SourcePos pos, std::string message) {
  return add(Severity::error, std::move(pos), std::move(message));
}

Diagnostic& Diagnostics::warning(SourcePos pos, std::string message) {
  return add(Severity::warning, std::move(pos), std::move(message));
}

Diagnostic& Diagnostics::note(SourcePos pos, std::string message) {
  return add(Severity::note, std::move(pos), std::move(message));
}

void Diagnostics::merge(const Diagnostics& other) {
  // Through add(), so that a problem two editions share is reported once.
  for (const Diagnostic& d : other.items_) {
    Diagnostic& added = add(d.severity, d.pos, d.message);
    added.hints = d.hints;
  }
}

namespace {
const char* severity_name(Severity s) {
  switch (s) {
    case Severity::error: return "error";
    case Severity::warning: return "warning";
    case Severity::note: return "note";
  }
  return "error";
}
}  // namespace

void Diagnostics::print(std::ostream& out) const {
  // Notes stay attached to the diagnostic before them, so sort groups, not lines.
  std::vector<std::vector<const Diagnostic*>> groups;
  for (const Diagnostic& d : items_) {
    if (d.severity == Severity::note && !groups.empty()) groups.back().push_back(&d);
    else groups.push_back({&d});
  }
  std::stable_sort(groups.begin(), groups.end(), [](const auto& a, const auto& b) {
    const SourcePos& pa = a.front()->pos;
    const SourcePos& pb = b.front()->pos;
    if (pa.file != pb.file) return pa.file < pb.file;
    if (pa.line != pb.line) return pa.line < pb.line;
    return pa.col < pb.col;
  });
  for (const auto& group : groups) {
    for (const Diagnostic* d : group) {
      if (d->pos.known()) out << d->pos.str() << ": ";
      out << severity_name(d->severity) << ": " << d->message << '\n';
      for (const std::string& h : d->hints) out << "  hint: " << h << '\n';
    }
  }
  std::size_t warnings = 0;
  for (const Diagnostic& d : items_) warnings += d.severity == Severity::warning;
  if (errors_ > 0) {
    out << errors_ << (errors_ == 1 ? " error" : " errors");
    if (warnings > 0) out << ", " << warnings << (warnings == 1 ? " warning" : " warnings");
    out << '\n';
  }
}

}  // namespace plaquette
