// Too-old browsers (#14): where WebAssembly, one of the wasm's features or an
// API the app needs is missing, the page says so in Chinese — which browsers
// and versions work (the same as README.md says), what is missing — instead
// of staying blank; and the app does not start. Simulated in today's
// browsers by taking the feature away before any page script runs.

import { it } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { APP_URL, ROOT, forEachBrowser } from "./harness.mjs";

const TIMEOUT = { timeout: 60_000 };
const VERSIONS = ["Chromium 内核 96", "Firefox 79", "Safari（iPhone、iPad、Mac）15"];

/** Open the file in a page where `takeAway` ran first; the page's message and what else it shows. */
async function openWithout(ctx, takeAway) {
  const page = await ctx.browser.newPage();
  const errors = [];
  page.on("pageerror", (e) => errors.push(String(e?.message ?? e)));
  page.on("console", (m) => m.type() === "error" && errors.push(m.text()));
  try {
    await page.evaluateOnNewDocument(takeAway);
    await page.goto(APP_URL, { waitUntil: "load" });
    await page.waitForSelector("#unsupported", { timeout: 20_000 });
    const shown = await page.evaluate(() => ({
      text: document.querySelector("#unsupported").innerText,
      role: document.querySelector("#unsupported").getAttribute("role"),
      app: !!document.querySelector("#app"),
    }));
    return { ...shown, errors };
  } finally {
    await page.close();
  }
}

forEachBrowser("too-old browsers", (ctx) => {
  it("no WebAssembly: a message naming the browsers that work, not a blank page", TIMEOUT, async () => {
    const got = await openWithout(ctx, () => {
      delete window.WebAssembly;
    });
    assert.match(got.text, /此浏览器版本过旧/);
    for (const v of VERSIONS) assert.ok(got.text.includes(v), `names ${v}: ${got.text}`);
    assert.match(got.text, /缺少的功能：WebAssembly/);
    assert.equal(got.role, "alert");
    assert.equal(got.app, false, "the app did not start");
    assert.deepEqual(got.errors, [], "no script error");
  });

  it("a WebAssembly without reference types: the message names the missing feature", TIMEOUT, async () => {
    const got = await openWithout(ctx, () => {
      const validate = WebAssembly.validate.bind(WebAssembly);
      // The reference-types module is the one that returns an externref (0x6f).
      WebAssembly.validate = (bytes) => !(bytes.length > 14 && bytes[14] === 111) && validate(bytes);
    });
    assert.match(got.text, /缺少的功能：WebAssembly 引用类型（reference-types）$/m);
    assert.equal(got.app, false, "the app did not start");
    assert.deepEqual(got.errors, [], "no script error");
  });

  it("README lists the same versions", () => {
    const readme = readFileSync(join(ROOT, "README.md"), "utf8");
    for (const v of ["Chrome / Edge 96", "Firefox 79", "Safari 15"]) assert.ok(readme.includes(v), `README.md names ${v}`);
  });
});
