#include "model/yaml.h"

#include <unicode/uchar.h>
#include <unicode/utf8.h>
#include <yaml-cpp/eventhandler.h>
#include <yaml.h>

#include <algorithm>
#include <cctype>
#include <charconv>
#include <climits>
#include <cmath>
#include <filesystem>
#include <memory>
#include <new>
#include <vector>

#include "base/file.h"

namespace plaquette::model {
struct YamlTreeAccess;
}

// yaml-cpp builds its trees with a class of its own that is not installed (NodeBuilder);
// the one tool it offers to make a Node of a tree node is a private constructor, whose
// class befriends every YAML::as_if. This specialization is the loader's way in.
template <>
struct YAML::as_if<plaquette::model::YamlTreeAccess, void> {
  static YAML::Node node(YAML::detail::node& n, YAML::detail::shared_memory_holder memory) {
    return YAML::Node(n, std::move(memory));
  }
};

namespace plaquette::model {

const std::string* Localized::get(const std::string& locale) const {
  auto it = texts.find(locale);
  return it == texts.end() ? nullptr : &it->second.value;
}

SourcePos pos_of(const YAML::Node& node, const std::string& file) {
  SourcePos pos{file, 0, 0};
  if (!node.IsDefined()) return pos;  // Mark() of an invalid node would throw
  try {
    YAML::Mark m = node.Mark();
    if (m.is_null()) return pos;
    pos.line = m.line + 1;
    pos.col = m.column + 1;
  } catch (const YAML::Exception&) {
  }
  return pos;
}

// ---- Loading ---------------------------------------------------------------------------

namespace {

// Visits every node with aliases expanded, iteratively (no recursion to overflow), and
// stops at the first limit crossed. Aliases are shared nodes, so a document of a few
// lines can expand to 10^9 nodes; counting visits rather than distinct nodes is what
// bounds every later walk of the tree by readers.
//
// A document read in parts (a streamed list's items one by one, then the rest) is checked
// part by part: `walk` carries the counts from one part to the next, and `depth` is the
// part's own depth in the document.
struct BoundsWalk {
  std::size_t visited = 0;
  std::size_t bytes = 0;
};

bool check_bounds(const YAML::Node& root, int depth, const std::string& file, BoundsWalk& walk,
                  Diagnostics& diags, const YamlLimits& limits) {
  struct Item {
    YAML::Node node;
    int depth;
  };
  std::vector<Item> stack{{root, depth}};
  std::size_t& visited = walk.visited;
  std::size_t& bytes = walk.bytes;
  while (!stack.empty()) {
    Item item = std::move(stack.back());
    stack.pop_back();
    if (item.node.IsScalar() && (bytes += item.node.Scalar().size()) > limits.max_expanded_bytes) {
      diags
          .error(SourcePos{file, 0, 0},
                 "document too large: more than " +
                     std::to_string(limits.max_expanded_bytes >> 20) +
                     " MiB of text once aliases are expanded; nothing in it was checked")
          .hints.push_back(
              "an alias (*name) repeats its anchor's content; write a long text once and "
              "refer to it from the layout instead");
      return false;
    }
    if (++visited > limits.max_nodes) {
      diags
          .error(SourcePos{file, 0, 0}, "document too large: more than " +
                                            std::to_string(limits.max_nodes) +
                                            " values once aliases are expanded")
          .hints.push_back(
              "an alias (*name) repeats its anchor's content; aliases of "
              "aliases multiply it");
      return false;
    }
    if (item.depth > limits.max_depth) {
      diags.error(pos_of(item.node, file),
                  "nesting deeper than " + std::to_string(limits.max_depth) + " levels");
      return false;
    }
    if (item.node.IsSequence()) {
      for (const YAML::Node& child : item.node) stack.push_back({child, item.depth + 1});
    } else if (item.node.IsMap()) {
      for (const auto& kv : item.node) {
        stack.push_back({kv.first, item.depth + 1});
        stack.push_back({kv.second, item.depth + 1});
      }
    }
  }
  return true;
}

// What yaml-cpp would otherwise mishandle, checked on the raw bytes where the position is
// still known: invalid UTF-8 (it would pass through, or become U+FFFD, and be reported
// pages later as a missing glyph) and control characters, which YAML forbids in a stream.
// A lone CR is a line break in YAML but not for yaml-cpp (a file saved with classic Mac
// line ends would read as one line): it becomes LF, which keeps every line number.
//
// One pass over the bytes; the text is copied only when a lone CR has to be rewritten, and
// a position is built only for an error.
struct Prepared {
  std::string rewritten;  ///< the text with lone CRs made LF, when it had any
  bool rewrote = false;
};

bool prepare_text(std::string_view text, const std::string& file, Diagnostics& diags,
                  Prepared& out) {
  int line = 1, col = 1;
  const auto n = static_cast<std::int32_t>(std::min<std::size_t>(text.size(), INT32_MAX));
  for (std::size_t i = 0; i < text.size();) {
    const auto c = static_cast<unsigned char>(text[i]);
    if (c >= 0x20 && c < 0x7F) {  // printable ASCII: the common case
      if (out.rewrote) out.rewritten += static_cast<char>(c);
      ++i, ++col;
      continue;
    }
    if (c == '\n' || (c == '\r' && (i + 1 == text.size() || text[i + 1] != '\n'))) {
      if (c == '\r' && !out.rewrote) {
        out.rewrote = true;
        out.rewritten.reserve(text.size());
        out.rewritten.assign(text.substr(0, i));
      }
      if (out.rewrote) out.rewritten += '\n';
      ++i, ++line, col = 1;
      continue;
    }
    if (c == '\t' || c == '\r') {  // a tab, or the CR of a CR LF
      if (out.rewrote) out.rewritten += static_cast<char>(c);
      ++i, ++col;
      continue;
    }
    if (c < 0x80) {  // C0 controls and DEL
      char buf[8];
      std::snprintf(buf, sizeof buf, "U+%04X", c);
      diags
          .error(SourcePos{file, line, col}, std::string("control character ") + buf +
                                                 " in the file (byte " + std::to_string(i) + ")")
          .hints.push_back("remove it; YAML allows only tabs and line ends as control characters");
      return false;
    }
    // ICU's strict decoder: overlong forms, surrogates, code points past U+10FFFF and
    // truncated sequences all give a negative code point.
    std::int32_t at = static_cast<std::int32_t>(i);
    UChar32 cp = 0;
    U8_NEXT(reinterpret_cast<const std::uint8_t*>(text.data()), at, n, cp);
    if (cp < 0) {
      const char* why =
          (c == 0xC0 || c == 0xC1) ? "an overlong encoding"
          : c == 0xED && i + 1 < text.size() && static_cast<unsigned char>(text[i + 1]) >= 0xA0
              ? "an encoded surrogate"
          : c >= 0xF5 || c < 0xC2 ? "a byte that cannot start a character"
                                  : "a truncated, overlong or out-of-range sequence";
      char buf[8];
      std::snprintf(buf, sizeof buf, "0x%02X", c);
      diags
          .error(SourcePos{file, line, col}, std::string("invalid UTF-8 at byte ") +
                                                 std::to_string(i) + " (" + buf + ": " + why + ")")
          .hints.push_back("save the file as UTF-8");
      return false;
    }
    if (cp >= 0x80 && cp <= 0x9F) {
      char buf[8];
      std::snprintf(buf, sizeof buf, "U+%04X", static_cast<unsigned>(cp));
      diags
          .error(SourcePos{file, line, col}, std::string("control character ") + buf +
                                                 " in the file (byte " + std::to_string(i) + ")")
          .hints.push_back("remove it; it often comes from text pasted out of another encoding");
      return false;
    }
    if (out.rewrote) out.rewritten.append(text.substr(i, static_cast<std::size_t>(at) - i));
    i = static_cast<std::size_t>(at);
    ++col;
  }
  return true;
}

// A syntax error libyaml found: its problem, and what it was reading (with where that
// started), e.g. "did not find expected ',' or '}'" while parsing a flow mapping.
struct SyntaxError {
  YAML::Mark mark;
  std::string problem;
  std::string context;  ///< "" or "while parsing a flow mapping"
  YAML::Mark context_mark;
};
/// A collection nested deeper than the limit.
struct TooDeep {
  YAML::Mark mark;
};

// yaml-cpp's trees, read by libyaml. yaml-cpp's scanner matches each character against
// regular expressions it walks as trees (~2 000 instructions a byte of a flow map, a
// quarter of a build's); libyaml, YAML's reference C parser, reads the same stream at a
// tenth of that. Its events are handed on as yaml-cpp's parser would hand on its own, to
// the same handler, so that the tree, the readers and the positions they report are
// yaml-cpp's: a plain scalar is tagged "?", a quoted or block one "!", `~`, `null` and an
// empty node are nulls, anchors are numbered from 1 in each document and an alias naming
// none is a syntax error. Marks are libyaml's: lines and columns from 0, columns counted in
// characters (yaml-cpp counted bytes), an empty value at the end of its `key:`.
class EventReader {
 public:
  /// `max_depth`: the limit on a node's ancestors, checked as collections open (a file of
  /// ten thousand `[` is refused at the first one too deep, before its tree is built);
  /// a scalar too deep is found by check_bounds, with the same message.
  EventReader(std::string_view text, int max_depth) : max_depth_(max_depth) {
    if (!yaml_parser_initialize(&parser_)) throw std::bad_alloc();
    yaml_parser_set_input_string(&parser_, reinterpret_cast<const unsigned char*>(text.data()),
                                 text.size());
    yaml_parser_set_encoding(&parser_, YAML_UTF8_ENCODING);
  }
  ~EventReader() { yaml_parser_delete(&parser_); }
  EventReader(const EventReader&) = delete;
  EventReader& operator=(const EventReader&) = delete;

