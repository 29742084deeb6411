# Sourced by build.sh, test.sh, .ci/run and scripts/install-tools.sh.
# Sets ROOT, puts the project's tools first on PATH, defines `step`/`die`.
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
# node_modules/.bin FIRST: wasm-opt must be binaryen 132 from npm, never Debian's
# binaryen (v108 produces broken wasm). Then cargo-installed trunk / wasm-bindgen.
export PATH="$ROOT/node_modules/.bin:${CARGO_HOME:-$HOME/.cargo}/bin:$PATH"
# The venv with python-docx (scripts/install-tools.sh readers); tests/docx_readback.rs runs its python.
TEST_VENV="$ROOT/.venv-tests"

step() { printf '\n==> %s\n' "$*"; }
die() { printf '\nERROR: %s\n' "$*" >&2; exit 1; }
