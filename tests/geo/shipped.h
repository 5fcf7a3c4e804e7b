// The shipped outlines of the five départements (data/geo), read as the tests use them.
#pragma once

#include <optional>

#include "geo/geojson.h"

namespace plaquette::geo {

/// data/geo/hauts-de-france.geojson, its coordinates taken as they are (planar).
inline std::optional<Shapes> shipped_outlines() {
  ReadOptions options;
  options.coordinates = Coordinates::planar;
  Diagnostics diags;
  return read_geojson(PLAQUETTE_SOURCE_DIR "/data/geo/hauts-de-france.geojson", {}, options, diags);
}

}  // namespace plaquette::geo
