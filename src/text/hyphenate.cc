#include "text/hyphenate.h"

#include <hyphen.h>
#include <unicode/uchar.h>

#include <cstdlib>
#include <filesystem>
#include <map>
#include <memory>
#include <mutex>

#include "text/utf8.h"

namespace plaquette::text {

namespace {

/// Where Debian's hyphen-* packages install their dictionaries.
constexpr const char* kDictionaryDir = "/usr/share/hyphen";

struct DictCloser {
  void operator()(HyphenDict* d) const { hnj_hyphen_free(d); }
};

/// The dictionary file of a locale, or "" when none is installed: the regional one
/// (hyph_fr_BE.dic), else the language's (hyph_fr.dic).
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
/// for the process: a dictionary is ~100 kB of states, not worth a copy per thread, and
/// hnj_hyphen_hyphenate2 never writes to it.
const HyphenDict* dictionary(const Locale& locale) {
  static std::mutex mutex;
  static std::map<std::pair<std::string, std::string>, std::unique_ptr<HyphenDict, DictCloser>>
      cache;
  std::lock_guard<std::mutex> lock(mutex);
  const std::pair<std::string, std::string> key{locale.language(), locale.region()};
  auto it = cache.find(key);
  if (it != cache.end()) return it->second.get();
  std::unique_ptr<HyphenDict, DictCloser> dict;
  const std::string path = dictionary_path(locale);
  if (!path.empty()) dict.reset(hnj_hyphen_load(path.c_str()));
  // A missing dictionary is cached too (as nullptr): the file system is asked once.
  return cache.emplace(key, std::move(dict)).first->second.get();
}

bool is_hyphen(char32_t c) { return c == '-' || c == 0x2010 || c == 0x2011 || c == 0x00AD; }
bool is_apostrophe(char32_t c) { return c == '\'' || c == 0x2019; }

}  // namespace

bool has_hyphenation_dictionary(const Locale& locale) { return dictionary(locale) != nullptr; }

std::vector<std::size_t> hyphenate_word(std::string_view word, const Locale& locale,
                                        const HyphenRules& rules) {
  std::vector<std::size_t> out;
  const HyphenDict* dict = dictionary(locale);
  if (!dict || word.empty()) return out;

  // Code point starts, and the word in the dictionary's encoding: UTF-8, or ISO 8859-1
  // for hyph_nl (one byte per character there; words outside Latin-1 are left whole).
  std::vector<std::size_t> starts;
  std::string encoded;
  for (std::size_t i = 0; i < word.size();) {
    std::size_t len = 0;
    const char32_t c = utf8_decode(word, i, len);
    starts.push_back(i);
    if (!dict->utf8) {
      if (c > 0xFF) return out;
      encoded += static_cast<char>(c);
    }
    i += len;
  }
  if (dict->utf8) encoded = std::string(word);
  const int chars = static_cast<int>(starts.size());
  if (chars < rules.min_word || chars < rules.left + rules.right) return out;
  // libhyphen keeps words in fixed buffers of MAX_WORD (100) bytes; longer is no word.
  if (encoded.size() >= 100) return out;

  // hyphens[i] odd: a hyphen may follow character i. libhyphen matches its patterns byte
  // by byte, but for a UTF-8 dictionary it compacts the result to one entry per character
  // before returning (hyphen.c drops the entries of continuation bytes); for an 8-bit
  // dictionary a byte is a character. Either way the index counts characters, not the
  // bytes of our UTF-8 word. The +5 is the padding libhyphen's own examples allocate.
  std::vector<char> hyphens(encoded.size() + 5, '0');
  char** rep = nullptr;
  int* pos = nullptr;
  int* cut = nullptr;
  const int rc = hnj_hyphen_hyphenate2(const_cast<HyphenDict*>(dict), encoded.data(),
                                       static_cast<int>(encoded.size()), hyphens.data(), nullptr,
                                       &rep, &pos, &cut);
  if (rc == 0) {
    for (int c = 0; c + 1 < chars; ++c) {
      if (!(hyphens[static_cast<std::size_t>(c)] & 1)) continue;
      // Non-standard hyphenation (Dutch "omaatje" → "oma-tje") changes letters: skipped.
      if (rep && rep[c]) continue;
      const int before = c + 1;  // characters kept on this line
      if (before < rules.left || chars - before < rules.right) continue;
      out.push_back(starts[static_cast<std::size_t>(before)]);
    }
  }
  if (rep) {
    for (std::size_t b = 0; b < encoded.size(); ++b) std::free(rep[b]);  // word_size entries
    std::free(rep);
  }
  std::free(pos);
  std::free(cut);
  return out;
}

std::vector<std::size_t> hyphenation_points(std::string_view utf8, const Locale& locale,
                                            const HyphenRules& rules) {
  std::vector<std::size_t> out;
  if (!dictionary(locale)) return out;
  // Tokens are runs of letters, digits, hyphens and apostrophes; a token is split at its
  // apostrophes into words ("l’association"), and left whole if anything in it forbids.
  std::size_t i = 0;
  while (i < utf8.size()) {
    std::size_t len = 0;
    char32_t c = utf8_decode(utf8, i, len);
    auto in_token = [](char32_t ch) {
      return u_isalpha(ch) || u_isdigit(ch) || u_getCombiningClass(ch) != 0 || is_hyphen(ch) ||
             is_apostrophe(ch);
    };
    if (!in_token(c)) {
      i += len;
      continue;
    }
    bool whole = false;
    std::vector<std::pair<std::size_t, std::size_t>> words;  // [begin, end) byte ranges
    std::size_t word_begin = i;
    while (i < utf8.size()) {
      c = utf8_decode(utf8, i, len);
      if (!in_token(c)) break;
      if (u_isdigit(c) || is_hyphen(c) || u_isupper(c) || u_istitle(c)) whole = true;
      if (is_apostrophe(c)) {
        words.emplace_back(word_begin, i);
        word_begin = i + len;
      }
      i += len;
    }
    words.emplace_back(word_begin, i);
    if (whole) continue;
    for (const auto& [wb, we] : words) {
      if (we <= wb) continue;
      for (std::size_t p : hyphenate_word(utf8.substr(wb, we - wb), locale, rules))
        out.push_back(wb + p);
    }
  }
  return out;
}

}  // namespace plaquette::text
