//! A chart's geometry: its shapes in logical pixels for a given size and
//! zoom (title, legend, axes with round ticks, bars, lines, footer). Total on
//! any input: every figure reaching a scale has passed `spec::plotted`.

use super::super::palette::{Rgb, Theme};
use super::spec::{pct, plotted, wan, Chart, Line, Mark, Plot, Row};
use crate::progress::bounds::total_is_sound;
use crate::progress::Day;

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

/// A tick or unit label on an axis (small, muted) at zoom `z`.
fn axis_label(x: f64, y: f64, text: String, z: f64, theme: &Theme, align: Align) -> Shape {
    Shape::Text { x, y, text, size: 11.0 * z, color: theme.muted, align, bold: false }
}
const TITLE: f64 = 20.0;
const LABEL: f64 = 13.0;
const FOOTER: f64 = 12.0;
/// The notes under the legend, and the line each takes.
const NOTE: f64 = 12.0;
const NOTE_LINE: f64 = 17.0;

/// `text` in lines no wider than `width` at `size` px, broken between
/// characters (Chinese has no spaces to break at); at least one line.
pub(super) fn wrap(text: &str, width: f64, size: f64) -> Vec<String> {
    let mut lines = vec![String::new()];
    for c in text.chars() {
        let line = lines.last_mut().expect("one line at least");
        let mut next = line.clone();
        next.push(c);
        if text_width(&next, size) > width && !line.is_empty() {
            lines.push(c.to_string());
        } else {
            *line = next;
        }
    }
    lines
}

/// A row's share of the plot's height: two bars need more room than one.
fn row_weight(row: &Row) -> f64 {
    if row.bars.len() > 1 {
        40.0
    } else {
        28.0
    }
}

