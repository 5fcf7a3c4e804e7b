#include <sys/stat.h>

#include <map>
#include <mutex>
#include <tuple>

#include "base/file.h"
#include "geo/geojson.h"
#include "geo/polylabel.h"

namespace plaquette::geo {

std::shared_ptr<const MapShapes> load_map_shapes(const std::string& path, const SourcePos& named_at,
                                                 const ReadOptions& options, Diagnostics& diags) {
  // The file's stamp is part of the key: a changed or replaced file is read again.
  using Key = std::tuple<std::string, std::string, int, std::size_t, std::size_t, FileStamp>;
  const std::optional<FileStamp> stamp = file_stamp(path);
  const Key key{path,
                options.code_property,
                static_cast<int>(options.coordinates),
                options.max_positions,
                options.max_depth,
                stamp.value_or(FileStamp{})};
  static std::mutex mutex;
  static std::map<Key, std::shared_ptr<const MapShapes>> cache;
  std::lock_guard<std::mutex> lock(mutex);
  if (stamp) {
    if (auto it = cache.find(key); it != cache.end()) {
      // Read from the cache, but still a file this build depends on (watch).
      ReadLog::record(path);
      return it->second;
    }
  }
  auto shapes = read_geojson(path, named_at, options, diags);
  if (!shapes) return nullptr;
  auto out = std::make_shared<MapShapes>();
  out->shapes = std::move(*shapes);
  if (options.coordinates == Coordinates::lon_lat) project_lambert93(out->shapes);
  if (stamp) cache[key] = out;
  return out;
}

std::vector<Pole> MapShapes::poles(const Shapes& placed, const Transform& t,
                                   double precision) const {
  const std::vector<double> key{
      t.scale, t.origin_x, t.origin_y, t.min_x, t.y_top, static_cast<double>(t.y_axis), precision};
  std::lock_guard<std::mutex> lock(mutex_);
  if (auto it = poles_.find(key); it != poles_.end()) return it->second;
  std::vector<Pole> out;
  for (const Feature& f : placed.features) out.push_back(polylabel(f.polygons, precision));
  // A few placements per map in practice; bounded whatever a layout does.
  if (poles_.size() >= 64) poles_.clear();
  poles_.emplace(key, out);
  return out;
}

}  // namespace plaquette::geo
