// YAML loading for every input of plaquette (data, layout, catalogs): parsing that never
// throws, defences against hostile files, and typed readers that collect every problem.
//
// Typical use, for a loader of some `thing.yaml`:
//
//   Diagnostics diags;
//   auto doc = model::yaml_load_file(path, diags);      // parse + size/alias/depth limits
//   if (!doc) return std::nullopt;
//   model::MapReader root(doc->root(), diags);          // errors if the top level is not a map
//   auto title = root.localized("title");               // required: error when missing
//   auto width = root.number("width", model::optional); // optional: nullopt, no error
//   for (model::MapReader item : root.maps("items")) {  // path "items[0]", "items[1]"...
//     auto name = item.string("name");
//     item.finish();                                     // unknown keys + did-you-mean
//   }
//   root.finish();
//
// Every getter returns std::optional: nullopt means "absent or wrong", and in the wrong
// case an error has already been recorded, so callers simply skip the value.
#pragma once

#include <yaml-cpp/yaml.h>

#include <cstddef>
#include <cstdint>
#include <functional>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <utility>
#include <vector>

#include "base/diag.h"
#include "model/located.h"

namespace plaquette::model {

/// Bounds that keep a hostile or broken file from exhausting time or memory.
struct YamlLimits {
  std::size_t max_bytes = 8u << 20;   ///< files larger than this are refused unread
  std::size_t max_nodes = 1'000'000;  ///< nodes visited with aliases expanded (alias bombs)
  /// Values typed in the file, counted as the parser gives them, while the tree is built
  /// (it stops there): a yaml-cpp tree takes about 1 KB a value, so 300 000 keys would cost
  /// 300 MB. A brochure's data holds a few thousand.
  std::size_t max_values = 100'000;
  int max_depth = 64;  ///< nesting, refused as a list or map opens; real inputs stay under 10
  /// Bytes of keys and values with aliases expanded: one 60 KB text aliased 3 000 times is
  /// 9 000 values but 180 MB, which every reader would then copy.
  std::size_t max_expanded_bytes = 16u << 20;
};

/// Longest text one value may hold, in bytes. A brochure's longest texts are a few hundred
/// bytes; laying out megabytes of text in one frame would take minutes and gigabytes.
inline constexpr std::size_t kMaxTextBytes = 64 * 1024;

/// A parsed, bounded YAML document. Walking it with aliases expanded is known to stay
/// within the limits it was loaded with, so readers need no further guard.
class YamlDocument {
 public:
  YamlDocument(YAML::Node root, std::string file)
      : root_(std::move(root)), file_(std::move(file)) {}
  /// The top-level node.
  const YAML::Node& node() const { return root_; }
  /// The name used in diagnostics (the path as given, or a display name for strings).
  const std::string& file() const { return file_; }

 private:
  YAML::Node root_;
  std::string file_;
};

/// Reads and parses a file. Unreadable, oversized, malformed, too deep or alias-bombed
/// input is reported (with file:line:col when known) and gives nullopt. Never throws.
/// A file holds one YAML document; invalid UTF-8 and control characters other than tab
/// and line ends are errors at their position; CR-only line ends are read as line ends.
std::optional<YamlDocument> yaml_load_file(const std::string& path, Diagnostics& diags,
                                           const YamlLimits& limits = {});

/// Same as yaml_load_file for text already in memory; `file` names it in diagnostics.
std::optional<YamlDocument> yaml_load_string(std::string_view text, const std::string& file,
                                             Diagnostics& diags, const YamlLimits& limits = {});

/// Receives each item of a streamed list (yaml_stream_file): the item and its index.
using ItemHandler = std::function<void(const YAML::Node& item, std::size_t index)>;

/// yaml_load_file for a document whose top-level map holds under `key` a list that may be
/// long (an editions list of thousands of entries): each item of that list is built as a
/// tree of its own, handed to `on_item` as soon as it is read, then dropped, so that memory
/// holds one item at a time instead of the whole list. The document returned holds the
/// rest, with that list empty (when the value under `key` is not a list, or is given twice,
/// the first list only is streamed and everything else is built as usual). Every check of
/// yaml_load_file holds over the whole document, with the same messages: size, encoding,
/// syntax, one document, the values budget while scanning, and the depth, node and byte
/// bounds with aliases expanded (checked item by item as they come, then on the rest).
/// When it gives nullopt, items before the problem may have been handed over: the caller
/// drops what it made of them (and their diagnostics).
std::optional<YamlDocument> yaml_stream_file(const std::string& path, std::string_view key,
                                             const ItemHandler& on_item, Diagnostics& diags,
                                             const YamlLimits& limits = {});

/// Same as yaml_stream_file for text already in memory; `file` names it in diagnostics.
std::optional<YamlDocument> yaml_stream_string(std::string_view text, const std::string& file,
                                               std::string_view key, const ItemHandler& on_item,
                                               Diagnostics& diags, const YamlLimits& limits = {});

/// Position of a node as 1-based line and column (yaml-cpp marks are 0-based).
SourcePos pos_of(const YAML::Node& node, const std::string& file);

/// True when `text` shows nothing: only characters with Unicode's White_Space or
/// Default_Ignorable_Code_Point property (U+00A0, U+200B, U+3000, U+2060...), or none.
bool is_blank_text(std::string_view text);

/// Levenshtein distance, for "did you mean" hints.
std::size_t edit_distance(std::string_view a, std::string_view b);

/// The candidate closest to `word` if it is plausibly a typo of it, else "".
std::string closest_match(std::string_view word, const std::vector<std::string>& candidates);

/// Whether a key must be present.
enum Need { required, optional };

class MapReader;

/// One YAML node with its key path ("departements[2].spending") and file, converted to
/// typed values on request. Each failed conversion records one error and gives nullopt.
/// Holds a pointer to the Diagnostics, which must outlive it.
class Reader {
 public:
  /// Reads `node` of `file`; `path` is how messages name it ("" for the top level).
  Reader(YAML::Node node, std::string path, std::string file, Diagnostics& diags);
  /// Reads the top level of a loaded document.
  Reader(const YamlDocument& doc, Diagnostics& diags);

