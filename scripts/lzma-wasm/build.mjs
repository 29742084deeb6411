// Builds the wasm LZMA decoder of scripts/lzma-wasm (see src/lib.rs) and returns its
// bytes. Used by scripts/inline-html.mjs (which inlines them into the boot script)
// and tests/js/lzma-unpack.test.mjs. No dependencies: cargo runs --offline --locked
// for the target wasm32-unknown-unknown (scripts/install-tools.sh build adds it);
// ~5 s the first time, then cargo finds it up to date. Output under
// $CARGO_TARGET_DIR (or <repository>/target)/lzma-wasm.

import { execFileSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";

const HERE = dirname(fileURLToPath(import.meta.url));
const ROOT = resolve(HERE, "../..");

export function buildLzmaWasm() {
  const targetDir = join(process.env.CARGO_TARGET_DIR ? resolve(process.env.CARGO_TARGET_DIR) : join(ROOT, "target"), "lzma-wasm");
  // A 64 KB stack (it uses a few hundred bytes) instead of rustc's 1 MB, so the
  // module starts with 2 pages of memory.
  const args = ["rustc", "--release", "--offline", "--locked", "--quiet", "--target", "wasm32-unknown-unknown",
    "--manifest-path", join(HERE, "Cargo.toml"), "--target-dir", targetDir, "--", "-C", "link-arg=-zstack-size=65536"];
  try {
    execFileSync("cargo", args, { cwd: HERE, stdio: ["ignore", "pipe", "pipe"] });
  } catch (e) {
    throw new Error(`cargo ${args.join(" ")} failed: ${String(e.stderr || e.message).trim()}`);
  }
  return readFileSync(join(targetDir, "wasm32-unknown-unknown/release/lzma_wasm.wasm"));
}
