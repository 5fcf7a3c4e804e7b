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

namespace {

// Notes stay attached to the diagnostic before them, so groups are sorted, not lines.
std::vector<std::vector<const Diagnostic*>> sorted_groups(const std::vector<Diagnostic>& items) {
  std::vector<std::vector<const Diagnostic*>> groups;
  for (const Diagnostic& d : items) {
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
  return groups;
}

void json_string(std::ostream& out, const std::string& s) {
  out << '"';
  for (unsigned char c : s) {
    switch (c) {
      case '"': out << "\\\""; break;
      case '\\': out << "\\\\"; break;
      case '\n': out << "\\n"; break;
      case '\t': out << "\\t"; break;
      case '\r': out << "\\r"; break;
      default:
        if (c < 0x20) {
          char buf[8];
          std::snprintf(buf, sizeof buf, "\\u%04x", c);
          out << buf;
        } else {
          out << static_cast<char>(c);
        }
    }
  }
  out << '"';
}

void json_pos(std::ostream& out, const SourcePos& p) {
  out << "\"file\": ";
  json_string(out, p.file);
  out << ", \"line\": " << p.line << ", \"column\": " << p.col;
}

}  // namespace

void Diagnostics::print_json(std::ostream& out) const {
  std::size_t warnings = 0;
  for (const Diagnostic& d : items_) warnings += d.severity == Severity::warning;
  out << "{\"errors\": " << errors_ << ", \"warnings\": " << warnings << ", \"diagnostics\": [";
  bool first = true;
  for (const auto& group : sorted_groups(items_)) {
    const Diagnostic& d = *group.front();
    out << (first ? "\n  " : ",\n  ") << "{\"severity\": \"" << severity_name(d.severity) << "\", ";
    first = false;
    json_pos(out, d.pos);
    out << ", \"message\": ";
    json_string(out, d.message);
    out << ", \"hints\": [";
    for (std::size_t i = 0; i < d.hints.size(); ++i) {
      if (i) out << ", ";
      json_string(out, d.hints[i]);
    }
    out << "], \"notes\": [";
    for (std::size_t i = 1; i < group.size(); ++i) {
      out << (i > 1 ? ", {" : "{");
      json_pos(out, group[i]->pos);
      out << ", \"message\": ";
      json_string(out, group[i]->message);
      out << "}";
    }
    out << "]}";
  }
  out << (first ? "]}\n" : "\n]}\n");
}

void Diagnostics::print(std::ostream& out) const {
  for (const auto& group : sorted_groups(items_)) {
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
