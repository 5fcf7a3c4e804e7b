#include "geo/geojson.h"

#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <sstream>

#include "geo/lambert.h"
#include "shipped.h"

namespace plaquette::geo {
namespace {

// A feature collection with one feature per (code, geometry) pair.
std::string collection(const std::vector<std::pair<std::string, std::string>>& features) {
  std::string s = "{\"type\": \"FeatureCollection\", \"features\": [\n";
  for (std::size_t i = 0; i < features.size(); ++i) {
    s += "  {\"type\": \"Feature\", \"properties\": {\"code\": \"" + features[i].first +
         "\"},\n   \"geometry\": " + features[i].second + "}";
    s += i + 1 < features.size() ? ",\n" : "\n";
  }
  return s + "]}\n";
}

const std::string kSquare =
    R"({"type": "Polygon", "coordinates": [[[2, 49], [3, 49], [3, 50], [2, 50], [2, 49]]]})";

// The diagnostics as printed, without the summary line.
std::string messages(const Diagnostics& diags) {
  std::string out;
  for (const Diagnostic& d : diags.all()) {
    out += d.pos.str() + ": " + (d.severity == Severity::error ? "error" : "note") + ": " +
           d.message + "\n";
    for (const std::string& hint : d.hints) out += "  hint: " + hint + "\n";
  }
  return out;
}

struct Parsed {
  std::optional<Shapes> shapes;
  std::string messages;
};

Parsed parse(const std::string& text, ReadOptions options = {}) {
  Diagnostics diags;
  Parsed p;
  p.shapes = parse_geojson(text, "map.geojson", options, diags);
  p.messages = messages(diags);
  return p;
}

TEST(GeoJson, ReadsPolygonsAndMultiPolygons) {
  const auto p =
      parse(collection({{"80", kSquare}, {"62", R"({"type": "MultiPolygon", "coordinates": [
          [[[0, 0], [1, 0], [1, 1], [0, 0]]],
          [[[5, 5], [9, 5], [9, 9], [5, 9], [5, 5]], [[6, 6], [7, 6], [7, 7], [6, 6]]]]})"}}));
  ASSERT_TRUE(p.shapes) << p.messages;
  ASSERT_EQ(p.shapes->features.size(), 2u);
  const Feature& somme = p.shapes->features[0];
  EXPECT_EQ(somme.code, "80");
  EXPECT_EQ(somme.pos.str(), "map.geojson:2:3");
  ASSERT_EQ(somme.polygons.size(), 1u);
  EXPECT_EQ(somme.polygons[0].rings[0].size(), 5u);
  const Feature& pdc = p.shapes->features[1];
  ASSERT_EQ(pdc.polygons.size(), 2u);
  ASSERT_EQ(pdc.polygons[1].rings.size(), 2u);
  EXPECT_EQ(p.shapes->positions, 5u + 4 + 5 + 4);
  EXPECT_EQ(p.messages, "");
}

TEST(GeoJson, OrientsOuterRingsPositiveAndHolesNegative) {
  // The outer ring clockwise and the hole counter-clockwise: both the wrong way.
  const auto p = parse(collection({{"59", R"({"type": "Polygon", "coordinates": [
      [[0, 0], [0, 10], [10, 10], [10, 0], [0, 0]],
      [[2, 2], [4, 2], [4, 4], [2, 4], [2, 2]]]})"}}));
  ASSERT_TRUE(p.shapes) << p.messages;
  const Polygon& polygon = p.shapes->features[0].polygons[0];
  EXPECT_GT(twice_signed_area(polygon.rings[0]), 0);
  EXPECT_LT(twice_signed_area(polygon.rings[1]), 0);
}

TEST(GeoJson, TheCodePropertyIsTheLayouts) {
  const std::string text =
      R"({"type": "FeatureCollection", "features": [{"type": "Feature",
          "properties": {"dep": "02", "code": "x"}, "geometry": )" +
      kSquare + "}]}";
  ReadOptions options;
  options.code_property = "dep";
  const auto p = parse(text, options);
  ASSERT_TRUE(p.shapes) << p.messages;
  EXPECT_EQ(p.shapes->features[0].code, "02");
}

TEST(GeoJson, ProjectsToLambert93) {
  auto p = parse(collection({{"80", kSquare}}));
  ASSERT_TRUE(p.shapes);
  project_lambert93(*p.shapes);
  const Point first = p.shapes->features[0].polygons[0].rings[0][0];
  const Point expected = lambert93().project(2, 49);
  EXPECT_DOUBLE_EQ(first.x, expected.x);
  EXPECT_DOUBLE_EQ(first.y, expected.y);
}

TEST(GeoJson, PlanarCoordinatesAreNotRangeChecked) {
  const std::string svg = R"({"type": "Polygon", "coordinates":
      [[[342.4, 60.1], [400, 60.1], [400, 200], [342.4, 60.1]]]})";
  EXPECT_FALSE(parse(collection({{"59", svg}})).shapes);
  ReadOptions planar;
  planar.coordinates = Coordinates::planar;
  EXPECT_TRUE(parse(collection({{"59", svg}}), planar).shapes);
}

// Each bad input: its text and the exact messages.
struct Bad {
  const char* name;
  std::string text;
  std::string expected;
};

class BadGeoJson : public ::testing::TestWithParam<Bad> {};

TEST_P(BadGeoJson, IsAnErrorAtItsLine) {
  const auto p = parse(GetParam().text);
  EXPECT_FALSE(p.shapes);
  EXPECT_EQ(p.messages, GetParam().expected);
}

std::string geometry(const std::string& g) { return collection({{"80", g}}); }

INSTANTIATE_TEST_SUITE_P(
    Cases, BadGeoJson,
    ::testing::Values(
        Bad{"SyntaxError", "{\"type\": \"FeatureCollection\",\n \"features\": [tru]}",
            "map.geojson:2:18: error: malformed JSON: syntax error while parsing value - invalid "
            "literal\n  hint: a geometry file is GeoJSON (RFC 7946)\n"},
        Bad{"NotAnObject", "[1, 2]",
            "map.geojson:1:1: error: a geometry file is a GeoJSON FeatureCollection, an object; "
            "this is an array\n  hint: write {\"type\": \"FeatureCollection\", \"features\": "
            "[...]}\n"},
        Bad{"AFeatureAlone", "{\"type\": \"Feature\"}",
            "map.geojson:1:10: error: the top-level `type` is `Feature`; a map reads a "
            "`FeatureCollection`\n  hint: one feature per area, in `features`\n"},
        Bad{"NoFeatures", "{\"type\": \"FeatureCollection\", \"features\": []}",
            "map.geojson:1:43: error: the FeatureCollection has no features: there is nothing "
            "to draw\n"},
        Bad{"NotClosed",
            geometry(
                R"({"type": "Polygon", "coordinates": [[[2, 49], [3, 49], [3, 50], [2, 50]]]})"),
            "map.geojson:3:80: error: feature 1 (80), outer ring is not closed: its last position "
            "is not its first\n  hint: repeat the first position at the end of the ring\n"},
        Bad{"TooFewPositions",
            geometry(R"({"type": "Polygon", "coordinates": [[[2, 49], [3, 49], [2, 49]]]})"),
            "map.geojson:3:52: error: feature 1 (80), outer ring has 3 positions; a closed ring "
            "needs at least 4 (its first repeated last)\n"},
        Bad{"PositionNotNumbers",
            geometry(
                R"({"type": "Polygon", "coordinates": [[[2, 49], [3, "x"], [3, 50], [2, 49]]]})"),
            "map.geojson:3:62: error: feature 1 (80), outer ring: a position is an array of 2 "
            "numbers (3 with an altitude); this is an array of 2 values, not all numbers\n"},
        Bad{"LatitudeOutOfRange",
            geometry(
                R"({"type": "Polygon", "coordinates": [[[2, 49], [3, 149], [3, 50], [2, 49]]]})"),
            "map.geojson:3:62: error: feature 1 (80), outer ring: latitude out of range: a "
            "position is [longitude, latitude] in degrees\n  hint: planar coordinates "
            "(projected, or from an SVG drawing) need the layout's `planar: true`\n"},
        Bad{"NotFinite",
            geometry(
                R"({"type": "Polygon", "coordinates": [[[2, 49], [3, 1e400], [3, 50], [2, 49]]]})"),
            "map.geojson:3:66: error: a coordinate is out of range (not a finite number)\n"},
        Bad{"ALineString", geometry(R"({"type": "LineString", "coordinates": [[2, 49], [3, 49]]})"),
            "map.geojson:3:25: error: feature 1 (80): a geometry of type `LineString` has no "
            "area to fill\n  hint: the areas of a map are `Polygon` or `MultiPolygon` "
            "geometries\n"},
        Bad{"NoGeometry", geometry("null"),
            "map.geojson:2:3: error: feature 1 (80) has no geometry: an area needs an outline to "
            "be drawn\n"},
        Bad{"EmptyPolygon", geometry(R"({"type": "Polygon", "coordinates": []})"),
            "map.geojson:3:51: error: feature 1 (80): a polygon needs at least its outer ring\n"},
        Bad{"CodeANumber",
            "{\"type\": \"FeatureCollection\", \"features\": [{\"type\": \"Feature\",\n"
            "  \"properties\": {\"code\": 2}, \"geometry\": " +
                kSquare + "}]}",
            "map.geojson:2:26: error: feature 1: its `code` is a number, not a string\n"
            "  hint: write codes as strings: \"02\", not 2\n"},
        Bad{"NoCode",
            "{\"type\": \"FeatureCollection\", \"features\": [{\"type\": \"Feature\",\n"
            "  \"properties\": {\"nom\": \"Somme\"}, \"geometry\": " +
                kSquare + "}]}",
            "map.geojson:2:17: error: feature 1 has no property `code`, the area's code\n"
            "  hint: the layout's `code_property` names the property holding the code\n"},
        Bad{"DuplicateCode", collection({{"80", kSquare}, {"80", kSquare}}),
            "map.geojson:4:46: error: feature 2: code `80` is already the code of feature 1\n"
            "  hint: one feature per area: merge their outlines into a MultiPolygon\n"},
        Bad{"TooDeep", std::string(70, '[') + std::string(70, ']'),
            "map.geojson:1:65: error: nesting deeper than 64 levels (the geometry files' depth "
            "budget; a GeoJSON map needs 7)\n"}),
    [](const auto& info) { return std::string(info.param.name); });

TEST(GeoJson, PositionsAreBounded) {
  ReadOptions options;
  options.max_positions = 4;
  const auto p = parse(collection({{"80", kSquare}}), options);
  EXPECT_FALSE(p.shapes);
  EXPECT_EQ(p.messages,
            "map.geojson:3:89: error: more than 4 positions (the geometry files' budget): "
            "simplify the outlines\n");
}

TEST(GeoJson, ColumnsCountCharactersAndLinesEndAnyWay) {
  EXPECT_EQ(position_of("é\r\nab\rcd", 0, "f").str(), "f:1:1");
  EXPECT_EQ(position_of("é\r\nab\rcd", 2, "f").str(), "f:1:2");
  EXPECT_EQ(position_of("é\r\nab\rcd", 5, "f").str(), "f:2:2");
  EXPECT_EQ(position_of("é\r\nab\rcd", 8, "f").str(), "f:3:2");
}

TEST(GeoJson, StopsAfterTenProblems) {
  std::vector<std::pair<std::string, std::string>> features;
  for (int i = 0; i < 30; ++i) features.push_back({std::to_string(i), "null"});
  Diagnostics diags;
  EXPECT_FALSE(parse_geojson(collection(features), "m", {}, diags));
  EXPECT_EQ(diags.error_count(), kMaxProblems);
}

TEST(GeoJson, AMissingFileIsAnErrorWhereItIsNamed) {
  Diagnostics diags;
  const auto shapes = read_geojson("/nonexistent/map.geojson", {"layout.yaml", 12, 5}, {}, diags);
  EXPECT_FALSE(shapes);
  EXPECT_EQ(messages(diags),
            "layout.yaml:12:5: error: cannot read the geometry file /nonexistent/map.geojson: "
            "no such file\n");
}

TEST(GeoJson, TheShippedOutlinesRead) {
  const auto shapes = shipped_outlines();
  ASSERT_TRUE(shapes);
  std::vector<std::string> codes;
  for (const Feature& f : shapes->features) codes.push_back(f.code);
  EXPECT_EQ(codes, (std::vector<std::string>{"02", "59", "60", "62", "80"}));
}

}  // namespace
}  // namespace plaquette::geo
