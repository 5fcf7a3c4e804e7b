#include "text/hyphenate.h"

#include <unicode/uchar.h>

#include <filesystem>
#include <map>
#include <memory>
#include <mutex>

#include "text/patterns.h"
#include "text/utf8.h"

namespace plaquette::text {

namespace {

/// Where Debian's hyphen-* packages install their dictionaries.
constexpr const char* kDictionaryDir = "/usr/share/hyphen";

/// libhyphen kept words in buffers of MAX_WORD (100) bytes; a longer run is no word.
constexpr std::size_t kMaxWordBytes = 100;

/// The dictionary file of a locale, or "" when none is installed: the regional one
/// (hyph_en_GB.dic), else the language's (hyph_fr.dic).
std::string dictionary_path(const Locale& locale) {
  const std::string& lang = locale.language();
  const std::string& region = locale.region();
  if (lang.empty()) return {};
  std::vector<std::string> names;
  if (region.size() == 2) names.push_back("hyph_" + lang + "_" + region + ".dic");
  names.push_back("hyph_" + lang + ".dic");
  for (const std::string& n : names) {
    std::filesystem::path p = std::filesystem::path(kDictionaryDir) / n;
    std::error_code ec;
    if (std::filesystem::is_regular_file(p, ec)) return p.string();
  }
  return {};
}

/// The dictionary of `locale`, loaded on first use; nullptr when there is none. One cache
/// for the process, keyed by file (en-GB and en-AU share one): a batch's threads share it,
/// and a loaded dictionary is never written.
const HyphenPatterns* dictionary(const Locale& locale) {
  static std::mutex mutex;
  static std::map<std::pair<std::string, std::string>, const HyphenPatterns*> by_locale;
  static std::map<std::string, std::unique_ptr<HyphenPatterns>> by_file;
  std::lock_guard<std::mutex> lock(mutex);
  const std::pair<std::string, std::string> key{locale.language(), locale.region()};
  auto it = by_locale.find(key);
  if (it != by_locale.end()) return it->second;
  const HyphenPatterns* dict = nullptr;
  std::error_code ec;
  const std::string path = dictionary_path(locale);
  if (!path.empty()) {
    const std::string file = std::filesystem::canonical(path, ec).string();
    auto f = by_file.find(file);
    if (f == by_file.end()) f = by_file.emplace(file, HyphenPatterns::load(path)).first;
    dict = f->second.get();
  }
  // A missing dictionary is cached too (as nullptr): the file system is asked once.
  return by_locale.emplace(key, dict).first->second;
}

bool is_hyphen(char32_t c) { return c == '-' || c == 0x2010 || c == 0x2011 || c == 0x00AD; }
bool is_apostrophe(char32_t c) { return c == '\'' || c == 0x2019; }

/// The points of an exception entry ("Ge=mein=de") and its word without the marks.
std::pair<std::string, std::vector<std::size_t>> parse_exception(const std::string& entry) {
  std::pair<std::string, std::vector<std::size_t>> out;
  for (char c : entry) {
    if (c == '=') {
      if (!out.first.empty()) out.second.push_back(out.first.size());
    } else {
      out.first += c;
    }
  }
  return out;
}

}  // namespace

bool has_hyphenation_dictionary(const Locale& locale) { return dictionary(locale) != nullptr; }

std::string hyphenation_dictionary_path(const Locale& locale) { return dictionary_path(locale); }

std::string hyphenation_package(const Locale& locale) {
  return std::string(locale.rules().hyphen_package);
}

std::vector<std::size_t> hyphenate_word(std::string_view word, const Locale& locale,
                                        const HyphenRules& rules) {
  std::vector<std::size_t> out;
  const HyphenPatterns* dict = dictionary(locale);
  if (!dict || word.empty()) return out;

  // Code point starts, and the word in the dictionary's encoding: UTF-8, or ISO 8859-1
  // for hyph_nl and hyph_de (one byte per character there; words outside Latin-1 are left
  // whole).
  std::vector<std::size_t> starts;
  std::string encoded;
  for (std::size_t i = 0; i < word.size();) {
    std::size_t len = 0;
    const char32_t c = utf8_decode(word, i, len);
    starts.push_back(i);
    if (!dict->utf8()) {
      if (c > 0xFF) return out;
      encoded += static_cast<char>(c);
    }
    i += len;
  }
  if (dict->utf8()) encoded = std::string(word);
  const int chars = static_cast<int>(starts.size());
  if (chars < rules.min_word || chars < rules.left + rules.right) return out;
  if (encoded.size() >= kMaxWordBytes) return out;

  // hyphens[c] odd: a hyphen may follow character c.
  const std::vector<char> hyphens = dict->hyphenate(encoded);
  if (static_cast<int>(hyphens.size()) != chars) return out;
  for (int c = 0; c + 1 < chars; ++c) {
    if (!(hyphens[static_cast<std::size_t>(c)] & 1)) continue;
    const int before = c + 1;  // characters kept on this line
    if (before < rules.left || chars - before < rules.right) continue;
    out.push_back(starts[static_cast<std::size_t>(before)]);
  }
  return out;
}

std::vector<std::size_t> hyphenation_points(std::string_view utf8, const Locale& locale,
                                            const HyphenRules& rules,
                                            const std::vector<std::string>& exceptions) {
  std::vector<std::size_t> out;
  if (!dictionary(locale)) return out;
  const bool capitalised = locale.rules().hyphenate_capitalised;
  std::vector<std::pair<std::string, std::vector<std::size_t>>> listed;
  for (const std::string& e : exceptions) listed.push_back(parse_exception(e));
  // Tokens are runs of letters, digits, hyphens and apostrophes; a token is split at its
  // apostrophes into words ("l’association"), and left whole if anything in it forbids.
  std::size_t i = 0;
  auto in_token = [](char32_t ch) {
    return u_isalpha(ch) || u_isdigit(ch) || u_getCombiningClass(ch) != 0 || is_hyphen(ch) ||
           is_apostrophe(ch);
  };
  while (i < utf8.size()) {
    std::size_t len = 0;
    char32_t c = utf8_decode(utf8, i, len);
    if (!in_token(c)) {
      i += len;
      continue;
    }
    bool whole = false;
    std::vector<std::pair<std::size_t, std::size_t>> words;  // [begin, end) byte ranges
    std::vector<bool> title;                                 // word starts with a capital
    std::size_t word_begin = i, token_begin = i;
    bool first = true, upper_first = false;
    while (i < utf8.size()) {
      c = utf8_decode(utf8, i, len);
      if (!in_token(c)) break;
      const bool upper = u_isupper(c) || u_istitle(c);
      if (u_isdigit(c) || is_hyphen(c)) whole = true;
      // A capital: a name or an acronym, left whole; in German a noun when it is only
      // the word's first letter.
      if (upper && !(capitalised && first)) whole = true;
      if (first) upper_first = upper;
      first = false;
      if (is_apostrophe(c)) {
        words.emplace_back(word_begin, i);
        title.push_back(upper_first);
        word_begin = i + len;
        first = true;
      }
      i += len;
    }
    words.emplace_back(word_begin, i);
    title.push_back(upper_first);
    // A listed word: its own points only.
    const std::string_view token = utf8.substr(token_begin, i - token_begin);
    bool is_listed = false;
    for (const auto& [w, points] : listed) {
      if (token != w) continue;
      is_listed = true;
      for (std::size_t p : points) out.push_back(token_begin + p);
      break;
    }
    if (whole || is_listed) continue;
    for (std::size_t k = 0; k < words.size(); ++k) {
      const auto [wb, we] = words[k];
      if (we <= wb) continue;
      std::string_view w = utf8.substr(wb, we - wb);
      std::string lowered;
      if (title[k]) {
        // The patterns are in lower case: look the noun up with its first letter lowered
        // (same byte length, so the points map back unchanged).
        std::size_t l = 0;
        const char32_t first_char = utf8_decode(w, 0, l);
        utf8_append(lowered, static_cast<char32_t>(u_tolower(static_cast<UChar32>(first_char))));
        if (lowered.size() != l) continue;
        lowered += w.substr(l);
        w = lowered;
      }
      for (std::size_t p : hyphenate_word(w, locale, rules)) out.push_back(wb + p);
    }
  }
  return out;
}

}  // namespace plaquette::text
