#include "layout/blocks/blocks.h"

#include <algorithm>
#include <array>

#include "layout/blocks/read.h"

// The table: one line per kind, in the order of layouts/README.md (and of the choices
// that an unknown `type:` lists). X(name) is the unit `name##_block` that
// blocks/<name>.cc defines.
#define PLAQUETTE_BLOCK_KINDS(X) \
  X(rect)                        \
  X(rule)                        \
  X(text)                        \
  X(stat)                        \
  X(list)                        \
  X(icon)                        \
  X(chart)                       \
  X(map)                         \
  X(group)                       \
  X(stack)                       \
  X(repeat)

namespace plaquette::layout {
namespace blocks {

#define PLAQUETTE_DECLARE_UNIT(name) extern const BlockUnit name##_block;
PLAQUETTE_BLOCK_KINDS(PLAQUETTE_DECLARE_UNIT)
#undef PLAQUETTE_DECLARE_UNIT

}  // namespace blocks

namespace {

#define PLAQUETTE_UNIT_ENTRY(name) &blocks::name##_block,
const std::array kUnits = {PLAQUETTE_BLOCK_KINDS(PLAQUETTE_UNIT_ENTRY)};
#undef PLAQUETTE_UNIT_ENTRY

}  // namespace

std::span<const BlockUnit* const> block_units() { return kUnits; }

const BlockUnit* find_block_unit(std::string_view name) {
  auto it = std::find_if(kUnits.begin(), kUnits.end(),
                         [&](const BlockUnit* u) { return u->name == name; });
  return it == kUnits.end() ? nullptr : *it;
}

std::string_view Block::type() const { return unit ? unit->name : std::string_view(); }

ListBinding BlockReader::binding(model::MapReader& m, bool named) {
  ListBinding l;
  l.over = read_string(m, "over", "", &l.pos);
  if (l.over.empty()) m.get("over");
  if (named) {
    l.as = read_string(m, "as", "item");
    l.query = read_query(m);
  }
  return l;
}

}  // namespace plaquette::layout
