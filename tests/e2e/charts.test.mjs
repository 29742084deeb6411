// The charts (#5) end to end, in both browsers from file://: every chart draws,
// bars are coloured where the data says (read back from the canvas pixels),
// the charts redraw when the as-of day changes, the data tables, the briefing
// mode's keys, and the PNG / SVG downloads.
//
// DOM contract:
//   a#tab-charts  #charts[data-redraw-ms][data-as-of]  button#briefing-open
//   figure.chart[data-chart=completion|subsidies|lights|timeline|units] >
//     canvas[data-scale]  figcaption  table.chart-data  button.chart-png  button.chart-svg
//   #briefing[data-slide=N][data-theme=light|dark][data-blank=0|1] > .slide(.slide-cover|.slide-red|.slide-units|.slide-chart|.slide-category)
//     .slide-cover .headline-figure[data-figure] .headline-value
//   hash: #panel=charts

import { it } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { APP_URL, forEachBrowser, openApp, withFreshBrowser, setField } from "./harness.mjs";

const TIMEOUT = { timeout: 120_000 };
const KINDS = ["completion", "subsidies", "lights", "timeline", "units"];
const TITLE = { completion: "各类别目标完成度与序时进度", svg: "各类别目标完成度与序时进度" };
const SOURCE = "关于印发相山区2023年实施50项民生实事的通知";
// src/view/palette.rs light_strong
const GREEN = [0x1a, 0x7f, 0x37];
const RED = [0xcf, 0x22, 0x2e];


async function setAsOf(app, day) {
  await setField(app.page, "#as-of", day);
  await app.waitFor(`the charts redrawn at ${day}`, (d) => document.querySelector("#charts")?.dataset.asOf === d, day);
}

/** Item 7 (困难群体救助, target 797) at 400 on 2023-01-01, entered in its editor. */
async function recordItem7(app) {
  await app.page.click('#items article.item-card[data-no="7"] button.item-open');
  await app.waitFor("item 7's editor", () => !!document.querySelector('#item-detail[data-no="7"] .target-row[data-target="0"] input.target-value'));
  await setField(app.page, '.target-row[data-target="0"] input.target-date', "2023-01-01");
  await setField(app.page, '.target-row[data-target="0"] input.target-value', "400");
  await app.waitFor("item 7's share", () => document.querySelector('.target-row[data-target="0"] .target-share')?.textContent.includes("50"));
}

/** Pixels of a chart's canvas below the title and legend (bars only) close to `rgb`, and the non-white pixel count. */
async function pixels(page, kind, rgb) {
  return page.evaluate(
    (kind, rgb) => {
      const c = document.querySelector(`#charts figure.chart[data-chart="${kind}"] canvas`);
      const scale = Number(c.dataset.scale);
      const { width, height } = c;
      const data = c.getContext("2d").getImageData(0, 0, width, height).data;
      const top = Math.round(74 * scale);
      let match = 0;
      let ink = 0;
      for (let y = 0; y < height; y++) {
        for (let x = 0; x < width; x++) {
          const i = (y * width + x) * 4;
          const [r, g, b] = [data[i], data[i + 1], data[i + 2]];
          if (r < 245 || g < 245 || b < 245) ink++;
          if (y >= top && Math.abs(r - rgb[0]) < 6 && Math.abs(g - rgb[1]) < 6 && Math.abs(b - rgb[2]) < 6) match++;
        }
      }
      return { match, ink, width, height, cssWidth: c.getBoundingClientRect().width, scale };
    },
    kind,
    rgb,
  );
}

/** Record the Blobs the page turns into object URLs (the downloads), in any browser. */
async function captureBlobs(page) {
  await page.evaluate(() => {
    window.__blobs = [];
    const orig = URL.createObjectURL;
    URL.createObjectURL = function (blob) {
      window.__blobs.push(blob);
      return orig.call(URL, blob);
    };
    window.__downloads = [];
    const click = HTMLAnchorElement.prototype.click;
    HTMLAnchorElement.prototype.click = function () {
      window.__downloads.push(this.download);
      return click.call(this);
    };
  });
}

