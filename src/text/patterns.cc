#include "text/patterns.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <memory>
#include <new>
#include <stdexcept>

#include "base/file.h"
#include "base/memory.h"

namespace plaquette::text {

namespace {

/// libhyphen reads lines into a buffer of MAX_CHARS (100) bytes and skips longer ones.
constexpr std::size_t kMaxLine = 99;
/// ...and keeps at most MAX_CHARS - 2 characters of a pattern.
constexpr int kMaxPatternChars = 98;

bool is_digit(char c) { return c >= '0' && c <= '9'; }
bool starts_with(std::string_view s, std::string_view p) { return s.substr(0, p.size()) == p; }

/// Characters a Unicode ligature (U+FB00…U+FB06, bytes EF AC xx) stands for beyond one, as
/// libhyphen counts them (LIG_xx 0, LIG_xxx 1 in its default build).
int ligature(unsigned char c) { return c == 0x83 || c == 0x84 ? 1 : 0; }

/// The trie's nodes: a fixed capacity. A large one in memory of its own advised as huge
/// pages (HugePageMemory): German's 4.7 MB of states are then a few page faults instead of
/// ~1 150 (each ~10 µs on a virtual machine). A small one (French's 23 KB of patterns) on
/// the heap, which is in huge pages already (heap_in_huge_pages): a huge page of its own
/// would be 2 MiB for the kernel to clear, most of a French build's pattern loading.
template <class T>
class NodeArray {
 public:
  explicit NodeArray(std::size_t capacity)
      : memory_(capacity * sizeof(T) >= kOwnPages ? capacity * sizeof(T) : 0), capacity_(capacity) {
    if (memory_.data()) {
      data_ = static_cast<T*>(memory_.data());
    } else {
      small_.reset(new unsigned char[capacity * sizeof(T)]);
      data_ = reinterpret_cast<T*>(small_.get());
    }
  }
  NodeArray(const NodeArray&) = delete;
  NodeArray& operator=(const NodeArray&) = delete;

  std::size_t size() const { return size_; }
  T& operator[](std::size_t i) { return data_[i]; }
  const T& operator[](std::size_t i) const { return data_[i]; }
  /// Callers keep within the capacity (a pattern's letter adds at most one node).
  void push_back(const T& v) {
    if (size_ == capacity_) throw std::length_error("hyphenation trie beyond its capacity");
    std::construct_at(data_ + size_++, v);
  }

 private:
  static constexpr std::size_t kOwnPages = std::size_t{2} << 20;
  HugePageMemory memory_;
  std::unique_ptr<unsigned char[]> small_;
  T* data_ = nullptr;
  std::size_t capacity_ = 0;
  std::size_t size_ = 0;
};

}  // namespace

struct HyphenPatterns::Level {
  /// A trie state: its children as a linked list (the root's in a table too, it has the
  /// most). No fall-back links: hyph() finds each position's state directly.
  struct Node {
    int32_t first_child = -1;
    int32_t next_sibling = -1;
    int32_t match = -1;  ///< offset of the pattern's values in `digits`, -1: no pattern
    unsigned char byte = 0;
    uint8_t match_len = 0;
  };
  NodeArray<Node> nodes;  ///< the root first
  std::string digits;     ///< every match's values, '0'…'9', leading zeros dropped
  int32_t root_next[256];
  int lhmin = 0, rhmin = 0, clhmin = 0, crhmin = 0;
  std::vector<std::string> nohyphen;
  const Level* next = nullptr;
  bool utf8 = true;
  /// The letters and states of the last pattern added: the next one, in a file sorted as
  /// Debian's mostly are, shares a prefix with it and starts from there.
  unsigned char last_letters[kMaxPatternChars + 1] = {};
  int32_t last_path[kMaxPatternChars + 1] = {};
  int last_len = 0;

  /// `capacity`: the most states the patterns may need, one per byte of their text.
  explicit Level(std::size_t capacity) : nodes(capacity + 1) {
    nodes.push_back(Node{});
    std::fill(std::begin(root_next), std::end(root_next), -1);
  }

  int32_t child(int32_t s, unsigned char c) const {
    if (s == 0) return root_next[c];
    for (int32_t k = nodes[static_cast<std::size_t>(s)].first_child; k >= 0;
         k = nodes[static_cast<std::size_t>(k)].next_sibling) {
      const unsigned char b = nodes[static_cast<std::size_t>(k)].byte;
      if (b <= c) return b == c ? k : -1;  // the list is in decreasing byte order
    }
    return -1;
  }

