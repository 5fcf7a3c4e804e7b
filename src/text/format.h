// Locale-aware number formatting with ICU (CLDR data): "361 350", "8 309 550 €", "83 %".
#pragma once

#include <string>
#include <string_view>

namespace plaquette::text {

/// The kinds of number a layout can ask for.
enum class NumberStyle {
  integer,           ///< 361 350
  decimal,           ///< 1,20
  percent,           ///< 0.8333 → 83 %
  currency,          ///< 8 309 550 €
  compact,           ///< 34,8 millions (long compact form)
  compact_currency,  ///< 34,8 millions € (long compact form placed in the currency pattern)
  short_currency,    ///< 9,2 M€ (CLDR short compact currency)
};

/// A number style with its options.
struct NumberFormat {
  NumberStyle style = NumberStyle::integer;
  /// Exact number of fraction digits; -1 is the style default: integer and percent 0,
  /// decimal up to 2, currency 0 for whole values and the currency's digits otherwise,
  /// compact styles up to 1 ("34,8", "13").
  int fraction_digits = -1;
  std::string currency = "EUR";  ///< ISO 4217 code
  /// short_currency: the symbol joined to the compact suffix, as French print often sets it
  /// ("9,2 M€"); otherwise CLDR's spacing ("9,2 M €"). Amounts without a suffix keep their
  /// space ("950 €").
  bool joined_currency = false;

  bool operator==(const NumberFormat&) const = default;
};

/// Formats `value` for a locale ("fr", "fr-FR", "en-GB", "nl-BE"). Every space in the
/// result is U+00A0 or U+202F so a number never breaks across lines. Returns false with a
/// message in `error` on an unknown locale or currency. Formatters are cached per thread,
/// keyed by locale and format, so repeated calls cost microseconds.
bool format_number(double value, const NumberFormat& f, const std::string& locale, std::string& out,
                   std::string& error);

/// Parses a format name as written in a layout: "integer", "decimal", "decimal:2",
/// "percent", "percent:1", "currency", "currency:2", "compact", "compact-currency",
/// "short-currency" (each also accepts ":N"). False on an unknown name or bad digits.
bool parse_number_format(std::string_view spec, NumberFormat& out);

/// Whether ICU has data for a BCP 47 tag ("fr-FR"); false with a message otherwise (a typo
/// such as "fe" would silently give English-like output).
bool check_locale(const std::string& tag, std::string& error);

/// The layout name of a style ("compact-currency"), the inverse of parse_number_format.
std::string_view number_style_name(NumberStyle style);

}  // namespace plaquette::text