  /// Hands the next document's events to `handler`; false at the end of the stream.
  bool next_document(YAML::EventHandler& handler) {
    anchors_.clear();
    last_anchor_ = 0;
    depth_ = 0;
    for (;;) {
      Event e(parser_);
      const YAML::Mark mark = mark_of(e.event.start_mark);
      switch (e.event.type) {
        case YAML_STREAM_START_EVENT:
          continue;
        case YAML_STREAM_END_EVENT:
        case YAML_NO_EVENT:
          return false;
        case YAML_DOCUMENT_START_EVENT:
          handler.OnDocumentStart(mark);
          continue;
        case YAML_DOCUMENT_END_EVENT:
          handler.OnDocumentEnd();
          return true;
        case YAML_ALIAS_EVENT: {
          auto it = anchors_.find(text_of(e.event.data.alias.anchor));
          if (it == anchors_.end())
            throw SyntaxError{mark,
                              "the alias *" + text_of(e.event.data.alias.anchor) +
                                  " names no anchor (&" + text_of(e.event.data.alias.anchor) +
                                  ") above it",
                              {},
                              {}};
          handler.OnAlias(mark, it->second);
          continue;
        }
        case YAML_SCALAR_EVENT: {
          const auto& s = e.event.data.scalar;
          const YAML::anchor_t anchor = add_anchor(s.anchor);
          const bool plain = s.style == YAML_PLAIN_SCALAR_STYLE || s.style == YAML_ANY_SCALAR_STYLE;
          std::string value(reinterpret_cast<const char*>(s.value), s.length);
          if (!s.tag && plain && is_null_word(value)) {
            handler.OnNull(mark, anchor);
          } else {
            handler.OnScalar(mark, tag_or(s.tag, plain ? "?" : "!"), anchor, value);
          }
          continue;
        }
        case YAML_SEQUENCE_START_EVENT:
        case YAML_MAPPING_START_EVENT: {
          const auto& ev = e.event.data;
          const bool map = e.event.type == YAML_MAPPING_START_EVENT;
          const std::string tag = tag_or(map ? ev.mapping_start.tag : ev.sequence_start.tag, "?");
          const YAML::anchor_t anchor =
              add_anchor(map ? ev.mapping_start.anchor : ev.sequence_start.anchor);
          const YAML::EmitterStyle::value style =
              (map ? ev.mapping_start.style == YAML_FLOW_MAPPING_STYLE
                   : ev.sequence_start.style == YAML_FLOW_SEQUENCE_STYLE)
                  ? YAML::EmitterStyle::Flow
                  : YAML::EmitterStyle::Block;
          open(mark);
          if (map)
            handler.OnMapStart(mark, tag, anchor, style);
          else
            handler.OnSequenceStart(mark, tag, anchor, style);
          continue;
        }
        case YAML_SEQUENCE_END_EVENT:
          --depth_;
          handler.OnSequenceEnd();
          continue;
        case YAML_MAPPING_END_EVENT:
          --depth_;
          handler.OnMapEnd();
          continue;
      }
    }
  }

 private:
  // One event, parsed, and freed however its handling ends (a handler may throw).
  struct Event {
    yaml_event_t event;
    explicit Event(yaml_parser_t& parser) {
      if (!yaml_parser_parse(&parser, &event)) {
        if (parser.error == YAML_MEMORY_ERROR) throw std::bad_alloc();
        throw SyntaxError{mark_of(parser.problem_mark),
                          parser.problem ? parser.problem : "unreadable input",
                          parser.context ? parser.context : "", mark_of(parser.context_mark)};
      }
    }
    ~Event() { yaml_event_delete(&event); }
    Event(const Event&) = delete;
    Event& operator=(const Event&) = delete;
  };

