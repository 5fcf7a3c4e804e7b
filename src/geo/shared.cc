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
  using Key = std::tuple<std::string, std::string, int, std::size_t, std::size_t, int, long long,
                         long long, long long>;
  struct stat st;
  Key key{path,
          options.code_property,
          static_cast<int>(options.coordinates),
          options.max_positions,
          options.max_depth,
          0,
          -1,
          -1,
          -1};
  if (::stat(path.c_str(), &st) == 0) {
    std::get<6>(key) = static_cast<long long>(st.st_size);
    std::get<7>(key) = static_cast<long long>(st.st_mtim.tv_sec);
    std::get<8>(key) = static_cast<long long>(st.st_mtim.tv_nsec);
  }
  static std::mutex mutex;
  static std::map<Key, std::shared_ptr<const MapShapes>> cache;
  std::lock_guard<std::mutex> lock(mutex);
  if (std::get<6>(key) >= 0) {
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
  if (std::get<6>(key) >= 0) cache[key] = out;
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
