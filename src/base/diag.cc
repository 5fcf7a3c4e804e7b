#include "base/diag.h"

#include <algorithm>
#include <cstdio>
#include <nlohmann/json.hpp>
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
  std::string key = std::to_string(static_cast<int>(severity)) + ':' + std::to_string(pos.line) +
                    ':' + std::to_string(pos.col) + ':' + pos.file + '\0' + message;
  if (!seen_.insert(std::move(key)).second) {
    dropping_notes_ = true;
    return discarded_ = Diagnostic{};
  }
  if (severity == Severity::error)
    ++errors_;
  else
    ++warnings_;
  if (errors_ + warnings_ > kMaxKept) {
    ++dropped_;
    dropping_notes_ = true;
    return discarded_ = Diagnostic{};
  }
  dropping_notes_ = false;
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
  std::size_t kept_errors = 0, kept_warnings = 0;
  for (const Diagnostic& d : other.items_) {
    kept_errors += d.severity == Severity::error;
    kept_warnings += d.severity == Severity::warning;
    Diagnostic& added = add(d.severity, d.pos, d.message);
    added.hints = d.hints;
  }
  // What the other list only counted stays counted.
  errors_ += other.errors_ - kept_errors;
  warnings_ += other.warnings_ - kept_warnings;
  dropped_ += other.dropped_;
}

namespace {
const char* severity_name(Severity s) {
  switch (s) {
    case Severity::error:
      return "error";
    case Severity::warning:
      return "warning";
    case Severity::note:
      return "note";
  }
  return "error";
}
}  // namespace

namespace {

// Notes stay attached to the diagnostic before them, so groups are sorted, not lines.
std::vector<std::vector<const Diagnostic*>> sorted_groups(const std::vector<Diagnostic>& items) {
  std::vector<std::vector<const Diagnostic*>> groups;
  for (const Diagnostic& d : items) {
    if (d.severity == Severity::note && !groups.empty())
      groups.back().push_back(&d);
    else
      groups.push_back({&d});
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

}  // namespace

void Diagnostics::print_json(std::ostream& out) const {
  // Ordered: the keys read in the order a person expects, and stay stable.
  using Json = nlohmann::ordered_json;
  auto place = [](Json& j, const SourcePos& p) {
    j["file"] = printable(p.file);
    j["line"] = p.line;
    j["column"] = p.col;
  };
  Json list = Json::array();
  for (const auto& group : sorted_groups(items_)) {
    const Diagnostic& d = *group.front();
    Json j;
    j["severity"] = severity_name(d.severity);
    place(j, d.pos);
    j["message"] = printable(d.message);
    j["hints"] = Json::array();
    for (const std::string& h : d.hints) j["hints"].push_back(printable(h));
    j["notes"] = Json::array();
    for (std::size_t i = 1; i < group.size(); ++i) {
      Json n;
      place(n, group[i]->pos);
      n["message"] = printable(group[i]->message);
      j["notes"].push_back(std::move(n));
    }
    list.push_back(std::move(j));
  }
  Json doc;
  doc["errors"] = errors_;
  doc["warnings"] = warnings_;
  doc["not_shown"] = dropped_;
  doc["diagnostics"] = std::move(list);
  // printable() already made every string UTF-8; `replace` is the belt to those braces.
  out << doc.dump(2, ' ', false, Json::error_handler_t::replace) << '\n';
}

void Diagnostics::print(std::ostream& out) const {
  for (const auto& group : sorted_groups(items_)) {
    for (const Diagnostic* d : group) {
      if (d->pos.known()) out << printable(d->pos.str()) << ": ";
      out << severity_name(d->severity) << ": " << printable(d->message) << '\n';
      for (const std::string& h : d->hints) out << "  hint: " << printable(h) << '\n';
    }
  }
  if (dropped_ > 0)
    out << dropped_ << " more not shown: only the first " << kMaxKept
        << " errors and warnings are listed\n";
  if (errors_ > 0) {
    out << errors_ << (errors_ == 1 ? " error" : " errors");
    if (warnings_ > 0) out << ", " << warnings_ << (warnings_ == 1 ? " warning" : " warnings");
    out << '\n';
  }
}

std::string printable(std::string_view s) {
  std::string out;
  out.reserve(s.size());
  auto hex = [&](const char* format, unsigned v) {
    char buf[16];
    std::snprintf(buf, sizeof buf, format, v);
    out += buf;
  };
  for (std::size_t i = 0; i < s.size();) {
    const auto c = static_cast<unsigned char>(s[i]);
    if (c < 0x80) {
      if (c == '\n')
        out += "\\n";
      else if (c == '\t')
        out += "\\t";
      else if (c == '\r')
        out += "\\r";
      else if (c < 0x20 || c == 0x7F)
        hex("\\x%02X", c);
      else
        out += static_cast<char>(c);
      ++i;
      continue;
    }
    // Strict UTF-8: shortest form, no surrogates, at most U+10FFFF.
    const std::size_t len = c >= 0xC2 && c <= 0xDF   ? 2
                            : c >= 0xE0 && c <= 0xEF ? 3
                            : c >= 0xF0 && c <= 0xF4 ? 4
                                                     : 0;
    char32_t cp = len == 2 ? c & 0x1F : len == 3 ? c & 0x0F : c & 0x07;
    bool ok = len > 0 && i + len <= s.size();
    for (std::size_t k = 1; ok && k < len; ++k) {
      const auto b = static_cast<unsigned char>(s[i + k]);
      ok = (b & 0xC0) == 0x80;
      cp = (cp << 6) | (b & 0x3F);
    }
    ok = ok && !(len == 3 && (cp < 0x800 || (cp >= 0xD800 && cp <= 0xDFFF))) &&
         !(len == 4 && (cp < 0x10000 || cp > 0x10FFFF));
    if (!ok) {
      hex("\\x%02X", c);
      ++i;
      continue;
    }
    const bool hidden = (cp >= 0x80 && cp <= 0x9F) || (cp >= 0x202A && cp <= 0x202E) ||
                        (cp >= 0x2066 && cp <= 0x2069);
    if (hidden)
      hex("\\u{%X}", static_cast<unsigned>(cp));
    else
      out.append(s.substr(i, len));
    i += len;
  }
  return out;
}

}  // namespace plaquette