impl Chart {
    /// The height this chart wants at `width` (the page view; briefing slides pass their own).
    pub fn natural_height(&self, width: f64) -> f64 {
        let top = self.top(width);
        let body = match &self.plot {
            Plot::Bars { rows, .. } => rows.iter().map(row_weight).sum::<f64>() + 24.0,
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

    /// Each legend entry's words and the colour its mark is drawn in on `theme`.
    pub fn legend_colors(&self, theme: &Theme) -> Vec<(&str, Rgb)> {
        self.legend.iter().map(|(label, mark)| (label.as_str(), mark_color(*mark, theme))).collect()
    }

    /// The notes' lines at `width` (logical px at zoom 1).
    fn note_lines(&self, width: f64) -> Vec<String> {
        self.notes.iter().flat_map(|n| wrap(n, width - 2.0 * PAD, NOTE)).collect()
    }

    fn top(&self, width: f64) -> f64 {
        PAD + TITLE + 14.0 + self.legend_rows(width, 1.0).len() as f64 * 20.0 + self.note_lines(width).len() as f64 * NOTE_LINE
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
                let c = mark_color(*mark, theme);
                match mark {
                    Mark::Box(_) => out.push(Shape::Rect { x0: x, y0: my - 6.0 * z, x1: x + 16.0 * z, y1: my + 6.0 * z, color: c }),
                    Mark::Strong | Mark::Series(_) => out.push(Shape::Path { points: vec![(x, my), (x + 16.0 * z, my)], color: c, width: 3.0 * z }),
                    // As across a bar (`bars`): the strong colour, so it reads on a dark slide too.
                    Mark::Tick => out.push(Shape::Path { points: vec![(x + 8.0 * z, my - 8.0 * z), (x + 8.0 * z, my + 8.0 * z)], color: c, width: 2.0 * z }),
                    Mark::Dash => out.extend(dashes((x, my), (x + 16.0 * z, my), c, 2.0 * z, 4.0 * z)),
                }
                out.push(text(x + 22.0 * z, my, label, LABEL * z, theme.text, Align::Start, false));
            }
            y += 20.0 * z;
        }
        for line in self.note_lines(width / z) {
            out.push(text(PAD * z, y + 8.0 * z, &line, NOTE * z, theme.muted, Align::Start, false));
            y += NOTE_LINE * z;
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
}

/// The colour a legend mark is drawn in: the theme's where the plot's is.
fn mark_color(mark: Mark, theme: &Theme) -> Rgb {
    match mark {
        Mark::Box(c) => c,
        Mark::Strong | Mark::Tick => theme.strong,
        Mark::Series(i) => theme.series(i),
        Mark::Dash => theme.muted,
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

/// 0, a nice step (1, 2, 2.5, 5 × 10ⁿ), … ≥ max. Total: any `max` (NaN,
/// infinite, 1e307, subnormal) gives at most eleven ticks in a bounded
/// number of steps; a scale that is not a sound figure falls back to 0–1.
pub(super) fn ticks(max: f64) -> Vec<f64> {
    // Below 1e-9 (of a count, 万元 or a percentage) is no figure: the 0–1 scale.
    let max = if max > 1e-9 && total_is_sound(max) { max } else { 1.0 };
    let raw = max / 5.0;
    // The power of ten at or below `raw`, without pulling libm's pow into the
    // wasm: `raw` lies in (2e-10, 2e15], so each loop runs at most 16 times.
    let mut mag = 1.0;
    while mag > raw {
        mag /= 10.0;
    }
    while mag * 10.0 <= raw {
        mag *= 10.0;
    }
    let step = [1.0, 2.0, 2.5, 5.0, 10.0].iter().map(|m| m * mag).find(|s| *s >= raw).unwrap_or(10.0 * mag);
    let n = ((max / step - 1e-9).ceil() as usize).min(10);
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
        out.push(axis_label(x, py1 + 10.0 * z, label, z, theme, Align::Middle));
    }
    if !unit.is_empty() {
        out.push(axis_label(px1, py1 + 10.0 * z, format!("      {unit}"), z, theme, Align::Start));
    }
    let weights: Vec<f64> = rows.iter().map(row_weight).collect();
    let total: f64 = weights.iter().sum::<f64>().max(1.0);
    let mut y = py0;
    for (row, w) in rows.iter().zip(&weights) {
        let h = (py1 - py0) * w / total;
        out.push(Shape::Text { x: px0 - 8.0 * z, y: y + h / 2.0, text: row.label.clone(), size: LABEL * z, color: theme.text, align: Align::End, bold: false });
        // A thin bar (报送率) is under half as thick as a full one, a little apart from it.
        let thickness = |thin: bool| if thin { 0.4 } else { 1.0 };
        let gap = |thin: bool| if thin { 3.0 * z } else { 0.0 };
        let n = row.bars.iter().map(|b| thickness(b.thin)).sum::<f64>().max(1.0);
        let gaps: f64 = row.bars.iter().map(|b| gap(b.thin)).sum();
        let full = ((h * 0.72 - gaps) / n).clamp(1.0, 28.0 * z);
        let mut by = y + (h - full * n - gaps) / 2.0;
        for bar in &row.bars {
            by += gap(bar.thin);
            let thick = full * thickness(bar.thin);
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
                            color: seg.ink,
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
                size: if bar.thin { 11.0 } else { LABEL } * z,
                color: if bar.thin { theme.muted } else { theme.text },
                align: Align::Start,
                bold: false,
            });
            by += thick;
        }
        y += h;
    }
    out.push(Shape::Path { points: vec![(px0, py0), (px0, py1)], color: theme.muted, width: 1.0 * z });
}

fn lines(out: &mut Vec<Shape>, (x0, y0, x1, y1): (f64, f64, f64, f64), year: i32, series: &[Line], expected: &[(Day, f64)], theme: &Theme, z: f64) {
    let (px0, px1, py0, py1) = (x0 + 44.0 * z, x1 - 8.0 * z, y0 + 6.0 * z, y1 - 20.0 * z);
    let start = Day::new(year, 1, 1);
    let len = Day::new(year, 12, 31).zip(start).map_or(365.0, |(e, s)| s.days_until(e) as f64);
    let xs = |d: Day| px0 + (px1 - px0) * start.map_or(0.0, |s| s.days_until(d) as f64 / len).clamp(0.0, 1.0);
    let ys = |v: f64| py1 - (py1 - py0) * plotted(v).min(1.0);
    for i in 0..=5 {
        let v = i as f64 / 5.0;
        let y = ys(v).round();
        out.push(Shape::Path { points: vec![(px0, y), (px1, y)], color: theme.grid, width: 1.0 * z });
        out.push(axis_label(px0 - 6.0 * z, y, format!("{}%", i * 20), z, theme, Align::End));
    }
    for m in 1..=12 {
        if let (Some(d), Some(e)) = (Day::new(year, m, 1), Day::end_of_month(year, m)) {
            let (a, b) = (xs(d), xs(e));
            out.push(axis_label((a + b) / 2.0, py1 + 10.0 * z, format!("{m}月"), z, theme, Align::Middle));
        }
    }
    for w in expected.windows(2) {
        out.extend(dashes((xs(w[0].0), ys(w[0].1)), (xs(w[1].0), ys(w[1].1)), theme.muted, 2.0 * z, 5.0 * z));
    }
    // Categories first, the whole on top. A day without a share is a gap:
    // the line is drawn in runs of days with one, a run of one day as a dot.
    for (i, (_, points)) in series.iter().enumerate().rev() {
        let color = theme.series(i);
        let width = if i == 0 { 3.0 } else { 1.5 } * z;
        for run in points.split(|(_, v)| v.is_none()).filter(|r| !r.is_empty()) {
            let pts: Vec<(f64, f64)> = run.iter().filter_map(|(d, v)| Some((xs(*d), ys((*v)?)))).collect();
            if pts.len() > 1 {
                out.push(Shape::Path { points: pts.clone(), color, width });
            }
            if i == 0 || pts.len() == 1 {
                let r = if i == 0 { 3.5 } else { 2.5 } * z;
                out.extend(pts.iter().map(|(x, y)| Shape::Dot { x: *x, y: *y, r, color }));
            }
        }
        if i == 0 {
            if let Some((d, Some(v))) = points.iter().rev().find(|(_, v)| v.is_some()) {
                // Right-aligned at the point: never clipped at the plot's right edge.
                out.push(Shape::Text {
                    x: xs(*d),
                    y: ys(*v) - 14.0 * z,
                    text: format!("全部 {}", pct(*v)),
                    size: LABEL * z,
                    color,
                    align: Align::End,
                    bold: true,
                });
            }
        }
    }
    out.push(Shape::Path { points: vec![(px0, py0), (px0, py1), (px1, py1)], color: theme.muted, width: 1.0 * z });
}
