//! The five briefing charts as drawings: each chart's title, footer, data
//! table and shapes, laid out in logical pixels from the series of
//! [`super::charts`], then drawn by ONE function generic over plotters'
//! `DrawingBackend` — the canvas on screen (plotters-canvas, scaled by
//! devicePixelRatio or 2× for PNG) and the SVG export (plotters-svg) share it.
//!
//! Browser-free: the SVG path runs natively, so tests read the drawn file.
//! Text is drawn by the backend (canvas `fillText`, SVG `<text>`) in the CJK
//! font stack; widths for layout are estimated (a CJK character is 1 em).
//! Lights are never colour alone: every light-coloured bar carries its word.

use std::convert::Infallible;

use plotters_backend::text_anchor::{HPos, Pos, VPos};
use plotters_backend::{BackendColor, BackendCoord, BackendStyle, BackendTextStyle, DrawingBackend, DrawingErrorKind, FontFamily, FontStyle};

use super::charts::{
    completion_by_category, completion_by_unit, lights_by_category, progress_over_time, subsidies_by_category, year_expected, CompletionBar, TimeSeries,
};
use super::format::date_cn;
use crate::notice::Notice;
use crate::progress::{Day, Light, Progress};

/// The CJK font stack of the whole app (single quotes: valid in CSS and inside an SVG attribute).
pub const FONT_STACK: &str = "'Microsoft YaHei', 'PingFang SC', 'Noto Sans CJK SC', 'WenQuanYi Micro Hei', sans-serif";

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    Completion,
    Subsidies,
    Lights,
    Timeline,
    Units,
}

impl Kind {
    pub const ALL: [Kind; 5] = [Kind::Completion, Kind::Subsidies, Kind::Lights, Kind::Timeline, Kind::Units];

    /// `figure.chart[data-chart=…]`, file names.
    pub fn key(self) -> &'static str {
        match self {
            Kind::Completion => "completion",
            Kind::Subsidies => "subsidies",
            Kind::Lights => "lights",
            Kind::Timeline => "timeline",
            Kind::Units => "units",
        }
    }

    pub fn title(self) -> &'static str {
        match self {
            Kind::Completion => "各类别目标完成度与序时进度",
            Kind::Subsidies => "各类别补助资金（计划与已发放，万元）",
            Kind::Lights => "各类别事项红黄绿灯分布",
            Kind::Timeline => "完成度变化（全部与各类别，对照序时进度）",
            Kind::Units => "各牵头单位目标完成度",
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Rgb(pub u8, pub u8, pub u8);

impl Rgb {
    /// "#C62828", as plotters' SVG backend writes fills.
    pub fn hex(self) -> String {
        format!("#{:02X}{:02X}{:02X}", self.0, self.1, self.2)
    }
}

/// The lights' colours (also in public/app.css).
pub fn light_color(light: Light) -> Rgb {
    match light {
        Light::Green => Rgb(0x2E, 0x7D, 0x32),
        Light::Yellow => Rgb(0xF9, 0xA8, 0x25),
        Light::Red => Rgb(0xC6, 0x28, 0x28),
        Light::Grey => Rgb(0x9E, 0x9E, 0x9E),
    }
}

/// The one-character mark of a light, written on or beside its bar.
pub fn light_mark(light: Light) -> &'static str {
    match light {
        Light::Green => "绿",
        Light::Yellow => "黄",
        Light::Red => "红",
        Light::Grey => "灰",
    }
}

const PLANNED: Rgb = Rgb(0x90, 0xA4, 0xAE);
const DISBURSED: Rgb = Rgb(0x15, 0x65, 0xC0);
/// Lines of the time chart: the whole first, then the categories.
const PALETTE: [Rgb; 10] = [
    Rgb(0x1F, 0x77, 0xB4),
    Rgb(0xFF, 0x7F, 0x0E),
    Rgb(0x8C, 0x56, 0x4B),
    Rgb(0x94, 0x67, 0xBD),
    Rgb(0x17, 0xBE, 0xCF),
    Rgb(0xBC, 0xBD, 0x22),
    Rgb(0xE3, 0x77, 0xC2),
    Rgb(0x7F, 0x7F, 0x7F),
    Rgb(0x3F, 0x51, 0xB5),
    Rgb(0x00, 0x96, 0x88),
];

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Theme {
    pub background: Rgb,
    pub text: Rgb,
    pub muted: Rgb,
    pub grid: Rgb,
    /// The 序时进度 marks and the overall line.
    pub strong: Rgb,
}

