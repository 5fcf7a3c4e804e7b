// Our pattern trie against libhyphen itself: the same points on word lists, for each of
// the four Debian dictionaries the brochures use.
#include "text/patterns.h"

#include <gtest/gtest.h>
#include <hyphen.h>

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <set>

namespace plaquette::text {
namespace {

constexpr const char* kDir = "/usr/share/hyphen/";

/// Words to try: the letters of the dictionary's own patterns (real words and word pieces),
/// and pairs of them glued together (compounds, for the two-level German dictionary).
std::vector<std::string> word_list(const std::string& path, std::size_t max_words) {
  std::ifstream in(path, std::ios::binary);
  std::string line;
  std::set<std::string> words;
  std::getline(in, line);  // the encoding
  while (std::getline(in, line)) {
    std::string w;
    for (char c : line) {
      if (c == ' ' || c == '\t' || c == '\r' || c == '/') break;
      if (!(c >= '0' && c <= '9') && c != '.') w += c;
    }
    if (w.size() >= 3 && w[0] != '%' && w[0] != '#' && w.find_first_of("-'") == std::string::npos)
      words.insert(w);
  }
  std::vector<std::string> list(words.begin(), words.end());
  const std::size_t n = list.size();
  const std::size_t stride = n / std::max<std::size_t>(1, max_words / 2) + 1;
  std::vector<std::string> out;
  for (std::size_t i = 0; i < n; i += stride) {
    out.push_back(list[i]);
    out.push_back(list[i] + list[(i * 31 + 5) % n]);
  }
  return out;
}

struct Compared {
  std::size_t words = 0, points = 0, differ = 0;
  std::string first_difference;
};

Compared compare(const std::string& file, std::size_t max_words) {
  const std::string path = kDir + file;
  Compared c;
  auto ours = HyphenPatterns::load(path);
  HyphenDict* theirs = hnj_hyphen_load(path.c_str());
  EXPECT_NE(ours, nullptr);
  EXPECT_NE(theirs, nullptr);
  if (!ours || !theirs) return c;
  EXPECT_EQ(ours->utf8(), theirs->utf8 != 0);
  for (const std::string& w : word_list(path, max_words)) {
    if (w.size() >= 99) continue;  // libhyphen's buffers
    std::vector<char> h(w.size() + 5, '0');
    char** rep = nullptr;
    int* pos = nullptr;
    int* cut = nullptr;
    const int rc = hnj_hyphen_hyphenate2(theirs, w.c_str(), static_cast<int>(w.size()), h.data(),
                                         nullptr, &rep, &pos, &cut);
    const std::vector<char> mine = ours->hyphenate(w);
    ++c.words;
    bool same = rc == 0;
    for (std::size_t k = 0; k < mine.size(); ++k) {
      same = same && (h[k] & 1) == (mine[k] & 1);
      c.points += mine[k] & 1;
    }
    if (!same && c.differ++ == 0)
      c.first_difference = w + ": libhyphen " + std::string(h.data(), mine.size()) + ", ours " +
                           std::string(mine.begin(), mine.end());
    if (rep) {
      for (std::size_t b = 0; b < w.size(); ++b) std::free(rep[b]);
      std::free(rep);
    }
    std::free(pos);
    std::free(cut);
  }
  hnj_hyphen_free(theirs);
  return c;
}

void expect_same(const std::string& file, std::size_t max_words) {
  if (!std::filesystem::exists(kDir + file)) GTEST_SKIP() << file << " is not installed";
  const Compared c = compare(file, max_words);
  std::printf("%s: %zu words, %zu points, %zu differ\n", file.c_str(), c.words, c.points, c.differ);
  EXPECT_GT(c.words, 1000u);
  EXPECT_GT(c.points, c.words / 4);  // not a vacuous comparison
  EXPECT_EQ(c.differ, 0u) << c.first_difference;
}

TEST(PatternsTest, FrenchAsLibhyphen) { expect_same("hyph_fr.dic", 100000); }
TEST(PatternsTest, BritishEnglishAsLibhyphen) { expect_same("hyph_en_GB.dic", 100000); }
TEST(PatternsTest, DutchAsLibhyphen) { expect_same("hyph_nl_NL.dic", 100000); }
// Two levels (compounds first, then syllables), ISO 8859-1; libhyphen takes seconds to load.
TEST(PatternsTest, GermanAsLibhyphen) { expect_same("hyph_de_DE.dic", 30000); }

TEST(PatternsTest, GermanLoadsFast) {
  const std::string path = std::string(kDir) + "hyph_de_DE.dic";
  if (!std::filesystem::exists(path)) GTEST_SKIP() << "hyphen-de is not installed";
  double best = 1e9;
  std::size_t states = 0;
  for (int i = 0; i < 3; ++i) {
    const auto t0 = std::chrono::steady_clock::now();
    auto p = HyphenPatterns::load(path);
    const auto t1 = std::chrono::steady_clock::now();
    ASSERT_NE(p, nullptr);
    states = p->states();
    best = std::min(best, std::chrono::duration<double, std::milli>(t1 - t0).count());
  }
  // A figure, not an assertion: wall time depends on the machine's load.
  std::printf("hyph_de_DE.dic: %zu states, loaded in %.1f ms (best of 3)\n", states, best);
  EXPECT_GT(states, 100000u);
}

TEST(PatternsTest, ParsesKeywordsAndBothLevels) {
  // A made-up two-level dictionary: "ab" | "cd" is a compound boundary, syllables below.
  auto p = HyphenPatterns::parse(
      "UTF-8\nLEFTHYPHENMIN 1\nRIGHTHYPHENMIN 1\nab1cd\nNEXTLEVEL\na1b\nc1d\n");
  ASSERT_NE(p, nullptr);
  EXPECT_TRUE(p->utf8());
  const std::vector<char> h = p->hyphenate("abcd");
  ASSERT_EQ(h.size(), 4u);
  EXPECT_EQ(std::string(h.begin(), h.end()).substr(0, 3), "010");  // ab-cd only:
  // COMPOUNDLEFTHYPHENMIN/RIGHT default to 0 here, but a part of two characters is not
  // hyphenated again (libhyphen 2.8.8).
  EXPECT_TRUE(HyphenPatterns::load("/nonexistent/hyph_xx.dic") == nullptr);
}

}  // namespace
}  // namespace plaquette::text
