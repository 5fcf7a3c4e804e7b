#include "text/locale.h"

#include <array>
#include <cctype>

namespace plaquette::text {
namespace {

// One entry per language.
constexpr std::array<LanguageRules, 4> kLanguages = {{
    // French: a narrow no-break space (the style's `french_space`) before the high
    // punctuation : ; ! ? and inside « », so none of them may be separated from its word
    // by a line break; the same holds for % ‰ € and the single guillemets.
    {"fr",
     /*space_before=*/U":;!?\u00BB",
     /*insert_space_before=*/U";!?\u00BB",
     /*space_after=*/U"\u00AB",
     /*tight_before=*/U"",
     /*no_line_start=*/U";:!?%\u00BB\u203A\u2030\u20AC",
     /*no_line_end=*/U"\u00AB\u2039",
     /*hyphenation=*/{5, 2, 3},
     /*hyphenate_capitalised=*/false,
     /*hyphen_package=*/"hyphen-fr"},
    // English, Dutch and German set punctuation tight against the word. The English
    // editions are British: hyphen-en-gb (hyph_en_GB.dic; en-US finds hyph_en_US.dic).
    // Fragment minimums are TeX's (babel's hyphenmins: British 2 3, Dutch 2 2), and a word
    // needs no more letters than both fragments take, as in TeX.
    {"en", U"", U"", U"", U",.:;!?", U"", U"", {5, 2, 3}, false, "hyphen-en-gb"},
    {"nl", U"", U"", U"", U",.:;!?", U"", U"", {4, 2, 2}, false, "hyphen-nl"},
    // German: every noun is capitalised and compounds are long, so capitalised words are
    // hyphenated; two letters may go to the next line (Duden).
    {"de", U"", U"", U"", U",.:;!?", U"", U"", {4, 2, 2}, true, "hyphen-de"},
}};

constexpr LanguageRules kNeutral = {"", U"", U"", U"", U"", U"", U"", {6, 2, 3}, false, ""};

bool is_alpha(char c) { return std::isalpha(static_cast<unsigned char>(c)) != 0; }
bool is_digit(char c) { return std::isdigit(static_cast<unsigned char>(c)) != 0; }

}  // namespace

Locale::Locale(std::string_view tag) : tag_(tag), rules_(&kNeutral) {
  // language[-script][-region][-…], "-" or "_" between subtags; only the language and the
  // region matter to the rules and the dictionaries, the rest is kept in tag().
  std::size_t i = 0, subtag = 0;
  while (i <= tag.size()) {
    std::size_t end = tag.find_first_of("-_", i);
    if (end == std::string_view::npos) end = tag.size();
    std::string_view part = tag.substr(i, end - i);
    bool alpha = !part.empty(), digits = !part.empty();
    for (char c : part) {
      alpha = alpha && is_alpha(c);
      digits = digits && is_digit(c);
    }
    if (subtag == 0) {
      if (!alpha || part.size() < 2 || part.size() > 8) break;
      for (char c : part)
        language_ += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    } else if (part.size() == 4 && alpha && subtag == 1) {
      // a script ("Latn"): skipped
    } else if ((part.size() == 2 && alpha) || (part.size() == 3 && digits)) {
      for (char c : part) region_ += static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
      break;
    } else {
      break;
    }
    ++subtag;
    i = end + 1;
  }
  for (const LanguageRules& r : kLanguages)
    if (r.language == language_) rules_ = &r;
}

}  // namespace plaquette::text
