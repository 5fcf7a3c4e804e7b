// The preflight report as text for humans and as JSON for machines.
#include <cstdio>
#include <string>

#include "preflight/preflight.h"

namespace plaquette::preflight {
namespace {

const char* severity_name(Severity s) { return s == Severity::error ? "error" : "warning"; }

std::string where(const Finding& f) {
  std::string s = f.page > 0 ? "page " + std::to_string(f.page) : "document";
  if (!f.object.empty()) s += ", " + f.object;
  return s;
}

std::string plural(int n, const char* word) {
  return std::to_string(n) + " " + word + (n == 1 ? "" : "s");
}

// Appends s as a JSON string. Names and strings in a PDF are arbitrary bytes: invalid UTF-8
// becomes U+FFFD so that the output is always valid JSON.
void json_string(std::string& out, const std::string& s) {
  out += '"';
  for (std::size_t i = 0; i < s.size();) {
    const unsigned char c = static_cast<unsigned char>(s[i]);
    if (c < 0x80) {
      if (c == '"') out += "\\\"";
      else if (c == '\\') out += "\\\\";
      else if (c == '\n') out += "\\n";
      else if (c == '\t') out += "\\t";
      else if (c == '\r') out += "\\r";
      else if (c < 0x20 || c == 0x7F) {
        char buf[8];
        std::snprintf(buf, sizeof buf, "\\u%04x", c);
        out += buf;
      } else {
        out += static_cast<char>(c);
      }
      ++i;
      continue;
    }
    // Length and smallest code point of a well-formed sequence starting with c.
    const std::size_t n = c >= 0xF0 ? 4 : c >= 0xE0 ? 3 : c >= 0xC2 ? 2 : 0;
    bool ok = n != 0 && c < 0xF5 && i + n <= s.size();
    uint32_t cp = c & (n == 2 ? 0x1F : n == 3 ? 0x0F : 0x07);
    for (std::size_t k = 1; ok && k < n; ++k) {
      const unsigned char cc = static_cast<unsigned char>(s[i + k]);
      ok = (cc & 0xC0) == 0x80;
      cp = cp << 6 | (cc & 0x3F);
    }
    ok = ok && !(n == 3 && (cp < 0x800 || (cp >= 0xD800 && cp <= 0xDFFF))) &&
         !(n == 4 && (cp < 0x10000 || cp > 0x10FFFF));
    if (ok) {
      out.append(s, i, n);
      i += n;
    } else {
      out += "\xEF\xBF\xBD";
      ++i;
    }
  }
  out += '"';
}

}  // namespace

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
  const int errors = r.count(Severity::error), warnings = r.count(Severity::warning);
  out += r.file + ": PDF/X-1a:2003 preflight " + (errors ? "failed" : "passed") + ": " +
         plural(errors, "error") + ", " + plural(warnings, "warning") + " (" +
         plural(r.pages, "page") + ")\n";
  return out;
}

std::string format_json(const Report& r) {
  std::string out = "{\n  \"file\": ";
  json_string(out, r.file);
  out += ",\n  \"profile\": ";
  json_string(out, r.profile);
  out += ",\n  \"pages\": " + std::to_string(r.pages);
  out += ",\n  \"errors\": " + std::to_string(r.count(Severity::error));
  out += ",\n  \"warnings\": " + std::to_string(r.count(Severity::warning));
  out += ",\n  \"passed\": " + std::string(r.has_errors() ? "false" : "true");
  out += ",\n  \"omitted\": {";
  bool first = true;
  for (const auto& [check, n] : r.omitted) {
    out += first ? "" : ", ";
    first = false;
    json_string(out, check);
    out += ": " + std::to_string(n);
  }
  out += "}";
  out += ",\n  \"findings\": [";
  for (std::size_t i = 0; i < r.findings.size(); ++i) {
    const Finding& f = r.findings[i];
    out += i ? ",\n    {" : "\n    {";
    out += "\"severity\": ";
    json_string(out, severity_name(f.severity));
    out += ", \"check\": ";
    json_string(out, f.check);
    out += ", \"page\": " + std::to_string(f.page) + ", \"object\": ";
    json_string(out, f.object);
    out += ", \"what\": ";
    json_string(out, f.what);
    out += ", \"why\": ";
    json_string(out, f.why);
    out += "}";
  }
  out += r.findings.empty() ? "]\n}\n" : "\n  ]\n}\n";
  return out;
}

}  // namespace plaquette::preflight