  static YAML::Mark mark_of(const yaml_mark_t& m) {
    YAML::Mark mark;
    mark.pos = static_cast<int>(std::min<std::size_t>(m.index, INT_MAX));
    mark.line = static_cast<int>(std::min<std::size_t>(m.line, INT_MAX));
    mark.column = static_cast<int>(std::min<std::size_t>(m.column, INT_MAX));
    return mark;
  }
  static std::string text_of(const yaml_char_t* s) { return reinterpret_cast<const char*>(s); }
  // yaml-cpp's tag for a node: the one written, else its non-specific "?" or "!".
  static std::string tag_or(const yaml_char_t* tag, const char* none) {
    return tag ? text_of(tag) : none;
  }
  // yaml-cpp's nulls: what YAML's core schema reads as null, when written plain.
  static bool is_null_word(const std::string& s) {
    return s.empty() || s == "~" || s == "null" || s == "Null" || s == "NULL";
  }

  YAML::anchor_t add_anchor(const yaml_char_t* name) {
    if (!name) return YAML::NullAnchor;
    // A name defined again names the later node from there on, as in yaml-cpp.
    const YAML::anchor_t id = ++last_anchor_;
    anchors_[text_of(name)] = id;
    return id;
  }
  void open(const YAML::Mark& mark) {
    if (++depth_ > max_depth_ + 1) throw TooDeep{mark};  // depth_ - 1 ancestors
  }

  yaml_parser_t parser_;
  std::map<std::string, YAML::anchor_t> anchors_;
  YAML::anchor_t last_anchor_ = 0;
  int depth_ = 0;
  int max_depth_;
};

// Builds yaml-cpp's tree of one document from the parser's events, as YAML::Load would,
// counting the values as they come and stopping at the budget: the budget is checked in
// the one pass that builds the tree, and an oversized file costs a fraction of a second and
// no more tree than the budget.
//
// With a Stream, the items of the list under the stream's key of the top-level map are not
// added to the tree: each is built with memory of its own, checked against the bounds,
// handed over and dropped (the item's memory is kept only when it holds an anchor, which a
// later alias may name).
class TreeBuilder : public YAML::EventHandler {
 public:
  struct Exceeded {
    YAML::Mark mark;
  };
  /// An item crossed a bound (already reported): the document is not read further.
  struct Stopped {};
  struct Stream {
    std::string_view key;
    const ItemHandler* on_item;
    const std::string* file;
    BoundsWalk* walk;
    Diagnostics* diags;
    const YamlLimits* limits;
  };
  /// `seen` counts the values of every document of the file; `stream` (or null) says which
  /// list to hand over item by item.
  TreeBuilder(std::size_t budget, std::size_t& seen, const Stream* stream = nullptr)
      : budget_(budget), seen_(seen), stream_(stream) {}

  /// The document's top-level node (a null node for an empty document).
  YAML::Node root() const {
    if (!root_) return YAML::Node();
    return YAML::as_if<YamlTreeAccess, void>::node(*root_, memory_);
  }

  void OnDocumentStart(const YAML::Mark&) override {}
  void OnDocumentEnd() override {}
  void OnNull(const YAML::Mark& m, YAML::anchor_t anchor) override {
    YAML::detail::node& n = create(m, anchor);
    n.set_null();
    add(n);
  }
  void OnAlias(const YAML::Mark& m, YAML::anchor_t anchor) override {
    count(m);
    // The parser refuses an alias to an unknown anchor before this point.
    if (anchor < anchors_.size() && anchors_[anchor]) add(*anchors_[anchor], true);
  }
  void OnScalar(const YAML::Mark& m, const std::string& tag, YAML::anchor_t anchor,
                const std::string& value) override {
    YAML::detail::node& n = create(m, anchor);
    n.set_scalar(value);
    n.set_tag(tag);
    add(n);
  }
  void OnSequenceStart(const YAML::Mark& m, const std::string& tag, YAML::anchor_t anchor,
                       YAML::EmitterStyle::value style) override {
    open(m, tag, anchor, style, YAML::NodeType::Sequence);
  }
  void OnSequenceEnd() override { close(); }
  void OnMapStart(const YAML::Mark& m, const std::string& tag, YAML::anchor_t anchor,
                  YAML::EmitterStyle::value style) override {
    open(m, tag, anchor, style, YAML::NodeType::Map);
  }
  void OnMapEnd() override { close(); }

 private:
  // A collection being read, and for a map the key read and waiting for its value.
  struct Open {
    YAML::detail::node* node;
    YAML::detail::node* key = nullptr;
    bool streamed = false;  ///< the list whose items are handed over one by one
  };

  // Memory for the node being created: the current item's inside a streamed list.
  const YAML::detail::shared_memory_holder& memory() const {
    return item_memory_ ? item_memory_ : memory_;
  }

  void count(const YAML::Mark& m) {
    if (++seen_ > budget_) throw Exceeded{m};
  }
  YAML::detail::node& create(const YAML::Mark& m, YAML::anchor_t anchor) {
    count(m);
    // The first node of a streamed list's item starts the item's memory.
    if (!stack_.empty() && stack_.back().streamed)
      item_memory_ = std::make_shared<YAML::detail::memory_holder>();
    YAML::detail::node& n = memory()->create_node();
    n.set_mark(m);
    if (anchor) {  // anchors are numbered from 1 in document order
      if (anchor >= anchors_.size()) anchors_.resize(anchor + 1, nullptr);
      anchors_[anchor] = &n;
      item_anchored_ = item_memory_ != nullptr;
    }
    return n;
  }
  void open(const YAML::Mark& m, const std::string& tag, YAML::anchor_t anchor,
            YAML::EmitterStyle::value style, YAML::NodeType::value type) {
    YAML::detail::node& n = create(m, anchor);
    n.set_type(type);
    n.set_tag(tag);
    n.set_style(style);
    // The list under the stream's key of the top-level map, the first time it is given
    // (a second one is a duplicate key, reported by the reader, and built as usual).
    const bool streamed =
        stream_ && !streaming_done_ && type == YAML::NodeType::Sequence && stack_.size() == 1 &&
        stack_[0].key && stack_[0].node->type() == YAML::NodeType::Map &&
        stack_[0].key->type() == YAML::NodeType::Scalar && stack_[0].key->scalar() == stream_->key;
    streaming_done_ = streaming_done_ || streamed;
    stack_.push_back({&n, nullptr, streamed});
  }
  void close() {
    if (stack_.empty()) return;
    YAML::detail::node& n = *stack_.back().node;
    stack_.pop_back();
    add(n);
  }
  // A complete value: the root, an item of the list being read, or a key or value of the
  // map being read. `alias`: a node read before, named again.
  void add(YAML::detail::node& n, bool alias = false) {
    if (stack_.empty()) {
      root_ = &n;
      return;
    }
    Open& parent = stack_.back();
    if (parent.streamed) {
      hand_over(n, alias);
    } else if (parent.node->type() == YAML::NodeType::Sequence) {
      parent.node->push_back(n, memory());
    } else if (!parent.key) {
      parent.key = &n;
    } else {
      parent.node->insert(*parent.key, n, memory());
      parent.key = nullptr;
    }
  }