  /// The child of `s` by `c`, added when missing. Children are kept in decreasing byte
  /// order: from a sorted file each new one goes first, found absent in one comparison.
  int32_t add(int32_t s, unsigned char c) {
    if (s == 0 && root_next[c] >= 0) return root_next[c];
    int32_t before = -1;
    int32_t k = nodes[static_cast<std::size_t>(s)].first_child;
    while (k >= 0 && nodes[static_cast<std::size_t>(k)].byte > c) {
      before = k;
      k = nodes[static_cast<std::size_t>(k)].next_sibling;
    }
    if (k >= 0 && nodes[static_cast<std::size_t>(k)].byte == c) return k;
    const auto added = static_cast<int32_t>(nodes.size());
    Node n;
    n.byte = c;
    n.next_sibling = k;
    nodes.push_back(n);
    if (before < 0) {
      nodes[static_cast<std::size_t>(s)].first_child = added;
    } else {
      nodes[static_cast<std::size_t>(before)].next_sibling = added;
    }
    if (s == 0) root_next[c] = added;
    return added;
  }

  /// hnj_hyphen_load_line: a keyword or a pattern.
  void load_line(std::string_view buf) {
    auto number = [&](std::size_t at) { return std::atoi(std::string(buf.substr(at)).c_str()); };
    if (starts_with(buf, "LEFTHYPHENMIN")) {
      lhmin = number(13);
      return;
    }
    if (starts_with(buf, "RIGHTHYPHENMIN")) {
      rhmin = number(14);
      return;
    }
    if (starts_with(buf, "COMPOUNDLEFTHYPHENMIN")) {
      clhmin = number(21);
      return;
    }
    if (starts_with(buf, "COMPOUNDRIGHTHYPHENMIN")) {
      crhmin = number(22);
      return;
    }
    if (starts_with(buf, "NOHYPHEN")) {
      std::size_t i = 8;
      while (i < buf.size() && (buf[i] == ' ' || buf[i] == '\t')) ++i;
      nohyphen.clear();
      std::string list(buf.substr(i));
      if (list.empty()) return;
      list.pop_back();  // libhyphen drops the last character: the line's "\n"
      // Comma-separated, a comma in first place being a character of the first entry.
      std::size_t from = 0;
      for (std::size_t k = 1; k < list.size(); ++k) {
        if (list[k] != ',') continue;
        nohyphen.push_back(list.substr(from, k - from));
        from = k + 1;
      }
      nohyphen.push_back(list.substr(from));
      return;
    }
    // A non-standard pattern ("ff1/f=f,1,2"): its letters and numbers only.
    const std::size_t slash = buf.find('/');
    const bool repl = slash != std::string_view::npos;
    if (repl) buf = buf.substr(0, slash);
    char pattern[kMaxPatternChars + 2];
    pattern[0] = '0';
    int j = 0;
    int32_t s = 0;
    bool dot_first = false;
    bool shared = true;  // the letters so far are the last pattern's: its states are ours
    for (std::size_t i = 0;
         i < buf.size() && static_cast<unsigned char>(buf[i]) > ' ' && j < kMaxPatternChars; ++i) {
      if (is_digit(buf[i])) {
        pattern[j] = buf[i];
      } else {
        const auto c = static_cast<unsigned char>(buf[i]);
        if (j == 0) dot_first = c == '.';
        if (shared && j < last_len && last_letters[j] == c) {
          s = last_path[j];
        } else {
          shared = false;
          s = add(s, c);
        }
        last_letters[j] = c;
        last_path[j] = s;
        pattern[++j] = '0';
      }
    }
    last_len = j;
    int skip = 0;
    if (!repl) {
      while (skip <= j && pattern[skip] == '0') ++skip;  // leading zeros
    } else if (dot_first) {
      skip = 1;
    }
    Node& n = nodes[static_cast<std::size_t>(s)];
    n.match = static_cast<int32_t>(digits.size());
    n.match_len = static_cast<uint8_t>(j + 1 - skip);
    digits.append(pattern + skip, static_cast<std::size_t>(j + 1 - skip));
  }

