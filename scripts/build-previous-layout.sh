#!/usr/bin/env bash
# Benchmarks only: today's app with release 0.1's stored layout (Cargo feature
# `previous-layout`, src/progress/persist.rs), so a load or edit figure can be
# given as a ratio against the previous layout in the same run (#10, BENCHMARKS.md):
#   bash scripts/build-previous-layout.sh            # -> target/previous-layout/minsheng.html
#   node scripts/bench-load.mjs --browser all --store empty,year \
#        --html dist/minsheng.html,target/previous-layout/minsheng.html
# Never ship this file: it re-encodes the whole record at every save, as release 0.1 did.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/env.sh"
cd "$ROOT"

bash scripts/install-tools.sh build
cargo fetch --locked
out="$ROOT/target/previous-layout"
# Its own cargo target directory: switching the feature in target/ would rebuild both.
CARGO_TARGET_DIR="$ROOT/target/previous-layout-build" \
  trunk build --offline --skip-version-check --features previous-layout --dist "$out"
[ -f "$out/minsheng.html" ] || die "trunk did not produce $out/minsheng.html"
echo "$out/minsheng.html"
