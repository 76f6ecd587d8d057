#!/usr/bin/env python3
"""Builds a surface index from a synthetic ~100 MB OpenStreetMap extract and reports the time and
the peak memory (issue 6: under 60 s on 2 cores, under 2 GB).

    cargo build --release && python3 scripts/surface-build-bench.py [--nodes 12000000]

Needs osmium (Debian's osmium-tool) to turn the generated XML into PBF, and GNU time. The extract
is a grid city: streets of every class and surface, tracks, paths, beaches, and buildings that the
index must skip. Files go to target/surface-bench/.
"""
import os, random, subprocess, sys, time

root = os.path.join(os.path.dirname(os.path.abspath(__file__)), '..')
out = os.path.join(root, 'target', 'surface-bench')
os.makedirs(out, exist_ok=True)
nodes_wanted = int(sys.argv[sys.argv.index('--nodes') + 1]) if '--nodes' in sys.argv else 26_000_000
xml, pbf, idx = (os.path.join(out, n) for n in ('city.osm', 'city.osm.pbf', 'city.idx'))
random.seed(1)
tags = [
    [('highway', 'residential')], [('highway', 'primary'), ('surface', 'asphalt')],
    [('highway', 'track'), ('tracktype', 'grade3')], [('highway', 'path'), ('sac_scale', 'hiking')],
    [('highway', 'footway'), ('surface', 'paving_stones')], [('highway', 'path'), ('surface', 'sand')],
    [('building', 'yes')], [('landuse', 'grass')],
]
if not os.path.exists(pbf):
    side = int(nodes_wanted ** 0.5)
    step = 1e-4  # about 11 m
    started = time.time()
    with open(xml, 'w', buffering=1 << 22) as f:
        f.write("<?xml version='1.0' encoding='UTF-8'?>\n<osm version='0.6' generator='gluteus bench'>\n")
        for r in range(side):
            lat = 45.0 + r * step
            # Jitter, as surveyed coordinates have, so that the extract does not compress to nothing.
            f.write(''.join(f"<node id='{r * side + c + 1}' version='1' lat='{lat + random.uniform(-2e-4, 2e-4):.7f}' "
                            f"lon='{6.0 + c * step + random.uniform(-2e-4, 2e-4):.7f}'/>\n" for c in range(side)))
        way = 1
        for r in range(side):  # rows, cut into ways of 50 nodes
            for c0 in range(0, side - 1, 49):
                refs = ''.join(f"<nd ref='{r * side + c + 1}'/>" for c in range(c0, min(c0 + 50, side)))
                t = ''.join(f"<tag k='{k}' v='{v}'/>" for k, v in random.choice(tags))
                f.write(f"<way id='{way}' version='1'>{refs}{t}</way>\n")
                way += 1
        for c in range(0, side, 7):  # some columns too
            for r0 in range(0, side - 1, 49):
                refs = ''.join(f"<nd ref='{r * side + c + 1}'/>" for r in range(r0, min(r0 + 50, side)))
                t = ''.join(f"<tag k='{k}' v='{v}'/>" for k, v in random.choice(tags))
                f.write(f"<way id='{way}' version='1'>{refs}{t}</way>\n")
                way += 1
        f.write("</osm>\n")
    subprocess.run(['osmium', 'cat', '--overwrite', '-o', pbf, xml], check=True)
    os.remove(xml)
    print(f'generated {pbf}: {os.path.getsize(pbf) / 1e6:.0f} MB in {time.time() - started:.0f} s')
gluteus = os.path.join(root, 'target', 'release', 'gluteus')
result = subprocess.run(['/usr/bin/time', '-v', gluteus, 'surfaces', 'build', pbf, '-o', idx],
                        capture_output=True, text=True)
if result.returncode != 0:
    sys.exit(result.stderr)
stats = dict(line.strip().rsplit(': ', 1) for line in result.stderr.splitlines() if ': ' in line)
print(result.stdout.strip())
print(f"pbf {os.path.getsize(pbf) / 1e6:.0f} MB: wall {stats['Elapsed (wall clock) time (h:mm:ss or m:ss)']}, "
      f"peak memory {int(stats['Maximum resident set size (kbytes)']) / 1024:.0f} MiB, cpu {stats['Percent of CPU this job got']}")
