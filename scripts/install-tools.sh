#!/usr/bin/env bash
# Idempotently installs what building and testing need. Each step is skipped
# when already present at the right version.
#
#   bash scripts/install-tools.sh build     # wasm32 target, trunk, wasm-bindgen-cli, xz, npm deps
#   bash scripts/install-tools.sh browsers  # apt: chromium, firefox-esr, WebKitGTK (driver, MiniBrowser, Xvfb), CJK font (needs root)
#   bash scripts/install-tools.sh readers   # apt: LibreOffice Writer, poppler-utils, python3-venv; python-docx and openpyxl in .venv-tests
#   bash scripts/install-tools.sh all       # all three
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/env.sh"
cd "$ROOT"

TRUNK_VERSION=0.22.1
BINARYEN_MAJOR=132
# WebKit: webkit2gtk-driver brings WebKitWebDriver and WebKitGTK's MiniBrowser (no headless
# mode: the tests run it under their own Xvfb, which xvfb provides; xauth for xvfb-run by hand).
APT_PACKAGES=(chromium chromium-driver firefox-esr fonts-wqy-microhei webkit2gtk-driver xvfb xauth)
MINIBROWSER=/usr/lib/x86_64-linux-gnu/webkit2gtk-4.1/MiniBrowser
# Independent readers of the 通报 .docx (tests/docx_readback.rs): LibreOffice headless converts it
# to PDF, poppler's pdfinfo/pdftotext/pdftoppm read that, python-docx (in a venv: Debian's python3
# refuses pip installs outside one) reads the file itself. The CJK font draws the PDF's glyphs.
READER_PACKAGES=(libreoffice-writer-nogui poppler-utils python3-venv fonts-wqy-microhei)
PYTHON_DOCX_VERSION=1.2.0
# openpyxl fills the 填报表 in tests/e2e/fill_form.test.mjs (tests/support/fill_form.py), as a unit would in Excel.
OPENPYXL_VERSION=3.1.5

# wasm-bindgen-cli must match the wasm-bindgen crate exactly: read it from Cargo.lock.
wasm_bindgen_version() {
  awk '/^name = "wasm-bindgen"$/ { getline; gsub(/version = |"/, ""); print; exit }' Cargo.lock
}

install_build_tools() {
  command -v cargo >/dev/null || die "cargo not found: install rustup and the toolchain first"
  command -v npm >/dev/null || die "npm not found: install node (>= 20) first"

  step "rust components clippy and rustfmt (test.sh lints with them)"
  for component in clippy rustfmt; do
    if rustup component list --installed 2>/dev/null | grep -q "^$component"; then
      echo "$component: already installed"
    else
      rustup component add "$component"
    fi
  done

  step "rust target wasm32-unknown-unknown"
  if rustup target list --installed | grep -qx wasm32-unknown-unknown; then
    echo "already installed"
  else
    rustup target add wasm32-unknown-unknown
  fi

  step "trunk $TRUNK_VERSION"
  if [ "$(trunk --version 2>/dev/null || true)" = "trunk $TRUNK_VERSION" ]; then
    echo "already installed: $(command -v trunk)"
  else
    echo "installing with cargo (takes ~10 minutes)…"
    # --force: cargo skips a package it believes installed even when the binary is gone.
    cargo install --force --locked trunk --version "$TRUNK_VERSION" --ignore-rust-version
  fi
  [ "$(trunk --version 2>/dev/null || true)" = "trunk $TRUNK_VERSION" ] || die "trunk $TRUNK_VERSION not on PATH after install"

  local wb
  wb="$(wasm_bindgen_version)"
  [ -n "$wb" ] || die "could not read the wasm-bindgen version from Cargo.lock"
  step "wasm-bindgen-cli $wb (= wasm-bindgen in Cargo.lock)"
  if [ "$(wasm-bindgen --version 2>/dev/null || true)" = "wasm-bindgen $wb" ]; then
    echo "already installed: $(command -v wasm-bindgen)"
  else
    # Not --locked: the CLI's own lockfile pins crates that may not build on our toolchain.
    cargo install --force wasm-bindgen-cli --version "$wb"
  fi
  [ "$(wasm-bindgen --version 2>/dev/null || true)" = "wasm-bindgen $wb" ] || die "wasm-bindgen $wb not on PATH after install"
  grep -q "^wasm_bindgen = \"$wb\"" Trunk.toml \
    || die "Trunk.toml [tools] wasm_bindgen must be \"$wb\" (the version in Cargo.lock)"

  step "xz (apt xz-utils: packs the wasm into the single file; tests/js checks the decoder against it)"
  if command -v xz >/dev/null; then
    echo "already installed: $(xz --version | head -n 1)"
  else
    local sudo=""
    [ "$(id -u)" -eq 0 ] || sudo="sudo"
    $sudo apt-get update
    DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y xz-utils
  fi
  command -v xz >/dev/null || die "xz not on PATH after installing xz-utils"

  step "npm packages (binaryen $BINARYEN_MAJOR for wasm-opt, puppeteer-core; read-excel-file and pdfjs-dist read back downloads)"
  # Skip `npm ci` when node_modules was installed from this very package-lock.json.
  local stamp=node_modules/.minsheng-lock.sha256 want
  want="$(sha256sum package-lock.json | cut -d' ' -f1)"
  if [ -f "$stamp" ] && [ "$(cat "$stamp")" = "$want" ]; then
    echo "already installed (package-lock.json unchanged)"
  else
    npm ci --no-audit --no-fund
    echo "$want" > "$stamp"
  fi
  local wo
  wo="$(command -v wasm-opt || true)"
  [ "$wo" = "$ROOT/node_modules/.bin/wasm-opt" ] || die "wasm-opt on PATH is '$wo', expected $ROOT/node_modules/.bin/wasm-opt"
  wasm-opt --version | grep -q "(version_$BINARYEN_MAJOR)" || die "wasm-opt is not binaryen $BINARYEN_MAJOR: $(wasm-opt --version)"
  echo "wasm-opt: $(wasm-opt --version)"
  echo "tools: $(rustc --version) | $(trunk --version) | $(wasm-bindgen --version) | node $(node --version)"
}

