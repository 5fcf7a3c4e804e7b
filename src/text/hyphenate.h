// Hyphenation: where a word may be split at the end of a line, from libhyphen and the
// Debian dictionaries (hyphen-fr, hyphen-en-us, hyphen-nl in /usr/share/hyphen).
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
/// "en-GB" → hyph_en.dic, "nl-BE"), each loaded once per process and shared by all
/// threads: loading is under a mutex, and libhyphen only reads a dictionary once loaded.
std::vector<std::size_t> hyphenate_word(std::string_view word, const Locale& locale,
                                        const HyphenRules& rules);

/// Hyphenation points of running text: byte offsets into `utf8` after which a line may end
/// with an added hyphen. Words are maximal runs of letters; a word is left whole when it
/// holds a digit (numbers, "3e"), an upper-case letter (proper names, acronyms, and so the
/// first word of a sentence), a hyphen already ("Hauts-de-France"), or when it is glued to
/// one of those by an apostrophe. A name is thus marked by its capital; a text with names
/// in lower case goes in a style with `hyphenate: false`. `utf8` must be valid UTF-8.
std::vector<std::size_t> hyphenation_points(std::string_view utf8, const Locale& locale,
                                            const HyphenRules& rules);

/// Whether a hyphenation dictionary exists for `locale`.
bool has_hyphenation_dictionary(const Locale& locale);

}  // namespace plaquette::text
