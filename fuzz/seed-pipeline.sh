#!/usr/bin/env bash
# Seeds the whole-pipeline fuzz target with the bundled samples, simulated runs of every built-in
# course (FIT, GPX, TCX) and, where it is beside the checkout, the real recordings of
# ../shared/samples/real (never copied into the repository: corpus/ is ignored by git).
set -euo pipefail
cd "$(dirname "$0")"
corpus=corpus/pipeline
mkdir -p "$corpus"
cp ../samples/*.fit ../samples/*.gpx ../samples/*.tcx.gz "$corpus"/
gluteus=(cargo run --quiet --release --manifest-path ../Cargo.toml --)
for course in $("${gluteus[@]}" simulate --list | awk '/^[a-z]/ {print $1}'); do
  for ext in fit gpx tcx; do
    "${gluteus[@]}" simulate --course "$course" --device phone --seed 7 -o "$corpus/sim-$course.$ext" >/dev/null
  done
done
rm -f "$corpus"/*.truth.json "$corpus"/*.surfaces.geojson
if [ -d ../../shared/samples/real ]; then
  find ../../shared/samples/real ../../shared/samples/adversarial -type f \
    \( -name '*.fit' -o -name '*.gpx' -o -name '*.tcx' -o -name '*.gz' \) -exec cp {} "$corpus"/ \;
fi
echo "$(ls "$corpus" | wc -l) seeds in fuzz/$corpus"
