// The block kinds, one table (blocks.cc): each kind's layout name, how its keys are read
// and how it is placed, all three in its own file under src/layout/blocks/. Adding a kind
// is that file and one line in the table (plus its docs in layouts/README.md and its
// reference in tests/layout/blocks/).
#pragma once

#include <span>
#include <string_view>

#include "layout/engine_impl.h"

namespace plaquette::model {
class MapReader;
}

namespace plaquette::layout {

class BlockReader;

/// One block kind: how layouts name it, how its keys are read, how it is placed.
struct BlockUnit {
  std::string_view name;  ///< `type:` in a layout
  /// Reads the kind's own keys into `b` (its props, and its bleed or children if it has
  /// any) after the keys every block has; reports every problem where it is written. The
  /// caller reports the keys nobody read.
  void (*read)(BlockReader& r, model::MapReader& m, Block& b);
  /// Places `b` in `box` (its frame, resolved): its items and the height it took. With
  /// `auto_height` (in a stack, without a height of its own) it takes its natural height,
  /// not the box's.
  Placed (*place)(Engine& e, const Block& b, const Box& box, bool auto_height, const Env& env);
};

/// Every block kind, in the order of layouts/README.md.
std::span<const BlockUnit* const> block_units();

/// The unit named `name`, or nullptr.
const BlockUnit* find_block_unit(std::string_view name);

}  // namespace plaquette::layout
