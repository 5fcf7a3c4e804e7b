// UTF-8 helpers shared by the text module (internal header).
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

namespace plaquette::text {

/// U+FFFD, what an invalid byte sequence decodes to.
inline constexpr char32_t kReplacement = 0xFFFD;

/// Decodes the code point at `s[i]` and stores its byte length in `len` (at least 1).
/// An invalid, overlong, surrogate or truncated sequence gives U+FFFD, consuming its
/// maximal valid prefix (at least one byte): a decoder loop always advances and never reads
/// past the end.
char32_t utf8_decode(std::string_view s, std::size_t i, std::size_t& len);

/// Appends the UTF-8 encoding of `cp` (U+FFFD for values that are not scalar values).
void utf8_append(std::string& out, char32_t cp);

/// Copy of `s` with every invalid sequence replaced by U+FFFD: what gets shaped and drawn,
/// so that PDF text and byte ranges always refer to valid UTF-8.
std::string utf8_sanitize(std::string_view s);

/// Byte length of the mandatory line break at `s[i]` (LF, CR, CRLF, VT, FF, NEL, U+2028,
/// U+2029), or 0 when there is none.
std::size_t hard_break_length(std::string_view s, std::size_t i);

}  // namespace plaquette::text
