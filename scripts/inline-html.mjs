#!/usr/bin/env node
// Trunk post_build hook: turn Trunk's staged output into ONE self-contained
// HTML file, <staging>/minsheng.html (Trunk then moves it to dist/).
//
// Why: users open the file from disk (file://). Chromium refuses module
// scripts and fetch() of .wasm from file://, and Trunk has no single-file
// output. So:
//   * every <link rel="stylesheet"> becomes an inline <style>;
//   * the wasm-bindgen glue (built with data-bindgen-target="no-modules", a
//     classic script defining the global `wasm_bindgen`) becomes an inline
//     classic <script>;
//   * the .wasm is packed with LZMA (the `xz` CLI, .lzma format: ~19% smaller
//     than zopfli's deflate) and base64'd into a data block
//     (<script type="application/octet-stream" id="minsheng-wasm">, not run);
//     the boot <script> after it unpacks it synchronously with our LZMA decoder
//     compiled to wasm (scripts/lzma-wasm, a no_std Rust crate built here with
//     cargo, 5.8 KB, inlined as base64) driven by scripts/lzma-unpack.js (inlined),
//     and calls wasm_bindgen.initSync(), which instantiates and runs main() -> the
//     app mounts before the load event. Packing first more than halves the file
//     (users mail it) and works in every browser, unlike DecompressionStream. The
//     wasm decoder unpacks ~2x faster than the JavaScript one it replaced
//     (scripts/lzma-decode.js until 2026-12-06: a single cold run spends much of
//     its time before the engine's optimizing tier; BENCHMARKS.md #10);
//   * a Content-Security-Policy <meta> forbids all network and allows exactly
//     these inline scripts (sha256 hashes) plus 'wasm-unsafe-eval'.
// It fails loudly if anything still references another file.
//
// Usage: run by Trunk (TRUNK_STAGING_DIR set), or by hand:
//   node scripts/inline-html.mjs <dir-with-index.html-js-wasm> [out.html]

