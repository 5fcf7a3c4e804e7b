// Reading map outlines from GeoJSON (RFC 7946): a FeatureCollection with one feature per
// area, each a Polygon or a MultiPolygon, and a property holding the area's code. Parsed
// with nlohmann-json; the file is bounded (size, nesting, number of positions) before it is
// parsed, and every problem is reported at its file:line:col.
#pragma once

#include <cstddef>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "base/diag.h"
#include "geo/geometry.h"
#include "geo/polylabel.h"

namespace plaquette::geo {

/// Positions a geometry file may hold, all features together (the 96 départements of
/// metropolitan France at 1:1 000 000 take about 100 000).
inline constexpr std::size_t kMaxPositions = 500000;
/// Nesting of arrays and objects (a MultiPolygon feature needs 7).
inline constexpr std::size_t kMaxDepth = 64;
/// Problems reported per file before the rest of it is left unchecked: each is located by
/// rescanning the text, and one mistake is usually repeated.
inline constexpr std::size_t kMaxProblems = 10;

/// What the coordinates of a file are.
enum class Coordinates {
  lon_lat,  ///< longitude and latitude in degrees (WGS 84, RFC 7946): checked to be in range
  planar,   ///< already planar (projected, or drawn as an SVG): used as they are
};

/// One area: its code and its outline.
struct Feature {
  std::string code;
  SourcePos pos;  ///< where the feature's object starts
  std::vector<Polygon> polygons;
};

/// The areas of a geometry file, in file order, codes unique.
struct Shapes {
  std::vector<Feature> features;
  std::size_t positions = 0;  ///< positions read, closing ones included
};

/// How to read a file.
struct ReadOptions {
  std::string code_property = "code";  ///< the property of each feature holding its code
  Coordinates coordinates = Coordinates::lon_lat;
  std::size_t max_positions = kMaxPositions;
  std::size_t max_depth = kMaxDepth;
};

/// Reads GeoJSON `text`, named `file` in messages. Every problem is an error at its
/// file:line:col (column in characters), at most kMaxProblems; nullopt when there is one.
/// Rings are oriented (outer positive, holes negative: see Polygon). Never throws.
std::optional<Shapes> parse_geojson(std::string_view text, const std::string& file,
                                    const ReadOptions& options, Diagnostics& diags);

/// Reads the file at `path` with the input checks of every file plaquette reads (a regular
/// file, 8 MiB at most or `max_bytes`, remembered as an input of the run), then parses it.
/// A file that cannot be read is an error at `named_at`, the place that names it.
std::optional<Shapes> read_geojson(const std::string& path, const SourcePos& named_at,
                                   const ReadOptions& options, Diagnostics& diags,
                                   std::size_t max_bytes = 0);

/// Projects every point of longitude/latitude `shapes` to Lambert-93 (metres, y up).
void project_lambert93(Shapes& shapes);

/// The shapes of a map, shared: read and projected once, with the label points of each
/// placement on a page computed once too.
class MapShapes {
 public:
  Shapes shapes;  ///< projected to Lambert-93 unless read as planar

  /// Each feature's pole of inaccessibility (its label point) in `placed`, which is
  /// `shapes` after `t`, at `precision`: computed on the first call for a transform and
  /// precision, then given back (every edition of a batch places the map alike).
  /// Thread-safe.
  std::vector<Pole> poles(const Shapes& placed, const Transform& t, double precision) const;

 private:
  mutable std::mutex mutex_;
  mutable std::map<std::vector<double>, std::vector<Pole>> poles_;
};

/// read_geojson, projected to Lambert-93 unless `options.coordinates` is planar: read once
/// per process and shared by every edition that draws the map (a batch draws it thousands
/// of times), as long as the file keeps its size and modification time. Thread-safe;
/// failures are not kept (each edition reports them).
std::shared_ptr<const MapShapes> load_map_shapes(const std::string& path, const SourcePos& named_at,
                                                 const ReadOptions& options, Diagnostics& diags);

/// The 1-based line and column (in characters) of byte `offset` of `text`. Lines end at LF,
/// CR LF or a lone CR.
SourcePos position_of(std::string_view text, std::size_t offset, const std::string& file);

}  // namespace plaquette::geo
