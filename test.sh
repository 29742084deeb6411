#!/usr/bin/env bash
# All tests: tidiness (rustfmt, clippy for native and wasm32), native Rust tests,
# then the build, then the browser end-to-end suite
# (Chromium, Firefox ESR and WebKitGTK's MiniBrowser under Xvfb, from file://) with the
# JS unit tests (tests/js/: the
# boot's wasm LZMA decoder against xz, the browser check's probes). Fails if any part fails.
# Installs whatever is missing first (idempotent; apt needs root or sudo), so it
# works on a fresh machine as README promises.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/scripts/env.sh"
cd "$ROOT"

bash scripts/install-tools.sh all

step "1/4 tidy: cargo fmt --check, cargo clippy -D warnings (native and wasm32)"
cargo fmt --check
cargo clippy --locked --all-targets -- -D warnings
# The app (src/app) is compiled for wasm32 only: native clippy never sees it.
cargo clippy --locked --target wasm32-unknown-unknown --lib --bins -- -D warnings
# The benchmarks' build of the previous layout (scripts/build-previous-layout.sh) must keep compiling.
cargo clippy --locked --target wasm32-unknown-unknown --lib --bins --features previous-layout -- -D warnings
# The boot's LZMA decoder (its own workspace, wasm32 only; output beside the build's, as build.mjs puts it).
cargo fmt --check --manifest-path scripts/lzma-wasm/Cargo.toml
cargo clippy --locked --offline --release --target wasm32-unknown-unknown --manifest-path scripts/lzma-wasm/Cargo.toml \
  --target-dir "${CARGO_TARGET_DIR:-target}/lzma-wasm" -- -D warnings

step "2/4 native tests: cargo test --all-targets"
cargo test --locked --all-targets

step "3/4 build: bash build.sh"
bash build.sh

step "4/4 end-to-end tests (${E2E_BROWSERS:-chromium,firefox,webkit}) and JS unit tests (node --test)"
[ -d node_modules/puppeteer-core ] || die "node_modules missing: run \`bash scripts/install-tools.sh build\` (or npm ci)"
# Only the browsers E2E_BROWSERS selects (default all three) must be there.
for browser in $(echo "${E2E_BROWSERS:-chromium,firefox,webkit}" | tr ',' ' '); do
  case "$browser" in
    chromium) need=(/usr/bin/chromium) ;;
    firefox) need=(/usr/lib/firefox-esr/firefox-esr) ;;
    webkit) need=(/usr/bin/WebKitWebDriver /usr/lib/x86_64-linux-gnu/webkit2gtk-4.1/MiniBrowser /usr/bin/Xvfb) ;;
    *) die "E2E_BROWSERS: unknown browser '$browser' (chromium, firefox, webkit)" ;;
  esac
  for exe in "${need[@]}"; do
    [ -x "$exe" ] || die "$browser missing ($exe): run \`bash scripts/install-tools.sh browsers\`"
  done
done
# Last: node's summary (# tests, # pass, # fail) must be the closing lines of the output.
node --test --test-concurrency=1 tests/e2e/ tests/js/