pub const LIGHT_THEME: Theme = Theme {
    background: Rgb(255, 255, 255),
    text: Rgb(0x21, 0x21, 0x21),
    muted: Rgb(0x61, 0x61, 0x61),
    grid: Rgb(0xE0, 0xE0, 0xE0),
    strong: Rgb(0x21, 0x21, 0x21),
};
pub const DARK_THEME: Theme = Theme {
    background: Rgb(0x12, 0x12, 0x12),
    text: Rgb(0xF5, 0xF5, 0xF5),
    muted: Rgb(0xBD, 0xBD, 0xBD),
    grid: Rgb(0x42, 0x42, 0x42),
    strong: Rgb(0xFF, 0xFF, 0xFF),
};

/// A chart's data as a table (the `<details>` under each chart).
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Table {
    pub head: Vec<String>,
    pub rows: Vec<Vec<String>>,
}

#[derive(Debug, Clone, PartialEq)]
struct Seg {
    value: f64,
    color: Rgb,
    /// Written on the segment when it is wide enough ("绿2").
    mark: String,
}

#[derive(Debug, Clone, PartialEq)]
struct Bar {
    segs: Vec<Seg>,
    /// A 序时进度 tick across this bar (axis units).
    marker: Option<f64>,
    /// Written right of the bar.
    note: String,
}

#[derive(Debug, Clone, PartialEq)]
struct Row {
    label: String,
    bars: Vec<Bar>,
}

#[derive(Debug, Clone, Copy, PartialEq)]
enum Mark {
    Box(Rgb),
    Line(Rgb),
    Dash,
}

