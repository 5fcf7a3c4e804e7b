#include "geo/geojson.h"

#include <unicode/utf8.h>

#include <cmath>
#include <cstdint>
#include <map>
#include <nlohmann/json.hpp>
#include <variant>

#include "base/file.h"
#include "geo/lambert.h"

namespace plaquette::geo {
namespace {

using Json = nlohmann::json;

bool is_space(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r'; }

// The checks made on the raw text before nlohmann builds a tree of it: nesting and the
// number of positions (an array whose first element is a number), so that a hostile file
// costs one linear scan and no memory. Gives the offset of the first excess, if any.
struct Excess {
  std::size_t offset = 0;
  std::string message;
};

std::optional<Excess> prescan(std::string_view text, const ReadOptions& options) {
  std::size_t depth = 0, positions = 0;
  bool in_string = false;
  for (std::size_t i = 0; i < text.size(); ++i) {
    const char c = text[i];
    if (in_string) {
      if (c == '\\')
        ++i;
      else if (c == '"')
        in_string = false;
      continue;
    }
    if (c == '"') {
      in_string = true;
    } else if (c == '[' || c == '{') {
      if (++depth > options.max_depth)
        return Excess{i, "nesting deeper than " + std::to_string(options.max_depth) +
                             " levels (the geometry files' depth budget; a GeoJSON map needs 7)"};
      if (c == '[') {
        std::size_t j = i + 1;
        while (j < text.size() && is_space(text[j])) ++j;
        if (j < text.size() && (text[j] == '-' || (text[j] >= '0' && text[j] <= '9')) &&
            ++positions > options.max_positions)
          return Excess{i, "more than " + std::to_string(options.max_positions) +
                               " positions (the geometry files' budget): simplify the outlines"};
      }
    } else if ((c == ']' || c == '}') && depth > 0) {
      --depth;
    }
  }
  return std::nullopt;
}

// Finding a value's place in the text again, from its path in the tree: nlohmann-json 3.11
// keeps no positions, and a problem is rare, so the text is rescanned when there is one.
// The text has been parsed already: it is valid JSON.
using Step = std::variant<std::string, std::size_t>;  // an object key or an array index

class Locator {
 public:
  explicit Locator(std::string_view text) : text_(text) {}

  // The offset of the value at `path`, or of the deepest value found along it.
  std::size_t locate(const std::vector<Step>& path) const {
    std::size_t at = skip_space(0);
    for (const Step& step : path) {
      std::optional<std::size_t> next;
      if (const auto* key = std::get_if<std::string>(&step))
        next = member(at, *key);
      else
        next = element(at, std::get<std::size_t>(step));
      if (!next) break;
      at = *next;
    }
    return at;
  }

  // The offsets of the elements of the array at `path`, in one pass (empty when the value
  // there is not an array): a position for each feature, without a rescan for each.
  std::vector<std::size_t> elements(const std::vector<Step>& path) const {
    std::vector<std::size_t> out;
    std::size_t i = locate(path);
    if (i >= text_.size() || text_[i] != '[') return out;
    for (i = skip_space(i + 1); i < text_.size() && text_[i] != ']';) {
      out.push_back(i);
      i = skip_space(skip_value(i));
      if (i < text_.size() && text_[i] == ',') i = skip_space(i + 1);
    }
    return out;
  }

 private:
  std::size_t skip_space(std::size_t i) const {
    if (i == 0 && text_.starts_with("\xEF\xBB\xBF")) i = 3;
    while (i < text_.size() && is_space(text_[i])) ++i;
    return i;
  }
  std::size_t skip_string(std::size_t i) const {
    for (++i; i < text_.size() && text_[i] != '"'; ++i)
      if (text_[i] == '\\') ++i;
    return std::min(i + 1, text_.size());
  }
  std::size_t skip_value(std::size_t i) const {
    if (i >= text_.size()) return i;
    if (text_[i] == '"') return skip_string(i);
    if (text_[i] == '[' || text_[i] == '{') {
      std::size_t depth = 0;
      for (; i < text_.size(); ++i) {
        const char c = text_[i];
        if (c == '"') {
          i = skip_string(i) - 1;
        } else if (c == '[' || c == '{') {
          ++depth;
        } else if ((c == ']' || c == '}') && --depth == 0) {
          return i + 1;
        }
      }
      return i;
    }
    while (i < text_.size() && !is_space(text_[i]) && text_[i] != ',' && text_[i] != ']' &&
           text_[i] != '}')
      ++i;
    return i;
  }
  // The value of member `key` of the object at `i` (the last one when a key repeats, as
  // nlohmann keeps it).
  std::optional<std::size_t> member(std::size_t i, const std::string& key) const {
    if (i >= text_.size() || text_[i] != '{') return std::nullopt;
    std::optional<std::size_t> found;
    i = skip_space(i + 1);
    while (i < text_.size() && text_[i] == '"') {
      const std::size_t end = skip_string(i);
      const Json name = Json::parse(text_.substr(i, end - i), nullptr, false);
      i = skip_space(end);
      if (i < text_.size() && text_[i] == ':') i = skip_space(i + 1);
      if (name.is_string() && name.get_ref<const std::string&>() == key) found = i;
      i = skip_space(skip_value(i));
      if (i < text_.size() && text_[i] == ',') i = skip_space(i + 1);
    }
    return found;
  }
  std::optional<std::size_t> element(std::size_t i, std::size_t index) const {
    if (i >= text_.size() || text_[i] != '[') return std::nullopt;
    i = skip_space(i + 1);
    for (std::size_t n = 0; i < text_.size() && text_[i] != ']'; ++n) {
      if (n == index) return i;
      i = skip_space(skip_value(i));
      if (i < text_.size() && text_[i] == ',') i = skip_space(i + 1);
    }
    return std::nullopt;
  }

  std::string_view text_;
};

// A JSON type as messages name it.
std::string kind_of(const Json& v) {
  switch (v.type()) {
    case Json::value_t::null:
      return "null";
    case Json::value_t::boolean:
      return "a boolean";
    case Json::value_t::string:
      return "a string";
    case Json::value_t::object:
      return "an object";
    case Json::value_t::array:
      return "an array";
    default:
      return "a number";
  }
}

std::string backticked(const std::string& s) { return "`" + s + "`"; }

struct TooManyProblems {};

// Walks the parsed tree into Shapes, keeping the path of the value being read so that a
// problem can be located.
class Reader {
 public:
  Reader(std::string_view text, const std::string& file, const ReadOptions& options,
         Diagnostics& diags)
      : text_(text), file_(file), options_(options), diags_(diags), locator_(text) {}

  std::optional<Shapes> read(const Json& root) {
    try {
      read_collection(root);
    } catch (const TooManyProblems&) {
      diags_.note(SourcePos{file_, 0, 0}, "the rest of the file was not checked after " +
                                              std::to_string(kMaxProblems) + " problems");
    }
    if (problems_ > 0) return std::nullopt;
    return std::move(shapes_);
  }

 private:
  // Reports a problem at the value at the current path (plus `extra` steps).
  Diagnostic& error(const std::string& message, std::vector<Step> extra = {}) {
    if (problems_ >= kMaxProblems) throw TooManyProblems{};
    ++problems_;
    std::vector<Step> path = path_;
    path.insert(path.end(), extra.begin(), extra.end());
    return diags_.error(here(path), message);
  }
  SourcePos here(const std::vector<Step>& path) const {
    return position_of(text_, locator_.locate(path), file_);
  }

  struct Enter {
    Enter(std::vector<Step>& path, Step step) : path_(path) { path_.push_back(std::move(step)); }
    ~Enter() { path_.pop_back(); }
    std::vector<Step>& path_;
  };

  void read_collection(const Json& root) {
    if (!root.is_object()) {
      error("a geometry file is a GeoJSON FeatureCollection, an object; this is " + kind_of(root))
          .hints.push_back(R"(write {"type": "FeatureCollection", "features": [...]})");
      return;
    }
    const auto type = root.find("type");
    if (type == root.end() || !type->is_string() || *type != "FeatureCollection") {
      auto& d = type == root.end()
                    ? error("the top-level object has no `type`: a map reads a FeatureCollection")
                    : error("the top-level `type` is " + describe(*type) +
                                "; a map reads a `FeatureCollection`",
                            {"type"});
      d.hints.push_back("one feature per area, in `features`");
      return;
    }
    const auto features = root.find("features");
    if (features == root.end() || !features->is_array()) {
      features == root.end()
          ? error("the FeatureCollection has no `features`")
          : error("`features` is " + kind_of(*features) + ", not an array", {"features"});
      return;
    }
    Enter in(path_, "features");
    if (features->empty()) error("the FeatureCollection has no features: there is nothing to draw");
    feature_offsets_ = locator_.elements(path_);
    std::map<std::string, std::size_t> seen;
    for (std::size_t i = 0; i < features->size(); ++i) {
      Enter at(path_, i);
      read_feature((*features)[i], i, seen);
    }
  }

  static std::string describe(const Json& v) {
    return v.is_string() ? backticked(v.get<std::string>()) : kind_of(v);
  }

  void read_feature(const Json& f, std::size_t index, std::map<std::string, std::size_t>& seen) {
    const std::string name = "feature " + std::to_string(index + 1);
    if (!f.is_object()) {
      error(name + " is " + kind_of(f) + ", not a Feature object");
      return;
    }
    const auto type = f.find("type");
    if (type == f.end() || *type != "Feature") {
      type == f.end()
          ? error(name + " has no `type`: it should be `Feature`")
          : error(name + ": its `type` is " + describe(*type) + ", not `Feature`", {"type"});
      return;
    }
    Feature feature;
    feature.pos = index < feature_offsets_.size()
                      ? position_of(text_, feature_offsets_[index], file_)
                      : here(path_);
    // The code first, so that the geometry's problems name the area.
    const auto props = f.find("properties");
    const std::string& key = options_.code_property;
    if (props == f.end() || !props->is_object()) {
      error(name + " has no `properties` holding its code (`" + key + "`)");
    } else if (const auto code = props->find(key); code == props->end()) {
      error(name + " has no property " + backticked(key) + ", the area's code", {"properties"})
          .hints.push_back("the layout's `code_property` names the property holding the code");
    } else if (!code->is_string()) {
      auto& d =
          error(name + ": its " + backticked(key) + " is " + kind_of(*code) + ", not a string",
                {"properties", key});
      if (code->is_number()) d.hints.push_back(R"(write codes as strings: "02", not 2)");
    } else if (code->get_ref<const std::string&>().empty()) {
      error(name + ": its " + backticked(key) + " is empty", {"properties", key});
    } else {
      feature.code = code->get<std::string>();
      const auto [first, inserted] = seen.emplace(feature.code, index);
      if (!inserted) {
        error(name + ": code " + backticked(feature.code) + " is already the code of feature " +
                  std::to_string(first->second + 1),
              {"properties", key})
            .hints.push_back("one feature per area: merge their outlines into a MultiPolygon");
      }
    }
    const std::string area = feature.code.empty() ? name : name + " (" + feature.code + ")";

    const auto geometry = f.find("geometry");
    if (geometry == f.end() || geometry->is_null()) {
      error(area + " has no geometry: an area needs an outline to be drawn");
      return;
    }
    Enter in(path_, "geometry");
    if (!geometry->is_object()) {
      error(area + ": its geometry is " + kind_of(*geometry) + ", not an object");
      return;
    }
    const auto gtype = geometry->find("type");
    const bool multi = gtype != geometry->end() && *gtype == "MultiPolygon";
    if (gtype == geometry->end() || (!multi && *gtype != "Polygon")) {
      auto& d =
          gtype == geometry->end()
              ? error(area + ": its geometry has no `type`")
              : error(area + ": a geometry of type " + describe(*gtype) + " has no area to fill",
                      {"type"});
      d.hints.push_back("the areas of a map are `Polygon` or `MultiPolygon` geometries");
      return;
    }
    const auto coords = geometry->find("coordinates");
    if (coords == geometry->end() || !coords->is_array()) {
      coords == geometry->end()
          ? error(area + ": its geometry has no `coordinates`")
          : error(area + ": its `coordinates` are " + kind_of(*coords) + ", not an array",
                  {"coordinates"});
      return;
    }
    Enter c(path_, "coordinates");
    if (multi) {
      if (coords->empty()) error(area + ": its MultiPolygon has no polygons");
      for (std::size_t i = 0; i < coords->size(); ++i) {
        Enter p(path_, i);
        read_polygon((*coords)[i], area + ", polygon " + std::to_string(i + 1), feature);
      }
    } else {
      read_polygon(*coords, area, feature);
    }
    shapes_.features.push_back(std::move(feature));
  }

  void read_polygon(const Json& p, const std::string& name, Feature& feature) {
    if (!p.is_array()) {
      error(name + ": a polygon is an array of rings; this is " + kind_of(p));
      return;
    }
    if (p.empty()) {
      error(name + ": a polygon needs at least its outer ring");
      return;
    }
    Polygon polygon;
    for (std::size_t r = 0; r < p.size(); ++r) {
      Enter at(path_, r);
      const std::string ring_name =
          name + ", " + (r == 0 ? std::string("outer ring") : "hole " + std::to_string(r));
      Ring ring;
      if (!read_ring(p[r], ring_name, ring)) continue;
      // Outer ring positive, holes negative (RFC 7946 §3.1.6 asks writers for this and
      // readers not to rely on it).
      const double area = twice_signed_area(ring);
      if ((r == 0) != (area > 0)) std::reverse(ring.begin(), ring.end());
      polygon.rings.push_back(std::move(ring));
    }
    if (polygon.rings.size() == p.size()) feature.polygons.push_back(std::move(polygon));
  }

  bool read_ring(const Json& r, const std::string& name, Ring& ring) {
    if (!r.is_array()) {
      error(name + ": a ring is an array of positions; this is " + kind_of(r));
      return false;
    }
    if (r.size() < 4) {
      error(name + " has " + std::to_string(r.size()) +
            (r.size() == 1 ? " position" : " positions") +
            "; a closed ring needs at least 4 (its first repeated last)");
      return false;
    }
    ring.reserve(r.size());
    for (std::size_t i = 0; i < r.size(); ++i) {
      Enter at(path_, i);
      const auto p = read_position(r[i], name);
      if (!p) return false;
      ring.push_back(*p);
    }
    shapes_.positions += ring.size();
    if (!(ring.front() == ring.back())) {
      error(name + " is not closed: its last position is not its first", {r.size() - 1})
          .hints.push_back("repeat the first position at the end of the ring");
      return false;
    }
    return true;
  }

  std::optional<Point> read_position(const Json& v, const std::string& name) {
    if (!v.is_array() || v.size() < 2 || v.size() > 3 || !v[0].is_number() || !v[1].is_number() ||
        (v.size() == 3 && !v[2].is_number())) {
      error(name + ": a position is an array of 2 numbers (3 with an altitude); this is " +
            (v.is_array() ? "an array of " + std::to_string(v.size()) + " values, not all numbers"
                          : kind_of(v)));
      return std::nullopt;
    }
    const Point p{v[0].get<double>(), v[1].get<double>()};
    if (!std::isfinite(p.x) || !std::isfinite(p.y)) {
      error(name + ": a coordinate is out of range (not a finite number)");
      return std::nullopt;
    }
    if (options_.coordinates == Coordinates::lon_lat &&
        (p.x < -180 || p.x > 180 || p.y <= -90 || p.y > 90)) {
      error(name + ": " + (p.x < -180 || p.x > 180 ? "longitude" : "latitude") +
            " out of range: a position is [longitude, latitude] in degrees")
          .hints.push_back(
              "planar coordinates (projected, or from an SVG drawing) need the layout's "
              "`planar: true`");
      return std::nullopt;
    }
    return p;
  }

  std::string_view text_;
  const std::string& file_;
  const ReadOptions& options_;
  Diagnostics& diags_;
  Locator locator_;
  std::vector<std::size_t> feature_offsets_;  ///< where each feature starts in the text
  std::vector<Step> path_;
  std::size_t problems_ = 0;
  Shapes shapes_;
};

// nlohmann's message without its prefix and position ("[json.exception.parse_error.101]
// parse error at line 1, column 5: "), which the diagnostic gives as file:line:col, and
// without the text it read last.
std::string parse_message(const std::string& what) {
  std::string m = what;
  if (const auto close = m.find("] "); m.starts_with("[json.exception") && close != m.npos)
    m = m.substr(close + 2);
  if (const auto colon = m.find(": "); m.starts_with("parse error") && colon != m.npos)
    m = m.substr(colon + 2);
  // What it read last can span several tokens: the position says where it stopped.
  if (const auto last = m.find("; last read: "); last != m.npos) {
    const auto expected = m.find("; expected", last + 1);
    m.erase(last, expected == m.npos ? m.npos : expected - last);
  }
  return m;
}

}  // namespace

SourcePos position_of(std::string_view text, std::size_t offset, const std::string& file) {
  offset = std::min(offset, text.size());
  int line = 1, col = 1;
  const auto* bytes = reinterpret_cast<const std::uint8_t*>(text.data());
  const auto end = static_cast<std::int32_t>(offset);
  for (std::int32_t i = 0; i < end;) {
    const char c = text[static_cast<std::size_t>(i)];
    if (c == '\n' || (c == '\r' && (static_cast<std::size_t>(i) + 1 == text.size() ||
                                    text[static_cast<std::size_t>(i) + 1] != '\n'))) {
      ++line, col = 1, ++i;
      continue;
    }
    UChar32 cp = 0;
    U8_NEXT(bytes, i, end, cp);
    ++col;
  }
  return {file, line, col};
}

std::optional<Shapes> parse_geojson(std::string_view text, const std::string& file,
                                    const ReadOptions& options, Diagnostics& diags) {
  if (text.size() > static_cast<std::size_t>(INT32_MAX)) {
    diags.error({file, 0, 0}, "a geometry file of more than 2 GiB cannot be read");
    return std::nullopt;
  }
  if (const auto excess = prescan(text, options)) {
    diags.error(position_of(text, excess->offset, file), excess->message);
    return std::nullopt;
  }
  Json root;
  try {
    root = Json::parse(text.begin(), text.end());
  } catch (const Json::parse_error& e) {
    // e.byte is 1-based: the byte the parser stopped at.
    diags
        .error(position_of(text, e.byte > 0 ? e.byte - 1 : 0, file),
               "malformed JSON: " + parse_message(e.what()))
        .hints.push_back("a geometry file is GeoJSON (RFC 7946)");
    return std::nullopt;
  } catch (const Json::out_of_range& e) {
    // A number beyond a double ("1e400"): nlohmann names the number but not its place.
    const std::string what = e.what();
    const auto open = what.find('\''), close = what.rfind('\'');
    std::size_t at = 0;
    if (open != what.npos && close > open + 1)
      at = std::min(text.find(what.substr(open + 1, close - open - 1)), text.size());
    diags.error(position_of(text, at, file), "a coordinate is out of range (not a finite number)");
    return std::nullopt;
  } catch (const Json::exception& e) {
    diags.error({file, 0, 0}, std::string("malformed JSON: ") + e.what());
    return std::nullopt;
  }
  return Reader(text, file, options, diags).read(root);
}

std::optional<Shapes> read_geojson(const std::string& path, const SourcePos& named_at,
                                   const ReadOptions& options, Diagnostics& diags,
                                   std::size_t max_bytes) {
  ReadError why;
  const auto text = read_input_file(path, InputKind::text, why, max_bytes);
  if (!text) {
    diags.error(named_at, "cannot read the geometry file " + path + ": " + why.message);
    return std::nullopt;
  }
  return parse_geojson(*text, path, options, diags);
}

void project_lambert93(Shapes& shapes) {
  const LambertConic& l93 = lambert93();
  for (Feature& f : shapes.features)
    for (Polygon& polygon : f.polygons)
      for (Ring& ring : polygon.rings) {
        for (Point& p : ring) p = l93.project(p.x, p.y);
        // The projection is conformal and keeps orientation (x east, y north).
      }
}

}  // namespace plaquette::geo
