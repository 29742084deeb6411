//! The five briefing charts as drawings, split by job:
//! - [`spec`]: what each chart shows (title, legend, data table, bars or
//!   lines in axis units) from the series of [`super::charts`];
//! - [`layout`]: the shapes in logical pixels for a size and zoom;
//! - [`draw`]: ONE function generic over plotters' `DrawingBackend`, shared
//!   by the canvas on screen and the SVG export.
//!
//! Browser-free: the SVG path runs natively, so tests read the drawn file.
//! Lights are never colour alone: every light-coloured bar carries its word.

mod draw;
mod layout;
mod spec;

pub use draw::{draw, FONT_STACK};
pub use layout::{text_width, Align, Shape};
pub use spec::{chart, charts, footer, Chart, Kind, Table};

#[cfg(test)]
mod tests {
    use super::layout::ticks;
    use super::*;
    use crate::notice::parse;
    use crate::notice::Notice;
    use crate::progress::timestamp::ts;
    use crate::progress::{Day, Light};
    use crate::progress::{Edit, Field, Tracker, Value};
    use crate::view::palette::{contrast, light_strong, Rgb, DARK_THEME, LIGHT_THEME, REPORTED};

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
        // Early in the year 困难群体救助 is ahead (its one reported target at 50.2 % vs 1.4 %): green;
        // at the year's end, far behind: red. Nothing else is reported: grey, 未报送.
        let early = chart(Kind::Completion, &n, &t.progress, day("2023-01-05"));
        assert_eq!(early.table.head[1], "完成度（已报送目标）");
        assert_eq!(early.table.head[4], "报送率（已报送/目标数）");
        assert_eq!(early.table.rows[2], ["困难群体救助", "50.2%", "1.4%", "绿灯", "1/11"]);
        assert_eq!(early.table.rows[6], ["交通出行", "未报送", "1.6%", "灰灯", "0/6"]);
        let shapes = early.layout(760.0, early.natural_height(760.0), &LIGHT_THEME, 1.0);
        // One green bar (the legend swatch is the other green rect), no red bar but the legend's.
        assert_eq!(rects_of(&shapes, light_strong(Light::Green)).len(), 2);
        assert_eq!(rects_of(&shapes, light_strong(Light::Red)).len(), 1);
        // 报送率 apart: a thin bar (1/11 wide) under the completion bar, and its words; the legend's swatch.
        let reported = rects_of(&shapes, REPORTED);
        assert_eq!(reported.len(), 2, "{reported:?}");
        let green = rects_of(&shapes, light_strong(Light::Green))[1];
        assert!(((reported[1].1 - reported[1].0) / (green.1 - green.0) - (1.0 / 11.0) / (400.0 / 797.0)).abs() < 0.02);
        let has = |shapes: &[Shape], want: &str| shapes.iter().any(|s| matches!(s, Shape::Text { text, .. } if text == want));
        assert!(has(&shapes, "50.2% 绿灯") && has(&shapes, "报送 1/11"));
        assert!(has(&shapes, "未报送 灰灯") && has(&shapes, "报送 0/6"));
        let late = chart(Kind::Completion, &n, &t.progress, day("2023-12-31"));
        assert_eq!(late.table.rows[2][3], "红灯");
        assert_eq!(late.table.rows[6][3], "灰灯", "nothing reported stays grey at the year's end");
        let shapes = late.layout(760.0, 400.0, &LIGHT_THEME, 1.0);
        assert_eq!(rects_of(&shapes, light_strong(Light::Red)).len(), 2);
        assert!(has(&shapes, "未报送 灰灯"));
    }

    #[test]
    fn the_own_deadline_tick_is_explained() {
        let (n, t) = state();
        let c = chart(Kind::Completion, &n, &t.progress, day("2023-06-30"));
        assert_eq!(c.notes.len(), 2, "{:?}", c.notes);
        assert!(c.notes[0].contains("未报送的不按0%计") && c.notes[0].contains("报送率"), "{}", c.notes[0]);
        // 交通出行's item 30 is due 10-31: its tick is ahead of the year's 49.6 %, and the note says why.
        assert!(c.notes[1].starts_with("竖线为序时进度（全年为49.6%）"), "{}", c.notes[1]);
        assert!(c.notes[1].contains("交通出行") && c.notes[1].contains("自身完成时限"), "{}", c.notes[1]);
        assert!(!c.notes[1].contains("困难群体救助"), "a category whose items are due at the year's end is not named: {}", c.notes[1]);
        assert!(c.legend_colors(&LIGHT_THEME).iter().any(|(l, _)| l.starts_with("序时进度")));
        // Drawn, wrapped to the width, between the legend and the bars.
        let shapes = c.layout(400.0, c.natural_height(400.0), &LIGHT_THEME, 1.0);
        let lines: Vec<&str> = shapes
            .iter()
            .filter_map(|s| if let Shape::Text { text, size, .. } = s { (*size == 12.0 && text != &c.footer).then_some(text.as_str()) } else { None })
            .collect();
        assert!(lines.len() > 2, "{lines:?}");
        assert_eq!(lines.concat(), c.notes.concat());
        assert!(lines.iter().all(|l| text_width(l, 12.0) <= 400.0 - 32.0), "{lines:?}");
        // Every tick drawn once per bar with targets, in the strong colour.
        assert!(svg_text(&c).contains("交通出行"));
    }

    fn svg_text(c: &Chart) -> String {
        c.svg(800, c.natural_height(800.0) as u32, &LIGHT_THEME)
    }

    /// The dark slide's legend reads: every mark at 3:1 against the background (WCAG's
    /// figure for graphics), every word at 4.5:1; the 序时进度 tick was black on black.
    #[test]
    fn the_dark_legend_is_legible() {
        let (n, t) = state();
        for theme in [DARK_THEME, LIGHT_THEME] {
            assert!(contrast(theme.text, theme.background) >= 4.5);
            assert!(contrast(theme.muted, theme.background) >= 4.5, "the notes' colour");
        }
        for c in charts(&n, &t.progress, day("2023-07-15")) {
            for (label, color) in c.legend_colors(&DARK_THEME) {
                assert!(contrast(color, DARK_THEME.background) >= 3.0, "{:?} {label}: {:.2}", c.kind, contrast(color, DARK_THEME.background));
            }
            // What the legend shows is what the plot draws: the whole's line in the theme's strong colour.
            if c.kind == Kind::Timeline {
                assert_eq!(c.legend_colors(&DARK_THEME)[1], ("全部", DARK_THEME.strong));
                let shapes = c.layout(900.0, 500.0, &DARK_THEME, 1.0);
                assert!(shapes
                    .iter()
                    .any(|s| matches!(s, Shape::Path { color, width, points } if *color == DARK_THEME.strong && *width == 3.0 && points.len() > 2)));
            }
        }
    }

    /// Months before anything was reported are gaps: no line, no dot, "未报送" in the table.
    #[test]
    fn months_without_data_are_gaps() {
        let n = parse(crate::BUNDLED_NOTICE);
        let mut t = Tracker::default();
        let e = Edit { item: 7, field: Field::TargetAchieved { target: 0, as_of: day("2023-06-30") }, value: Value::Number(400.0) };
        t.edit(&n, e, ts("2023-07-01T09:00:00")).unwrap();
        let c = chart(Kind::Timeline, &n, &t.progress, day("2023-09-30"));
        assert_eq!(c.table.head.last().map(String::as_str), Some("报送（全部）"));
        let whole: Vec<&str> = c.table.rows.iter().map(|r| r[1].as_str()).collect();
        assert_eq!(whole, ["未报送", "未报送", "未报送", "未报送", "未报送", "50.2%", "50.2%", "50.2%", "50.2%"]);
        assert_eq!(c.table.rows[5].last().map(String::as_str), Some("1/60"));
        assert!(c.notes[0].contains("留空"), "{:?}", c.notes);
        let shapes = c.layout(900.0, 500.0, &LIGHT_THEME, 1.0);
        // The whole: one line through June–September and a dot at each of those four month ends, none at 0 % before.
        let dots: Vec<(f64, f64)> =
            shapes.iter().filter_map(|s| if let Shape::Dot { x, y, r, .. } = s { (*r == 3.5).then_some((*x, *y)) } else { None }).collect();
        assert_eq!(dots.len(), 4, "{dots:?}");
        let whole_lines: Vec<&Vec<(f64, f64)>> = shapes
            .iter()
            .filter_map(|s| if let Shape::Path { points, color, width } = s { (*color == LIGHT_THEME.strong && *width == 3.0).then_some(points) } else { None })
            .collect();
        // The legend's swatch, and the line.
        assert_eq!(whole_lines.len(), 2, "{whole_lines:?}");
        let whole_lines = &whole_lines[1..];
        assert_eq!(whole_lines[0].len(), 4);
        assert!((whole_lines[0][0].0 - dots[0].0).abs() < 1e-9, "the line starts at June's end, not in January");
        // 社会保障 never reported: nothing drawn in its colour but its legend swatch.
        let social = LIGHT_THEME.series(2);
        assert_eq!(shapes.iter().filter(|s| matches!(s, Shape::Path { color, .. } | Shape::Dot { color, .. } if *color == social)).count(), 1);
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
        let green = format!("fill=\"{}\"", light_strong(Light::Green).hex());
        assert_eq!(svg.matches(&green).count(), 2, "one green bar and the legend");
        assert!(svg.contains(">\n50.2% 绿灯\n</text>"));
        // The type is the screen's: 13 px labels (plotters writes size / 1.24).
        assert!(svg.contains("font-size=\"13.00"), "{}", &svg[..600]);
    }

    #[test]
    fn ticks_are_round() {
        assert_eq!(ticks(482.5), [0.0, 100.0, 200.0, 300.0, 400.0, 500.0]);
        assert_eq!(ticks(11.0), [0.0, 2.5, 5.0, 7.5, 10.0, 12.5]);
        assert_eq!(ticks(0.0), [0.0, 0.2, 0.4, 0.6000000000000001, 0.8, 1.0]);
    }

    /// The hang of #11: `while mag * 10.0 <= raw` never ended for infinity.
    #[test]
    fn ticks_end_on_values_no_figure_can_have() {
        for max in [f64::INFINITY, f64::NEG_INFINITY, f64::NAN, 1e307, f64::MAX, f64::MIN_POSITIVE, 5e-324, -1.0, 1e16 * 1.0001] {
            let t = ticks(max);
            assert_eq!(t, ticks(1.0), "{max} falls back to the 0–1 scale");
        }
        assert_eq!(ticks(1e16).last(), Some(&1e16));
    }

    proptest::proptest! {
        /// Any f64 at all: a handful of finite, increasing ticks from 0 that cover a sound maximum.
        #[test]
        fn ticks_are_total(bits in proptest::num::u64::ANY) {
            let max = f64::from_bits(bits);
            let t = ticks(max);
            proptest::prop_assert!((2..=11).contains(&t.len()), "{max}: {t:?}");
            proptest::prop_assert_eq!(t[0], 0.0);
            proptest::prop_assert!(t.windows(2).all(|w| w[1] > w[0] && w[1].is_finite()), "{max}: {t:?}");
            if max > 1e-9 && max <= 1e16 {
                proptest::prop_assert!(*t.last().unwrap() >= max * (1.0 - 1e-9), "{max}: {t:?}");
            }
        }
    }
}
