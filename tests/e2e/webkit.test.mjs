// The app in WebKit (Debian's WebKitGTK MiniBrowser, driven by WebKitWebDriver under a
// private Xvfb: see webkit.mjs), from file://, beside Chromium and Firefox (#14): it
// mounts without errors; an item's target value typed with the keyboard is saved and
// survives a reload (localStorage of a file:// page); a day typed into #as-of followed by
// one click on a card opens it (WebKit's date change comes on blur); the charts draw; the briefing
// moves with its keys; 导出数据 saves a real JSON file; 导入数据 reads it back through the
// file input of another browser. Each test has its own browser (WebKit's automation sessions start with
// empty storage). Skipped unless E2E_BROWSERS selects webkit (the default selects it).

import { after, before, describe, it } from "node:test";
import assert from "node:assert/strict";
import { existsSync } from "node:fs";
import { APP_URL, HTML_PATH, wantedBrowsers } from "./harness.mjs";
import { HASH, KEY } from "./ui.mjs";
import { KEY as K, startWebKit } from "./webkit.mjs";

const TIMEOUT = { timeout: 120_000 };
const skip = !wantedBrowsers().includes("webkit") && "E2E_BROWSERS does not select webkit";

/** Set a field as a user who then leaves it (input + change), for fields WebDriver cannot type into (type=date). */
function setField(s, css, value) {
  return s.eval(
    (css, v) => {
      const el = document.querySelector(css);
      if (!el) throw new Error(`no ${css}`);
      el.focus();
      el.value = v;
      el.dispatchEvent(new Event("input", { bubbles: true }));
      el.dispatchEvent(new Event("change", { bubbles: true }));
      el.blur();
    },
    css,
    value,
  );
}

/** Open item `no`'s detail by its card's button and wait for its editor. */
async function openItem(s, no) {
  await s.click(`#items article.item-card[data-no="${no}"] button.item-open`);
  await s.waitFor(`item ${no}'s editor`, (n) => !!document.querySelector(`#item-detail[data-no="${n}"] #progress-editor .target-row[data-target="0"] input.target-value`), no);
}

/** The open editor's first target: { value, date, light, share }. */
function target0(s) {
  return s.eval(() => {
    const r = document.querySelector('#item-detail .target-row[data-target="0"]');
    return r && {
      value: r.querySelector("input.target-value").value,
      date: r.querySelector("input.target-date").value,
      light: r.querySelector(".target-light")?.dataset.light ?? null,
      share: r.querySelector(".target-share")?.textContent.trim() ?? null,
    };
  });
}

/** Wait for a save: the head at KEY with a revision above `after`; returns the head. */
function waitSaved(s, after = -1) {
  return s.waitFor(`${KEY} saved with revision > ${after}`, (key, a) => {
    try {
      const v = JSON.parse(localStorage.getItem(key));
      return v && v.schema === 4 && v.notice && v.revision > a ? v : false;
    } catch {
      return false;
    }
  }, KEY, after);
}

/** Item 7 (困难群体救助, target 797): on 2023-06-30, type `value` into its first target's field and leave it with Tab. */
async function typeItem7(s, value) {
  await setField(s, "#as-of", "2023-06-30");
  await s.waitFor("#as-of = 2023-06-30", () => document.querySelector("#as-of")?.value === "2023-06-30");
  await openItem(s, 7);
  assert.equal((await target0(s)).date, "2023-06-30", ".target-date defaults to #as-of");
  const field = '#item-detail .target-row[data-target="0"] input.target-value';
  await s.click(field);
  await s.eval((css) => document.querySelector(css).select(), field);
  await s.keys([K.Backspace, ...value, K.Tab]);
}

