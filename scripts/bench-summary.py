#!/usr/bin/env python3
"""Summarise `cargo bench --bench ingest`: per format and decoder, corpus bytes divided by the sum
of per-file medians (criterion's estimates), and our speed-up over the reference decoder.

    cargo bench --bench ingest && python3 scripts/bench-summary.py
"""
import json, os, sys

root = os.path.join(os.path.dirname(os.path.abspath(__file__)), '..', 'target', 'criterion')
totals = {}
for group in ('fit', 'gpx', 'tcx'):
    gdir = os.path.join(root, group)
    if not os.path.isdir(gdir):
        continue
    for bench in sorted(os.listdir(gdir)):
        base = os.path.join(gdir, bench, 'new')
        try:
            estimates = json.load(open(os.path.join(base, 'estimates.json')))
            meta = json.load(open(os.path.join(base, 'benchmark.json')))
        except OSError:
            continue
        decoder = meta['function_id'].split('/')[0]
        size = meta['throughput']['Bytes']
        median_s = estimates['median']['point_estimate'] / 1e9
        t = totals.setdefault((group, decoder), [0, 0.0, 0])
        t[0] += size; t[1] += median_s; t[2] += 1
if not totals:
    sys.exit('no criterion results: run `cargo bench --bench ingest` first')
rates = {}
for (group, decoder), (size, secs, files) in sorted(totals.items()):
    rates[(group, decoder)] = size / secs / 1e6
    print(f'{group:4} {decoder:10} {files:3} files {size / 1e6:8.2f} MB  {rates[(group, decoder)]:9.1f} MB/s')
for group, ref in (('fit', 'fitparser'), ('gpx', 'gpx-crate')):
    if (group, 'gluteus') in rates and (group, ref) in rates:
        print(f'{group}: gluteus is {rates[(group, "gluteus")] / rates[(group, ref)]:.1f} x {ref}')
