#include "text/utf8.h"

namespace plaquette::text {

char32_t utf8_decode(std::string_view s, std::size_t i, std::size_t& len) {
  len = 1;
  const auto byte = [&](std::size_t k) { return static_cast<unsigned char>(s[k]); };
  const unsigned char b0 = byte(i);
  if (b0 < 0x80) return b0;
  // Lead byte → sequence length, initial bits and the range of the second byte (the
  // table of Unicode §3.9, which rules out overlongs, surrogates and > U+10FFFF).
  std::size_t n = 0;
  char32_t cp = 0;
  unsigned char lo = 0x80, hi = 0xBF;
  if (b0 >= 0xC2 && b0 <= 0xDF) {
    n = 2, cp = b0 & 0x1F;
  } else if (b0 >= 0xE0 && b0 <= 0xEF) {
    n = 3, cp = b0 & 0x0F;
    if (b0 == 0xE0) lo = 0xA0;
    if (b0 == 0xED) hi = 0x9F;
  } else if (b0 >= 0xF0 && b0 <= 0xF4) {
    n = 4, cp = b0 & 0x07;
    if (b0 == 0xF0) lo = 0x90;
    if (b0 == 0xF4) hi = 0x8F;
  } else {
    return kReplacement;
  }
  for (std::size_t k = 1; k < n; ++k) {
    const bool ok = i + k < s.size() && byte(i + k) >= (k == 1 ? lo : 0x80) &&
                    byte(i + k) <= (k == 1 ? hi : 0xBF);
    if (!ok) {
      // One U+FFFD for the whole valid prefix ("maximal subpart", as ICU and browsers do).
      len = k;
      return kReplacement;
    }
    cp = (cp << 6) | (byte(i + k) & 0x3F);
  }
  len = n;
  return cp;
}

void utf8_append(std::string& out, char32_t cp) {
  if (cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) cp = kReplacement;
  if (cp < 0x80) {
    out += static_cast<char>(cp);
  } else if (cp < 0x800) {
    out += static_cast<char>(0xC0 | (cp >> 6));
    out += static_cast<char>(0x80 | (cp & 0x3F));
  } else if (cp < 0x10000) {
    out += static_cast<char>(0xE0 | (cp >> 12));
    out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
    out += static_cast<char>(0x80 | (cp & 0x3F));
  } else {
    out += static_cast<char>(0xF0 | (cp >> 18));
    out += static_cast<char>(0x80 | ((cp >> 12) & 0x3F));
    out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
    out += static_cast<char>(0x80 | (cp & 0x3F));
  }
}

std::string utf8_sanitize(std::string_view s) {
  std::string out;
  out.reserve(s.size());
  std::size_t i = 0;
  while (i < s.size()) {
    std::size_t len = 0;
    char32_t cp = utf8_decode(s, i, len);
    // A literal U+FFFD re-encodes to the same bytes, so no need to tell the two apart.
    if (cp == kReplacement) {
      utf8_append(out, kReplacement);
    } else {
      out.append(s.substr(i, len));
    }
    i += len;
  }
  return out;
}

std::size_t hard_break_length(std::string_view s, std::size_t i) {
  if (i >= s.size()) return 0;
  const char c = s[i];
  if (c == '\r') return (i + 1 < s.size() && s[i + 1] == '\n') ? 2 : 1;
  if (c == '\n' || c == '\v' || c == '\f') return 1;
  std::size_t len = 0;
  const char32_t cp = utf8_decode(s, i, len);
  if (cp == 0x85 || cp == 0x2028 || cp == 0x2029) return len;
  return 0;
}

}  // namespace plaquette::text