  const YAML::Node& node() const { return node_; }
  /// Key path used in messages, e.g. "themes[1].axes[0]".
  const std::string& path() const { return path_; }
  const std::string& file() const { return file_; }
  Diagnostics& diags() const { return *diags_; }
  /// Where the node was typed.
  SourcePos pos() const { return pos_; }
  /// Where the text of a scalar starts: past the opening quote of a quoted one, so that a
  /// place inside a template can be given as a column (exact for a text on one line).
  SourcePos text_pos() const;
  /// True for `~`, `null` or an empty value.
  bool is_null() const;

  /// A whole number in [-2^53, 2^53]; "1e3" and "12.0" are accepted, "12.5" is not.
  std::optional<Located<std::int64_t>> integer() const;
  /// A finite decimal number ("0.36", "1e6"); quoted numbers are refused with a hint.
  std::optional<Located<double>> number() const;
  /// Any scalar as its raw UTF-8 text (checked to be valid UTF-8).
  std::optional<Located<std::string>> string() const;
  /// true/false (also yes/no/on/off, as YAML 1.1 writers produce them).
  std::optional<Located<bool>> boolean() const;
  /// A map locale → text, e.g. `{fr: Proximité, en: Local presence}`.
  std::optional<Localized> localized() const;
  /// The node as a map; records an error unless it is one.
  std::optional<MapReader> map() const;
  /// The items of a sequence, with paths "path[i]"; records an error unless it is one.
  std::optional<std::vector<Reader>> list() const;

  /// Records an error at this node, naming its path; returns it for hints.
  Diagnostic& error(const std::string& message) const;

 private:
  friend class MapReader;
  /// "a string", "a list"... for "expected X, found Y" messages.
  std::string describe() const;
  void expected(const std::string& what) const;
  bool plain_number(double& out) const;
  /// Reports number syntax a double cannot hold ("1e400", "4.9e-324"); true if it was.
  bool out_of_range(const char* what) const;
  void expected_number(const std::string& what) const;

  YAML::Node node_;
  std::string path_;
  std::string file_;
  SourcePos pos_;
  Diagnostics* diags_;
};

/// A YAML map read key by key. Every key asked for (or `allow`ed) becomes known; `finish`
/// then reports every other key as unknown, with a "did you mean" hint. Duplicate keys and
/// non-scalar keys are reported on construction. A MapReader built from a non-map records
/// one error and then answers nullopt everywhere without further errors.
class MapReader {
 public:
  /// Wraps `reader`'s node, which must be a map.
  explicit MapReader(const Reader& reader);
  /// Reads the top level of a loaded document.
  MapReader(const YamlDocument& doc, Diagnostics& diags);

  /// False when the node was not a map.
  bool ok() const { return ok_; }
  const std::string& path() const { return self_.path(); }
  SourcePos pos() const { return self_.pos(); }
  /// Reader of the map itself (for errors about it as a whole).
  const Reader& self() const { return self_; }
  Diagnostics& diags() const { return self_.diags(); }

  /// The value under `key`. Missing or null: error if required, nullopt either way.
  std::optional<Reader> get(std::string_view key, Need need = required);
  /// True if the key is present (marks it known).
  bool has(std::string_view key);
  /// Marks keys as known without reading them (e.g. comments kept for humans).
  void allow(std::initializer_list<std::string_view> keys);

  /// Typed shortcuts for get(key, need) followed by the Reader conversion.
  std::optional<Located<std::int64_t>> integer(std::string_view key, Need need = required);
  std::optional<Located<double>> number(std::string_view key, Need need = required);
  std::optional<Located<std::string>> string(std::string_view key, Need need = required);
  std::optional<Located<bool>> boolean(std::string_view key, Need need = required);
  std::optional<Localized> localized(std::string_view key, Need need = required);
  std::optional<MapReader> map(std::string_view key, Need need = required);
  std::optional<std::vector<Reader>> list(std::string_view key, Need need = required);
  /// Items of a list that are maps; items that are not are reported and skipped.
  std::vector<MapReader> maps(std::string_view key, Need need = required);

  /// For maps whose keys are data (locales, style names): every entry in document order,
  /// each marked known. The key's value is its text, its pos where the key was typed.
  std::vector<std::pair<Located<std::string>, Reader>> entries();

  /// Reports keys never asked for. Call once, after every getter.
  void finish();

 private:
  struct Entry {
    std::string key;
    SourcePos key_pos;
    YAML::Node value;
    bool known = false;
  };
  Entry* find(std::string_view key);

  Reader self_;
  bool ok_ = false;
  std::vector<Entry> entries_;
  // Key → index in entries_: finding a key must not scan them all, or a map of 300 000
  // keys (every one unknown) takes minutes.
  std::unordered_map<std::string, std::size_t> index_;
  std::vector<std::string> asked_;  // every key asked for, for did-you-mean candidates
};

}  // namespace plaquette::model
