// The `chart` block (blocks/chart.cc): its properties, and the drawing of each flavour
// (`kind:`), one file each (chart_donut.cc, chart_bars.cc).
#pragma once

#include <string>
#include <vector>

#include "layout/blocks/blocks.h"

namespace plaquette::layout::chart {

/// Chart flavours.
enum class Kind { donut, bars };

struct Chart final : BlockProps {
  Kind kind = Kind::donut;
  ListBinding list;
  std::string value;                ///< field of each item giving the value
  std::vector<std::string> colors;  ///< palette names, cycled over items
  double hole = 0.55;               ///< donut: inner radius / outer radius
  double separator = 1;             ///< donut: gap between segments, points
  std::string separator_color;      ///< donut: palette colour of the gap (the paper's)
  double gap = 0;                   ///< bars: between bars, points
  std::string label_style;          ///< donut: style of the centre label
  std::string label;                ///< donut: template of the centre label
  SourcePos label_pos;
};

/// Draws the values (checked: at least one, none negative, a positive total) in `box`.
Placed donut(Engine& e, const Block& b, const Chart& c, const std::vector<double>& values,
             const Box& box, const Env& env);
Placed bars(Engine& e, const Block& b, const Chart& c, const std::vector<double>& values,
            const Box& box, const Env& env);

}  // namespace plaquette::layout::chart
