// Case mapping with ICU: locale rules, full mappings ("ß" → "SS"), accents kept ("é" → "É").
#pragma once

#include <string>
#include <string_view>

namespace plaquette::text {

/// Upper-cases UTF-8 text with the rules of `locale` (BCP 47, e.g. "fr", "nl-BE"; empty or
/// unknown means root rules). Invalid bytes become U+FFFD. Thread-safe.
std::string to_upper(std::string_view utf8, const std::string& locale);

/// Lower-cases UTF-8 text with the rules of `locale`, like to_upper.
std::string to_lower(std::string_view utf8, const std::string& locale);

}  // namespace plaquette::text