#[derive(Debug, Clone, PartialEq)]
enum Plot {
    Bars { rows: Vec<Row>, max: f64, percent: bool, unit: &'static str },
    Lines { year: i32, series: Vec<(String, Vec<(Day, f64)>)>, expected: Vec<(Day, f64)> },
}

#[derive(Debug, Clone, PartialEq)]
pub struct Chart {
    pub kind: Kind,
    pub title: String,
    pub footer: String,
    pub table: Table,
    legend: Vec<(String, Mark)>,
    plot: Plot,
}

fn pct(share: f64) -> String {
    format!("{:.1}%", share * 100.0)
}

/// "482.5", "0", "12.25" (万元, at most two decimals).
fn wan(v: f64) -> String {
    let s = format!("{:.2}", v);
    s.trim_end_matches('0').trim_end_matches('.').to_string()
}

fn completion_chart(kind: Kind, first: &str, bars: &[CompletionBar]) -> (Table, Vec<Row>) {
    let table = Table {
        head: [first, "完成度", "序时进度", "灯", "已报送/目标数"].map(String::from).to_vec(),
        rows: bars
            .iter()
            .map(|b| vec![b.label.clone(), pct(b.share), pct(b.expected), b.light.label().to_string(), format!("{}/{}", b.reported, b.targets)])
            .collect(),
    };
    let rows = bars
        .iter()
        .map(|b| Row {
            label: b.label.clone(),
            bars: vec![Bar {
                segs: vec![Seg { value: b.share * 100.0, color: light_color(b.light), mark: String::new() }],
                marker: (b.targets > 0).then_some(b.expected * 100.0),
                note: if b.targets == 0 {
                    format!("无量化目标 {}", light_mark(b.light))
                } else if b.reported == 0 {
                    format!("未报送 {}", light_mark(b.light))
                } else {
                    format!("{} {}", pct(b.share), b.light.label())
                },
            }],
        })
        .collect();
    let _ = kind;
    (table, rows)
}

fn light_legend() -> Vec<(String, Mark)> {
    Light::ALL.iter().map(|l| (l.label().to_string(), Mark::Box(light_color(*l)))).collect()
}

/// Every chart at day `at`, in `Kind::ALL` order.
pub fn charts(notice: &Notice, progress: &Progress, at: Day) -> Vec<Chart> {
    Kind::ALL.iter().map(|k| chart(*k, notice, progress, at)).collect()
}

/// Every chart's footer: the as-of day and the source notice.
pub fn footer(notice: &Notice, at: Day) -> String {
    let source = notice.title.as_deref().unwrap_or("（未能识别通知标题）");
    format!("截至{} · 数据来源：{}", date_cn(&at.to_string()), source)
}

/// One chart at day `at`.
pub fn chart(kind: Kind, notice: &Notice, progress: &Progress, at: Day) -> Chart {
    let footer = footer(notice, at);
    let (table, legend, plot) = match kind {
        Kind::Completion | Kind::Units => {
            let (first, bars) = if kind == Kind::Completion {
                ("类别", completion_by_category(notice, progress, at))
            } else {
                ("牵头单位", completion_by_unit(notice, progress, at))
            };
            let (table, rows) = completion_chart(kind, first, &bars);
            let mut legend = light_legend();
            legend.push((format!("序时进度（全年 {}）", pct(year_expected(notice, at))), Mark::Line(Rgb(0, 0, 0))));
            (table, legend, Plot::Bars { rows, max: 100.0, percent: true, unit: "" })
        }
        Kind::Subsidies => {
            let bars = subsidies_by_category(notice, progress);
            let table = Table {
                head: ["类别", "计划（万元）", "已发放（万元）"].map(String::from).to_vec(),
                rows: bars.iter().map(|b| vec![b.label.clone(), wan(b.planned_wan), wan(b.disbursed_wan)]).collect(),
            };
            let max = bars.iter().flat_map(|b| [b.planned_wan, b.disbursed_wan]).fold(0.0, f64::max);
            let rows = bars
                .iter()
                .map(|b| Row {
                    label: b.label.clone(),
                    bars: vec![
                        Bar {
                            segs: vec![Seg { value: b.planned_wan, color: PLANNED, mark: String::new() }],
                            marker: None,
                            note: format!("计划 {}", wan(b.planned_wan)),
                        },
                        Bar {
                            segs: vec![Seg { value: b.disbursed_wan, color: DISBURSED, mark: String::new() }],
                            marker: None,
                            note: format!("已发放 {}", wan(b.disbursed_wan)),
                        },
                    ],
                })
                .collect();
            let legend = vec![("计划".to_string(), Mark::Box(PLANNED)), ("已发放".to_string(), Mark::Box(DISBURSED))];
            (table, legend, Plot::Bars { rows, max, percent: false, unit: "万元" })
        }
        Kind::Lights => {
            let mixes = lights_by_category(notice, progress, at);
            let mut head = vec!["类别".to_string()];
            head.extend(Light::ALL.iter().map(|l| l.label().to_string()));
            let table =
                Table { head, rows: mixes.iter().map(|m| std::iter::once(m.label.clone()).chain(m.counts.iter().map(|c| c.to_string())).collect()).collect() };
            let max = mixes.iter().map(|m| m.counts.iter().sum::<usize>()).max().unwrap_or(0) as f64;
            let rows = mixes
                .iter()
                .map(|m| {
                    let pairs = Light::ALL.iter().zip(m.counts).filter(|(_, n)| *n > 0);
                    Row {
                        label: m.label.clone(),
                        bars: vec![Bar {
                            segs: pairs
                                .clone()
                                .map(|(l, n)| Seg { value: n as f64, color: light_color(*l), mark: format!("{}{}", light_mark(*l), n) })
                                .collect(),
                            marker: None,
                            note: pairs.map(|(l, n)| format!("{}{}", light_mark(*l), n)).collect::<Vec<_>>().join(" "),
                        }],
                    }
                })
                .collect();
            (table, light_legend(), Plot::Bars { rows, max, percent: false, unit: "项" })
        }
        Kind::Timeline => {
            let series: Vec<TimeSeries> = progress_over_time(notice, progress, at);
            let year = crate::view::progress::notice_year(notice, at.year());
            let days: Vec<Day> = series.first().map(|s| s.points.iter().map(|p| p.day).collect()).unwrap_or_default();
            let mut head = vec!["日期".to_string()];
            head.extend(series.iter().map(|s| s.label.clone()));
            head.push("序时进度（全部）".to_string());
            let rows = days
                .iter()
                .enumerate()
                .map(|(i, d)| {
                    let mut row = vec![d.to_string()];
                    row.extend(series.iter().map(|s| pct(s.points[i].share)));
                    row.push(series.first().map(|s| pct(s.points[i].expected)).unwrap_or_default());
                    row
                })
                .collect();
            let expected = series.first().map(|s| s.points.iter().map(|p| (p.day, p.expected)).collect()).unwrap_or_default();
            let mut legend = vec![("序时进度".to_string(), Mark::Dash)];
            legend.extend(series.iter().enumerate().map(|(i, s)| (s.label.clone(), Mark::Line(series_color(i)))));
            let lines = series.into_iter().map(|s| (s.label, s.points.iter().map(|p| (p.day, p.share)).collect())).collect();
            (Table { head, rows }, legend, Plot::Lines { year, series: lines, expected })
        }
    };
    Chart { kind, title: kind.title().to_string(), footer, table, legend, plot }
}

fn series_color(i: usize) -> Rgb {
    if i == 0 {
        Rgb(0x21, 0x21, 0x21)
    } else {
        PALETTE[(i - 1) % PALETTE.len()]
    }
}

// ---------------------------------------------------------------- layout

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Align {
    Start,
    Middle,
    End,
}

/// What the drawing function draws, in logical pixels.
#[derive(Debug, Clone, PartialEq)]
pub enum Shape {
    Rect {
        x0: f64,
        y0: f64,
        x1: f64,
        y1: f64,
        color: Rgb,
    },
    Path {
        points: Vec<(f64, f64)>,
        color: Rgb,
        width: f64,
    },
    Dot {
        x: f64,
        y: f64,
        r: f64,
        color: Rgb,
    },
    /// `y` is the text's vertical middle.
    Text {
        x: f64,
        y: f64,
        text: String,
        size: f64,
        color: Rgb,
        align: Align,
        bold: bool,
    },
}

/// Estimated width of `text` at `size` px: CJK and full-width characters are
/// 1 em, the rest about 0.55 em.
pub fn text_width(text: &str, size: f64) -> f64 {
    text.chars().map(|c| if (c as u32) >= 0x2E80 { 1.0 } else { 0.56 }).sum::<f64>() * size
}

const PAD: f64 = 16.0;
const TITLE: f64 = 20.0;
const LABEL: f64 = 13.0;
const FOOTER: f64 = 12.0;

impl Chart {
    /// The height this chart wants at `width` (the page view; briefing slides pass their own).
    pub fn natural_height(&self, width: f64) -> f64 {
        let top = self.top(width);
        let body = match &self.plot {
            Plot::Bars { rows, .. } => rows.iter().map(|r| if r.bars.len() > 1 { 40.0 } else { 28.0 }).sum::<f64>() + 24.0,
            Plot::Lines { .. } => (width * 0.45).clamp(220.0, 420.0),
        };
        (top + body + 34.0).round()
    }

