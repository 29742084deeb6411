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
//   * the .wasm is deflated (by zopfli: ~6% smaller than zlib -9, every
//     inflater reads it) and base64'd into a second inline
//     <script> that inflates it synchronously (tiny-inflate, 3 KB, from npm)
//     and calls wasm_bindgen.initSync(), which instantiates and runs main()
//     -> the app mounts before the load event. Deflating first halves the file
//     (users mail it) and works in every browser, unlike DecompressionStream;
//   * a Content-Security-Policy <meta> forbids all network and allows exactly
//     these inline scripts (sha256 hashes) plus 'wasm-unsafe-eval'.
// It fails loudly if anything still references another file.
//
// Usage: run by Trunk (TRUNK_STAGING_DIR set), or by hand:
//   node scripts/inline-html.mjs <dir-with-index.html-js-wasm> [out.html]

import { createHash } from "node:crypto";
import { readFileSync, readdirSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { join } from "node:path";

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

// 4. The boot script: base64 -> deflated bytes -> inflate -> initSync (compiles,
//    instantiates, runs main()). tiny-inflate is CommonJS: wrap it in a scope.
const wasm = readFileSync(single("_bg.wasm"));
const require = createRequire(import.meta.url);
// Raw deflate from zopfli (npm @gfx/zopfli, its C code built to wasm): 341 KB instead of
// zlib -9's 367 KB for an 862 KB wasm, in ~3 s. blocksplittingmax 50 instead of the
// default 15: a few hundred bytes more saved; unlimited (0) doubles the time for ~150 B.
const deflated = Buffer.from(await require("@gfx/zopfli").deflateAsync(wasm, { numiterations: 15, blocksplittingmax: 50 }));
// tiny-inflate 1.0.3 mis-reads a stored block whose header ends on a byte boundary: it
// un-reads its look-ahead bytes only while more than 8 bits are buffered, not exactly 8.
// zlib never stored a block of our wasm; zopfli does. Fix that one comparison, and check
// below that the inflater we ship gives back the exact wasm.
const TINF_BUG = "while (d.bitcount > 8) {";
const tinfSource = readFileSync(require.resolve("tiny-inflate"), "utf8");
if (!tinfSource.includes(TINF_BUG)) fail("tiny-inflate changed: re-check its stored-block fix");
const inflateSource = tinfSource.replace(TINF_BUG, "while (d.bitcount >= 8) {");
guardInline(inflateSource, "script", "tiny-inflate");
{
  const module = { exports: {} };
  new Function("module", inflateSource)(module);
  const back = module.exports(deflated, new Uint8Array(wasm.length));
  if (back.length !== wasm.length || Buffer.compare(Buffer.from(back), wasm) !== 0) {
    fail("tiny-inflate does not give back the wasm from the deflated stream");
  }
}
const boot = `(function () {
  "use strict";
  var module = { exports: {} };
  (function (module) {
${inflateSource}
  })(module);
  var inflate = module.exports;
  var bin = atob("${deflated.toString("base64")}"), n = bin.length, packed = new Uint8Array(n);
  for (var i = 0; i < n; i++) packed[i] = bin.charCodeAt(i);
  var bytes = new Uint8Array(${wasm.length});
  inflate(packed, bytes);
  wasm_bindgen.initSync({ module: bytes });
})();`;

const scripts = [glue, boot];
const scriptTags = scripts.map((s) => `<script>${s}</script>`).join("\n");
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
console.log(`inline-html: wrote ${out} (${Buffer.byteLength(html)} bytes; wasm ${wasm.length} bytes, deflated ${deflated.length}, glue ${glue.length} chars)`);
