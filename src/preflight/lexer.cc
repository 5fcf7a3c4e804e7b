// The content stream tokenizer: PDF's lexical conventions (ISO 32000-1, 7.2) on a window of
// decoded bytes. Unlike qpdf's parseContents, it builds no object per token and keeps no
// token once its operator is handled, so ten million operators take time, not memory.
#include <cctype>
#include <charconv>
#include <cstdint>
#include <cstring>

#include "preflight/preflight_private.h"

namespace plaquette::preflight {
namespace {

constexpr std::size_t kMaxNesting = 64;            // arrays and dictionaries in each other
constexpr std::size_t kMaxOperandBytes = 1 << 20;  // one operand (a string, an array)
constexpr std::size_t kMaxItems = 1 << 16;         // items of one array or dictionary

bool is_space(int c) {
  return c == ' ' || c == '\n' || c == '\r' || c == '\t' || c == '\f' || c == 0;
}
bool is_delimiter(int c) {
  return c == '(' || c == ')' || c == '<' || c == '>' || c == '[' || c == ']' || c == '{' ||
         c == '}' || c == '/' || c == '%';
}
int hex_digit(int c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

// A PDF number: sign, digits, at most one point, no exponent. Short ones (nearly all) are
// read here, exactly as integers scaled by a power of ten; long ones by from_chars.
bool number(const char* b, const char* e, double& v) {
  const char* p = b;
  const bool minus = *p == '-';
  if (*p == '-' || *p == '+') ++p;
  if (p == e) return false;
  std::uint64_t digits = 0;
  int count = 0, scale = -1;
  for (const char* q = p; q < e; ++q) {
    if (*q == '.') {
      if (scale >= 0) return false;
      scale = 0;
    } else if (*q >= '0' && *q <= '9') {
      digits = digits * 10 + static_cast<unsigned>(*q - '0');
      if (scale >= 0) ++scale;
      if (++count > 15) {
        auto [end, ec] = std::from_chars(p, e, v);
        if (ec != std::errc() || end != e) return false;
        v = minus ? -v : v;
        return true;
      }
    } else {
      return false;
    }
  }
  if (count == 0) return false;
  static constexpr double kPow10[] = {1,   1e1, 1e2,  1e3,  1e4,  1e5,  1e6,  1e7,
                                      1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15};
  v = static_cast<double>(digits) / kPow10[scale > 0 ? scale : 0];
  if (minus) v = -v;
  return true;
}

}  // namespace

int ContentLexer::fill(std::size_t i) {
  while (i >= buf_.size()) {
    if (eof_ || !in_.read(buf_)) {
      eof_ = true;
      return -1;
    }
  }
  return static_cast<unsigned char>(buf_[i]);
}

// Drops the bytes already read once they are the larger part of the window.
void ContentLexer::compact() {
  if (pos_ > (1 << 16) && pos_ * 2 > buf_.size()) {
    buf_.erase(0, pos_);
    pos_ = 0;
  }
}

void ContentLexer::skip_space() {
  for (;;) {
    int c = peek(0);
    if (is_space(c)) {
      ++pos_;
    } else if (c == '%') {
      while (c >= 0 && c != '\n' && c != '\r') ++pos_, c = peek(0);
    } else {
      return;
    }
  }
}

// After the '(': balanced parentheses, backslash escapes, octal codes, line continuations.
bool ContentLexer::literal_string(std::string& out) {
  int depth = 1;
  for (;;) {
    int c = peek(0);
    if (c < 0) return false;
    ++pos_;
    if (c == '(') {
      ++depth;
    } else if (c == ')') {
      if (--depth == 0) return true;
    } else if (c == '\\') {
      c = peek(0);
      if (c < 0) return false;
      ++pos_;
      switch (c) {
        case 'n':
          c = '\n';
          break;
        case 'r':
          c = '\r';
          break;
        case 't':
          c = '\t';
          break;
        case 'b':
          c = '\b';
          break;
        case 'f':
          c = '\f';
          break;
        case '\r':
          if (peek(0) == '\n') ++pos_;
          continue;
        case '\n':
          continue;
        default:
          if (c >= '0' && c <= '7') {
            int v = c - '0';
            for (int k = 0; k < 2 && peek(0) >= '0' && peek(0) <= '7'; ++k)
              v = v * 8 + peek(0) - '0', ++pos_;
            c = v & 0xFF;
          }
      }
    }
    if (out.size() >= kMaxOperandBytes) {
      error_ = "a string operand longer than " + mib(kMaxOperandBytes);
      return false;
    }
    out += static_cast<char>(c);
  }
}

void ContentLexer::hex_string(std::string& out) {
  int high = -1;
  for (int c = peek(0); c >= 0 && c != '>'; c = peek(0)) {
    ++pos_;
    const int d = hex_digit(c);
    if (d < 0) continue;  // white space (anything else is damage; readers skip it too)
    if (high < 0) {
      high = d;
    } else {
      if (out.size() < kMaxOperandBytes) out += static_cast<char>(high << 4 | d);
      high = -1;
    }
  }
  if (peek(0) == '>') ++pos_;
  if (high >= 0) out += static_cast<char>(high << 4);
}

void ContentLexer::name(std::string& out) {
  out = "/";
  for (int c = peek(0); c >= 0 && !is_space(c) && !is_delimiter(c); c = peek(0)) {
    ++pos_;
    if (c == '#' && hex_digit(peek(0)) >= 0 && hex_digit(peek(1)) >= 0) {
      c = hex_digit(peek(0)) << 4 | hex_digit(peek(1));
      pos_ += 2;
    }
    if (out.size() < 256) out += static_cast<char>(c);
  }
}

// A run of regular characters: a number, true/false/null, or an operator.
void ContentLexer::regular(Operand& out) {
  const std::size_t start = pos_;
  for (int c = peek(0); c >= 0 && !is_space(c) && !is_delimiter(c); c = peek(0)) ++pos_;
  const char* b = buf_.data() + start;
  const char* e = buf_.data() + pos_;
  out.items.clear();
  if (b < e &&
      (std::isdigit(static_cast<unsigned char>(*b)) || *b == '+' || *b == '-' || *b == '.') &&
      number(b, e, out.num)) {
    out.kind = Operand::Kind::number;
    out.text.clear();
    return;
  }
  out.text.assign(b, std::min<std::size_t>(e - b, 256));
  if (out.text == "true" || out.text == "false") {
    out.kind = Operand::Kind::boolean;
  } else if (out.text == "null") {
    out.kind = Operand::Kind::null;
  } else {
    out.kind = Operand::Kind::keyword;
  }
}

ContentLexer::Token ContentLexer::next(Operand& operand, std::string& op) {
  compact();
  open_.clear();
  std::size_t held = 0;  // bytes in the operand being built
  for (;;) {
    if (!error_.empty()) return Token::end;
    skip_space();
    const int c = peek(0);
    if (c < 0) return Token::end;  // an array left open at the end is dropped
    Operand tok;
    if (c == '[' || (c == '<' && peek(1) == '<')) {
      pos_ += c == '[' ? 1 : 2;
      if (open_.size() >= kMaxNesting) {
        error_ = "arrays or dictionaries nested more than " + std::to_string(kMaxNesting) + " deep";
        return Token::end;
      }
      open_.emplace_back();
      open_.back().kind = c == '[' ? Operand::Kind::array : Operand::Kind::dict;
      continue;
    }
    if (c == ']' || (c == '>' && peek(1) == '>')) {
      const auto kind = c == ']' ? Operand::Kind::array : Operand::Kind::dict;
      pos_ += c == ']' ? 1 : 2;
      if (open_.empty() || open_.back().kind != kind) continue;  // stray: skipped, as readers do
      tok = std::move(open_.back());
      open_.pop_back();
    } else if (c == '(') {
      ++pos_;
      tok.kind = Operand::Kind::string;
      if (!literal_string(tok.text)) {
        if (error_.empty()) error_ = "a string is not closed";
        return Token::end;
      }
    } else if (c == '<') {
      ++pos_;
      tok.kind = Operand::Kind::string;
      hex_string(tok.text);
    } else if (c == '/') {
      ++pos_;
      tok.kind = Operand::Kind::name;
      name(tok.text);
    } else if (c == ')' || c == '>' || c == '{' || c == '}') {
      ++pos_;
      continue;
    } else {
      regular(tok);
      if (tok.kind == Operand::Kind::keyword && open_.empty()) {
        op = std::move(tok.text);
        return Token::op;
      }
    }
    if (open_.empty()) {
      operand = std::move(tok);
      return Token::operand;
    }
    held += tok.text.size() + sizeof(Operand);
    if (held > kMaxOperandBytes) {
      error_ = "an operand larger than " + mib(kMaxOperandBytes);
      return Token::end;
    }
    if (open_.back().items.size() < kMaxItems) open_.back().items.push_back(std::move(tok));
  }
}

// The data runs from the byte after "ID " to an "EI" between white space: binary data
// rarely holds that sequence, and readers look for it the same way.
void ContentLexer::skip_inline_image() {
  if (is_space(peek(0))) ++pos_;
  int prev = ' ';
  for (int c = peek(0); c >= 0; c = peek(0)) {
    if (c == 'E' && peek(1) == 'I' && is_space(prev) &&
        (peek(2) < 0 || is_space(peek(2)) || is_delimiter(peek(2)))) {
      pos_ += 2;
      return;
    }
    prev = c;
    ++pos_;
    compact();
  }
}

}  // namespace plaquette::preflight
