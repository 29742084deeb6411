// scripts/browser-check.js (the first script of the single HTML file): each
// tiny module it validates to detect a WebAssembly feature is valid, and needs
// exactly that feature — binaryen's validator (wasm-opt, not ours) refuses it
// with the MVP's features and accepts it with that one feature added.
//
//   node --test tests/js/

import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), "../..");
const SOURCE = readFileSync(join(ROOT, "scripts/browser-check.js"), "utf8");
const WASM_OPT = join(ROOT, "node_modules/.bin/wasm-opt");
const HEAD = [0, 97, 115, 109, 1, 0, 0, 0];

/** [name, flag, bytes] of each feature the script checks, read from its source. */
const FEATURES = [...SOURCE.matchAll(/\["[^"（]+（([a-z-]+)）", \[([\d, ]+)\]\]/g)].map((m) => [m[1], Uint8Array.from([...HEAD, ...m[2].split(",").map(Number)])]);

/** Does binaryen's validator take `bytes` with these feature flags? */
function binaryenTakes(bytes, flags) {
  const dir = mkdtempSync(join(tmpdir(), "browser-check-"));
  try {
    writeFileSync(join(dir, "m.wasm"), bytes);
    execFileSync(WASM_OPT, [...flags, join(dir, "m.wasm"), "-o", join(dir, "out.wasm")], { stdio: "pipe" });
    return true;
  } catch {
    return false;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

describe("browser-check.js feature modules", () => {
  it("checks the six features the wasm is built with (index.html's wasm-opt flags)", () => {
    const flags = readFileSync(join(ROOT, "index.html"), "utf8").match(/--enable-[a-z-]+/g).map((f) => f.slice("--enable-".length));
    assert.deepEqual(FEATURES.map(([name]) => name).sort(), [...new Set(flags)].sort());
  });
  for (const [name, bytes] of FEATURES) {
    it(`${name}: valid here (V8), refused without it, taken with it (binaryen)`, () => {
      assert.equal(WebAssembly.validate(bytes), true, "node's WebAssembly takes it");
      assert.equal(binaryenTakes(bytes, ["--mvp-features"]), false, "refused with the MVP's features only");
      assert.equal(binaryenTakes(bytes, ["--mvp-features", `--enable-${name}`]), true, `taken with --enable-${name}`);
    });
  }
});
