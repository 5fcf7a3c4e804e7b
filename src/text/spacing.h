// Locale spacing rules: the spaces a typesetter fixes by hand, fixed in the text before it
// is shaped (internal header; paragraph.cc applies them to every paragraph).
#pragma once

#include <string>
#include <vector>

#include "text/locale.h"

namespace plaquette::text {

/// Applies the spacing rules of `locale` to a paragraph given as consecutive pieces (the
/// rules see across piece boundaries; each piece keeps its own text). All locales: an
/// apostrophe between letters becomes ’ (U+2019), and the spaces between a number and its
/// unit (% ‰ € $ £ °, km, m², kg, h, ha, kWh, k€, M€…) one U+00A0. Per language
/// (LanguageRules, locale.cc): French: the spaces before : ; ! ? » and after « become one
/// `french_space` (U+202F or U+00A0), inserted when missing before ; ! ? » and after «
/// (not before ":", which also writes times and addresses). English and Dutch: no space
/// before , . : ; ! ?.
void apply_spacing(std::vector<std::string>& pieces, const Locale& locale, char32_t french_space);

}  // namespace plaquette::text