    fn legend_rows(&self, width: f64, scale: f64) -> Vec<Vec<(f64, &(String, Mark))>> {
        let mut rows: Vec<Vec<(f64, &(String, Mark))>> = vec![Vec::new()];
        let mut x = PAD;
        for entry in &self.legend {
            let w = (22.0 + text_width(&entry.0, LABEL) + 18.0) * scale;
            if x + w > width - PAD && x > PAD {
                rows.push(Vec::new());
                x = PAD;
            }
            rows.last_mut().unwrap().push((x, entry));
            x += w;
        }
        rows
    }

    fn top(&self, width: f64) -> f64 {
        PAD + TITLE + 14.0 + self.legend_rows(width, 1.0).len() as f64 * 20.0
    }

    /// The shapes of this chart in a `width` × `height` (logical px) area.
    /// `zoom` scales the type (briefing slides on a projector).
    pub fn layout(&self, width: f64, height: f64, theme: &Theme, zoom: f64) -> Vec<Shape> {
        let z = zoom;
        let mut out = vec![Shape::Rect { x0: 0.0, y0: 0.0, x1: width, y1: height, color: theme.background }];
        let text =
            |x: f64, y: f64, t: &str, size: f64, color: Rgb, align: Align, bold: bool| Shape::Text { x, y, text: t.to_string(), size, color, align, bold };
        out.push(text(PAD * z, (PAD + TITLE / 2.0) * z, &self.title, TITLE * z, theme.text, Align::Start, true));
        let mut y = (PAD + TITLE + 14.0) * z;
        for row in self.legend_rows(width / z, 1.0) {
            for (x, (label, mark)) in row {
                let x = x * z;
                let my = y + 8.0 * z;
                match mark {
                    Mark::Box(c) => out.push(Shape::Rect { x0: x, y0: my - 6.0 * z, x1: x + 16.0 * z, y1: my + 6.0 * z, color: *c }),
                    Mark::Line(c) => out.push(Shape::Path { points: vec![(x, my), (x + 16.0 * z, my)], color: *c, width: 3.0 * z }),
                    Mark::Dash => out.extend(dashes((x, my), (x + 16.0 * z, my), theme.muted, 2.0 * z, 4.0 * z)),
                }
                out.push(text(x + 22.0 * z, my, label, LABEL * z, theme.text, Align::Start, false));
            }
            y += 20.0 * z;
        }
        let footer_y = height - 12.0 * z;
        out.push(text(PAD * z, footer_y, &self.footer, FOOTER * z, theme.muted, Align::Start, false));
        let area = (PAD * z, y + 6.0 * z, width - PAD * z, footer_y - 16.0 * z);
        match &self.plot {
            Plot::Bars { rows, max, percent, unit } => bars(&mut out, area, rows, *max, *percent, unit, theme, z),
            Plot::Lines { year, series, expected } => lines(&mut out, area, *year, series, expected, theme, z),
        }
        out
    }