  // A streamed list's item, complete: checked against the bounds at its depth in the
  // document (top-level map, list, item), handed over, then dropped with its memory.
  void hand_over(YAML::detail::node& n, bool alias) {
    // An alias item's node lives in the memory of the anchor it names, which is kept.
    YAML::detail::shared_memory_holder memory = alias || !item_memory_ ? memory_ : item_memory_;
    {
      const YAML::Node item = YAML::as_if<YamlTreeAccess, void>::node(n, memory);
      if (!check_bounds(item, 2, *stream_->file, *stream_->walk, *stream_->diags, *stream_->limits))
        throw Stopped{};
      (*stream_->on_item)(item, items_++);
    }
    if (item_anchored_ && item_memory_) memory_->merge(*item_memory_);
    item_memory_.reset();
    item_anchored_ = false;
  }

  std::size_t budget_;
  std::size_t& seen_;
  const Stream* stream_;
  bool streaming_done_ = false;
  std::size_t items_ = 0;
  YAML::detail::shared_memory_holder memory_ = std::make_shared<YAML::detail::memory_holder>();
  YAML::detail::shared_memory_holder item_memory_;  ///< the streamed item's, while it is read
  bool item_anchored_ = false;                      ///< it holds an anchor
  std::vector<Open> stack_;
  std::vector<YAML::detail::node*> anchors_;
  YAML::detail::node* root_ = nullptr;
};

// The line of the second document's start, for the multi-document error: its node's mark
// when it has content, else the line of the `---` that opened it.
int second_document_line(std::string_view text, const YAML::Node& second) {
  SourcePos p = pos_of(second, "");
  if (p.line > 0) return p.line;
  bool content = false;
  int line = 1;
  for (std::size_t i = 0; i < text.size(); ++line) {
    std::size_t end = std::min(text.find('\n', i), text.size());
    std::string_view l(text.data() + i, end - i);
    if (l.substr(0, 3) == "---" && content) return line;
    if (!l.empty() && l[0] != '#' && l[0] != ' ' && l.substr(0, 3) != "---" &&
        l.substr(0, 3) != "...")
      content = true;
    i = end + 1;
  }
  return 0;
}

// Line `n` (1-based) of `text`, without its line end; "" past the end.
std::string_view line_of(std::string_view text, int n) {
  std::size_t at = 0;
  for (int i = 1; i < n; ++i) {
    at = text.find('\n', at);
    if (at == std::string_view::npos) return {};
    ++at;
  }
  const std::size_t end = std::min(text.find('\n', at), text.size());
  return text.substr(at, end - at);
}

std::size_t indent_of(std::string_view line) {
  return std::min(line.find_first_not_of(' '), line.size());
}

// An unquoted text holding ": " on this line ("title: Une équipe: bois", or inside a flow
// map "{fr: Une équipe: bois}"): the entry rewritten with the text quoted, else "".
std::string quoted_entry(std::string_view line) {
  std::size_t start = line.find_first_not_of(" \t");
  if (start == std::string_view::npos) return {};
  if (line.substr(start, 2) == "- ") start = line.find_first_not_of(' ', start + 2);
  // Each entry starts at the line's start, after `{` or after `, ` in a flow map.
  for (std::size_t from = start; from < line.size();) {
    const std::size_t colon = line.find(": ", from);
    if (colon == std::string_view::npos) return {};
    std::size_t key_start = from;
    for (std::size_t i = colon; i > from; --i)
      if (line[i - 1] == '{' || line[i - 1] == ',') {
        key_start = i;
        break;
      }
    const std::size_t value_start = line.find_first_not_of(' ', colon + 2);
    if (value_start == std::string_view::npos) return {};
    const char first = line[value_start];
    if (std::string_view("\"'{[|>&*!#").find(first) != std::string_view::npos) {
      from = value_start + 1;
      continue;
    }
    // The value runs to the end of the flow entry or of the line (a comment excluded).
    std::size_t value_end = line.find_first_of(",}", value_start);
    const bool flow = line.find('{', start) < colon;
    if (!flow) value_end = std::min(line.find(" #", value_start), line.size());
    if (value_end == std::string_view::npos) value_end = line.size();
    std::string_view value = line.substr(value_start, value_end - value_start);
    while (!value.empty() && value.back() == ' ') value.remove_suffix(1);
    if (value.find(": ") == std::string_view::npos) {
      from = value_end;
      continue;
    }
    std::string key(line.substr(key_start, colon - key_start));
    key.erase(0, std::min(key.find_first_not_of(' '), key.size()));
    std::string q = "\"";
    for (char c : value) q += c == '"' ? std::string("\\\"") : std::string(1, c);
    return key + ": " + q + "\"";
  }
  return {};
}

// The hint for `key: #33aaff` on this line (an RGB colour in hex, which YAML reads as a
// comment), or "".
std::string hex_comment_in(std::string_view l) {
  const std::size_t hash = l.find(" #");
  if (hash == std::string_view::npos || l.find(':') > hash) return {};
  std::size_t end = hash + 2;
  while (end < l.size() && std::isxdigit(static_cast<unsigned char>(l[end]))) ++end;
  const std::size_t digits = end - hash - 2;
  if ((digits != 3 && digits != 6) || (end < l.size() && l[end] != ' ' && l[end] != '}')) return {};
  return "`" + std::string(l.substr(hash + 1, digits + 1)) +
         "` starts a YAML comment: the rest of the line is not read; colours are CMYK " +
         "percentages [C, M, Y, K], e.g. [100, 60, 0, 20], not RGB";
}

// A hint for the commonest slips behind a YAML syntax error at `line`: a tab where YAML
// wants spaces, an unquoted text holding ": ", a line indented unlike its map.
std::string syntax_hint(std::string_view text, int line, const std::string& message) {
  const std::string_view here = line_of(text, line);
  const std::size_t lead = here.find_first_not_of(" \t");
  const std::string_view indent = here.substr(0, std::min(lead, here.size()));
  if (indent.find('\t') != std::string_view::npos || message.find("tab") != std::string::npos)
    return "YAML indents with spaces only: replace the tab at the start of line " +
           std::to_string(line) + " with spaces";
  // `{color: #33aaff}`: the comment ate the closing brace, the error comes a line later.
  for (int l = line; l > 0 && l >= line - 1; --l)
    if (std::string hex = hex_comment_in(line_of(text, l)); !hex.empty()) return hex;
  if (std::string entry = quoted_entry(here); !entry.empty())
    return "quote a text that contains \": \" (else it starts a new key): " + entry;
  // libyaml's words for a key where none may start, and for a line that ends its map.
  if (message == "mapping values are not allowed in this context" ||
      message == "did not find expected key") {
    int above = line - 1;
    std::string_view prev;
    for (; above > 0; --above) {
      prev = line_of(text, above);
      const std::size_t c = prev.find_first_not_of(' ');
      if (c != std::string_view::npos && prev[c] != '#') break;
    }
    if (above <= 0) return {};
    return "check the indentation: line " + std::to_string(line) + " starts at column " +
           std::to_string(indent_of(here) + 1) + ", line " + std::to_string(above) + " at column " +
           std::to_string(indent_of(prev) + 1) + "; the keys of one map start in the same column";
  }
  return {};
}

// yaml_load_string, with the items of the list under `stream_key` handed to `on_item` one
// by one when `on_item` is given.
std::optional<YamlDocument> load_string(std::string_view raw, const std::string& file,
                                        Diagnostics& diags, const YamlLimits& limits,
                                        std::string_view stream_key, const ItemHandler* on_item) {
  if (raw.size() > limits.max_bytes) {
    diags.error(SourcePos{file, 0, 0}, "file too large: " + std::to_string(raw.size()) +
                                           " bytes, the limit is " +
                                           std::to_string(limits.max_bytes));
    return std::nullopt;
  }
  Prepared prepared;
  if (!prepare_text(raw, file, diags, prepared)) return std::nullopt;
  const std::string_view text = prepared.rewrote ? std::string_view(prepared.rewritten) : raw;
  try {
    std::vector<YAML::Node> docs;
    BoundsWalk walk;
    try {
      EventReader events(text, limits.max_depth);
      std::size_t seen = 0;
      const TreeBuilder::Stream stream{stream_key, on_item, &file, &walk, &diags, &limits};
      while (true) {
        // Only the first document is streamed: a second one is an error.
        TreeBuilder builder(limits.max_values, seen, on_item && docs.empty() ? &stream : nullptr);
        if (!events.next_document(builder)) break;
        docs.push_back(builder.root());
      }
    } catch (const TreeBuilder::Stopped&) {
      return std::nullopt;
    } catch (const TreeBuilder::Exceeded& e) {
      diags
          .error(SourcePos{file, e.mark.line + 1, e.mark.column + 1},
                 "document too large: more than " + std::to_string(limits.max_values) +
                     " values (the budget of a file); nothing in it was checked")
          .hints.push_back(
              "a brochure's inputs hold a few thousand values; remove what is "
              "not used, or split the file");
      return std::nullopt;
    } catch (const TooDeep& e) {
      diags.error(SourcePos{file, e.mark.line + 1, e.mark.column + 1},
                  "nesting deeper than " + std::to_string(limits.max_depth) + " levels");
      return std::nullopt;
    } catch (const SyntaxError& e) {
      std::string message = "YAML syntax error: " + e.problem;
      if (!e.context.empty())
        message += " (" + e.context + " that starts at line " +
                   std::to_string(e.context_mark.line + 1) + ", column " +
                   std::to_string(e.context_mark.column + 1) + ")";
      Diagnostic& d = diags.error(SourcePos{file, e.mark.line + 1, e.mark.column + 1}, message);
      if (std::string hint = syntax_hint(text, e.mark.line + 1, e.problem); !hint.empty())
        d.hints.push_back(hint);
      return std::nullopt;
    }
    if (docs.size() > 1) {
      // Whichever document holds the content, the other one would be silently ignored.
      diags
          .error(SourcePos{file, second_document_line(text, docs[1]), 1},
                 "a second YAML document in the file; plaquette reads one document per file")
          .hints.push_back("remove the `---` line and what follows, or merge both into one map");
      return std::nullopt;
    }
    YamlDocument doc(docs.empty() ? YAML::Node() : docs.front(), file);
    if (!check_bounds(doc.node(), 0, file, walk, diags, limits)) return std::nullopt;
    return doc;
  } catch (const YAML::Exception& e) {
    diags.error(SourcePos{file, 0, 0}, std::string("cannot read YAML: ") + e.what());
  } catch (const std::bad_alloc&) {
    diags.error(SourcePos{file, 0, 0}, "out of memory while reading YAML");
  } catch (const std::exception& e) {
    diags.error(SourcePos{file, 0, 0}, std::string("cannot read YAML: ") + e.what());
  }
  return std::nullopt;
}

std::optional<YamlDocument> load_file(const std::string& path, Diagnostics& diags,
                                      const YamlLimits& limits, std::string_view stream_key,
                                      const ItemHandler* on_item) {
  ReadError error;
  auto text = read_input_file(path, InputKind::text, error, limits.max_bytes);
  if (!text) {
    if (error.code == ReadError::Code::missing)
      diags.error(SourcePos{path, 0, 0}, "cannot open `" + path + "`")
          .hints.push_back("check the path and that the file is readable");
    else if (error.code == ReadError::Code::too_large)
      diags.error(SourcePos{path, 0, 0}, "file too large: " + error.message);
    else
      diags.error(SourcePos{path, 0, 0}, "cannot read `" + path + "`: " + error.message);
    return std::nullopt;
  }
  return load_string(*text, path, diags, limits, stream_key, on_item);
}

}  // namespace

std::optional<YamlDocument> yaml_load_string(std::string_view text, const std::string& file,
                                             Diagnostics& diags, const YamlLimits& limits) {
  return load_string(text, file, diags, limits, {}, nullptr);
}

std::optional<YamlDocument> yaml_load_file(const std::string& path, Diagnostics& diags,
                                           const YamlLimits& limits) {
  return load_file(path, diags, limits, {}, nullptr);
}

std::optional<YamlDocument> yaml_stream_string(std::string_view text, const std::string& file,
                                               std::string_view key, const ItemHandler& on_item,
                                               Diagnostics& diags, const YamlLimits& limits) {
  return load_string(text, file, diags, limits, key, &on_item);
}

std::optional<YamlDocument> yaml_stream_file(const std::string& path, std::string_view key,
                                             const ItemHandler& on_item, Diagnostics& diags,
                                             const YamlLimits& limits) {
  return load_file(path, diags, limits, key, &on_item);
}

bool is_blank_text(std::string_view s) {
  const auto n = static_cast<std::int32_t>(std::min<std::size_t>(s.size(), INT32_MAX));
  for (std::int32_t i = 0; i < n;) {
    UChar32 c = 0;
    U8_NEXT(reinterpret_cast<const std::uint8_t*>(s.data()), i, n, c);
    if (c < 0) return false;  // not text at all: reported as invalid UTF-8, not as blank
    if (!u_hasBinaryProperty(c, UCHAR_WHITE_SPACE) &&
        !u_hasBinaryProperty(c, UCHAR_DEFAULT_IGNORABLE_CODE_POINT))
      return false;
  }
  return true;
}

// ---- Typo hints ------------------------------------------------------------------------

// Optimal string alignment: insertions, deletions, substitutions and transpositions of
// two neighbours ("titel" → "title") cost 1 each.
std::size_t edit_distance(std::string_view a, std::string_view b) {
  std::vector<std::size_t> prev2(b.size() + 1), prev(b.size() + 1), row(b.size() + 1);
  for (std::size_t j = 0; j <= b.size(); ++j) prev[j] = j;
  for (std::size_t i = 1; i <= a.size(); ++i) {
    row[0] = i;
    for (std::size_t j = 1; j <= b.size(); ++j) {
      row[j] = std::min({prev[j] + 1, row[j - 1] + 1, prev[j - 1] + (a[i - 1] != b[j - 1])});
      if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1])
        row[j] = std::min(row[j], prev2[j - 2] + 1);
    }
    std::swap(prev2, prev);
    std::swap(prev, row);
  }
  return prev[b.size()];
}

