"""locate of a CSV of points with shapely 2's vectorised STRtree: the
yardstick for `lianluo locate --batch` (SPEC §8). Usage:
    python3 locate_shapely.py cells.geojson points.csv
Prints the seconds taken: load cells, build tree, read points, query, write
lon,lat,cell_code for every point (as lianluo does)."""
import json
import sys
import time

import numpy as np
import shapely

t0 = time.perf_counter()
with open(sys.argv[1], encoding="utf-8") as f:
    features = json.load(f)["features"]
codes = np.array([f["properties"]["code"] for f in features if f.get("geometry")])
geoms = shapely.from_geojson([json.dumps(f["geometry"]) for f in features if f.get("geometry")])
tree = shapely.STRtree(geoms)
t1 = time.perf_counter()
xy = np.loadtxt(sys.argv[2], delimiter=",", skiprows=1, usecols=(0, 1))
points = shapely.points(xy)
t2 = time.perf_counter()
point_idx, cell_idx = tree.query(points, predicate="intersects")
# First cell per point (a point on a shared edge touches two).
found = np.full(len(points), -1)
found[point_idx[::-1]] = cell_idx[::-1]
t3 = time.perf_counter()
out = np.where(found >= 0, codes[np.maximum(found, 0)], "")
with open("/dev/stdout" if len(sys.argv) < 4 else sys.argv[3], "w") as f:
    for (lon, lat), code in zip(xy, out):
        f.write(f"{lon},{lat},{code}\n")
t4 = time.perf_counter()
print(
    f"shapely {shapely.__version__}: cells {t1 - t0:.2f} s, points {t2 - t1:.2f} s, "
    f"query {t3 - t2:.2f} s, write {t4 - t3:.2f} s, total {t4 - t0:.2f} s",
    file=sys.stderr,
)