    /// The chart as an SVG document (the export), drawn by [`draw`].
    pub fn svg(&self, width: u32, height: u32, theme: &Theme) -> String {
        let mut buf = String::new();
        {
            let mut svg = plotters::prelude::SVGBackend::with_string(&mut buf, (width, height));
            // plotters' SVG writes font-size as size / 1.24; undo it so the file matches the screen.
            let _ = draw(&mut svg, &self.layout(width as f64, height as f64, theme, 1.0), 1.0, 1.24);
            let _ = svg.present();
        }
        buf
    }
}

fn dashes(from: (f64, f64), to: (f64, f64), color: Rgb, width: f64, dash: f64) -> Vec<Shape> {
    let (dx, dy) = (to.0 - from.0, to.1 - from.1);
    let len = (dx * dx + dy * dy).sqrt();
    let n = (len / (dash * 2.0)).ceil().max(1.0) as usize;
    (0..n)
        .map(|i| {
            let a = (i as f64 * 2.0 * dash / len).min(1.0);
            let b = (((i as f64 * 2.0) + 1.0) * dash / len).min(1.0);
            Shape::Path { points: vec![(from.0 + dx * a, from.1 + dy * a), (from.0 + dx * b, from.1 + dy * b)], color, width }
        })
        .collect()
}

/// 0, a nice step (1, 2, 2.5, 5 × 10ⁿ), … ≥ max.
fn ticks(max: f64) -> Vec<f64> {
    let max = if max > 0.0 { max } else { 1.0 };
    let raw = max / 5.0;
    // The power of ten at or below `raw`, without pulling libm's pow into the wasm.
    let mut mag = 1.0;
    while mag > raw {
        mag /= 10.0;
    }
    while mag * 10.0 <= raw {
        mag *= 10.0;
    }
    let step = [1.0, 2.0, 2.5, 5.0, 10.0].iter().map(|m| m * mag).find(|s| *s >= raw).unwrap_or(10.0 * mag);
    let n = (max / step - 1e-9).ceil() as usize;
    (0..=n).map(|i| i as f64 * step).collect()
}

#[allow(clippy::too_many_arguments)]
fn bars(out: &mut Vec<Shape>, (x0, y0, x1, y1): (f64, f64, f64, f64), rows: &[Row], max: f64, percent: bool, unit: &str, theme: &Theme, z: f64) {
    let label_w = rows.iter().map(|r| text_width(&r.label, LABEL * z)).fold(0.0, f64::max) + 10.0 * z;
    let note_w = rows.iter().flat_map(|r| r.bars.iter().map(|b| text_width(&b.note, LABEL * z))).fold(0.0, f64::max) + 10.0 * z;
    let (px0, px1) = (x0 + label_w, (x1 - note_w).max(x0 + label_w + 40.0 * z));
    let (py0, py1) = (y0, y1 - 20.0 * z);
    let ticks = if percent { vec![0.0, 25.0, 50.0, 75.0, 100.0] } else { ticks(max) };
    let top = *ticks.last().unwrap_or(&1.0);
    let xs = |v: f64| px0 + (px1 - px0) * (v / top).clamp(0.0, 1.0);
    for t in &ticks {
        let x = xs(*t).round();
        out.push(Shape::Path { points: vec![(x, py0), (x, py1)], color: theme.grid, width: 1.0 * z });
        let label = if percent { format!("{t}%") } else { wan(*t) };
        out.push(Shape::Text { x, y: py1 + 10.0 * z, text: label, size: 11.0 * z, color: theme.muted, align: Align::Middle, bold: false });
    }
    if !unit.is_empty() {
        out.push(Shape::Text {
            x: px1,
            y: py1 + 10.0 * z,
            text: format!("      {unit}"),
            size: 11.0 * z,
            color: theme.muted,
            align: Align::Start,
            bold: false,
        });
    }
    let weights: Vec<f64> = rows.iter().map(|r| if r.bars.len() > 1 { 40.0 } else { 28.0 }).collect();
    let total: f64 = weights.iter().sum::<f64>().max(1.0);
    let mut y = py0;
    for (row, w) in rows.iter().zip(&weights) {
        let h = (py1 - py0) * w / total;
        out.push(Shape::Text { x: px0 - 8.0 * z, y: y + h / 2.0, text: row.label.clone(), size: LABEL * z, color: theme.text, align: Align::End, bold: false });
        let n = row.bars.len().max(1) as f64;
        let thick = (h * 0.72 / n).min(28.0 * z);
        let mut by = y + (h - thick * n) / 2.0;
        for bar in &row.bars {
            let mut v = 0.0;
            for seg in &bar.segs {
                let (a, b) = (xs(v), xs(v + seg.value));
                if b > a {
                    out.push(Shape::Rect { x0: a, y0: by, x1: b, y1: by + thick, color: seg.color });
                    let size = (thick * 0.6).min(LABEL * z);
                    if !seg.mark.is_empty() && b - a > text_width(&seg.mark, size) + 4.0 * z {
                        out.push(Shape::Text {
                            x: (a + b) / 2.0,
                            y: by + thick / 2.0,
                            text: seg.mark.clone(),
                            size,
                            color: Rgb(255, 255, 255),
                            align: Align::Middle,
                            bold: true,
                        });
                    }
                }
                v += seg.value;
            }
            if let Some(m) = bar.marker {
                let x = xs(m).round();
                out.push(Shape::Path { points: vec![(x, by - 4.0 * z), (x, by + thick + 4.0 * z)], color: theme.strong, width: 2.0 * z });
            }
            out.push(Shape::Text {
                x: xs(v).max(px0) + 6.0 * z,
                y: by + thick / 2.0,
                text: bar.note.clone(),
                size: LABEL * z,
                color: theme.text,
                align: Align::Start,
                bold: false,
            });
            by += thick;
        }
        y += h;
    }
    out.push(Shape::Path { points: vec![(px0, py0), (px0, py1)], color: theme.muted, width: 1.0 * z });
}

fn lines(
    out: &mut Vec<Shape>,
    (x0, y0, x1, y1): (f64, f64, f64, f64),
    year: i32,
    series: &[(String, Vec<(Day, f64)>)],
    expected: &[(Day, f64)],
    theme: &Theme,
    z: f64,
) {
    let (px0, px1, py0, py1) = (x0 + 44.0 * z, x1 - 8.0 * z, y0 + 6.0 * z, y1 - 20.0 * z);
    let start = Day::new(year, 1, 1);
    let len = Day::new(year, 12, 31).zip(start).map_or(365.0, |(e, s)| s.days_until(e) as f64);
    let xs = |d: Day| px0 + (px1 - px0) * start.map_or(0.0, |s| s.days_until(d) as f64 / len).clamp(0.0, 1.0);
    let ys = |v: f64| py1 - (py1 - py0) * v.clamp(0.0, 1.0);
    for i in 0..=5 {
        let v = i as f64 / 5.0;
        let y = ys(v).round();
        out.push(Shape::Path { points: vec![(px0, y), (px1, y)], color: theme.grid, width: 1.0 * z });
        out.push(Shape::Text { x: px0 - 6.0 * z, y, text: format!("{}%", i * 20), size: 11.0 * z, color: theme.muted, align: Align::End, bold: false });
    }
    for m in 1..=12 {
        if let (Some(d), Some(e)) = (Day::new(year, m, 1), Day::end_of_month(year, m)) {
            let (a, b) = (xs(d), xs(e));
            out.push(Shape::Text {
                x: (a + b) / 2.0,
                y: py1 + 10.0 * z,
                text: format!("{m}月"),
                size: 11.0 * z,
                color: theme.muted,
                align: Align::Middle,
                bold: false,
            });
        }
    }
    for w in expected.windows(2) {
        out.extend(dashes((xs(w[0].0), ys(w[0].1)), (xs(w[1].0), ys(w[1].1)), theme.muted, 2.0 * z, 5.0 * z));
    }
    // Categories first, the whole on top.
    for (i, (_, points)) in series.iter().enumerate().rev() {
        let color = if i == 0 { theme.strong } else { series_color(i) };
        let width = if i == 0 { 3.0 } else { 1.5 } * z;
        let pts: Vec<(f64, f64)> = points.iter().map(|(d, v)| (xs(*d), ys(*v))).collect();
        if pts.len() > 1 {
            out.push(Shape::Path { points: pts.clone(), color, width });
        }
        if i == 0 {
            for (x, y) in &pts {
                out.push(Shape::Dot { x: *x, y: *y, r: 3.5 * z, color });
            }
            if let (Some((x, y)), Some((_, v))) = (pts.last(), points.last()) {
                // Right-aligned at the point: never clipped at the plot's right edge.
                out.push(Shape::Text { x: *x, y: y - 14.0 * z, text: format!("全部 {}", pct(*v)), size: LABEL * z, color, align: Align::End, bold: true });
            }
        }
    }
    out.push(Shape::Path { points: vec![(px0, py0), (px0, py1), (px1, py1)], color: theme.muted, width: 1.0 * z });
}

// ---------------------------------------------------------------- drawing

struct Font {
    size: f64,
    color: BackendColor,
    anchor: Pos,
    bold: bool,
}

impl BackendTextStyle for Font {
    type FontError = Infallible;
    fn color(&self) -> BackendColor {
        self.color
    }
    fn size(&self) -> f64 {
        self.size
    }
    fn style(&self) -> FontStyle {
        if self.bold {
            FontStyle::Bold
        } else {
            FontStyle::Normal
        }
    }
    fn anchor(&self) -> Pos {
        self.anchor
    }
    fn family(&self) -> FontFamily<'_> {
        FontFamily::Name(FONT_STACK)
    }
    fn layout_box(&self, text: &str) -> Result<((i32, i32), (i32, i32)), Infallible> {
        Ok(((0, 0), (text_width(text, self.size) as i32, self.size as i32)))
    }
    fn draw<E, F: FnMut(i32, i32, BackendColor) -> Result<(), E>>(&self, _: &str, _: BackendCoord, _: F) -> Result<Result<(), E>, Infallible> {
        // Both backends draw text natively (fillText, <text>); never rasterized here.
        Ok(Ok(()))
    }
}

