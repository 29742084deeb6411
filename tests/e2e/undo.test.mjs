// Undo where the hand is (#16): 撤销 / 重做 inside the item editor, the line
// "已修改 …" with 撤销 after each change, Ctrl+Z / Ctrl+Y in a field whose
// value is committed (the browser's text undo while typing), and Esc after
// typing keeps the value. Every page's close() fails on a panic in its console.
//
// DOM: #progress-editor .editor-undo > #editor-undo #editor-redo #editor-change.change-toast > .change-said .change-undo
//      #change-toast.page-level (while no item is open)
import { it } from "node:test";
import assert from "node:assert/strict";
import { APP_URL, forEachBrowser, openApp } from "./harness.mjs";
import { editor, openItem, typeAndTab, waitEditor, waitEditorShows } from "./ui.mjs";

const TIMEOUT = { timeout: 120_000 };
const NOTE = "textarea#edit-note";

async function said(app) {
  return app.waitFor("the change said in the editor", () => document.querySelector("#editor-change .change-said")?.textContent.trim() || false);
}

forEachBrowser("undo where the hand is", (ctx) => {
  it("each change is said with 撤销 in the editor; 撤销 and 重做 there undo and redo it", TIMEOUT, async () => {
    const app = await openApp(ctx, { url: `${APP_URL}#at=2023-06-30&item=7` });
    try {
      const { page } = app;
      await waitEditor(app, 7);
      assert.equal(await page.$eval("#editor-undo", (b) => b.disabled), true, "nothing to undo yet");
      await typeAndTab(page, NOTE, "已完成招标");
      const line = await said(app);
      assert.match(line, /^已修改 第7项 备注.*（空） → 已完成招标$/, line);
      assert.equal(await page.$eval("#change-toast", (t) => t.textContent.trim()), "", "the page's notice waits while the editor is open");

      await page.click("#editor-change .change-undo");
      await waitEditorShows(app, { no: 7, note: "" }, "撤销 next to the notice");
      await page.click("#editor-redo");
      await waitEditorShows(app, { no: 7, note: "已完成招标" }, "重做 in the editor");
      await page.click("#editor-undo");
      await waitEditorShows(app, { no: 7, note: "" }, "撤销 in the editor");
      await app.assertClean();
    } finally {
      await app.close();
    }
  });

  it("Ctrl+Z in a committed field undoes the change; while typing it is the field's own undo", TIMEOUT, async () => {
    const app = await openApp(ctx, { url: `${APP_URL}#at=2023-06-30&item=7` });
    try {
      const { page } = app;
      await waitEditor(app, 7);
      await typeAndTab(page, NOTE, "甲");
      await waitEditorShows(app, { no: 7, note: "甲" }, "first note");
      await typeAndTab(page, NOTE, "乙");
      await waitEditorShows(app, { no: 7, note: "乙" }, "second note");

      // Back in the field, nothing typed: Ctrl+Z is the app's undo.
      await page.focus(NOTE);
      await page.keyboard.down("Control");
      await page.keyboard.press("z");
      await page.keyboard.up("Control");
      await waitEditorShows(app, { no: 7, note: "甲" }, "Ctrl+Z in a committed field");
      await page.keyboard.down("Control");
      await page.keyboard.press("y");
      await page.keyboard.up("Control");
      await waitEditorShows(app, { no: 7, note: "乙" }, "Ctrl+Y in a committed field");

      // Typing: Ctrl+Z belongs to the text; the recorded note stays.
      const rows = (await editor(page)).history.length;
      await page.focus(NOTE);
      await page.keyboard.press("End");
      await page.keyboard.type("丙");
      await page.keyboard.down("Control");
      await page.keyboard.press("z");
      await page.keyboard.up("Control");
      await new Promise((r) => setTimeout(r, 300));
      const after = await editor(page);
      assert.equal(after.history.length, rows, "no change undone while typing");
      await app.assertClean();
    } finally {
      await app.close();
    }
  });

  it("Esc after typing keeps the value, and nothing panics", TIMEOUT, async () => {
    const app = await openApp(ctx, { url: `${APP_URL}#at=2023-06-30&item=7` });
    try {
      const { page } = app;
      await waitEditor(app, 7);
      // (The tests of a file share a profile: earlier notes are replaced.)
      await page.click(NOTE);
      await page.$eval(NOTE, (el) => el.select());
      await page.keyboard.press("Backspace");
      await page.keyboard.type("只输入未离开");
      await page.keyboard.press("Escape");
      await app.waitFor("the editor closed", () => !document.querySelector("#item-detail"));
      const toast = await app.waitFor("the page's notice", () => document.querySelector("#change-toast .change-said")?.textContent.trim() || false);
      assert.match(toast, /第7项 备注.*只输入未离开/);
      await openItem(app, 7);
      await waitEditorShows(app, { no: 7, note: "只输入未离开" }, "the value typed before Esc");
      await app.assertClean();
    } finally {
      await app.close();
    }
  });
});
