#include "text/breaks.h"

#include <unicode/brkiter.h>
#include <unicode/locid.h>
#include <unicode/utext.h>

#include <climits>
#include <map>
#include <memory>

#include "text/utf8.h"

namespace plaquette::text {

namespace {

struct UTextCloser {
  void operator()(UText* t) const { utext_close(t); }
};

/// The line iterator for `locale` on this thread, or nullptr if ICU cannot build one.
icu::BreakIterator* line_iterator(const std::string& locale) {
  thread_local std::map<std::string, std::unique_ptr<icu::BreakIterator>> cache;
  auto it = cache.find(locale);
  if (it != cache.end()) return it->second.get();
  UErrorCode status = U_ZERO_ERROR;
  icu::Locale loc = icu::Locale::forLanguageTag(locale, status);
  if (U_FAILURE(status) || loc.isBogus()) loc = icu::Locale::getRoot();
  status = U_ZERO_ERROR;
  std::unique_ptr<icu::BreakIterator> bi(icu::BreakIterator::createLineInstance(loc, status));
  if (U_FAILURE(status)) bi.reset();
  // A failure is cached too (as nullptr): retrying would fail the same way every line.
  return cache.emplace(locale, std::move(bi)).first->second.get();
}

/// Without ICU data: break after each run of spaces and after hard breaks. Never used with
/// a working ICU, but a missing data file must degrade, not crash.
std::vector<BreakOpportunity> fallback_breaks(std::string_view s) {
  std::vector<BreakOpportunity> out;
  for (std::size_t i = 0; i < s.size();) {
    if (std::size_t n = hard_break_length(s, i)) {
      out.push_back({i + n, true});
      i += n;
      continue;
    }
    if (s[i] == ' ' && (i + 1 >= s.size() || s[i + 1] != ' ')) out.push_back({i + 1, false});
    ++i;
  }
  if (out.empty() || out.back().pos != s.size()) out.push_back({s.size(), false});
  return out;
}

}  // namespace

std::vector<BreakOpportunity> line_breaks(std::string_view utf8, const std::string& locale) {
  std::vector<BreakOpportunity> out;
  if (utf8.empty()) return out;
  icu::BreakIterator* bi = line_iterator(locale);
  if (!bi || utf8.size() > static_cast<std::size_t>(INT32_MAX)) return fallback_breaks(utf8);

  // A UTF-8 UText makes ICU report native (byte) offsets: no UTF-16 index mapping needed.
  UErrorCode status = U_ZERO_ERROR;
  std::unique_ptr<UText, UTextCloser> text(
      utext_openUTF8(nullptr, utf8.data(), static_cast<int64_t>(utf8.size()), &status));
  if (U_FAILURE(status)) return fallback_breaks(utf8);
  bi->setText(text.get(), status);
  if (U_FAILURE(status)) return fallback_breaks(utf8);

  for (int32_t pos = bi->next(); pos != icu::BreakIterator::DONE; pos = bi->next()) {
    const int32_t rule = bi->getRuleStatus();
    const bool hard = rule >= UBRK_LINE_HARD && rule < UBRK_LINE_HARD_LIMIT;
    out.push_back({static_cast<std::size_t>(pos), hard});
  }
  // Drop the iterator's reference to our buffer before it goes away. The iterator keeps a
  // reference to the string it is given, hence an immutable static one.
  static const icu::UnicodeString kEmpty;
  bi->setText(kEmpty);
  return out;
}

}  // namespace plaquette::text