/** The n-th captured blob: { type, name, head: first 8 bytes, text }. */
async function blob(app, n) {
  await app.waitFor(`download #${n + 1}`, (k) => (window.__blobs?.length ?? 0) > k && (window.__downloads?.length ?? 0) > k, n);
  return app.page.evaluate(async (k) => {
    const b = window.__blobs[k];
    const bytes = new Uint8Array(await b.arrayBuffer());
    return { type: b.type, name: window.__downloads[k], head: [...bytes.slice(0, 8)], size: bytes.length, text: b.type.startsWith("image/svg") ? await b.text() : "" };
  }, n);
}

const PNG_SIGNATURE = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];

forEachBrowser("charts", (ctx) => {
  it("draws every chart crisply, colours the bars as the data says and redraws on a new as-of day", TIMEOUT, async () => {
    const app = await openApp(ctx);
    const { page } = app;
    await recordItem7(app);
    await setField(page, "#as-of", "2023-01-05");
    await page.click("button#detail-close");
    await app.waitFor("the detail to close", () => !document.querySelector("#item-detail"));
    await page.click("a#tab-charts");
    await app.waitFor("#panel=charts", () => location.hash.includes("panel=charts") && !!document.querySelector("#charts figure.chart canvas"));
    await app.waitFor("the charts drawn at 2023-01-05", () => document.querySelector("#charts")?.dataset.asOf === "2023-01-05");

    // Every chart: a canvas with ink, its backing store at devicePixelRatio, title, footer, table, buttons.
    for (const kind of KINDS) {
      const fig = `#charts figure.chart[data-chart="${kind}"]`;
      const info = await page.$eval(fig, (f) => ({
        caption: f.querySelector("figcaption")?.textContent ?? "",
        rows: f.querySelectorAll("table.chart-data tbody tr").length,
        buttons: !!f.querySelector("button.chart-png") && !!f.querySelector("button.chart-svg"),
      }));
      assert.ok(info.caption.includes("截至2023年1月5日") && info.caption.includes(SOURCE), `${kind} footer: ${info.caption}`);
      assert.ok(info.rows > 0 && info.buttons, `${kind}: table rows ${info.rows}, buttons ${info.buttons}`);
      const px = await pixels(page, kind, [0, 0, 0]);
      assert.ok(px.ink > 2000, `${kind} has drawn something (${px.ink} px)`);
      assert.equal(px.width, Math.round(px.cssWidth * px.scale), `${kind}: backing store = CSS width × devicePixelRatio`);
    }

    // 困难群体救助 is ahead early in the year: a green bar, no red one.
    const early = await pixels(page, "completion", GREEN);
    const earlyRed = await pixels(page, "completion", RED);
    assert.ok(early.match > 50, `a green bar at 01-05 (${early.match} px)`);
    assert.equal(earlyRed.match, 0, "no red bar at 01-05");
    const row = await page.$$eval('#charts figure.chart[data-chart="completion"] table.chart-data tbody tr', (trs) =>
      trs.map((tr) => [...tr.children].map((td) => td.textContent)).find((r) => r[0] === "困难群体救助"),
    );
    // Completion of the one reported target (not a tenth of it: unreported targets are not 0 %), 报送率 apart.
    assert.deepEqual(row, ["困难群体救助", "50.2%", "1.4%", "绿灯", "1/11"]);

    // At the year's end the same category is far behind: red, and the light's word is in the table.
    await setAsOf(app, "2023-12-31");
    const late = await pixels(page, "completion", RED);
    const lateGreen = await pixels(page, "completion", GREEN);
    assert.ok(late.match > 50, `a red bar at 12-31 (${late.match} px)`);
    assert.equal(lateGreen.match, 0, "no green bar at 12-31");
    // A category with nothing reported is grey at the year's end, not red.
    const lateRows = await page.$$eval('#charts figure.chart[data-chart="completion"] table.chart-data tbody tr', (trs) =>
      Object.fromEntries(trs.map((tr) => [tr.children[0].textContent, [...tr.children].map((td) => td.textContent)])),
    );
    assert.deepEqual([lateRows["困难群体救助"][3], lateRows["交通出行"][1], lateRows["交通出行"][3], lateRows["交通出行"][4]], ["红灯", "未报送", "灰灯", "0/6"]);
    const ms = Number(await page.$eval("#charts", (el) => el.dataset.redrawMs));
    assert.ok(Number.isFinite(ms) && ms >= 0, `data-redraw-ms = ${ms}`);
    await app.screenshot("charts");
    await app.assertClean();
  });

  it("briefing mode moves with the keys, blanks, switches theme and leaves with Esc", TIMEOUT, async () => {
    const app = await openApp(ctx, { url: `${APP_URL}#panel=charts` });
    const { page } = app;
    await page.waitForSelector("#briefing-open");
    await page.click("#briefing-open");
    const state = () => page.$eval("#briefing", (b) => ({ open: !b.hidden, slide: b.dataset.slide, theme: b.dataset.theme, blank: b.dataset.blank, kind: b.querySelector(".slide")?.className ?? "" }));
    const waitSlide = (n) => app.waitFor(`slide ${n}`, (k) => { const b = document.querySelector("#briefing"); return !b.hidden && b.dataset.slide === String(k) && !!b.querySelector(".slide"); }, n);
    await waitSlide(0);
    // #16: a leader starts with the headline figures, the 红灯事项 and the units by lag.
    assert.match((await state()).kind, /slide-cover/);
    const figures = await page.$$eval("#briefing .headline-figure", (fs) => Object.fromEntries(fs.map((f) => [f.dataset.figure, f.querySelector(".headline-value").textContent])));
    assert.deepEqual(Object.keys(figures), ["done", "on_schedule", "behind", "funds"]);
    assert.ok(Object.values(figures).every((v) => v !== ""), JSON.stringify(figures));
    await page.keyboard.press("ArrowRight");
    await waitSlide(1);
    assert.match((await state()).kind, /slide-red/);
    await page.keyboard.press("ArrowRight");
    await waitSlide(2);
    assert.match((await state()).kind, /slide-units/);
    assert.ok((await page.$$("#briefing .slide-units tbody tr")).length > 0, "units ranked");
    await page.keyboard.press("ArrowRight");
    await waitSlide(3);
    assert.match((await state()).kind, /slide-chart/);
    // The slide's canvas is drawn.
    await app.waitFor("the first slide's chart", () => {
      const c = document.querySelector("#briefing .slide-chart canvas");
      return c && c.width > 300 && c.getContext("2d").getImageData(c.width / 2, c.height / 2, 1, 1).data[3] > 0;
    });
    await page.keyboard.press("ArrowRight");
    await waitSlide(4);
    await page.keyboard.press("PageDown");
    await waitSlide(5);
    await page.keyboard.press("PageUp");
    await waitSlide(4);
    await page.keyboard.press("Home");
    await waitSlide(0);
    await page.keyboard.press("ArrowLeft");
    await waitSlide(0);
    await page.keyboard.press("End");
    await waitSlide(17);
    const last = await page.$eval("#briefing .slide", (s) => ({ cls: s.className, items: s.querySelectorAll(".slide-item .item-light").length, h: s.querySelector("h2")?.textContent }));
    assert.match(last.cls, /slide-category/);
    assert.ok(last.items > 0 && last.h.includes("公共安全"), JSON.stringify(last));
    await page.keyboard.press("b");
    await app.waitFor("a blank screen", () => document.querySelector("#briefing").dataset.blank === "1");
    await page.keyboard.press("b");
    await page.keyboard.press("t");
    await app.waitFor("the dark theme", () => document.querySelector("#briefing").dataset.theme === "dark");
    await page.keyboard.press("Home");
    await waitSlide(0);
    await page.keyboard.press("Escape");
    await app.waitFor("the briefing closed", () => document.querySelector("#briefing").hidden);
    await app.assertClean();
  });

  it("打印全部幻灯片 puts every slide in the page, a slide a page, prints only them and takes them out", TIMEOUT, async () => {
    const app = await openApp(ctx, { url: `${APP_URL}#panel=charts&at=2023-09-30` });
    try {
      const { page } = app;
      await page.waitForSelector("#slides-print-open");
      // What the page is at the moment it prints (the dialog itself is the browser's).
      await page.evaluate(() => {
        window.print = () => {
          const sp = document.querySelector("#slides-print");
          window.__printed = {
            slides: [...document.querySelectorAll("#slides-print > .slide")].map((s) => s.className.split(" ")[1]),
            svgs: document.querySelectorAll("#slides-print .slide-chart-print svg").length,
            marked: document.documentElement.classList.contains("printing-slides"),
            shown: sp ? getComputedStyle(sp).display : null,
            tabs: getComputedStyle(document.querySelector("#tabs")).display,
            breaks: sp ? getComputedStyle(sp.querySelector(".slide")).breakAfter : null,
          };
        };
      });
      // Print media where the browser lets the test emulate it (Chromium).
      const printMedia = ctx.browserName === "chromium";
      if (printMedia) await page.emulateMediaType("print");
      // (Clicked from the page: in print media the page's own buttons are not on paper.)
      await page.$eval("#slides-print-open", (b) => b.click());
      const printed = await app.waitFor("the print", () => window.__printed ?? false);
      assert.equal(printed.slides.length, 3 + 5 + 10, JSON.stringify(printed.slides));
      assert.deepEqual(printed.slides.slice(0, 3), ["slide-cover", "slide-red", "slide-units"]);
      assert.equal(printed.svgs, 5, "the five charts as SVG");
      assert.ok(printed.marked, "the page is marked as printing slides");
      if (printMedia) {
        assert.equal(printed.tabs, "none", "nothing else on paper");
        assert.notEqual(printed.shown, "none");
        assert.equal(printed.breaks, "page", "a slide a page");
      }
      await app.waitFor("the slides taken out again", () => !document.querySelector("#slides-print") && !document.documentElement.classList.contains("printing-slides"));
      if (printMedia) await page.emulateMediaType(null);
      await app.assertClean();
    } finally {
      await app.close();
    }
  });

  it("downloads each chart as a 2× PNG and as an SVG carrying the title and footer", TIMEOUT, () =>
    withFreshBrowser(ctx, { downloads: true }, async (fresh) => {
      const app = await openApp(fresh, { url: `${APP_URL}#panel=charts` });
      const { page } = app;
      await page.waitForSelector('#charts figure.chart[data-chart="completion"] button.chart-png');
      await app.waitFor("the charts drawn", () => !!document.querySelector("#charts")?.dataset.asOf);
      await captureBlobs(page);
      const fig = '#charts figure.chart[data-chart="completion"]';
      const cssWidth = await page.$eval(`${fig} canvas`, (c) => c.getBoundingClientRect().width);

      await page.click(`${fig} button.chart-png`);
      const png = await blob(app, 0);
      assert.equal(png.type, "image/png");
      assert.deepEqual(png.head, PNG_SIGNATURE, "PNG signature");
      assert.ok(png.name.startsWith(TITLE.completion) && png.name.endsWith(".png"), png.name);
      const dims = await page.evaluate(async () => {
        const bmp = await createImageBitmap(window.__blobs[0]);
        return [bmp.width, bmp.height];
      });
      assert.equal(dims[0], Math.max(800, Math.round(cssWidth)) * 2, `PNG at 2× (${dims})`);

      await page.click(`${fig} button.chart-svg`);
      const svg = await blob(app, 1);
      assert.match(svg.type, /^image\/svg\+xml/);
      assert.ok(svg.name.startsWith(TITLE.completion) && svg.name.endsWith(".svg"), svg.name);
      assert.ok(svg.text.startsWith("<?xml") && svg.text.includes("<svg") && svg.text.trim().endsWith("</svg>"), "an SVG document");
      assert.ok(svg.text.includes(TITLE.svg) && svg.text.includes(`数据来源：${SOURCE}`), "the SVG carries the title and the footer");

      if (fresh.browserName === "chromium") {
        // The real files, as the user gets them.
        const first = await fresh.waitForDownload("the PNG");
        const second = await fresh.waitForDownload("the SVG", { seen: [first.name] });
        const byExt = Object.fromEntries([first, second].map((d) => [d.name.split(".").pop(), d.name]));
        const bytes = readFileSync(join(fresh.downloadDir, byExt.png));
        assert.deepEqual([...bytes.subarray(0, 8)], PNG_SIGNATURE, "the saved PNG");
        const text = readFileSync(join(fresh.downloadDir, byExt.svg), "utf8");
        assert.ok(text.includes(TITLE.svg) && text.includes(SOURCE), "the saved SVG carries the title");
      }
      await app.assertClean();
    }),
  );
}, { launch: true });
