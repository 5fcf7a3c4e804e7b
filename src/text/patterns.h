// Liang hyphenation patterns in libhyphen's .dic format, read into a trie of our own and
// applied as libhyphen 2.8.8 (Debian 12) applies them (internal header; hyphenate.cc is its user).
// libhyphen builds its automaton with a hash of every pattern prefix and a quadratic search for the
// fall-back states: 2.4 s for Debian's German file. Here the file is mapped, the trie built in
// one pass (a pattern starts from the states it shares with the one before: the files are mostly
// sorted) and no fall-back links are built: the state libhyphen's automaton would reach after
// each character of a word is found by walking the trie from each start (words are short).
// The nodes sit in memory advised as huge pages. German loads in about 11 ms of CPU.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

namespace plaquette::text {

/// One dictionary: one or two levels of patterns (NEXTLEVEL), as libhyphen reads them.
class HyphenPatterns {
 public:
  /// Reads a .dic file; nullptr when it cannot be read.
  static std::unique_ptr<HyphenPatterns> load(const std::string& path);
  /// Parses the text of a .dic file (first line: its encoding, "UTF-8" or an 8-bit one).
  static std::unique_ptr<HyphenPatterns> parse(std::string_view data);

  /// Whether the dictionary is UTF-8 (else one byte per character, ISO 8859-1 here).
  bool utf8() const { return utf8_; }

  /// libhyphen's hnj_hyphen_hyphenate2 for `word` in the dictionary's encoding: one value
  /// per character (per byte for an 8-bit dictionary), odd where a hyphen may follow it.
  /// The dictionary's own minimums (LEFTHYPHENMIN…) and NOHYPHEN are applied. Non-standard
  /// hyphenation (a pattern with "/", which changes letters) is not supported: none of
  /// Debian's hyphen-fr, -en-gb, -nl, -de has one; their numbers apply like any pattern's.
  std::vector<char> hyphenate(std::string_view word) const;

  /// Number of trie states, for tests and benchmarks.
  std::size_t states() const;

  struct Level;  // one pattern set (public for the implementation's helpers)
  ~HyphenPatterns();

 private:
  HyphenPatterns();
  std::unique_ptr<Level> levels_[2];
  int top_ = 0;  ///< the level hyphenation starts with; the other is its next level
  bool utf8_ = true;
};

}  // namespace plaquette::text
