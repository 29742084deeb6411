//! Parsing the bundled notice: the work the app does at every start; and the
//! parser on adversarial input (#11), each shape at two sizes (n and 2n): a
//! linear parser takes about twice the time at 2n (same throughput).
//! Run: `cargo bench --bench parse` (figures go to BENCHMARKS.md);
//! only the adversarial group: `cargo bench --bench parse -- adversarial`.

use criterion::{black_box, criterion_group, criterion_main, BenchmarkId, Criterion, SamplingMode, Throughput};
use std::time::Duration;

#[path = "../tests/support/adversarial.rs"]
mod adversarial;

fn parse_seed(c: &mut Criterion) {
    c.bench_function("parse seed notice (41 KB)", |b| b.iter(|| minsheng::notice::parse(black_box(minsheng::BUNDLED_NOTICE))));
    let notice = minsheng::notice::parse(minsheng::BUNDLED_NOTICE);
    c.bench_function("notice to JSON", |b| b.iter(|| serde_json::to_string(black_box(&notice)).unwrap()));
}

fn parse_adversarial(c: &mut Criterion) {
    type Shape = (&'static str, fn(usize) -> String, [usize; 2]);
    let shapes: [Shape; 6] = [
        // A line of n spaces between two CJK characters.
        ("spaces", adversarial::spaces, [100_000, 200_000]),
        // n figures in one clause of one item: "新增10个、10个、…".
        ("quantities in one clause", adversarial::quantities, [50_000, 100_000]),
        // n figures in one item, a clause each: "新增10个，10个，…" (n targets in one unit).
        ("quantities in one item", adversarial::quantity_clauses, [50_000, 100_000]),
        // n items in the main list and in 附件1.
        ("items", adversarial::items, [10_000, 20_000]),
        // One run-on line of n × 〔2022〕1号（全市参照执行）10月底前每人100元.
        ("markers", adversarial::markers, [5_000, 10_000]),
        // The seed, then its lines shuffled and mangled with noise, to 1 MB and 2 MB.
        ("mangled seed", adversarial::mix, [1_000_000, 2_000_000]),
    ];
    let mut group = c.benchmark_group("adversarial");
    group.sampling_mode(SamplingMode::Flat).sample_size(10).warm_up_time(Duration::from_secs(1)).measurement_time(Duration::from_secs(3));
    for (name, build, sizes) in shapes {
        for n in sizes {
            let text = build(n);
            group.throughput(Throughput::Bytes(text.len() as u64));
            group.bench_with_input(BenchmarkId::new(name, n), &text, |b, text| b.iter(|| minsheng::notice::parse(black_box(text))));
        }
    }
    group.finish();
}

/// The bundled notice 1, 10 and 100 times over (#13): 50, 500, 5,000 items.
fn parse_scaled(c: &mut Criterion) {
    let mut group = c.benchmark_group("scaled seed");
    group.sampling_mode(SamplingMode::Flat).sample_size(10).warm_up_time(Duration::from_secs(1)).measurement_time(Duration::from_secs(3));
    for k in [1, 10, 100] {
        let text = adversarial::scaled_seed(k);
        group.throughput(Throughput::Bytes(text.len() as u64));
        group.bench_with_input(BenchmarkId::new("copies", k), &text, |b, text| b.iter(|| minsheng::notice::parse(black_box(text))));
    }
    group.finish();
}

criterion_group!(benches, parse_seed, parse_adversarial, parse_scaled);
criterion_main!(benches);
