#!/usr/bin/env python3
"""Converts Natural Earth country shapes into the desktop app's world map file.

Usage:
    scripts/convert-natural-earth.py [--atlas DIR] [--iso FILE] [--out FILE]
                                     [--resolution auto|50m|110m] [--tolerance DEG] [--min-area DEG2]

Input:
  * the TopoJSON files of the npm package world-atlas@2.0.2 (Natural Earth 4.1.0 "Admin 0 -
    countries", public domain). --atlas names the unpacked package directory; without it the script
    runs `npm pack world-atlas@2.0.2` in a temporary directory and unpacks the tarball itself.
  * Debian's iso-codes (package iso-codes): /usr/share/iso-codes/json/iso_3166-1.json, to turn each
    shape's numeric ISO 3166-1 id into its alpha-2 code and English name.

Output (--out, default resources/map/countries.json in this repository), compact JSON, countries by
code (those without one last):
    {"source": "...", "unit": 0.01,
     "countries": [{"code": "DE", "name": "Germany", "rings": [[x0, y0, dx1, dy1, ...], ...]}, ...]}
  Each ring is a flat list of integers in hundredths of a degree (lon, lat): the first point absolute,
  every further point as the difference to the one before. Rings are implicitly closed; holes and
  islands are all just rings, to be filled with the even-odd rule.

What it does:
  * decodes the quantized, delta-encoded TopoJSON arcs;
  * cuts the shapes that cross the antimeridian (Russia, Fiji) there;
  * simplifies each arc once (Douglas-Peucker, tolerance in degrees, east-west scaled by cos(lat)),
    so neighbouring countries keep identical borders, then rounds to 0.01 degree;
  * drops islands smaller than --min-area square degrees, but never a country's largest ring;
  * merges shapes that share a code (Ashmore and Cartier with Australia, Somaliland with Somalia,
    Northern Cyprus with Cyprus: the codes GeoIP reports there); Kosovo gets the user-assigned code
    XK as GeoIP databases use it; shapes with no code (Siachen Glacier, Indian Ocean Territories) keep
    an empty code and are still drawn;
  * leaves out Antarctica: a dashboard map has no use for it and it would take a fifth of the height;
  * with --resolution auto (the default) uses the 1:50m shapes if the output stays under 700 KB,
    else the 1:110m ones.

Re-running it with the same inputs writes the same bytes. Python 3 standard library only.
"""

import argparse
import json
import math
import os
import subprocess
import sys
import tarfile
import tempfile

PACKAGE = "world-atlas@2.0.2"
MAX_BYTES = 700 * 1024
UNIT = 100  # output integers per degree

# Shapes without a numeric ISO id in Natural Earth, by Natural Earth's name: (code, name). A name of
# None takes the code's ISO name.
WITHOUT_ID = {
    "Kosovo": ("XK", "Kosovo"),
    "Somaliland": ("SO", None),
    "N. Cyprus": ("CY", None),
    "Siachen Glacier": ("", "Siachen Glacier"),
    "Indian Ocean Ter.": ("", "Australian Indian Ocean Territories"),
}
LEFT_OUT = {"AQ"}


def fetch_atlas(workdir):
    subprocess.run(["npm", "pack", PACKAGE, "--silent"], cwd=workdir, check=True, stdout=subprocess.DEVNULL)
    tarball = next(name for name in os.listdir(workdir) if name.endswith(".tgz"))
    with tarfile.open(os.path.join(workdir, tarball)) as archive:
        # Only the plain files needed; nothing else from the tarball touches the disk.
        wanted = [m for m in archive.getmembers() if m.isfile() and m.name.startswith("package/countries-")]
        archive.extractall(workdir, members=wanted)
    return os.path.join(workdir, "package")


def decode_arcs(topology):
    """Absolute lon/lat points of every arc (TopoJSON arcs are quantized and delta-encoded)."""
    (sx, sy), (tx, ty) = topology["transform"]["scale"], topology["transform"]["translate"]
    arcs = []
    for arc in topology["arcs"]:
        x = y = 0
        points = []
        for dx, dy in arc:
            x += dx
            y += dy
            points.append((x * sx + tx, y * sy + ty))
        arcs.append(points)
    return arcs


