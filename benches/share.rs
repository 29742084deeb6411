//! Sharing (#6): reading a snapshot file, merging the units' snapshots, and
//! writing the 通报 XLSX. Run: `cargo bench --bench share` (figures go to
//! BENCHMARKS.md).
//!
//! The district office's case: its own copy plus 12 units' snapshots, each a
//! year of daily edits to all 50 items (~18k changes, shared by all) plus a
//! weekly note of the unit's own on four items of its own.

use criterion::{black_box, criterion_group, criterion_main, Criterion};
use minsheng::notice::parse;
use minsheng::progress::snapshot::{export, read};
use minsheng::progress::{merge, Day, Edit, Field, Progress, Tracker, Value};
use minsheng::view::{report, xlsx};

#[path = "../tests/support/year.rs"]
mod year;
use year::ts;

fn share(c: &mut Criterion) {
    let notice = parse(minsheng::BUNDLED_NOTICE);
    let common = year::year_of_edits(&notice);
    let (_, file) = export(minsheng::BUNDLED_NOTICE, &notice, &common, ts("2023-12-31T18:00:00"), None, None);
    eprintln!("year snapshot: {} bytes", file.len());
    c.bench_function("read a year snapshot (validated)", |b| b.iter(|| read(black_box(&file), minsheng::BUNDLED_NOTICE, &notice).unwrap()));

    let units: Vec<Progress> = (0..12u32)
        .map(|u| {
            let mut t = Tracker::new(common.clone());
            t.progress.settings.unit = format!("单位{u}");
            let mut day = Day::new(2023, 1, 2).unwrap();
            for week in 0..52 {
                for item in (1 + u * 4)..(5 + u * 4) {
                    let note = Value::Text(format!("第{}周：单位{u}的进展", week + 1));
                    t.edit(&notice, Edit { item, field: Field::Note, value: note }, ts(&format!("{day}T20:00:00"))).unwrap();
                }
                for _ in 0..7 {
                    day = day.next();
                }
            }
            t.progress
        })
        .collect();
    let inputs: Vec<&Progress> = std::iter::once(&common).chain(&units).collect();
    let merged = merge(&inputs);
    eprintln!("merged: {} changes, {} conflicts", merged.progress.history.len(), merged.conflicts.len());
    c.bench_function("merge own copy + 12 year snapshots", |b| b.iter(|| merge(black_box(&inputs))));

    let at = Day::new(2023, 10, 31).unwrap();
    let items: Vec<_> = notice.items.iter().collect();
    let rows = report::rows(&notice, &items, &merged.progress, at);
    let heading = report::heading(&notice, at);
    let (title, summary, lines) = (heading.title_line(), report::summary(&heading, &rows), report::lines(&notice, &rows));
    c.bench_function("通报 rows (50 items, year of history)", |b| b.iter(|| report::rows(&notice, black_box(&items), &merged.progress, at)));
    c.bench_function("通报 XLSX (50 rows)", |b| b.iter(|| xlsx::report_xlsx(&title, &summary, black_box(&lines))));
}

criterion_group! {
    name = benches;
    config = Criterion::default().sample_size(10);
    targets = share
}
criterion_main!(benches);