# apt-get install whichever of the named packages are missing (root, else sudo).
apt_install() {
  local missing=()
  for p in "$@"; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
  done
  if [ ${#missing[@]} -eq 0 ]; then
    echo "already installed"
  else
    local sudo=""
    [ "$(id -u)" -eq 0 ] || sudo="sudo"
    echo "installing: ${missing[*]}"
    $sudo apt-get update
    DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y "${missing[@]}"
  fi
}

install_browsers() {
  step "browsers, Xvfb and CJK font (apt: ${APT_PACKAGES[*]})"
  apt_install "${APT_PACKAGES[@]}"
  [ -x /usr/bin/chromium ] || die "/usr/bin/chromium missing"
  [ -x /usr/lib/firefox-esr/firefox-esr ] || die "/usr/lib/firefox-esr/firefox-esr missing"
  [ -x /usr/bin/WebKitWebDriver ] || die "/usr/bin/WebKitWebDriver missing (apt webkit2gtk-driver)"
  [ -x "$MINIBROWSER" ] || die "$MINIBROWSER missing (apt webkit2gtk-driver)"
  [ -x /usr/bin/Xvfb ] || die "/usr/bin/Xvfb missing (apt xvfb)"
}

install_readers() {
  step "readers of the .docx: LibreOffice, poppler (apt: ${READER_PACKAGES[*]})"
  apt_install "${READER_PACKAGES[@]}"
  for exe in soffice pdfinfo pdftotext pdftoppm; do
    command -v "$exe" >/dev/null || die "$exe not on PATH after installing ${READER_PACKAGES[*]}"
  done

  step "python-docx $PYTHON_DOCX_VERSION and openpyxl $OPENPYXL_VERSION in $TEST_VENV"
  command -v python3 >/dev/null || die "python3 not found"
  # A venv whose python no longer runs or that lacks pip (made before python3-venv was there) is made anew.
  if ! "$TEST_VENV/bin/python" -m pip --version >/dev/null 2>&1; then
    python3 -m venv --clear "$TEST_VENV" || die "python3 -m venv failed (Debian: apt python3-venv)"
  fi
  if [ "$("$TEST_VENV/bin/python" -c 'import docx, openpyxl, importlib.metadata as m; print(m.version("python-docx"), m.version("openpyxl"))' 2>/dev/null || true)" = "$PYTHON_DOCX_VERSION $OPENPYXL_VERSION" ]; then
    echo "already installed"
  else
    "$TEST_VENV/bin/python" -m pip install --quiet --disable-pip-version-check "python-docx==$PYTHON_DOCX_VERSION" "openpyxl==$OPENPYXL_VERSION"
  fi
  "$TEST_VENV/bin/python" -c 'import docx, openpyxl' || die "python-docx or openpyxl not importable in $TEST_VENV"
}

case "${1:-all}" in
  build) install_build_tools ;;
  browsers) install_browsers ;;
  readers) install_readers ;;
  all) install_browsers; install_readers; install_build_tools ;;
  *) die "usage: $0 [build|browsers|readers|all]" ;;
esac
