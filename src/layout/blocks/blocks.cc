#include "layout/blocks/blocks.h"

#include <array>

namespace plaquette::layout {
namespace {

constexpr std::array<BlockUnit, 12> kUnits = {{
    {"rect", BlockKind::rect, ChartKind::donut, &Engine::place_rect},
    {"rule", BlockKind::rule, ChartKind::donut, &Engine::place_rule},
    {"text", BlockKind::text, ChartKind::donut, &Engine::place_text},
    {"stat", BlockKind::stat, ChartKind::donut, &Engine::place_stat},
    {"list", BlockKind::list, ChartKind::donut, &Engine::place_list},
    {"icon", BlockKind::icon, ChartKind::donut, &Engine::place_icon},
    {"chart donut", BlockKind::chart, ChartKind::donut, &Engine::place_donut},
    {"chart bars", BlockKind::chart, ChartKind::bars, &Engine::place_bars},
    {"map", BlockKind::map, ChartKind::donut, &Engine::place_map},
    {"group", BlockKind::group, ChartKind::donut, &Engine::place_group},
    {"stack", BlockKind::stack, ChartKind::donut, &Engine::place_stack},
    {"repeat", BlockKind::repeat, ChartKind::donut, &Engine::place_repeat},
}};

}  // namespace

std::span<const BlockUnit> block_units() { return kUnits; }

const BlockUnit& block_unit(const Block& b) {
  for (const BlockUnit& u : kUnits)
    if (u.kind == b.kind && (b.kind != BlockKind::chart || u.chart == b.chart)) return u;
  // Every BlockKind and ChartKind has a row (tests/layout/blocks_test.cc checks it), so
  // this is not reached; a group places nothing of its own.
  return kUnits[9];
}

}  // namespace plaquette::layout
