// The locale of a text: a BCP 47 tag parsed once, and the typographic rules of its
// language from one table (spaces before punctuation, quotes, characters that may not start
// or end a line, the hyphenation dictionary and its minimum fragment lengths). Spacing,
// line breaking and hyphenation read their rules here instead of testing language codes.
#pragma once

#include <string>
#include <string_view>

namespace plaquette::text {

/// How eagerly words are split; counts are in characters (code points), not bytes.
struct HyphenRules {
  int min_word = 6;  ///< shorter words are never split
  int left = 2;      ///< characters kept before a hyphen, at least
  int right = 3;     ///< characters carried to the next line, at least
};

/// The typographic rules of one language. A language not in the table gets the neutral
/// rules (no space added or removed around punctuation, no extra line-break rules).
struct LanguageRules {
  std::string_view language;  ///< ISO 639 code, lower case ("fr"); empty for the neutral rules
  /// Characters preceded by a (no-break) space: an ordinary space typed before them becomes
  /// the style's `french_space`.
  std::u32string_view space_before;
  /// Characters preceded by a space even when typed without one (a subset of space_before:
  /// ":" is left alone, since it also writes times and addresses).
  std::u32string_view insert_space_before;
  /// Opening quotes followed by a space (inserted when missing).
  std::u32string_view space_after;
  /// Punctuation set tight against the word: a space typed before it after a letter or
  /// digit is dropped.
  std::u32string_view tight_before;
  /// Characters that may not start a line when a plain space precedes them (their space is
  /// a no-break one in this language's typography, whoever typed the text).
  std::u32string_view no_line_start;
  /// Characters a line may not end with when a plain space follows them.
  std::u32string_view no_line_end;
  /// Default minimum fragment lengths of hyphenation (a style may override each).
  HyphenRules hyphenation;
  /// Words starting with a capital are hyphenated too (German nouns); elsewhere a capital
  /// marks a name, left whole.
  bool hyphenate_capitalised = false;
  /// The Debian package with the language's hyphenation dictionary, named in the warning
  /// when it is missing; empty when there is none.
  std::string_view hyphen_package;
};

/// A parsed BCP 47 tag ("fr", "fr-FR", "en-Latn-US", "nl_BE" with an underscore too) and
/// the rules of its language. Cheap to copy; construct once per document, not per word.
class Locale {
 public:
  Locale() : Locale(std::string_view("und")) {}
  Locale(std::string_view tag);                                      // NOLINT: a tag is a locale
  Locale(const std::string& tag) : Locale(std::string_view(tag)) {}  // NOLINT
  Locale(const char* tag) : Locale(std::string_view(tag)) {}         // NOLINT

  /// The tag as written, for ICU, HarfBuzz and messages.
  const std::string& tag() const { return tag_; }
  /// The language subtag in lower case ("fr"), empty when the tag has none.
  const std::string& language() const { return language_; }
  /// The region subtag in upper case ("FR", "419"), empty when the tag has none.
  const std::string& region() const { return region_; }
  /// The rules of the language (the neutral rules for a language not in the table).
  const LanguageRules& rules() const { return *rules_; }

 private:
  std::string tag_, language_, region_;
  const LanguageRules* rules_ = nullptr;
};

/// Whether `c` is in one of the rule sets above.
inline bool rule_has(std::u32string_view set, char32_t c) {
  return c != 0 && set.find(c) != std::u32string_view::npos;
}

}  // namespace plaquette::text