std::string closest_match(std::string_view word, const std::vector<std::string>& candidates) {
  // A third of the word's length, at least 1 and at most 3: "spendig" → "spending", while
  // "name" is not offered for "date".
  std::size_t budget = std::clamp<std::size_t>(word.size() / 3, 1, 3);
  std::string best;
  std::size_t best_d = budget + 1;
  for (const std::string& c : candidates) {
    std::size_t d = edit_distance(word, c);
    if (d < best_d) best_d = d, best = c;
  }
  return best;
}

// ---- Reader ----------------------------------------------------------------------------

namespace {

std::string child_path(const std::string& parent, std::string_view key) {
  return parent.empty() ? std::string(key) : parent + "." + std::string(key);
}

std::string quoted(const std::string& s) {
  constexpr std::size_t kMax = 40;
  if (s.size() <= kMax) return "\"" + s + "\"";
  // Cut on a character boundary: a message must stay valid UTF-8.
  std::size_t cut = kMax;
  while (cut > 0 && (static_cast<unsigned char>(s[cut]) & 0xC0) == 0x80) --cut;
  return "\"" + s.substr(0, cut) + "…\"";
}

bool valid_utf8(std::string_view s) {
  const auto n = static_cast<std::int32_t>(std::min<std::size_t>(s.size(), INT32_MAX));
  for (std::int32_t i = 0; i < n;) {
    UChar32 c = 0;
    U8_NEXT(reinterpret_cast<const std::uint8_t*>(s.data()), i, n, c);
    if (c < 0) return false;
  }
  return true;
}

// YAML 1.2 core-schema float syntax, decided here rather than by strtod, which would also
// take "0x1p3", "infinity" or "1,5" depending on the C locale.
bool parse_plain_number(const std::string& s, double& out) {
  if (s.empty()) return false;
  const char* first = s.data();
  const char* last = first + s.size();
  if (*first == '+') ++first;  // from_chars refuses a leading '+'
  auto [ptr, ec] = std::from_chars(first, last, out, std::chars_format::general);
  return ec == std::errc() && ptr == last;
}

// "12 000", "1,5", "12 000": a number typed the French way.
bool looks_grouped(const std::string& s) {
  bool digit = std::any_of(s.begin(), s.end(), [](unsigned char c) { return std::isdigit(c); });
  bool sep = s.find_first_of(" ,") != std::string::npos || s.find("\u00a0") != std::string::npos ||
             s.find("\u202f") != std::string::npos;
  return digit && sep;
}

// "36%", "36 %", "12,5 %": the percentage as the fraction to type instead ("0.36 for 36 %"),
// or "" when `s` is not a number followed by a percent sign.
std::string percent_as_fraction(const std::string& s) {
  if (s.empty() || s.back() != '%') return {};
  std::string number = s.substr(0, s.size() - 1);
  // Any spaces before the sign: ASCII, no-break (U+00A0) and narrow no-break (U+202F).
  for (const char* space : {" ", "\u00a0", "\u202f"}) {
    const std::string sp = space;
    while (number.size() >= sp.size() &&
           number.compare(number.size() - sp.size(), sp.size(), sp) == 0)
      number.erase(number.size() - sp.size());
  }
  std::replace(number.begin(), number.end(), ',', '.');
  double v = 0;
  if (number.empty() || !parse_plain_number(number, v)) return {};
  char buf[64];
  std::snprintf(buf, sizeof buf, "%.10g", v / 100);
  return std::string(buf) + " for " + number + " %";
}

// How a tag is written in the file: "tag:yaml.org,2002:int" is `!!int`.
std::string tag_name(const std::string& tag) {
  const std::string core = "tag:yaml.org,2002:";
  return tag.compare(0, core.size(), core) == 0 ? "!!" + tag.substr(core.size()) : tag;
}

// A tag other than the plain `?` and the quoted `!`: plaquette reads values by where they
// sit, so `!!int 9224` or `!custom x` is a mistake to name as such. `!!str` is what
// quotes mean and is accepted wherever a text is.
bool has_explicit_tag(const YAML::Node& node) {
  const std::string& t = node.Tag();
  return !t.empty() && t != "?" && t != "!";
}

// Number syntax whose value a double cannot hold: "1e400", "-1e400" (overflow), "1e-400"
// (underflow to zero or to a denormal, where ratios built on it are no longer finite).
bool out_of_range_number(const std::string& s, bool& too_small) {
  if (s.empty()) return false;
  const char* first = s.data() + (s[0] == '+');
  const char* last = s.data() + s.size();
  double v = 0;
  auto [ptr, ec] = std::from_chars(first, last, v, std::chars_format::general);
  if (ptr != last) return false;
  if (ec == std::errc::result_out_of_range) {
    // The exponent says which end: "1e400" overflows, "1e-400" underflows.
    std::size_t e = s.find_first_of("eE");
    too_small = e != std::string::npos && e + 1 < s.size() && s[e + 1] == '-';
    return true;
  }
  if (ec == std::errc() && v != 0 && std::fpclassify(v) == FP_SUBNORMAL) {
    too_small = true;
    return true;
  }
  return false;
}

bool is_non_finite_literal(const std::string& s) {
  static const char* const kWords[] = {".inf", "+.inf", "-.inf", ".Inf", "+.Inf", "-.Inf",
                                       ".INF", "+.INF", "-.INF", ".nan", ".NaN",  ".NAN"};
  return std::any_of(std::begin(kWords), std::end(kWords), [&](const char* w) { return s == w; });
}

}  // namespace