  /// hnj_hyphen_hyph_ without replacements: values per byte of `word` in `h` (size at
  /// least word.size() + 3).
  void hyph(std::string_view word, char* h, int clh, int crh, bool lend, bool rend) const {
    const int ws = static_cast<int>(word.size());
    std::string prep = ".";
    for (char c : word) prep += is_digit(c) ? '.' : c;
    prep += '.';
    const int j = ws + 2;
    for (int i = 0; i < j; ++i) h[i] = '0';
    // libhyphen runs an automaton whose state after each character is the longest suffix
    // of the text read that is a trie state (its fall-back links lead there), and applies
    // that state's pattern only. The same state is found here without fall-back links:
    // `from` is where the longest such suffix starts; it only moves right.
    int from = 0;
    for (int i = 0; i < j; ++i) {
      int32_t state = -1;
      for (; from <= i; ++from) {
        state = 0;
        for (int k = from; k <= i && state >= 0; ++k)
          state = child(state, static_cast<unsigned char>(prep[static_cast<std::size_t>(k)]));
        if (state > 0) break;
      }
      if (state <= 0) continue;  // no suffix is a state: libhyphen skips the character
      const Node& node = nodes[static_cast<std::size_t>(state)];
      const int32_t m = node.match;
      if (m < 0) continue;
      const int len = node.match_len;
      const char* v = digits.data() + m;
      const int offset = i + 1 - len;
      for (int k = offset < 0 ? -offset : 0; k < len; ++k)
        if (h[offset + k] < v[k]) h[offset + k] = v[k];
    }
    int i = 0;
    for (; i < j - 3; ++i) h[i] = h[i + 1];
    for (; i < ws; ++i) h[i] = '0';
    h[ws] = '\0';

    if (!next) return;
    // Compound level: split at its points, and hyphenate each part with this level again.
    std::vector<char> h2(static_cast<std::size_t>(ws) + 3);
    int begin = 0;
    for (i = 0; i < ws; ++i) {
      if (!((h[i] & 1) || (begin > 0 && i + 1 == ws))) continue;
      // As libhyphen 2.8.8 (Debian 12) does it: a part of two characters or less is not
      // hyphenated again, and a part's last point is left as this level set it.
      if (i - begin > 1) {
        hyph(std::string_view(prep).substr(static_cast<std::size_t>(begin) + 1,
                                           static_cast<std::size_t>(i - begin + 1)),
             h2.data(), clh, crh, begin > 0 ? false : lend, (h[i] & 1) ? false : rend);
        for (int k = 0; k < i - begin - 1; ++k) h[begin + k] = h2[static_cast<std::size_t>(k)];
      }
      begin = i + 1;
    }
    if (begin == 0) {
      next->hyph(word, h, clh, crh, lend, rend);
      if (!lend) left_min(word, h, clh);
      if (!rend) right_min(word, h, crh);
    }
  }

  /// hnj_hyphen_lhmin: no hyphen among the first `min` characters.
  void left_min(std::string_view w, char* h, int min) const {
    const int ws = static_cast<int>(w.size());
    auto at = [&](int k) { return k < ws ? static_cast<unsigned char>(w[k]) : 0; };
    int i = 1, j = 0;
    if (utf8 && at(0) == 0xEF && at(1) == 0xAC) i += ligature(at(2));
    for (j = 0; j < ws && is_digit(w[j]); ++j) --i;
    for (j = 0; i < min && j < ws && at(j) != 0; ++i) {
      do {
        h[j] = '0';
        ++j;
        if (utf8 && at(j) == 0xEF && at(j + 1) == 0xAC) i += ligature(at(j + 2));
      } while (j < ws && utf8 && (at(j) & 0xC0) == 0x80);
    }
  }

