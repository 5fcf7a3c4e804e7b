#include "text/case.h"

#include <unicode/locid.h>
#include <unicode/unistr.h>

#include <climits>

#include "text/utf8.h"

namespace plaquette::text {

namespace {

/// "nl-BE" → ICU locale; an invalid tag gives the root locale, whose case rules are the
/// default Unicode ones (only Turkish, Lithuanian, Greek… differ).
icu::Locale case_locale(const std::string& tag) {
  UErrorCode status = U_ZERO_ERROR;
  icu::Locale loc = icu::Locale::forLanguageTag(tag, status);
  if (U_FAILURE(status) || loc.isBogus()) return icu::Locale::getRoot();
  return loc;
}

/// ICU converts invalid UTF-8 to U+FFFD itself, but sanitizing first keeps the rule in one
/// place (utf8.h) for the whole module.
icu::UnicodeString from_utf8(std::string_view utf8) {
  if (utf8.size() > static_cast<std::size_t>(INT32_MAX)) return {};
  const std::string clean = utf8_sanitize(utf8);
  return icu::UnicodeString::fromUTF8(
      icu::StringPiece(clean.data(), static_cast<int32_t>(clean.size())));
}

}  // namespace

std::string to_upper(std::string_view utf8, const std::string& locale) {
  icu::UnicodeString s = from_utf8(utf8);
  s.toUpper(case_locale(locale));
  std::string out;
  s.toUTF8String(out);
  return out;
}

std::string to_lower(std::string_view utf8, const std::string& locale) {
  icu::UnicodeString s = from_utf8(utf8);
  s.toLower(case_locale(locale));
  std::string out;
  s.toUTF8String(out);
  return out;
}

}  // namespace plaquette::text
