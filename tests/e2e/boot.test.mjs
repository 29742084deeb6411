// The boot of the single file: its packed wasm (the data block #minsheng-wasm) is
// unpacked by the wasm LZMA decoder (scripts/lzma-wasm through scripts/lzma-unpack.js).
// A damaged data block — a character changed, one that is no base64, the text cut
// short — must not start anything from garbage: the page says it could not start
// (#boot-failed, in Chinese) with the decoder's error, and the app does not mount.
// The intact file boots with every phase mark in order (scripts/bench-load.mjs reads them).

import { it } from "node:test";
import assert from "node:assert/strict";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { HTML_PATH, forEachBrowser, openApp } from "./harness.mjs";

const TIMEOUT = { timeout: 60_000 };
const BLOCK = /(<script type="application\/octet-stream" id="minsheng-wasm" data-minsheng(?:="")?>)([A-Za-z0-9+/=]+)(<\/script>)/;

/** The built file with its data block's base64 text replaced by change(text). */
function damaged(change) {
  const html = readFileSync(HTML_PATH, "utf8");
  assert.match(html, BLOCK, "the data block");
  return html.replace(BLOCK, (_, open, text, close) => open + change(text) + close);
}

/** Open `html` (written to a temporary file) and return what the page shows once the boot gave up. */
async function openBroken(ctx, html) {
  const dir = mkdtempSync(join(tmpdir(), "minsheng-boot-"));
  const file = join(dir, "minsheng.html");
  writeFileSync(file, html);
  const page = await ctx.browser.newPage();
  const errors = [];
  page.on("pageerror", (e) => errors.push(String(e?.message ?? e)));
  try {
    await page.goto(pathToFileURL(file).href, { waitUntil: "load" });
    await page.waitForSelector("#boot-failed", { timeout: 20_000 });
    const shown = await page.evaluate(() => ({
      text: document.querySelector("#boot-failed").textContent,
      ready: !!document.querySelector('#app[data-ready="1"]'),
      unpacked: performance.getEntriesByName("minsheng-unpacked").length,
    }));
    return { ...shown, errors };
  } finally {
    await page.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

forEachBrowser("boot: unpacking the wasm", (ctx) => {
  it("the intact file boots, its phase marks in order", TIMEOUT, async () => {
    const app = await openApp(ctx);
    const marks = await app.page.evaluate(() =>
      ["minsheng-check", "minsheng-boot", "minsheng-base64-read", "minsheng-unpacked", "minsheng-start", "minsheng-ready"].map(
        (name) => performance.getEntriesByName(name)[0]?.startTime ?? null,
      ),
    );
    assert.ok(marks.every((t) => t !== null), `every mark set: ${marks}`);
    for (let i = 1; i < marks.length; i++) assert.ok(marks[i] >= marks[i - 1], `marks in order: ${marks}`);
    await app.assertClean();
  });

  /** One base64 character changed a third of the way in (bits of the range coder's stream). */
  const changeOne = (t) => {
    const i = (t.length / 3) | 0;
    return t.slice(0, i) + (t[i] === "A" ? "B" : "A") + t.slice(i + 1);
  };
  const CASES = [
    ["a character changed", changeOne, /lzma: (corrupt stream|truncated input)/],
    ["a character that is no base64", (t) => t.slice(0, 1000) + "*" + t.slice(1000), /lzma: bad base64/],
    ["the text cut short", (t) => t.slice(0, t.length >> 1), /lzma: truncated input/],
  ];
  for (const [what, change, error] of CASES) {
    it(`${what}: the page says it could not start, with the decoder's error; no app`, TIMEOUT, async () => {
      const got = await openBroken(ctx, damaged(change));
      assert.match(got.text, /页面未能启动/);
      assert.match(got.text, error);
      assert.equal(got.ready, false, "the app did not start");
      assert.equal(got.unpacked, 0, "nothing unpacked");
      assert.ok(got.errors.some((e) => error.test(e)), `the error reaches the console: ${got.errors}`);
    });
  }
});