Reader::Reader(YAML::Node node, std::string path, std::string file, Diagnostics& diags)
    : node_(std::move(node)), path_(std::move(path)), file_(std::move(file)), diags_(&diags) {
  pos_ = pos_of(node_, file_);
}

Reader::Reader(const YamlDocument& doc, Diagnostics& diags)
    : Reader(doc.node(), "", doc.file(), diags) {}

SourcePos Reader::text_pos() const {
  SourcePos p = pos_;
  // yaml-cpp tags a quoted (or block) scalar "!" and a plain one "?".
  if (node_.IsScalar() && node_.Tag() == "!" && p.line > 0) ++p.col;
  return p;
}

bool Reader::is_null() const { return !node_.IsDefined() || node_.IsNull(); }

Diagnostic& Reader::error(const std::string& message) const {
  std::string where = path_.empty() ? "top level" : "`" + path_ + "`";
  return diags_->error(pos_, where + ": " + message);
}

std::string Reader::describe() const {
  if (is_null()) return "nothing";
  if (node_.IsSequence()) return "a list";
  if (node_.IsMap()) return "a map";
  if (has_explicit_tag(node_) && node_.Tag() != "tag:yaml.org,2002:str")
    return "the value " + quoted(node_.Scalar()) + " tagged `" + tag_name(node_.Tag()) + "`";
  double v = 0;
  if (plain_number(v)) return "the number " + node_.Scalar();
  return (node_.Tag() == "?" ? "a string " : "a quoted string ") + quoted(node_.Scalar());
}

