// What the block kinds read their keys with: the typed readers of read.h, and the checks
// that need the rest of the layout (palette, styles) or the reading of child blocks.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "layout/blocks/blocks.h"
#include "layout/read.h"

namespace plaquette::layout {

/// The layout being read, as a block kind sees it while reading its keys.
class BlockReader {
 public:
  /// A palette name, checked where it is written.
  virtual std::string colour(model::MapReader& m, std::string_view key, model::Need need) = 0;
  /// A list of palette names (`colors:`), each checked; at least one when given.
  virtual std::vector<std::string> colours(model::MapReader& m, model::Need need) = 0;
  /// A style name, checked where it is written.
  virtual std::string style(model::MapReader& m, std::string_view key, model::Need need) = 0;
  /// A file the layout names under `key` (a map's `shapes`): its path resolved against the
  /// layout's folder, recorded among the layout's files (`Layout::files`, which the CLI
  /// keeps inside the project folder before anything is read); "" when absent or empty.
  virtual std::string file(model::MapReader& m, std::string_view key, const std::string& what,
                           model::Need need, SourcePos* pos) = 0;
  /// The blocks under `blocks:`, read into `parent.children`.
  virtual void children(model::MapReader& m, Block& parent) = 0;

  /// The list a block is bound to: `over:` (required) and, with `named`, `as:`.
  ListBinding binding(model::MapReader& m, bool named);

 protected:
  ~BlockReader() = default;
};

}  // namespace plaquette::layout
