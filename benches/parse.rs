//! Parsing the bundled notice: the work the app does at every start.
//! Run: `cargo bench --bench parse` (figures go to BENCHMARKS.md).

use criterion::{black_box, criterion_group, criterion_main, Criterion};

fn parse_seed(c: &mut Criterion) {
    c.bench_function("parse seed notice (41 KB)", |b| b.iter(|| minsheng::notice::parse(black_box(minsheng::BUNDLED_NOTICE))));
    let notice = minsheng::notice::parse(minsheng::BUNDLED_NOTICE);
    c.bench_function("notice to JSON", |b| b.iter(|| serde_json::to_string(black_box(&notice)).unwrap()));
}

criterion_group!(benches, parse_seed);
criterion_main!(benches);
