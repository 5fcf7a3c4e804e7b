// Hyphenation: where a word may be split at the end of a line, from the Debian dictionaries
// (hyphen-fr, hyphen-en-gb, hyphen-nl, hyphen-de in /usr/share/hyphen). The patterns are
// read into a trie of our own (libhyphen's loader takes seconds for German) and applied
// the way libhyphen applies them, two levels included, so the points are libhyphen's.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

#include "text/locale.h"

namespace plaquette::text {

/// Byte offsets inside `word` (lower-case letters only) after which a hyphen may be put,
/// in increasing order. Empty when the locale has no dictionary or the word is too short.
/// Dictionaries are looked up as hyph_<ll>_<CC>.dic, then hyph_<ll>.dic (e.g. "fr-FR",
/// "en-GB" → hyph_en_GB.dic, "nl-BE"), each loaded once per process and shared by all
/// threads: loading is under a mutex, and a loaded dictionary is only read.
std::vector<std::size_t> hyphenate_word(std::string_view word, const Locale& locale,
                                        const HyphenRules& rules);

/// Hyphenation points of running text: byte offsets into `utf8` after which a line may end
/// with an added hyphen. Words are maximal runs of letters; a word is left whole when it
/// holds a digit (numbers, "3e"), a hyphen already ("Hauts-de-France") or a typed U+00AD
/// (then the only break point of the word, see paragraph.h), or when it is glued to one of
/// those by an apostrophe; and when it holds an upper-case letter (proper names, acronyms,
/// and so the first word of a sentence), except in a language whose rules hyphenate
/// capitalised words (German nouns): there a word with only its first letter in upper case
/// is hyphenated. `exceptions`: words as written in the text, each with "=" at the only
/// points where it may be split ("Ge=mein=de"; "Hauts-de-France" never is, but a line may
/// still end after its own hyphens). `utf8` must be valid UTF-8.
std::vector<std::size_t> hyphenation_points(std::string_view utf8, const Locale& locale,
                                            const HyphenRules& rules,
                                            const std::vector<std::string>& exceptions = {});

/// Whether a hyphenation dictionary exists for `locale`.
bool has_hyphenation_dictionary(const Locale& locale);

/// The Debian package that installs the dictionary of `locale` ("hyphen-de"), empty for a
/// language without one.
std::string hyphenation_package(const Locale& locale);

/// The dictionary file that would be used for `locale`, or "" when none is installed.
std::string hyphenation_dictionary_path(const Locale& locale);

}  // namespace plaquette::text