def distance_to_segment(p, a, b):
    # Planar distance with longitude scaled by cos(latitude), so the tolerance means the same
    # ground distance near the poles as at the equator.
    k = math.cos(math.radians((a[1] + b[1]) / 2))
    px, ax, bx = p[0] * k, a[0] * k, b[0] * k
    dx, dy = bx - ax, b[1] - a[1]
    length2 = dx * dx + dy * dy
    if length2 == 0:
        return math.hypot(px - ax, p[1] - a[1])
    t = max(0.0, min(1.0, ((px - ax) * dx + (p[1] - a[1]) * dy) / length2))
    return math.hypot(px - (ax + t * dx), p[1] - (a[1] + t * dy))


def douglas_peucker(points, tolerance):
    keep = [False] * len(points)
    keep[0] = keep[-1] = True
    stack = [(0, len(points) - 1)]
    while stack:
        first, last = stack.pop()
        worst, worst_index = 0.0, None
        for i in range(first + 1, last):
            d = distance_to_segment(points[i], points[first], points[last])
            if d > worst:
                worst, worst_index = d, i
        if worst_index is not None and worst > tolerance:
            keep[worst_index] = True
            stack += [(first, worst_index), (worst_index, last)]
    return [p for p, kept in zip(points, keep) if kept]


def simplify_arc(points, tolerance):
    if len(points) < 3:
        return points
    if points[0] != points[-1]:
        return douglas_peucker(points, tolerance)
    # A closed arc (an island): split at the point farthest from the start, simplify both halves.
    # Small islands keep all their points rather than collapse to a line.
    far = max(range(len(points)), key=lambda i: math.dist(points[0], points[i]))
    simplified = douglas_peucker(points[: far + 1], tolerance) + douglas_peucker(points[far:], tolerance)[1:]
    return simplified if len(simplified) > 4 else points


def cut_at_antimeridian(ring):
    """world-atlas stitches shapes across 180° (Russia, Fiji): cut them there again, as a flat map
    needs. Each piece is closed along the meridian; filled even-odd, the pieces cover exactly what
    the ring did on each side, however many times it crossed."""
    crossings = [i for i in range(len(ring) - 1) if abs(ring[i + 1][0] - ring[i][0]) > 180]
    if not crossings:
        return [ring]
    # Start just after a crossing, so that no piece wraps around the ring's end.
    start = crossings[0] + 1
    ring = ring[start:-1] + ring[:start]
    ring.append(ring[0])
    pieces, piece = [], []
    for (lon0, lat0), (lon1, lat1) in zip(ring, ring[1:]):
        piece.append((lon0, lat0))
        if abs(lon1 - lon0) > 180:
            side = math.copysign(180.0, lon0)
            span = lon1 + 2 * side - lon0  # 0 when the step runs from +180 to -180 itself
            t = (side - lon0) / span if span else 0.0
            lat = lat0 + t * (lat1 - lat0)
            pieces.append(piece + [(side, lat)])
            piece = [(-side, lat)]
    pieces[0] = piece + pieces[0]
    return pieces


def ring_points(arc_indices, arcs):
    """A ring's points in integer hundredths of a degree, without repeats or the closing point;
    more than one ring if it crosses the antimeridian."""
    points = []
    for index in arc_indices:
        points += arcs[index] if index >= 0 else arcs[~index][::-1]
    rings = []
    for piece in cut_at_antimeridian(points):
        ring = []
        for lon, lat in piece:
            point = (round(lon * UNIT), round(lat * UNIT))
            if not ring or ring[-1] != point:
                ring.append(point)
        if len(ring) > 1 and ring[0] == ring[-1]:
            ring.pop()
        rings.append(ring)
    return rings


def ring_area(ring):
    """Absolute area in square degrees (shoelace)."""
    twice = sum(x0 * y1 - x1 * y0 for (x0, y0), (x1, y1) in zip(ring, ring[1:] + ring[:1]))
    return abs(twice) / 2 / (UNIT * UNIT)