// `black: #33aaff`: an RGB colour in hex starts a YAML comment, so the value is empty. The
// hint for it, from the line of the empty value or the entry above it (read again: this is
// the error path only), or "".
static std::string hex_comment_hint(const std::string& file, int line) {
  if (line <= 0 || file.empty()) return {};
  ReadError error;
  const auto text = read_input_file(file, InputKind::text, error);
  if (!text) return {};
  if (std::string hint = hex_comment_in(line_of(*text, line)); !hint.empty()) return hint;
  // A null's position is the next token's: the entry is the content line above.
  for (int above = line - 1; above > 0; --above) {
    const std::string_view l = line_of(*text, above);
    const std::size_t c = l.find_first_not_of(' ');
    if (c == std::string_view::npos || l[c] == '#') continue;
    return hex_comment_in(l);
  }
  return {};
}

void Reader::expected(const std::string& what) const {
  Diagnostic& d = error("expected " + what + ", found " + describe());
  if (is_null())
    if (std::string hint = hex_comment_hint(file_, pos_.line); !hint.empty())
      d.hints.push_back(hint);
}

bool Reader::plain_number(double& out) const {
  return node_.IsScalar() && node_.Tag() == "?" && parse_plain_number(node_.Scalar(), out);
}

void Reader::expected_number(const std::string& what) const {
  Diagnostic& d = error("expected " + what + ", found " + describe());
  double v = 0;
  if (!node_.IsScalar()) return;
  const std::string& s = node_.Scalar();
  if (has_explicit_tag(node_) && node_.Tag() != "tag:yaml.org,2002:str")
    d.hints.push_back("remove the tag `" + tag_name(node_.Tag()) +
                      "`: plaquette knows a number from its place and needs no YAML tag");
  else if (node_.Tag() != "?" && parse_plain_number(s, v))
    d.hints.push_back("remove the quotes");
  else if (std::string f = percent_as_fraction(s); !f.empty())
    d.hints.push_back("write a percentage as a fraction: " + f);
  else if (looks_grouped(s))
    d.hints.push_back("write numbers without grouping spaces, with a decimal point if any: 1234.5");
}

bool Reader::out_of_range(const char* what) const {
  bool too_small = false;
  if (!node_.IsScalar() || node_.Tag() != "?" || !out_of_range_number(node_.Scalar(), too_small))
    return false;
  error(std::string(what) + " out of range: " + quoted(node_.Scalar()) +
        (too_small ? " is too close to zero to compute with (under 2.2e-308)"
                   : " is beyond the largest number, 1.8e308"))
      .hints.push_back(too_small ? "write 0, or a value in the units the key expects"
                                 : "check the number of digits and the exponent");
  return true;
}

std::optional<Located<double>> Reader::number() const {
  double v = 0;
  bool infinite = node_.IsScalar() && node_.Tag() == "?" && is_non_finite_literal(node_.Scalar());
  if (!infinite && out_of_range("number")) return std::nullopt;
  // A quoted scalar is a string in YAML even when it looks like a number.
  if (!infinite && !plain_number(v)) return expected_number("a number"), std::nullopt;
  if (infinite || !std::isfinite(v)) {
    error("expected a finite number, found " + quoted(node_.Scalar()));
    return std::nullopt;
  }
  // -0 is 0: it passes every "≥ 0" check and would print as "-0 €".
  if (v == 0) v = 0;
  return Located<double>{v, pos_};
}

std::optional<Located<std::int64_t>> Reader::integer() const {
  double v = 0;
  if (out_of_range("whole number")) return std::nullopt;
  if (!plain_number(v)) return expected_number("a whole number"), std::nullopt;
  const std::string& s = node_.Scalar();
  std::int64_t i = 0;
  const char* first = s.data() + (s[0] == '+');
  const char* last = s.data() + s.size();
  auto [ptr, ec] = std::from_chars(first, last, i);
  if (ec == std::errc() && ptr == last) return Located<std::int64_t>{i, pos_};
  constexpr double kExact = 9007199254740992.0;  // 2^53: beyond, doubles skip integers
  if (std::isfinite(v) && std::fabs(v) > kExact) {
    error("whole number out of range: " + quoted(s) + " is beyond 2^53 = 9007199254740992")
        .hints.push_back("check the number of digits");
    return std::nullopt;
  }
  if (!std::isfinite(v) || v != std::floor(v)) {
    error("expected a whole number, found " + quoted(s));
    return std::nullopt;
  }
  return Located<std::int64_t>{static_cast<std::int64_t>(v), pos_};
}

std::optional<Located<std::string>> Reader::string() const {
  if (!node_.IsScalar()) return expected("a text"), std::nullopt;
  if (has_explicit_tag(node_) && node_.Tag() != "tag:yaml.org,2002:str") {
    error("expected a text, found " + describe())
        .hints.push_back("remove the tag `" + tag_name(node_.Tag()) +
                         "`: plaquette uses no YAML tags");
    return std::nullopt;
  }
  if (node_.Scalar().size() > kMaxTextBytes) {
    error("text too long: " + std::to_string(node_.Scalar().size()) + " bytes, at most " +
          std::to_string(kMaxTextBytes))
        .hints.push_back("a brochure text is a few paragraphs at most");
    return std::nullopt;
  }
  if (!valid_utf8(node_.Scalar())) {
    // Defensive: the file was checked when loaded, and yaml-cpp refuses "\\uD800".
    error("text is not valid UTF-8").hints.push_back("save the file as UTF-8");
    return std::nullopt;
  }
  // Escapes ("\\0", "\\x1b") reach here too. A NUL would cut the PDF's /Author short; other
  // controls print as nothing or move a terminal's cursor. Line ends and tabs are text.
  const std::string& s = node_.Scalar();
  for (std::size_t i = 0; i < s.size(); ++i) {
    const auto c = static_cast<unsigned char>(s[i]);
    const bool c1 = c == 0xC2 && i + 1 < s.size() && static_cast<unsigned char>(s[i + 1]) <= 0x9F;
    if ((c < 0x20 && c != '\n' && c != '\t') || c == 0x7F || c1) {
      char buf[8];
      std::snprintf(buf, sizeof buf, "U+%04X", c1 ? static_cast<unsigned char>(s[i + 1]) : c);
      error(std::string("text contains the control character ") + buf)
          .hints.push_back("remove it (an escape such as \\0 or \\x1b in a quoted text)");
      return std::nullopt;
    }
  }
  return Located<std::string>{s, pos_};
}

