// In-app browsers (#14): 微信, 钉钉 … may ignore a download. There, after
// 导出数据 the app still starts the download, and also says the file may not
// have been saved, how to open the page in a browser, and offers 复制内容,
// which hands the clipboard exactly the file's text. In a browser of its own
// nothing of this shows. The in-app browser is simulated by its user agent
// (what the app reads), set before any page script.

import { it } from "node:test";
import assert from "node:assert/strict";
import { forEachBrowser, openApp, withFreshBrowser } from "./harness.mjs";
import { clickToolbar } from "./ui.mjs";

const TIMEOUT = { timeout: 90_000 };
const WECHAT_UA = "Mozilla/5.0 (iPhone; CPU iPhone OS 17_1 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Mobile/15E148 MicroMessenger/8.0.44(0x18002c2d) NetType/WIFI Language/zh_CN";

/** `ctx` whose new pages say they are 微信's browser and record what reaches the clipboard (the real call still runs). */
function inWeChat(ctx) {
  const newPage = async () => {
    const page = await ctx.browser.newPage();
    await page.evaluateOnNewDocument((ua) => {
      Object.defineProperty(Navigator.prototype, "userAgent", { get: () => ua, configurable: true });
      window.__clipboard = [];
      const clip = navigator.clipboard;
      if (clip) {
        const write = clip.writeText.bind(clip);
        clip.writeText = (t) => {
          window.__clipboard.push(t);
          return write(t);
        };
      }
    }, WECHAT_UA);
    return page;
  };
  return { ...ctx, browser: { newPage } };
}

forEachBrowser("in-app browsers", (ctx) => {
  it("in 微信: export tells the file may not be saved and copies its content", TIMEOUT, () =>
    withFreshBrowser(ctx, { downloads: true }, async (fresh) => {
      const app = await openApp(inWeChat(fresh));
      try {
        const { page: p } = app;
        assert.equal(await p.evaluate(() => navigator.userAgent.includes("MicroMessenger")), true);
        await clickToolbar(app, "#export-json");
        const file = await fresh.waitForDownload("#export-json");
        await app.waitFor("the download help", () => !!document.querySelector("#download-help"));
        const help = await p.$eval("#download-help", (d) => d.innerText);
        assert.match(help, /文件可能没有保存/);
        assert.ok(help.includes("微信") && help.includes(file.name) && help.includes("在浏览器中打开"), help);
        assert.equal(await p.$eval("#download-help-text", (t) => t.value), file.text, "the dialog holds the file's text");
        await app.waitFor("focus in the dialog", () => !!document.activeElement?.closest("#download-help"));
        await p.click("#download-help-copy");
        const status = await app.waitFor("the copy's outcome", () => document.querySelector("#download-help-copied")?.textContent || null);
        const handed = await p.evaluate(() => window.__clipboard);
        if (handed.length) assert.deepEqual(handed, [file.text], "the clipboard got exactly the file's text");
        assert.ok(status === "已复制。" || (handed.length === 0 && status.includes("请在上面的文本框中全选")), `status: ${status}`);
        await p.keyboard.press("Escape");
        await app.waitFor("the help closed", () => !document.querySelector("#download-help"));
        await app.assertClean();
      } finally {
        await app.close();
      }
    }));

  it("in a browser of its own: the download only, no help dialog", TIMEOUT, () =>
    withFreshBrowser(ctx, { downloads: true }, async (fresh) => {
      const app = await openApp(fresh);
      try {
        await clickToolbar(app, "#export-json");
        await fresh.waitForDownload("#export-json");
        await new Promise((r) => setTimeout(r, 300));
        assert.equal(await app.page.$("#download-help"), null);
        await app.assertClean();
      } finally {
        await app.close();
      }
    }));
});