def geometry_rings(geometry):
    if geometry["type"] == "Polygon":
        return geometry["arcs"]
    if geometry["type"] == "MultiPolygon":
        return [ring for polygon in geometry["arcs"] for ring in polygon]
    return []


def iso_name(entry):
    # "Bolivia" rather than "Bolivia, Plurinational State of" where iso-codes has a common name.
    return entry.get("common_name", entry["name"])


def delta_encoded(ring):
    flat = list(ring[0])
    for (x0, y0), (x1, y1) in zip(ring, ring[1:]):
        flat += [x1 - x0, y1 - y0]
    return flat


def convert(topology, iso_entries, tolerance, min_area, source):
    by_numeric = {entry["numeric"]: entry for entry in iso_entries}
    by_alpha2 = {entry["alpha_2"]: entry for entry in iso_entries}
    arcs = [simplify_arc(arc, tolerance) for arc in decode_arcs(topology)]

    countries = {}  # (code, name) -> rings
    for geometry in topology["objects"]["countries"]["geometries"]:
        ne_name = geometry["properties"]["name"]
        entry = by_numeric.get(geometry.get("id"))
        if entry:
            code, name = entry["alpha_2"], iso_name(entry)
        elif ne_name in WITHOUT_ID:
            code, name = WITHOUT_ID[ne_name]
            name = name or iso_name(by_alpha2[code])
        else:
            sys.exit(f"no ISO code for the shape {ne_name!r} (id {geometry.get('id')}): add it to WITHOUT_ID")
        if code in LEFT_OUT:
            continue
        rings = [ring for indices in geometry_rings(geometry) for ring in ring_points(indices, arcs)]
        countries.setdefault((code, name), []).extend(ring for ring in rings if len(ring) >= 3)

    out = []
    for (code, name), rings in sorted(countries.items(), key=lambda item: (item[0][0] == "", item[0])):
        if not rings:
            print(f"left out {name}: smaller than {1 / UNIT} degree", file=sys.stderr)
            continue
        largest = max(rings, key=ring_area)
        kept = [ring for ring in rings if ring is largest or ring_area(ring) >= min_area]
        out.append({"code": code, "name": name, "rings": [delta_encoded(ring) for ring in kept]})
    return {"source": source, "unit": 1 / UNIT, "countries": out}


def main():
    repo = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--atlas", help="unpacked world-atlas package directory (default: npm pack it)")
    parser.add_argument("--iso", default="/usr/share/iso-codes/json/iso_3166-1.json")
    parser.add_argument("--out", default=os.path.join(repo, "resources", "map", "countries.json"))
    parser.add_argument("--resolution", choices=["auto", "50m", "110m"], default="auto")
    parser.add_argument("--tolerance", type=float, default=0.02, help="simplification tolerance, degrees")
    parser.add_argument("--min-area", type=float, default=0.005, help="smallest island kept, square degrees")
    args = parser.parse_args()

    with open(args.iso, encoding="utf-8") as f:
        iso_entries = json.load(f)["3166-1"]

    with tempfile.TemporaryDirectory() as workdir:
        atlas = args.atlas or fetch_atlas(workdir)
        for resolution in ["50m", "110m"] if args.resolution == "auto" else [args.resolution]:
            with open(os.path.join(atlas, f"countries-{resolution}.json"), encoding="utf-8") as f:
                topology = json.load(f)
            source = f"Natural Earth 1:{resolution[:-1]} million admin 0 countries via {PACKAGE}"
            result = convert(topology, iso_entries, args.tolerance, args.min_area, source)
            data = json.dumps(result, separators=(",", ":"), ensure_ascii=False).encode("utf-8")
            if len(data) <= MAX_BYTES or args.resolution != "auto":
                break

    os.makedirs(os.path.dirname(os.path.abspath(args.out)), exist_ok=True)
    with open(args.out, "wb") as f:
        f.write(data + b"\n")
    points = sum(len(ring) // 2 for country in result["countries"] for ring in country["rings"])
    print(f"{args.out}: {len(result['countries'])} countries, {points} points, {len(data)} bytes ({source})")


if __name__ == "__main__":
    main()
