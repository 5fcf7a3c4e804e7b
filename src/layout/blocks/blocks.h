// The block kinds, one table: each kind's layout name and the Engine member that places it
// (its file under src/layout/blocks/). Adding a kind is a file and a line in the table (and
// its reading in spec.cc, its docs in layouts/README.md and its reference in
// tests/layout/blocks/).
#pragma once

#include <span>
#include <string_view>

#include "layout/engine_impl.h"

namespace plaquette::layout {

/// One block kind: how layouts name it and how it is placed.
struct BlockUnit {
  std::string_view name;  ///< `type:` in a layout (`chart` with its `kind:` for charts)
  BlockKind kind;
  ChartKind chart;  ///< which chart, for BlockKind::chart
  Placed (Engine::*place)(const Block&, const Box&, bool auto_height, const Env&);
};

/// Every block kind, in the order of layouts/README.md.
std::span<const BlockUnit> block_units();

/// The unit that places `b`.
const BlockUnit& block_unit(const Block& b);

}  // namespace plaquette::layout
