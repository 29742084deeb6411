//! What each briefing chart shows: its title, legend, data table and bars or
//! lines, in axis units, from the series of [`crate::view::charts`]. No
//! geometry here (that is `layout`), no drawing (that is `draw`).

use super::super::charts::{
    completion_by_category, completion_by_unit, lights_by_category, progress_over_time, subsidies_by_category, year_expected, CompletionBar, TimeSeries,
};
use super::super::format::{date_cn, ANOMALY};
use super::super::palette::{light_ink, light_mark, light_strong, Rgb, DISBURSED, PLANNED, REPORTED};

/// The marks on the subsidy bars (no mark is written there today).
const WHITE: Rgb = Rgb(0xFF, 0xFF, 0xFF);
use crate::notice::Notice;
use crate::progress::bounds::total_is_sound;
use crate::progress::{Day, Light, Progress};

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

/// A chart's data as a table (the `<details>` under each chart).
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Table {
    pub head: Vec<String>,
    pub rows: Vec<Vec<String>>,
}

#[derive(Debug, Clone, PartialEq)]
pub(super) struct Seg {
    pub(super) value: f64,
    pub(super) color: Rgb,
    /// Written on the segment when it is wide enough ("绿2").
    pub(super) mark: String,
    /// The mark's colour, legible on `color`.
    pub(super) ink: Rgb,
}

#[derive(Debug, Clone, PartialEq)]
pub(super) struct Bar {
    pub(super) segs: Vec<Seg>,
    /// A thin bar under the one before it (报送率 under 完成度).
    pub(super) thin: bool,
    /// A 序时进度 tick across this bar (axis units).
    pub(super) marker: Option<f64>,
    /// Written right of the bar.
    pub(super) note: String,
}

#[derive(Debug, Clone, PartialEq)]
pub(super) struct Row {
    pub(super) label: String,
    pub(super) bars: Vec<Bar>,
}

#[derive(Debug, Clone, Copy, PartialEq)]
pub(super) enum Mark {
    Box(Rgb),
    /// A line in the theme's strong colour (the whole, in the time chart).
    Strong,
    /// A series line in the theme's colours (`Theme::series`), 1-based after the whole.
    Series(usize),
    /// The 序时进度 tick across a bar, in the theme's strong colour.
    Tick,
    Dash,
}

/// A time chart's line: its label and its (day, share) points, None where nothing is reported yet.
pub(super) type Line = (String, Vec<(Day, Option<f64>)>);

#[derive(Debug, Clone, PartialEq)]
pub(super) enum Plot {
    Bars {
        rows: Vec<Row>,
        max: f64,
        percent: bool,
        unit: &'static str,
    },
    /// A point without a share (nothing reported yet) is a gap in its line.
    Lines {
        year: i32,
        series: Vec<Line>,
        expected: Vec<(Day, f64)>,
    },
}

#[derive(Debug, Clone, PartialEq)]
pub struct Chart {
    pub kind: Kind,
    pub title: String,
    pub footer: String,
    pub table: Table,
    /// What the legend cannot say (how completion is counted, why a tick
    /// stands apart): drawn under the legend, and in the page's caption.
    pub notes: Vec<String>,
    pub(super) legend: Vec<(String, Mark)>,
    pub(super) plot: Plot,
}

pub(super) fn pct(share: f64) -> String {
    if !total_is_sound(share) {
        return ANOMALY.to_string();
    }
    format!("{:.1}%", share * 100.0)
}

/// What a bar may be drawn at: a computed figure that is not sound draws
/// nothing (its note says 数值异常) and never sets the scale.
pub(super) fn plotted(v: f64) -> f64 {
    if total_is_sound(v) {
        v.max(0.0)
    } else {
        0.0
    }
}

/// "482.5", "0", "12.25" (万元, at most two decimals).
pub(super) fn wan(v: f64) -> String {
    if !total_is_sound(v) {
        return ANOMALY.to_string();
    }
    let s = format!("{:.2}", v);
    s.trim_end_matches('0').trim_end_matches('.').to_string()
}

fn completion_chart(first: &str, bars: &[CompletionBar]) -> (Table, Vec<Row>) {
    let table = Table {
        head: [first, "完成度（已报送目标）", "序时进度", "灯", "报送率（已报送/目标数）"].map(String::from).to_vec(),
        rows: bars
            .iter()
            .map(|b| {
                let c = &b.completion;
                let share = match c.share {
                    Some(s) => pct(s),
                    None if c.targets == 0 => "无量化目标".to_string(),
                    None => "未报送".to_string(),
                };
                let expected = if c.targets == 0 { "—".to_string() } else { pct(c.expected) };
                vec![b.label.clone(), share, expected, c.light.label().to_string(), format!("{}/{}", c.reported, c.targets)]
            })
            .collect(),
    };
    let rows = bars
        .iter()
        .map(|b| {
            let c = &b.completion;
            let share = c.share.unwrap_or(0.0);
            let mut bars = vec![Bar {
                segs: vec![Seg { value: plotted(share * 100.0), color: light_strong(c.light), mark: String::new(), ink: light_ink(c.light) }],
                thin: false,
                marker: (c.targets > 0).then_some(plotted(c.expected * 100.0)),
                note: match c.share {
                    _ if c.targets == 0 => format!("无量化目标 {}", c.light.label()),
                    None => format!("未报送 {}", c.light.label()),
                    Some(s) => format!("{} {}", pct(s), c.light.label()),
                },
            }];
            if let Some(rate) = c.rate() {
                bars.push(Bar {
                    segs: vec![Seg { value: plotted(rate * 100.0), color: REPORTED, mark: String::new(), ink: WHITE }],
                    thin: true,
                    marker: None,
                    note: format!("报送 {}/{}", c.reported, c.targets),
                });
            }
            Row { label: b.label.clone(), bars }
        })
        .collect();
    (table, rows)
}