import { execFileSync } from "node:child_process";
import { createHash } from "node:crypto";
import { readFileSync, readdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { buildLzmaWasm } from "./lzma-wasm/build.mjs";

const OUT_NAME = "minsheng.html";
const dir = process.env.TRUNK_STAGING_DIR || process.argv[2];
if (!dir) fail("no TRUNK_STAGING_DIR and no directory argument");
const out = process.argv[3] || join(dir, OUT_NAME);

function fail(msg) {
  console.error(`inline-html: ${msg}`);
  process.exit(1);
}

/** The single file in `dir` whose name ends with `suffix`. */
function single(suffix) {
  const found = readdirSync(dir).filter((f) => f.endsWith(suffix));
  if (found.length !== 1) fail(`expected one *${suffix} in ${dir}, found: ${found.join(", ") || "none"}`);
  return join(dir, found[0]);
}

/** Text safe to put between <script> and </script> (or <style>). */
function guardInline(text, tag, what) {
  if (new RegExp(`</${tag}`, "i").test(text)) fail(`${what} contains "</${tag}"; cannot inline it verbatim`);
  // "<!--" inside a script switches the HTML parser into "escaped" mode.
  if (tag === "script" && text.includes("<!--")) fail(`${what} contains "<!--"; cannot inline it verbatim`);
  // CSS may only reference data: URLs (no fonts/images from files or the network).
  const urls = tag === "style" ? [...text.matchAll(/url\(\s*['"]?([^'")\s]+)/gi)].map((m) => m[1]) : [];
  const external = urls.filter((u) => !u.startsWith("data:"));
  if (external.length) fail(`${what} references ${external.join(", ")}: inline it as data: or drop it`);
  return text;
}

const sha256 = (text) => `'sha256-${createHash("sha256").update(text, "utf8").digest("base64")}'`;

/** Value of attribute `name` in a start tag, quoted or not (Trunk's minifier drops quotes). */
function attr(tag, name) {
  const m = new RegExp(`\\s${name}\\s*=\\s*(?:"([^"]*)"|'([^']*)'|([^\\s>]+))`, "i").exec(tag);
  return m ? (m[1] ?? m[2] ?? m[3]) : null;
}

let html = readFileSync(join(dir, "index.html"), "utf8");

// 1. <link> tags: stylesheets become inline <style>; preloads and Trunk's own
//    leftover <link data-trunk rel="rust"> (inject_scripts = false) are dropped.
html = html.replace(/<link\b[^>]*>\s*/gi, (tag) => {
  const rel = (attr(tag, "rel") || "").toLowerCase();
  if (/\sdata-trunk\b/i.test(tag) || rel === "modulepreload" || rel === "preload") return "";
  if (rel !== "stylesheet") return tag;
  const href = attr(tag, "href");
  if (!href) fail(`stylesheet link without href: ${tag}`);
  const css = readFileSync(join(dir, href.replace(/^\/+/, "").split(/[?#]/)[0]), "utf8");
  return `<style>${guardInline(css, "style", href)}</style>`;
});

// 2. Drop any module script Trunk may have injected to load the app the normal way.
html = html.replace(/<script\b[^>]*>[\s\S]*?<\/script>\s*/gi, (tag) =>
  (attr(tag.slice(0, tag.indexOf(">") + 1), "type") || "").toLowerCase() === "module" ? "" : tag,
);

// 3. The wasm-bindgen glue (no-modules: `let wasm_bindgen = ...`, a global).
const glue = guardInline(readFileSync(single(".js"), "utf8"), "script", "wasm-bindgen JS");
if (!/\bwasm_bindgen\b/.test(glue) || !/\binitSync\b/.test(glue)) {
  fail("JS glue does not look like wasm-bindgen --target no-modules output (no wasm_bindgen/initSync)");
}

// 4. The boot script: the data block's base64 text -> lzmaUnpack (the wasm decoder:
//    base64, then LZMA) -> initSync (compiles, instantiates, runs main()).
const wasm = readFileSync(single("_bg.wasm"));
// lc=4, lp=0, pb=0 instead of xz's default lc=3, lp=0, pb=2: ~950 B smaller for our
// wasm (measured 2026-11-29; lp/pb > 0 cost more, other match finders or nice/depth
// values gain < 100 B). ~0.3 s for a 960 KB wasm.
const XZ_ARGS = ["--format=lzma", "--lzma1=preset=9e,lc=4,lp=0,pb=0", "--stdout"];
let packed;
try {
  packed = execFileSync("xz", XZ_ARGS, { input: wasm, maxBuffer: 256 * 1024 * 1024, stdio: ["pipe", "pipe", "pipe"] });
} catch (e) {
  if (e.code === "ENOENT") fail("`xz` not found: install xz-utils (bash scripts/install-tools.sh build does)");
  fail(`xz ${XZ_ARGS.join(" ")} failed: ${String(e.stderr || e.message).trim()}`);
}
// xz writes "size unknown" (all FF) and ends the stream with an end marker. Put the
// size in the header: the decoder then allocates the output once, exactly.
if (packed.length < 18 || !packed.subarray(5, 13).equals(Buffer.alloc(8, 0xff))) fail("xz output is not an .lzma stream of unknown size");
packed.writeUInt32LE(wasm.length, 5);
packed.writeUInt32LE(0, 9);
// The unpacker without its whole-line comments and indentation (ES5, no template
// literals, so no line is inside a string). The check below runs exactly this.
const unpackSource = guardInline(
  readFileSync(new URL("./lzma-unpack.js", import.meta.url), "utf8")
    .replace(/^\s*\/\/.*\n/gm, "")
    .replace(/^[ \t]+/gm, ""),
  "script",
  "scripts/lzma-unpack.js",
);
// The wasm LZMA decoder it drives (scripts/lzma-wasm: no_std Rust, 5.8 KB), built here.
let decoderBase64;
try {
  decoderBase64 = buildLzmaWasm().toString("base64");
} catch (e) {
  fail(`building the LZMA decoder (scripts/lzma-wasm) failed: ${e.message}`);
}
const packedBase64 = packed.toString("base64");
// What we ship must give back the exact wasm from the exact text of the data block.
{
  const lzmaUnpack = new Function(`${unpackSource}\nreturn lzmaUnpack;`)();
  let back;
  try {
    back = lzmaUnpack(packedBase64, decoderBase64);
  } catch (e) {
    fail(`scripts/lzma-unpack.js + scripts/lzma-wasm fail on the LZMA stream of the wasm: ${e.message}`);
  }
  if (back.length !== wasm.length || Buffer.compare(Buffer.from(back.buffer, back.byteOffset, back.length), wasm) !== 0) {
    fail("scripts/lzma-unpack.js + scripts/lzma-wasm do not give back the wasm from the LZMA stream");
  }
}
// Not started where scripts/browser-check.js found the browser too old (it shows why);
// a start that fails anyway says so on the page before the error goes to the console.
const boot = `(function () {
  "use strict";
  if (window.__minshengUnsupported) return;
${unpackSource}
  try {
    // Phase marks for scripts/bench-load.mjs: where the open's time goes before main().
    performance.mark("minsheng-boot");
    // (-base64-read: the text read; the base64 itself is now decoded in -unpacked.)
    var text = document.getElementById("minsheng-wasm").textContent;
    performance.mark("minsheng-base64-read");
    var wasm = lzmaUnpack(text, "${decoderBase64}");
    performance.mark("minsheng-unpacked");
    wasm_bindgen.initSync({ module: wasm });
  } catch (e) {
    var box = document.createElement("p");
    box.id = "boot-failed";
    box.setAttribute("role", "alert");
    box.setAttribute("style", "max-width:40em;margin:2em auto;padding:1em;border:2px solid #b42318;border-radius:8px;font:16px/1.7 sans-serif");
    box.appendChild(document.createTextNode("页面未能启动（" + e + "）。请用较新版本的 Chrome、Edge、Firefox 或 Safari 打开此文件；已记录的数据不会丢失。"));
    document.body.appendChild(box);
    throw e;
  }
})();`;
// The browser check first: it must run (and show its message) even where the glue
// cannot be parsed. Comment lines dropped, as for the decoder.
const check = guardInline(
  readFileSync(new URL("./browser-check.js", import.meta.url), "utf8").replace(/^\s*\/\/.*\n/gm, ""),
  "script",
  "scripts/browser-check.js",
);
// A phase mark for scripts/bench-load.mjs first: when the page's scripts begin.
const scripts = [`window.performance && performance.mark && performance.mark("minsheng-check");\n${check}`, glue, boot];
// data-minsheng marks the file's own elements: "另存为带数据的网页" (src/app/html_copy.rs)
// copies these and nothing else a browser extension may have added to <body>.
// The packed wasm goes in a data block, not in the boot script's source: the
// browser then does not run its 700 KB through the JavaScript parser (measured:
// ready 8-16 ms sooner in Chromium and Firefox, BENCHMARKS.md "Load time").
const payload = `<script type="application/octet-stream" id="minsheng-wasm" data-minsheng>${packedBase64}</script>\n`;
const scriptTags = payload + scripts.map((s) => `<script data-minsheng>${s}</script>`).join("\n");
// At the end of <body> (the minifier may have omitted </body>: then at the end).
html = /<\/body>/i.test(html) ? html.replace(/<\/body>/i, () => `${scriptTags}\n</body>`) : `${html}\n${scriptTags}\n`;

// 5. CSP: no network at all; only our inline scripts (by hash) and wasm compilation.
const csp = [
  "default-src 'none'",
  "connect-src 'none'",
  `script-src ${scripts.map(sha256).join(" ")} 'wasm-unsafe-eval'`,
  "style-src 'unsafe-inline'",
  "img-src data: blob:",
  "font-src 'none'",
  "base-uri 'none'",
  "form-action 'none'",
].join("; ");
const cspMeta = `<meta http-equiv="Content-Security-Policy" content="${csp}">`;
// Right after <meta charset>, before anything the policy must cover.
const charset = /<meta\b[^>]*\scharset\s*=[^>]*>/i;
if (!charset.test(html)) fail("index.html needs a <meta charset> in its <head>");
html = html.replace(charset, (m) => `${m}\n${cspMeta}`);

// 6. Self-containment check: no src/href other than data: (and the document itself).
//    Search only the markup outside our inline scripts/styles.
const markup = html.replace(/<(script|style)\b[^>]*>[\s\S]*?<\/\1>/gi, "");
const refs = [...markup.matchAll(/\s(?:src|href)\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s>]+))/gi)]
  .map((m) => m[1] ?? m[2] ?? m[3])
  .filter((u) => !u.startsWith("data:"));
if (refs.length) fail(`output still references other files: ${refs.join(", ")}`);

writeFileSync(out, html);
console.log(`inline-html: wrote ${out} (${Buffer.byteLength(html)} bytes; wasm ${wasm.length} bytes, lzma ${packed.length}, glue ${glue.length} chars)`);