  /// hnj_hyphen_rhmin: no hyphen among the last `min` characters.
  void right_min(std::string_view w, char* h, int min) const {
    const int ws = static_cast<int>(w.size());
    int i = 0, j = 0;
    for (j = ws - 1; j > 0 && is_digit(w[j]); --j) --i;
    for (j = ws - 1; i < min && j > 0; --j) {
      h[j] = '0';
      const unsigned char c = static_cast<unsigned char>(w[j]);
      if (!utf8 || (c & 0xC0) == 0xC0 || (c & 0x80) != 0x80) ++i;
    }
  }
};

HyphenPatterns::HyphenPatterns() = default;
HyphenPatterns::~HyphenPatterns() = default;

std::unique_ptr<HyphenPatterns> HyphenPatterns::load(const std::string& path) {
  // Mapped, not read (read_input_file_shared maps a dictionary, guarded against the file
  // being cut short): the file's pages are shared with the page cache and mapped several
  // at a time, where reading would copy 1 MB (German) into pages each faulted in. Only
  // while parsing: the trie is built from it.
  ReadError error;
  const auto bytes = read_input_file_shared(path, InputKind::dictionary, error);
  if (!bytes) return nullptr;
  return parse(bytes->view());
}

std::unique_ptr<HyphenPatterns> HyphenPatterns::parse(std::string_view data) {
  std::unique_ptr<HyphenPatterns> p(new HyphenPatterns());
  std::size_t at = 0;
  // The next line, "\n" included; false at the end. Lines too long for libhyphen's buffer
  // are skipped as it skips them.
  auto get_line = [&](std::string_view& line) {
    while (at < data.size()) {
      const std::size_t start = at;
      std::size_t end = data.find('\n', start);
      const bool newline = end != std::string_view::npos;
      if (!newline) end = data.size();
      at = newline ? end + 1 : end;
      if (newline && end - start >= kMaxLine) continue;
      line = data.substr(start, at - start);
      return true;
    }
    return false;
  };
  std::string_view line;
  std::string cset;
  if (get_line(line)) {
    cset = std::string(line.substr(0, 19));
    const std::size_t cut = cset.find_first_of("\r\n");
    if (cut != std::string::npos) cset.resize(cut);
  }
  p->utf8_ = cset == "UTF-8";
  bool nextlevel = false;
  for (int k = 0; k < 2; ++k) {
    // Every state comes from a letter of a line of the file (or of the default level's
    // few lines, below).
    p->levels_[k] = std::make_unique<Level>(k == 0 || nextlevel ? data.size() : 64);
    Level& level = *p->levels_[k];
    level.utf8 = p->utf8_;
    if (k == 0) level.digits.reserve(data.size());
    if (k == 0 || nextlevel) {
      while (get_line(line)) {
        if (starts_with(line, "NEXTLEVEL")) {
          nextlevel = true;
          break;
        }
        if (line[0] != '%') level.load_line(line);
      }
    } else {
      // libhyphen's default first level: words split at their hyphens and apostrophes.
      if (!p->utf8_) {
        level.load_line("NOHYPHEN ',-\n");
      } else {
        level.load_line("NOHYPHEN ',\xe2\x80\x93,\xe2\x80\x99,-\n");
      }
      level.load_line("1-1\n");
      level.load_line("1'1\n");
      if (p->utf8_) {
        level.load_line(
            "1\xe2\x80\x93"
            "1\n");
        level.load_line(
            "1\xe2\x80\x99"
            "1\n");
      }
    }
  }
  Level& l0 = *p->levels_[0];
  Level& l1 = *p->levels_[1];
  if (nextlevel) {
    l0.next = &l1;
    p->top_ = 0;
  } else {
    l1.next = &l0;
    l1.lhmin = l0.lhmin;
    l1.rhmin = l0.rhmin;
    l1.clhmin = l0.clhmin ? l0.clhmin : (l0.lhmin ? l0.lhmin : 3);
    l1.crhmin = l0.crhmin ? l0.crhmin : (l0.rhmin ? l0.rhmin : 3);
    p->top_ = 1;
  }
  return p;
}

std::size_t HyphenPatterns::states() const {
  return levels_[0]->nodes.size() + levels_[1]->nodes.size();
}

std::vector<char> HyphenPatterns::hyphenate(std::string_view word) const {
  const Level& top = *levels_[top_];
  const int ws = static_cast<int>(word.size());
  std::vector<char> h(static_cast<std::size_t>(ws) + 5, '0');
  if (ws == 0) return {};
  top.hyph(word, h.data(), top.clhmin, top.crhmin, true, true);
  top.left_min(word, h.data(), top.lhmin > 0 ? top.lhmin : 2);
  top.right_min(word, h.data(), top.rhmin > 0 ? top.rhmin : 2);
  for (const std::string& nh : top.nohyphen) {
    if (nh.empty()) continue;
    for (std::size_t at = word.find(nh); at != std::string_view::npos; at = word.find(nh, at + 1)) {
      h[at + nh.size() - 1] = '0';
      if (at >= 1) h[at - 1] = '0';
    }
  }
  if (!utf8_) return {h.begin(), h.begin() + ws};
  // One value per character: that of its last byte (hnj_hyphen_norm).
  if ((static_cast<unsigned char>(word[0]) >> 6) == 2) return {};
  int j = -1;
  for (int i = 0; i < ws; ++i) {
    if ((static_cast<unsigned char>(word[static_cast<std::size_t>(i)]) >> 6) != 2) ++j;
    h[static_cast<std::size_t>(j)] = h[static_cast<std::size_t>(i)];
  }
  h.resize(static_cast<std::size_t>(j) + 1);
  return h;
}

}  // namespace plaquette::text