describe("WebKit (MiniBrowser, WebDriver) from file://", { skip }, () => {
  let wk = null;
  before(async () => {
    assert.ok(existsSync(HTML_PATH), `${HTML_PATH} missing: run \`bash build.sh\` first`);
    wk = await startWebKit();
  }, { timeout: 60_000 });
  after(async () => {
    await wk?.stop();
  });

  /** Run `fn(session)` in a fresh MiniBrowser, closed afterwards. */
  async function inBrowser(fn) {
    const s = await wk.session();
    try {
      return await fn(s);
    } finally {
      await s.close();
    }
  }

  it("mounts cleanly; a target value typed in the editor is saved and survives a reload", TIMEOUT, () =>
    inBrowser(async (s) => {
      await s.open(APP_URL);
      const view = await s.eval(() => ({
        ua: navigator.userAgent,
        cards: document.querySelectorAll("#items article.item-card").length,
        title: document.querySelector(".notice-title")?.textContent ?? "",
        status: document.querySelector("#storage-status")?.dataset.mode ?? null,
        banners: [...document.querySelectorAll("#banners .banner")].filter((b) => b.getClientRects().length).map((b) => b.dataset.banner),
      }));
      assert.match(view.ua, /AppleWebKit\/\d+/, "this is WebKit");
      assert.doesNotMatch(view.ua, /Chrome|Firefox/, "and neither Chromium nor Firefox");
      assert.equal(view.cards, 50, "the 50 items are listed");
      assert.ok(view.title.includes("民生实事"), `notice title: ${view.title}`);
      assert.equal(view.status, "normal", "localStorage is usable from file://");
      assert.deepEqual(view.banners, ["first_run"], "a fresh browser: only the first-run banner");

      await typeItem7(s, "400");
      // 400/797 = 50.2 % vs 序时进度 181/365 = 49.6 %: on schedule.
      await s.waitFor("item 7's target at 400, green", () => {
        const r = document.querySelector('#item-detail .target-row[data-target="0"]');
        return r?.querySelector("input.target-value").value === "400" && r.querySelector(".target-light")?.dataset.light === "green";
      });
      const saved = await waitSaved(s, 0);
      assert.equal(saved.notice, HASH);
      assert.equal(
        await s.eval(() => document.querySelector('.item-card[data-no="7"] .item-light')?.dataset.light),
        "green",
        "item 7's card turned green",
      );

      await s.reload();
      await s.waitFor("item 7's detail open again (#item=7)", () => !!document.querySelector('#item-detail[data-no="7"] .target-row[data-target="0"]'));
      await setField(s, "#as-of", "2023-06-30");
      await setField(s, '#item-detail .target-row[data-target="0"] input.target-date', "2023-06-30");
      await s.waitFor("the value 400 after the reload", () => document.querySelector('#item-detail .target-row[data-target="0"] input.target-value')?.value === "400");
      const t = await target0(s);
      assert.deepEqual({ ...t, share: undefined }, { value: "400", date: "2023-06-30", light: "green", share: undefined });
      assert.match(t.share, /50%/, "the target's share");
      const head = await s.eval((k) => JSON.parse(localStorage.getItem(k)), KEY);
      assert.equal(head.revision, saved.revision, "loading does not save again");
      const banners = await s.eval(() => [...document.querySelectorAll("#banners .banner")].filter((b) => b.getClientRects().length).map((b) => b.dataset.banner));
      assert.ok(!banners.includes("first_run"), `no first_run banner once data exists: ${banners}`);
      await s.assertClean();
    }),
  );

  it("a day typed into #as-of, then one click on a card's 详情 opens it (WebKit's date change comes with the blur)", TIMEOUT, () =>
    inBrowser(async (s) => {
      await s.open(APP_URL);
      // WebKit's date field: month / day / year segments (this locale's order); → moves between them
      // (Tab leaves the field: the app makes a date field one Tab stop).
      await s.eval(() => document.querySelector("#as-of").focus());
      await s.keys(["0", "6", K.ArrowRight, "3", "0", K.ArrowRight, "2", "0", "2", "3"]);
      await s.waitFor("#as-of = 2023-06-30, still focused", () => document.querySelector("#as-of").value === "2023-06-30" && document.activeElement?.id === "as-of");
      // One click, with the focus still in the date field.
      await s.click('#items article.item-card[data-no="7"] button.item-open');
      await s.waitFor("item 7's detail after one click", () => !!document.querySelector('#item-detail[data-no="7"]'));
      assert.equal(await s.eval(() => document.querySelector('#item-detail .target-row[data-target="0"] input.target-date').value), "2023-06-30", "the target's day follows #as-of");
      assert.match(await s.eval(() => location.hash), /at=2023-06-30/, "the day in the address");
      await s.assertClean();
    }),
  );

  it("draws the charts and moves through the briefing with the keys", TIMEOUT, () =>
    inBrowser(async (s) => {
      await s.open(APP_URL);
      await s.click("a#tab-charts");
      await s.waitFor("#panel=charts, drawn", () => location.hash.includes("panel=charts") && !!document.querySelector("#charts")?.dataset.asOf);
      for (const kind of ["completion", "subsidies", "lights", "timeline", "units"]) {
        const px = await s.eval((kind) => {
          const c = document.querySelector(`#charts figure.chart[data-chart="${kind}"] canvas`);
          if (!c) return null;
          const { width, height } = c;
          const data = c.getContext("2d").getImageData(0, 0, width, height).data;
          let ink = 0;
          for (let i = 0; i < data.length; i += 4) if (data[i + 3] > 0 && (data[i] < 245 || data[i + 1] < 245 || data[i + 2] < 245)) ink++;
          return { ink, width, cssWidth: c.getBoundingClientRect().width, scale: Number(c.dataset.scale), rows: c.closest("figure").querySelectorAll("table.chart-data tbody tr").length };
        }, kind);
        assert.ok(px, `${kind}: a canvas`);
        assert.ok(px.ink > 2000, `${kind} has drawn something (${px.ink} px)`);
        assert.equal(px.width, Math.round(px.cssWidth * px.scale), `${kind}: backing store = CSS width × devicePixelRatio`);
        assert.ok(px.rows > 0, `${kind}: its data table has rows`);
      }

      await s.click("#briefing-open");
      const waitSlide = (n) =>
        s.waitFor(`slide ${n}`, (k) => {
          const b = document.querySelector("#briefing");
          return !!b && !b.hidden && b.dataset.slide === String(k) && !!b.querySelector(".slide");
        }, n);
      await waitSlide(0);
      await s.waitFor("the headline figures first (#16)", () => !!document.querySelector("#briefing .slide-cover .headline-figure"));
      await s.keys([K.ArrowRight]);
      await waitSlide(1);
      await s.keys([K.ArrowRight]);
      await waitSlide(2);
      await s.keys([K.ArrowRight]);
      await waitSlide(3);
      await s.waitFor("the first chart drawn", () => {
        const c = document.querySelector("#briefing .slide-chart canvas");
        return c && c.width > 300 && c.getContext("2d").getImageData(c.width / 2, c.height / 2, 1, 1).data[3] > 0;
      });
      await s.keys([K.ArrowRight]);
      await waitSlide(4);
      await s.keys([K.PageDown]);
      await waitSlide(5);
      await s.keys([K.PageUp]);
      await waitSlide(4);
      await s.keys([K.ArrowLeft]);
      await waitSlide(3);
      await s.keys([K.End]);
      await waitSlide(17);
      const last = await s.eval(() => {
        const sl = document.querySelector("#briefing .slide");
        return { cls: sl.className, h: sl.querySelector("h2")?.textContent ?? "" };
      });
      assert.match(last.cls, /slide-category/);
      assert.ok(last.h.includes("公共安全"), JSON.stringify(last));
      await s.keys("b");
      await s.waitFor("a blank screen", () => document.querySelector("#briefing").dataset.blank === "1");
      await s.keys("bt");
      await s.waitFor("the dark theme, not blank", () => {
        const b = document.querySelector("#briefing");
        return b.dataset.theme === "dark" && b.dataset.blank === "0";
      });
      await s.keys([K.Home]);
      await waitSlide(0);
      await s.keys([K.Escape]);
      await s.waitFor("the briefing closed", () => document.querySelector("#briefing").hidden);
      await s.assertClean();
    }),
  );

  it("导出数据 saves a real JSON file; 导入数据 reads it into another browser through the file input (替换)", TIMEOUT, async () => {
    const file = await inBrowser(async (s) => {
      await s.open(APP_URL);
      await typeItem7(s, "512");
      await setField(s, "#item-detail textarea#edit-note", "导出前填写的备注");
      await s.waitFor("the note and value shown", () => document.querySelector("#item-detail textarea#edit-note")?.value === "导出前填写的备注" && document.querySelector('#item-detail .target-row[data-target="0"] input.target-value')?.value === "512");
      await waitSaved(s, 1);
      // The detail is a modal drawer over the toolbar: close it, as a user must.
      await s.click("button#detail-close");
      await s.waitFor("the detail closed", () => !document.querySelector("#item-detail"));

      const seen = wk.downloads().map((d) => d.name);
      await s.click("#export-json");
      const file = await wk.waitForDownload("#export-json", { seen });
      // The name as the app gave it (WebKit encodes a download's name in the page's charset: the file's is UTF-8).
      assert.match(file.name, /^相山区民生实事_\d{4}-\d{2}-\d{2}\.json$/, "the file's name");
      const exported = JSON.parse(file.text);
      assert.equal(exported.format, "minsheng-snapshot");
      assert.equal(exported.notice, HASH);
      assert.ok(file.text.includes("导出前填写的备注"), "the note, Chinese unescaped");
      assert.ok(file.text.includes("512"), "the value 512");
      await s.assertClean();
      return file;
    });

    // Another browser (a colleague's, or this one after its data was cleared): storage empty.
    await inBrowser(async (s) => {
      await s.open(APP_URL);
      await openItem(s, 7);
      assert.equal(await s.eval(() => document.querySelector("#item-detail textarea#edit-note").value), "", "a fresh browser: no note");
      await s.click("button#detail-close");
      await s.waitFor("the detail closed", () => !document.querySelector("#item-detail"));

      await s.sendKeys("input#import-file", file.path);
      await s.waitFor("#import-dialog", () => !!document.querySelector("#import-dialog"));
      const changes = await s.eval(() => [...document.querySelectorAll("#import-changes tr.import-change")].map((tr) => ({ item: Number(tr.dataset.item), old: tr.querySelector("td.old").textContent, new: tr.querySelector("td.new").textContent })));
      assert.ok(changes.some((c) => c.item === 7 && c.old === "（空）" && c.new === "导出前填写的备注"), JSON.stringify(changes));
      await s.click("#import-replace");
      await s.waitFor("#import-apply says 替换", () => document.querySelector("#import-apply")?.textContent.includes("替换"));
      await s.click("#import-apply");
      await s.waitFor("the import dialog closed", () => !document.querySelector("#import-dialog"));
      const message = await s.waitFor("the imported banner", () => document.querySelector('#banners .banner[data-banner="imported"] .banner-message')?.textContent.trim());
      assert.match(message, /已用.*替换本机数据。导入前的数据已自动备份/);

      await openItem(s, 7);
      await setField(s, '#item-detail .target-row[data-target="0"] input.target-date', "2023-06-30");
      await s.waitFor("the imported note and value", () => document.querySelector("#item-detail textarea#edit-note")?.value === "导出前填写的备注" && document.querySelector('#item-detail .target-row[data-target="0"] input.target-value')?.value === "512");
      await s.reload();
      await s.waitFor("item 7's detail after the reload", () => !!document.querySelector('#item-detail[data-no="7"] textarea#edit-note'));
      await s.waitFor("the imported note kept", () => document.querySelector("#item-detail textarea#edit-note")?.value === "导出前填写的备注");
      await s.assertClean();
    });
  });
});
