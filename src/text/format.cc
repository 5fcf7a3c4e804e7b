#include "text/format.h"

#include <unicode/dcfmtsym.h>
#include <unicode/locid.h>
#include <unicode/numberformatter.h>
#include <unicode/uchar.h>
#include <unicode/ures.h>

#include <charconv>
#include <cmath>
#include <map>
#include <memory>
#include <optional>

namespace plaquette::text {

namespace {

using icu::number::LocalizedNumberFormatter;
using icu::number::NumberFormatter;
using icu::number::Precision;

struct StyleName {
  std::string_view name;
  NumberStyle style;
};
constexpr StyleName kStyles[] = {
    {"integer", NumberStyle::integer},
    {"decimal", NumberStyle::decimal},
    {"percent", NumberStyle::percent},
    {"currency", NumberStyle::currency},
    {"compact", NumberStyle::compact},
    {"compact-currency", NumberStyle::compact_currency},
    {"short-currency", NumberStyle::short_currency},
};

/// The formatters for one (locale, format). compact_currency needs two: the long compact
/// number, and a currency formatter whose pattern says where the symbol goes.
struct Formatters {
  LocalizedNumberFormatter main;
  std::optional<LocalizedNumberFormatter> currency;
};

std::string to_utf8(const icu::UnicodeString& s) {
  std::string out;
  s.toUTF8String(out);
  return out;
}

/// A line must never break inside a number; ICU's long compact forms ("34,8 millions")
/// use a plain space, so every U+0020 becomes U+00A0.
std::string unbreakable(const std::string& s) {
  std::string out;
  out.reserve(s.size() + 4);
  for (char c : s) {
    if (c == ' ') {
      out += "\xC2\xA0";
    } else {
      out += c;
    }
  }
  return out;
}

/// Resolves a BCP 47 tag ("fr-FR"; "fr_FR" is accepted too) to an ICU locale with data.
bool resolve_locale(const std::string& tag, icu::Locale& out, std::string& error) {
  std::string bcp = tag;
  for (char& c : bcp) {
    if (c == '_') c = '-';
  }
  UErrorCode status = U_ZERO_ERROR;
  out = icu::Locale::forLanguageTag(bcp, status);
  if (U_FAILURE(status) || out.isBogus() || *out.getLanguage() == '\0') {
    error = "invalid locale '" + tag + "'";
    return false;
  }
  // ICU silently falls back to the root locale (English-like output) for a language it has
  // no data for; a typo such as "fe" must be an error, not an English brochure.
  status = U_ZERO_ERROR;
  UResourceBundle* bundle = ures_open(nullptr, out.getName(), &status);
  ures_close(bundle);
  if (U_FAILURE(status) || status == U_USING_DEFAULT_WARNING) {
    error = "no locale data for '" + tag + "'";
    return false;
  }
  return true;
}

/// The precision a style uses for `digits` (-1: the style default, see NumberFormat).
Precision precision_for(NumberStyle style, int digits) {
  if (digits >= 0) return Precision::fixedFraction(digits);
  switch (style) {
    case NumberStyle::integer:
    case NumberStyle::percent:
      return Precision::integer();
    case NumberStyle::decimal:
      return Precision::maxFraction(2);
    case NumberStyle::currency:
      // "193 €" for whole amounts, "1,20 €" (the currency's own digits) otherwise.
      return Precision::currency(UCURR_USAGE_STANDARD)
          .trailingZeroDisplay(UNUM_TRAILING_ZERO_HIDE_IF_WHOLE);
    case NumberStyle::compact:
    case NumberStyle::compact_currency:
    case NumberStyle::short_currency:
      return Precision::maxFraction(1);
  }
  return Precision::integer();
}

/// Builds the formatters for one locale and format; false + message when ICU refuses.
/// `symbols` are the locale's, built once and copied into each formatter (ICU would build
/// them again for each). Each formatter is compiled at its first use (ICU's `threshold`, an
/// internal setter: by default a formatter is rebuilt from its settings for each of its
/// first two uses, then compiled at the third, ~0.5 ms of a build).
std::unique_ptr<Formatters> build(const icu::Locale& loc, const icu::DecimalFormatSymbols& symbols,
                                  const NumberFormat& f, std::string& error) {
  UErrorCode status = U_ZERO_ERROR;
  icu::UnicodeString code = icu::UnicodeString::fromUTF8(f.currency);
  icu::CurrencyUnit currency(code.getTerminatedBuffer(), status);
  const bool needs_currency = f.style == NumberStyle::currency ||
                              f.style == NumberStyle::compact_currency ||
                              f.style == NumberStyle::short_currency;
  if (needs_currency && (U_FAILURE(status) || f.currency.size() != 3)) {
    error = "invalid currency code '" + f.currency + "' (expected ISO 4217, e.g. EUR)";
    return nullptr;
  }
  const Precision precision = precision_for(f.style, f.fraction_digits);
  const auto start = NumberFormatter::withLocale(loc).symbols(symbols).threshold(1);
  auto base = start.precision(precision);
  auto out = std::make_unique<Formatters>();
  switch (f.style) {
    case NumberStyle::integer:
    case NumberStyle::decimal:
      out->main = base;
      break;
    case NumberStyle::percent:
      out->main = base.unit(icu::NoUnit::percent()).scale(icu::number::Scale::powerOfTen(2));
      break;
    case NumberStyle::currency:
      out->main = base.unit(currency);
      break;
    case NumberStyle::compact:
    case NumberStyle::compact_currency:
      // ICU's compact currency only has the short forms ("34,8 M €"); the long form with
      // a symbol is built in format_number from the two CLDR patterns.
      out->main = base.notation(icu::number::Notation::compactLong());
      if (f.style == NumberStyle::compact_currency) {
        out->currency = start.unit(currency).precision(Precision::integer());
      }
      break;
    case NumberStyle::short_currency:
      out->main = base.notation(icu::number::Notation::compactShort()).unit(currency);
      break;
  }
  return out;
}

/// Formats with one formatter, returning the ICU result (fields included) or an error.
std::optional<icu::number::FormattedNumber> run(const LocalizedNumberFormatter& fmt, double value,
                                                std::string& error) {
  UErrorCode status = U_ZERO_ERROR;
  icu::number::FormattedNumber r = fmt.formatDouble(value, status);
  if (U_FAILURE(status)) {
    error = std::string("ICU number formatting failed: ") + u_errorName(status);
    return std::nullopt;
  }
  return r;
}

/// "34,8 millions" placed where the currency pattern puts its number: the CLDR currency
/// pattern of the locale decides "34,8 millions €" (fr), "€34.8 million" (en), "€ 34,8
/// miljoen" (nl). Only the number is replaced (an integer, in this formatter: from its first
/// digit to its last, whatever the locale's digits), so a sign stays in place. ICU's fields
/// tell the same span, but the first field query of a process builds ICU's number-parsing
/// sets: ~0.6 ms, a fortieth of a whole build.
bool compact_currency(const Formatters& fs, double value, std::string& out, std::string& error) {
  auto compact = run(fs.main, std::fabs(value), error);
  auto money = run(*fs.currency, value, error);
  if (!compact || !money) return false;
  UErrorCode status = U_ZERO_ERROR;
  const icu::UnicodeString number = compact->toString(status);
  icu::UnicodeString pattern = money->toString(status);
  int32_t begin = -1, end = -1;
  for (int32_t i = 0; i < pattern.length(); i = pattern.moveIndex32(i, 1)) {
    if (u_isdigit(pattern.char32At(i))) {
      if (begin < 0) begin = i;
      end = pattern.moveIndex32(i, 1);
    }
  }
  if (U_FAILURE(status) || begin < 0) {
    error = "ICU currency pattern has no digits";
    return false;
  }
  pattern.replace(begin, end - begin, number);
  out = unbreakable(to_utf8(pattern));
  return true;
}

/// "9,2 M €" → "9,2 M€": drops a space between a letter (the compact suffix) and a
/// currency symbol.
void join_currency(icu::UnicodeString& s) {
  for (int32_t i = 1; i + 1 < s.length(); ++i) {
    const UChar c = s.charAt(i);
    if (c != 0x20 && c != 0xA0 && c != 0x202F) continue;
    if (u_isalpha(s.char32At(i - 1)) && u_charType(s.char32At(i + 1)) == U_CURRENCY_SYMBOL) {
      s.remove(i, 1);
      return;
    }
  }
}

}  // namespace

bool format_number(double value, const NumberFormat& f, const std::string& locale, std::string& out,
                   std::string& error) {
  out.clear();
  if (!std::isfinite(value)) {
    error = "cannot format a value that is not a finite number";
    return false;
  }
  // Building a formatter costs far more than using one (locale data lookup, pattern
  // parsing). ICU formatters are immutable and thread-safe, but a per-thread cache needs
  // no lock and editions built in parallel threads each warm their own.
  // One entry per ICU formatter: the currency matters to the currency styles only, and the
  // joined short currency is the spaced one with a space removed.
  thread_local std::map<std::string, std::unique_ptr<Formatters>> cache;
  thread_local std::map<std::string, std::unique_ptr<icu::DecimalFormatSymbols>> symbols;
  const bool currency_style = f.style == NumberStyle::currency ||
                              f.style == NumberStyle::compact_currency ||
                              f.style == NumberStyle::short_currency;
  const std::string key = locale + '\x1f' + std::string(number_style_name(f.style)) + '\x1f' +
                          std::to_string(f.fraction_digits) + '\x1f' +
                          (currency_style ? f.currency : std::string());
  auto it = cache.find(key);
  if (it == cache.end()) {
    icu::Locale loc;
    if (!resolve_locale(locale, loc, error)) return false;
    auto& syms = symbols[locale];
    if (!syms) {
      UErrorCode status = U_ZERO_ERROR;
      auto made = std::make_unique<icu::DecimalFormatSymbols>(loc, status);
      if (U_FAILURE(status)) {
        error =
            std::string("ICU has no number symbols for '") + locale + "': " + u_errorName(status);
        return false;
      }
      syms = std::move(made);
    }
    std::unique_ptr<Formatters> built = build(loc, *syms, f, error);
    if (!built) return false;
    it = cache.emplace(key, std::move(built)).first;
  }
  const Formatters& fs = *it->second;
  if (fs.currency) return compact_currency(fs, value, out, error);
  auto r = run(fs.main, value, error);
  if (!r) return false;
  UErrorCode status = U_ZERO_ERROR;
  icu::UnicodeString s = r->toString(status);
  if (f.style == NumberStyle::short_currency && f.joined_currency) join_currency(s);
  out = unbreakable(to_utf8(s));
  if (U_FAILURE(status)) {
    error = std::string("ICU number formatting failed: ") + u_errorName(status);
    return false;
  }
  return true;
}

bool parse_number_format(std::string_view spec, NumberFormat& out) {
  std::string_view name = spec;
  int digits = -1;
  const std::size_t colon = spec.find(':');
  if (colon != std::string_view::npos) {
    name = spec.substr(0, colon);
    const std::string_view d = spec.substr(colon + 1);
    const auto [ptr, ec] = std::from_chars(d.data(), d.data() + d.size(), digits);
    // More than 9 fraction digits is never a brochure figure; it is a typo.
    if (d.empty() || ec != std::errc() || ptr != d.data() + d.size() || digits < 0 || digits > 9) {
      return false;
    }
  }
  for (const StyleName& s : kStyles) {
    if (s.name == name) {
      out.style = s.style;
      out.fraction_digits = digits;
      return true;
    }
  }
  return false;
}

std::string_view number_style_name(NumberStyle style) {
  for (const StyleName& s : kStyles) {
    if (s.style == style) return s.name;
  }
  return "integer";
}

bool check_locale(const std::string& tag, std::string& error) {
  icu::Locale loc;
  return resolve_locale(tag, loc, error);
}

}  // namespace plaquette::text