std::optional<Located<bool>> Reader::boolean() const {
  if (node_.IsScalar() && node_.Tag() == "?") {
    std::string s = node_.Scalar();
    std::transform(s.begin(), s.end(), s.begin(), [](unsigned char c) { return std::tolower(c); });
    if (s == "true" || s == "yes" || s == "on") return Located<bool>{true, pos_};
    if (s == "false" || s == "no" || s == "off") return Located<bool>{false, pos_};
  }
  expected("true or false");
  return std::nullopt;
}

std::optional<Localized> Reader::localized() const {
  if (!node_.IsMap()) {
    Diagnostic& d = error("expected texts by locale, found " + describe());
    if (node_.IsScalar() && node_.Scalar().size() <= 80)
      d.hints.push_back("write `{fr: " + node_.Scalar() + "}`");
    return std::nullopt;
  }
  MapReader m(*this);
  Localized out;
  out.pos = pos_;
  bool ok = true;
  for (auto& [key, value] : m.entries()) {
    // BCP 47 shape, loosely: "fr", "en", "nl-BE", "fr-x-simple".
    bool shape = key.value.size() >= 2 && std::islower(static_cast<unsigned char>(key.value[0]));
    for (char c : key.value) shape &= std::isalnum(static_cast<unsigned char>(c)) || c == '-';
    if (!shape) {
      diags_->error(key.pos, "`" + value.path() + "`: `" + key.value + "` is not a locale code")
          .hints.push_back("use codes such as fr, en, nl-BE");
      ok = false;
      continue;
    }
    auto text = value.string();
    if (!text) {
      ok = false;
      continue;
    }
    out.texts.emplace(key.value, std::move(*text));
  }
  if (!ok) return std::nullopt;
  return out;
}

std::optional<MapReader> Reader::map() const {
  MapReader m(*this);
  if (!m.ok()) return std::nullopt;
  return m;
}

std::optional<std::vector<Reader>> Reader::list() const {
  if (!node_.IsSequence()) return expected("a list"), std::nullopt;
  std::vector<Reader> items;
  std::size_t i = 0;
  for (const YAML::Node& child : node_)
    items.emplace_back(child, path_ + "[" + std::to_string(i++) + "]", file_, *diags_);
  return items;
}

// ---- MapReader -------------------------------------------------------------------------

MapReader::MapReader(const Reader& reader) : self_(reader) {
  if (!self_.node().IsMap()) {
    self_.expected("a map of `key: value` lines");
    return;
  }
  ok_ = true;
  for (const auto& kv : self_.node()) {
    SourcePos key_pos = pos_of(kv.first, self_.file());
    if (!kv.first.IsScalar()) {
      diags().error(key_pos, "keys must be plain names");
      continue;
    }
    const std::string& key = kv.first.Scalar();
    auto [at, fresh] = index_.emplace(key, entries_.size());
    if (!fresh) {
      const Entry* first = &entries_[at->second];
      diags().error(key_pos, "duplicate key `" + key + "` in " +
                                 (path().empty() ? "top level" : "`" + path() + "`"));
      diags().note(first->key_pos, "first defined here");
      continue;
    }
    entries_.push_back(Entry{key, key_pos, kv.second, false});
  }
}

MapReader::MapReader(const YamlDocument& doc, Diagnostics& diags) : MapReader(Reader(doc, diags)) {}

MapReader::Entry* MapReader::find(std::string_view key) {
  auto it = index_.find(std::string(key));
  return it == index_.end() ? nullptr : &entries_[it->second];
}

std::optional<Reader> MapReader::get(std::string_view key, Need need) {
  if (!ok_) return std::nullopt;
  if (std::find(asked_.begin(), asked_.end(), key) == asked_.end()) asked_.emplace_back(key);
  Entry* e = find(key);
  if (e) e->known = true;
  if (!e) {
    if (need == required)
      diags().error(pos(), "missing required key `" + std::string(key) + "` in " +
                               (path().empty() ? "top level" : "`" + path() + "`"));
    return std::nullopt;
  }
  Reader r(e->value, child_path(path(), key), self_.file(), diags());
  // yaml-cpp marks an empty value at the start of the next line; the key is clearer.
  if (r.is_null()) {
    r.pos_ = e->key_pos;
    if (need == required) r.error("a value is required here");
    return std::nullopt;
  }
  return r;
}

bool MapReader::has(std::string_view key) {
  if (!ok_) return false;
  if (std::find(asked_.begin(), asked_.end(), key) == asked_.end()) asked_.emplace_back(key);
  Entry* e = find(key);
  if (e) e->known = true;
  return e != nullptr;
}

void MapReader::allow(std::initializer_list<std::string_view> keys) {
  for (std::string_view k : keys) has(k);
}

std::optional<Located<std::int64_t>> MapReader::integer(std::string_view key, Need need) {
  auto r = get(key, need);
  return r ? r->integer() : std::nullopt;
}
std::optional<Located<double>> MapReader::number(std::string_view key, Need need) {
  auto r = get(key, need);
  return r ? r->number() : std::nullopt;
}
std::optional<Located<std::string>> MapReader::string(std::string_view key, Need need) {
  auto r = get(key, need);
  return r ? r->string() : std::nullopt;
}
std::optional<Located<bool>> MapReader::boolean(std::string_view key, Need need) {
  auto r = get(key, need);
  return r ? r->boolean() : std::nullopt;
}
std::optional<Localized> MapReader::localized(std::string_view key, Need need) {
  auto r = get(key, need);
  return r ? r->localized() : std::nullopt;
}
std::optional<MapReader> MapReader::map(std::string_view key, Need need) {
  auto r = get(key, need);
  return r ? r->map() : std::nullopt;
}
std::optional<std::vector<Reader>> MapReader::list(std::string_view key, Need need) {
  auto r = get(key, need);
  return r ? r->list() : std::nullopt;
}

std::vector<MapReader> MapReader::maps(std::string_view key, Need need) {
  std::vector<MapReader> out;
  if (auto items = list(key, need))
    for (const Reader& item : *items)
      if (auto m = item.map()) out.push_back(std::move(*m));
  return out;
}

std::vector<std::pair<Located<std::string>, Reader>> MapReader::entries() {
  std::vector<std::pair<Located<std::string>, Reader>> out;
  for (Entry& e : entries_) {
    e.known = true;
    out.emplace_back(Located<std::string>{e.key, e.key_pos},
                     Reader(e.value, child_path(path(), e.key), self_.file(), diags()));
  }
  return out;
}

void MapReader::finish() {
  for (const Entry& e : entries_) {
    if (e.known) continue;
    Diagnostic& d =
        diags().error(e.key_pos, "unknown key `" + e.key + "` in " +
                                     (path().empty() ? "top level" : "`" + path() + "`"));
    std::string guess = closest_match(e.key, asked_);
    if (!guess.empty()) {
      d.hints.push_back("did you mean `" + guess + "`?");
    } else if (!asked_.empty()) {
      std::string all;
      for (const std::string& k : asked_) all += (all.empty() ? "" : ", ") + k;
      d.hints.push_back("expected one of: " + all);
    }
  }
}

}  // namespace plaquette::model
