#include "layout/pseudo.h"

namespace plaquette::layout {
namespace {

// Latin-1 look-alikes: every text font that covers French has them.
const char* accented(char c) {
  switch (c) {
    case 'a':
      return "\u00E5";
    case 'e':
      return "\u00E9";
    case 'i':
      return "\u00EE";
    case 'o':
      return "\u00F6";
    case 'u':
      return "\u00FC";
    case 'c':
      return "\u00E7";
    case 'n':
      return "\u00F1";
    case 'y':
      return "\u00FF";
    case 'A':
      return "\u00C5";
    case 'E':
      return "\u00C9";
    case 'I':
      return "\u00CE";
    case 'O':
      return "\u00D6";
    case 'U':
      return "\u00DC";
    case 'C':
      return "\u00C7";
    case 'N':
      return "\u00D1";
    default:
      return nullptr;
  }
}

// 40 % is the usual allowance for languages longer than the source (German, Dutch, Finnish
// labels run 30 to 40 % longer than English or French ones).
constexpr double kGrowth = 0.4;
constexpr std::string_view kFiller = "\u00EBx\u00E5 l\u00F6\u00F1g w\u00F6rd ";

std::size_t code_points(std::string_view s) {
  std::size_t n = 0;
  for (unsigned char c : s) n += (c & 0xC0) != 0x80;
  return n;
}

}  // namespace

std::string pseudo_text(std::string_view text) {
  std::string out;
  for (char c : text) {
    if (const char* a = accented(c))
      out += a;
    else
      out += c;
  }
  std::size_t n = code_points(text);
  std::size_t want = static_cast<std::size_t>(n * kGrowth + 0.5);
  if (want == 0) return out;
  out += ' ';
  // Whole filler words, so that the padding breaks like text and never splits a glyph.
  std::size_t added = 0;
  std::size_t i = 0;
  while (added < want) {
    std::size_t next = kFiller.find(' ', i);
    std::string_view word = kFiller.substr(i, next - i + 1);
    out += word;
    added += code_points(word);
    i = next + 1 >= kFiller.size() ? 0 : next + 1;
  }
  while (!out.empty() && out.back() == ' ') out.pop_back();
  return out;
}

std::string pseudo_template(std::string_view tmpl) {
  std::string out, literal;
  auto flush = [&] {
    if (!literal.empty()) out += pseudo_text(literal);
    literal.clear();
  };
  for (std::size_t i = 0; i < tmpl.size(); ++i) {
    char c = tmpl[i];
    if ((c == '{' || c == '}' || c == '*') && i + 1 < tmpl.size() && tmpl[i + 1] == c) {
      flush();
      out.append(2, c);
      ++i;
    } else if (c == '{') {
      std::size_t close = tmpl.find('}', i);
      if (close == std::string_view::npos) close = tmpl.size() - 1;
      flush();
      out.append(tmpl.substr(i, close - i + 1));
      i = close;
    } else {
      literal += c;
    }
  }
  flush();
  return out;
}

namespace {
// The text of every form of a message with plural or select forms.
void pseudo_parts(std::vector<Part>& parts) {
  for (Part& p : parts) {
    if (p.arg.empty()) p.text = pseudo_template(p.text);
    for (Form& f : p.forms) pseudo_parts(f.parts);
  }
}
}  // namespace

Catalog pseudo_catalog(const Catalog& source) {
  Catalog c = source;
  c.locale = kPseudoLocale;
  for (auto& [key, message] : c.messages) {
    message.text = pseudo_template(message.text);
    pseudo_parts(message.parts);
  }
  return c;
}

}  // namespace plaquette::layout
