#!/usr/bin/env bash
# Draws the README's picture, docs/images/hill-repeats-elevation.png, from the bundled sample with
# the release binary. The test `the_readme_picture_is_what_the_code_draws` fails when the
# committed picture is no longer what the code draws: run this script and commit the picture.
set -euo pipefail
cd "$(dirname "$0")/.."
cargo build --release --locked --quiet
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT
./target/release/gluteus report samples/hill-repeats.fit -o "$out" --format png --size 1000x500 >/dev/null 2>&1
mkdir -p docs/images
cp "$out/hill-repeats/elevation.png" docs/images/hill-repeats-elevation.png
echo "docs/images/hill-repeats-elevation.png"
