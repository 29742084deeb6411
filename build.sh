#!/usr/bin/env bash
# Build the self-contained app: dist/minsheng.html (open it from disk, no server).
# Installs what is missing first (trunk, wasm-bindgen-cli, wasm-opt; see scripts/install-tools.sh).
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/scripts/env.sh"
cd "$ROOT"

bash scripts/install-tools.sh build

step "cargo fetch (Trunk builds with --offline)"
cargo fetch --locked

step "trunk build (release, wasm-opt -Oz, post_build hook inlines everything)"
# --offline on the command line also skips Trunk's own update check (Trunk.toml's offline does not).
trunk build --offline --skip-version-check

out="$ROOT/dist/minsheng.html"
[ -f "$out" ] || die "trunk did not produce $out"
raw=$(stat -c %s "$out")
gz=$(gzip -9 -c "$out" | wc -c)
step "built"
echo "$out"
echo "size: $raw bytes ($((raw / 1024)) KiB), gzip -9: $gz bytes ($((gz / 1024)) KiB)"