struct Stroke(BackendColor, u32);

impl BackendStyle for Stroke {
    fn color(&self) -> BackendColor {
        self.0
    }
    fn stroke_width(&self) -> u32 {
        self.1
    }
}

fn color(c: Rgb) -> BackendColor {
    BackendColor { alpha: 1.0, rgb: (c.0, c.1, c.2) }
}

/// Draw `shapes` (logical px) on any plotters backend at `scale` device
/// pixels per logical pixel; `text_factor` corrects a backend's font size.
pub fn draw<DB: DrawingBackend>(db: &mut DB, shapes: &[Shape], scale: f64, text_factor: f64) -> Result<(), DrawingErrorKind<DB::ErrorType>> {
    let p = |x: f64, y: f64| -> BackendCoord { ((x * scale).round() as i32, (y * scale).round() as i32) };
    db.ensure_prepared()?;
    for shape in shapes {
        match shape {
            Shape::Rect { x0, y0, x1, y1, color: c } => db.draw_rect(p(*x0, *y0), p(*x1, *y1), &color(*c), true)?,
            Shape::Path { points, color: c, width } => {
                let style = Stroke(color(*c), (width * scale).round().max(1.0) as u32);
                db.draw_path(points.iter().map(|(x, y)| p(*x, *y)), &style)?
            }
            Shape::Dot { x, y, r, color: c } => db.draw_circle(p(*x, *y), (r * scale).round() as u32, &color(*c), true)?,
            Shape::Text { x, y, text, size, color: c, align, bold } => {
                let h = match align {
                    Align::Start => HPos::Left,
                    Align::Middle => HPos::Center,
                    Align::End => HPos::Right,
                };
                let font = Font { size: size * scale * text_factor, color: color(*c), anchor: Pos::new(h, VPos::Center), bold: *bold };
                db.draw_text(text, &font, p(*x, *y))?
            }
        }
    }
    db.present()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::notice::parse;
    use crate::progress::timestamp::ts;
    use crate::progress::{Edit, Field, Tracker, Value};

    fn day(s: &str) -> Day {
        Day::parse(s).unwrap()
    }

    /// Item 7 (困难群体救助) at 400 of 797 on 01-01; 100 people served under its first standard.
    fn state() -> (Notice, Tracker) {
        let n = parse(crate::BUNDLED_NOTICE);
        let mut t = Tracker::default();
        for e in [
            Edit { item: 7, field: Field::TargetAchieved { target: 0, as_of: day("2023-01-01") }, value: Value::Number(400.0) },
            Edit { item: 7, field: Field::SubsidyServed { subsidy: 0 }, value: Value::Number(100.0) },
        ] {
            t.edit(&n, e, ts("2023-01-01T09:00:00")).unwrap();
        }
        (n, t)
    }

    fn rects_of(shapes: &[Shape], c: Rgb) -> Vec<(f64, f64)> {
        shapes.iter().filter_map(|s| if let Shape::Rect { x0, x1, color, .. } = s { (*color == c).then_some((*x0, *x1)) } else { None }).collect()
    }

    #[test]
    fn completion_chart_colours_and_words() {
        let (n, t) = state();
        // Early in the year 困难群体救助 is ahead (4.6 % vs 1.4 %): green; at the year's end, far behind: red.
        let early = chart(Kind::Completion, &n, &t.progress, day("2023-01-05"));
        assert_eq!(early.table.rows[2], ["困难群体救助", "4.6%", "1.4%", "绿灯", "1/11"]);
        let shapes = early.layout(760.0, early.natural_height(760.0), &LIGHT_THEME, 1.0);
        // One green bar (the legend swatch is the other green rect), no red bar but the legend's.
        assert_eq!(rects_of(&shapes, light_color(Light::Green)).len(), 2);
        assert_eq!(rects_of(&shapes, light_color(Light::Red)).len(), 1);
        assert!(shapes.iter().any(|s| matches!(s, Shape::Text { text, .. } if text == "4.6% 绿灯")));
        let late = chart(Kind::Completion, &n, &t.progress, day("2023-12-31"));
        assert_eq!(late.table.rows[2][3], "红灯");
        let shapes = late.layout(760.0, 400.0, &LIGHT_THEME, 1.0);
        assert_eq!(rects_of(&shapes, light_color(Light::Red)).len(), 2);
        assert!(shapes.iter().any(|s| matches!(s, Shape::Text { text, .. } if text == "未报送 灰")));
    }

    #[test]
    fn every_chart_has_title_footer_and_table() {
        let (n, t) = state();
        let all = charts(&n, &t.progress, day("2023-07-15"));
        assert_eq!(all.iter().map(|c| c.kind.key()).collect::<Vec<_>>(), ["completion", "subsidies", "lights", "timeline", "units"]);
        for c in &all {
            assert_eq!(c.footer, "截至2023年7月15日 · 数据来源：关于印发相山区2023年实施50项民生实事的通知");
            assert!(c.table.rows.iter().all(|r| r.len() == c.table.head.len()), "{:?}", c.kind);
        }
        assert_eq!(all[1].table.rows[2], ["困难群体救助", "482.5", "150"]);
        assert_eq!(all[2].table.head, ["类别", "绿灯", "黄灯", "红灯", "灰灯"]);
        assert_eq!(all[2].table.rows[2], ["困难群体救助", "1", "0", "0", "10"]);
        // Month ends up to 07-15, then 07-15 itself; the whole is first.
        assert_eq!(all[3].table.rows.len(), 7);
        assert_eq!(all[3].table.head[1], "全部");
        assert_eq!(all[4].table.rows.len(), 19);
        assert_eq!(all[4].table.rows.iter().find(|r| r[0] == "区残联").unwrap()[4], "1/6");
    }

    #[test]
    fn svg_export_carries_title_footer_and_bars() {
        let (n, t) = state();
        for kind in Kind::ALL {
            let c = chart(kind, &n, &t.progress, day("2023-01-05"));
            let svg = c.svg(800, c.natural_height(800.0) as u32, &LIGHT_THEME);
            assert!(svg.starts_with("<svg"), "{kind:?}");
            assert!(svg.trim_end().ends_with("</svg>"), "{kind:?}");
            assert!(svg.contains(kind.title()), "{kind:?}");
            assert!(svg.contains("数据来源：关于印发相山区2023年实施50项民生实事的通知"), "{kind:?}");
            assert!(svg.contains("Microsoft YaHei"), "{kind:?}");
        }
        let c = chart(Kind::Completion, &n, &t.progress, day("2023-01-05"));
        let svg = c.svg(800, 420, &LIGHT_THEME);
        let green = format!("fill=\"{}\"", light_color(Light::Green).hex());
        assert_eq!(svg.matches(&green).count(), 2, "one green bar and the legend");
        assert!(svg.contains(">\n4.6% 绿灯\n</text>"));
        // The type is the screen's: 13 px labels (plotters writes size / 1.24).
        assert!(svg.contains("font-size=\"13.00"), "{}", &svg[..600]);
    }

    #[test]
    fn ticks_are_round() {
        assert_eq!(ticks(482.5), [0.0, 100.0, 200.0, 300.0, 400.0, 500.0]);
        assert_eq!(ticks(11.0), [0.0, 2.5, 5.0, 7.5, 10.0, 12.5]);
        assert_eq!(ticks(0.0), [0.0, 0.2, 0.4, 0.6000000000000001, 0.8, 1.0]);
    }
}