/// The completion charts' notes: how completion is counted, and which ticks
/// stand apart from the year's 序时进度 (items with their own deadline or
/// 季度目标), and why.
fn completion_notes(bars: &[CompletionBar], year: f64) -> Vec<String> {
    let mut notes = vec!["完成度只计已报送（有数值）的目标，未报送的不按0%计；蓝色细条为报送率；全部未报送为灰灯。".to_string()];
    let apart: Vec<&str> = bars.iter().filter(|b| b.completion.targets > 0 && (b.completion.expected - year).abs() > 5e-4).map(|b| b.label.as_str()).collect();
    let mut tick = format!("竖线为序时进度（全年为{}）", pct(year));
    if !apart.is_empty() {
        let named = if apart.len() > 3 { format!("{}等{}项", apart[..3].join("、"), apart.len()) } else { apart.join("、") };
        tick.push_str(&format!("；{named}的竖线与全年不同：其中有的事项按自身完成时限（如“10月底前”）或季度目标计算序时进度"));
    }
    tick.push('。');
    notes.push(tick);
    notes
}

fn light_legend() -> Vec<(String, Mark)> {
    Light::ALL.iter().map(|l| (l.label().to_string(), Mark::Box(light_strong(*l)))).collect()
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
    let mut notes = Vec::new();
    let (table, legend, plot) = match kind {
        Kind::Completion | Kind::Units => {
            let (first, bars) = if kind == Kind::Completion {
                ("类别", completion_by_category(notice, progress, at))
            } else {
                ("牵头单位", completion_by_unit(notice, progress, at))
            };
            let (table, rows) = completion_chart(first, &bars);
            let year = year_expected(notice, at);
            notes = completion_notes(&bars, year);
            let mut legend = light_legend();
            legend.push((format!("序时进度（全年 {}）", pct(year)), Mark::Tick));
            legend.push(("报送率".to_string(), Mark::Box(REPORTED)));
            (table, legend, Plot::Bars { rows, max: 100.0, percent: true, unit: "" })
        }
        Kind::Subsidies => {
            let bars = subsidies_by_category(notice, progress, at);
            let table = Table {
                head: ["类别", "计划（万元）", "已发放（万元）"].map(String::from).to_vec(),
                rows: bars.iter().map(|b| vec![b.label.clone(), wan(b.planned_wan), wan(b.disbursed_wan)]).collect(),
            };
            let max = bars.iter().flat_map(|b| [b.planned_wan, b.disbursed_wan]).map(plotted).fold(0.0, f64::max);
            let rows = bars
                .iter()
                .map(|b| Row {
                    label: b.label.clone(),
                    bars: vec![
                        Bar {
                            segs: vec![Seg { value: plotted(b.planned_wan), color: PLANNED, mark: String::new(), ink: WHITE }],
                            thin: false,
                            marker: None,
                            note: format!("计划 {}", wan(b.planned_wan)),
                        },
                        Bar {
                            segs: vec![Seg { value: plotted(b.disbursed_wan), color: DISBURSED, mark: String::new(), ink: WHITE }],
                            thin: false,
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
                                .map(|(l, n)| Seg { value: n as f64, color: light_strong(*l), mark: format!("{}{}", light_mark(*l), n), ink: light_ink(*l) })
                                .collect(),
                            thin: false,
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
            head.push("报送（全部）".to_string());
            let rows = days
                .iter()
                .enumerate()
                .map(|(i, d)| {
                    let mut row = vec![d.to_string()];
                    row.extend(series.iter().map(|s| s.points[i].share.map_or_else(|| "未报送".to_string(), pct)));
                    if let Some(p) = series.first().map(|s| &s.points[i]) {
                        row.push(pct(p.expected));
                        row.push(format!("{}/{}", p.reported, p.targets));
                    }
                    row
                })
                .collect();
            let expected = series.first().map(|s| s.points.iter().map(|p| (p.day, p.expected)).collect()).unwrap_or_default();
            let mut legend = vec![("序时进度".to_string(), Mark::Dash)];
            legend.extend(series.iter().enumerate().map(|(i, s)| (s.label.clone(), if i == 0 { Mark::Strong } else { Mark::Series(i) })));
            notes.push("完成度只计已报送的目标；尚无报送的月份留空（不画线），不按0%计。".to_string());
            let lines = series.into_iter().map(|s| (s.label, s.points.iter().map(|p| (p.day, p.share)).collect())).collect();
            (Table { head, rows }, legend, Plot::Lines { year, series: lines, expected })
        }
    };
    Chart { kind, title: kind.title().to_string(), footer, table, notes, legend, plot }
}
