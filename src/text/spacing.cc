#include "text/spacing.h"

#include <unicode/uchar.h>

#include <array>
#include <string_view>

#include "text/utf8.h"

namespace plaquette::text {

namespace {

constexpr char32_t kNbsp = 0x00A0;

/// One character of the paragraph and the piece it belongs to.
struct Char {
  char32_t cp;
  std::size_t piece;
};

/// Units written after a number. Symbols stand alone; words must end there ("3 m" but not
/// "3 millions").
std::size_t unit_length(const std::vector<Char>& s, std::size_t k) {
  if (k >= s.size()) return 0;
  switch (s[k].cp) {
    case '%':
    case 0x2030:
    case 0x20AC:
    case '$':
    case 0x00A3:
    case 0x00B0:
      return 1;
    default:
      break;
  }
  static const std::array<std::u32string_view, 18> kWords = {
      U"km²", U"km", U"m²",  U"m³", U"m",   U"cm",  U"mm", U"kg", U"g",
      U"t",   U"h",  U"min", U"ha", U"kWh", U"MWh", U"k€", U"M€", U"Md€"};
  std::size_t best = 0;
  for (std::u32string_view w : kWords) {
    if (k + w.size() > s.size() || w.size() <= best) continue;
    bool match = true;
    for (std::size_t j = 0; j < w.size() && match; ++j) match = s[k + j].cp == w[j];
    if (!match) continue;
    const std::size_t after = k + w.size();
    if (after < s.size() && (u_isalnum(s[after].cp))) continue;
    best = w.size();
  }
  return best;
}

}  // namespace

void apply_spacing(std::vector<std::string>& pieces, const Locale& locale, char32_t french_space) {
  const LanguageRules& rules = locale.rules();
  const bool spaced = !rules.space_before.empty() || !rules.space_after.empty() ||
                      !rules.insert_space_before.empty();
  std::vector<Char> in;
  for (std::size_t p = 0; p < pieces.size(); ++p) {
    for (std::size_t i = 0; i < pieces[p].size();) {
      std::size_t len = 0;
      in.push_back({utf8_decode(pieces[p], i, len), p});
      i += len;
    }
  }
  std::vector<Char> out;
  out.reserve(in.size() + 8);
  auto prev_cp = [&]() -> char32_t { return out.empty() ? 0 : out.back().cp; };
  for (std::size_t k = 0; k < in.size();) {
    const Char c = in[k];
    if (c.cp == ' ') {
      std::size_t m = k;
      while (m < in.size() && in[m].cp == ' ') ++m;
      const char32_t prev = prev_cp();
      const char32_t next = m < in.size() ? in[m].cp : 0;
      if (prev != 0 && next != 0 &&
          (rule_has(rules.space_before, next) || rule_has(rules.space_after, prev))) {
        out.push_back({french_space, c.piece});
      } else if (prev != 0 && u_isdigit(prev) && unit_length(in, m) > 0) {
        out.push_back({kNbsp, c.piece});
      } else if (prev != 0 && u_isalnum(prev) && rule_has(rules.tight_before, next)) {
        // dropped: English and Dutch set punctuation tight against the word
      } else {
        out.insert(out.end(), in.begin() + static_cast<std::ptrdiff_t>(k),
                   in.begin() + static_cast<std::ptrdiff_t>(m));
      }
      k = m;
      continue;
    }
    if ((c.cp == '\'') && u_isalpha(prev_cp()) && k + 1 < in.size() && u_isalpha(in[k + 1].cp)) {
      out.push_back({0x2019, c.piece});
      ++k;
      continue;
    }
    if (spaced) {
      const char32_t prev = prev_cp();
      // A missing space before ; ! ? », typed the English way. Not after another mark
      // ("?!") nor at the start, where there is no word to hold it.
      const bool needs_before = rule_has(rules.insert_space_before, c.cp) && prev != 0 &&
                                (u_isalnum(prev) || prev == ')' || prev == 0x2019);
      if (needs_before) out.push_back({french_space, c.piece});
      out.push_back(c);
      if (rule_has(rules.space_after, c.cp) && k + 1 < in.size() && in[k + 1].cp != ' ' &&
          in[k + 1].cp != kNbsp && in[k + 1].cp != 0x202F)
        out.push_back({french_space, c.piece});
      ++k;
      continue;
    }
    out.push_back(c);
    ++k;
  }
  for (std::string& p : pieces) p.clear();
  for (const Char& c : out) utf8_append(pieces[c.piece], c.cp);
}

}  // namespace plaquette::text
