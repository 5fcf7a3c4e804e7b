// The `map` block's keys, as read from the layout (src/layout/blocks/map.cc reads and places
// it): a choropleth of the areas of a geometry file, bound to a list of the data.
#pragma once

#include <string>
#include <vector>

#include "base/diag.h"
#include "text/format.h"

namespace plaquette::model {
class MapReader;
}

namespace plaquette::layout {

/// What a map block draws and how (layouts/README.md, `map`).
struct MapSpec {
  std::string shapes;  ///< the GeoJSON file, resolved against the layout's folder
  SourcePos shapes_pos;
  bool planar = false;                 ///< coordinates used as they are, y down (an SVG's)
  std::string code_property = "code";  ///< the feature property holding an area's code
  std::string over;                    ///< the list bound to, one item per area
  SourcePos over_pos;
  std::string as = "item";    ///< the item's name in templates
  std::string code = "code";  ///< the item's field matched with the feature's code
  std::string value;          ///< the item's number field that picks the class
  SourcePos value_pos;
  std::size_t classes = 0;  ///< number of classes (colours used)
  SourcePos classes_pos;
  std::vector<double> breaks;  ///< given bounds (classes + 1), or empty for quantiles
  SourcePos breaks_pos;
  std::vector<std::string> colors;  ///< palette names, one per class, lightest first
  SourcePos colors_pos;
  std::string stroke;   ///< palette name of the outlines ("" = none)
  double weight = 0.5;  ///< outline width, points
  std::string label;    ///< template per area, at its pole of inaccessibility
  SourcePos label_pos;
  std::string label_style;
  SourcePos label_style_pos;
  std::string highlight;  ///< template giving the code of one area to outline
  SourcePos highlight_pos;
  std::string highlight_stroke;
  double highlight_weight = 1.5;
  std::string legend_style;  ///< "" = no legend
  SourcePos legend_style_pos;
  text::NumberFormat legend_format;
  bool legend_format_given = false;
  std::string legend_separator = " – ";
  bool legend_below = false;  ///< `position: bottom`: under the map, not in a column at its right
  double legend_width = 0;    ///< the legend's column, right of the map
  double swatch = 8;          ///< side of a legend swatch, points
  std::string attribution;    ///< template printed under the map (the outlines' credit)
  SourcePos attribution_pos;
  std::string attribution_style;
  SourcePos attribution_style_pos;
};

/// The layout's checks that a map's keys need (palette, styles) and where its files are.
struct MapKeyChecks {
  std::string layout_dir;  ///< `shapes` resolves against it
  /// Checks a palette colour or a style name where it is written (false: reported).
  bool (*colour)(void* ctx, const std::string& name, const SourcePos& pos);
  bool (*style)(void* ctx, const std::string& name, const SourcePos& pos);
  void* ctx;
};

/// Reads the keys of a `map` block (after the keys every block has); every problem is an
/// error where it is written.
MapSpec read_map(model::MapReader& m, const MapKeyChecks& checks);

}  // namespace plaquette::layout
