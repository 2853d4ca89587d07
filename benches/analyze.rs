//! Native throughput of each stage and of the whole analysis (`cargo bench --bench analyze`).
//!
//! Inputs: one article of bench/corpus (texts written for this project) and a 1 MB text made of
//! the whole corpus repeated (group `stages`); and the news corpus of bench/corpus/news, each
//! kind of news on its own (group `news`: `wire`, `sports`, `feature`, `politics`, the file
//! name's first word), every article analysed as one document. Criterion reports bytes per
//! second (the `thrpt` line), so MB/s can be read off directly. Results and the machine are
//! recorded in BENCHMARKS.md.
//!
//! Times are the benchmark thread's CPU time (`CLOCK_THREAD_CPUTIME_ID` on Linux), not wall
//! time: the machines this runs on are shared, and wall time counts the moments the thread
//! waits for a core. Elsewhere it falls back to wall time.

use article_highlighter::{clusters, entities::Recognizer, quotes, Analyzer, Doc};
use criterion::measurement::{Measurement, ValueFormatter, WallTime};
use criterion::{criterion_group, criterion_main, BenchmarkId, Criterion, Throughput};
use std::hint::black_box;
use std::time::Duration;

#[path = "../tests/support/cpu_time.rs"]
mod cpu_time;

/// Thread CPU time; elsewhere than 64-bit Linux, wall time since the first call.
fn thread_cpu_time() -> Duration {
    cpu_time::thread_cpu_time().unwrap_or_else(|| {
        static START: std::sync::OnceLock<std::time::Instant> = std::sync::OnceLock::new();
        START.get_or_init(std::time::Instant::now).elapsed()
    })
}

/// Criterion measurement in thread CPU time, shown like wall time.
struct CpuTime;

impl Measurement for CpuTime {
    type Intermediate = Duration;
    type Value = Duration;
    fn start(&self) -> Duration {
        thread_cpu_time()
    }
    fn end(&self, start: Duration) -> Duration {
        thread_cpu_time().saturating_sub(start)
    }
    fn add(&self, a: &Duration, b: &Duration) -> Duration {
        *a + *b
    }
    fn zero(&self) -> Duration {
        Duration::ZERO
    }
    fn to_f64(&self, value: &Duration) -> f64 {
        value.as_nanos() as f64
    }
    fn formatter(&self) -> &dyn ValueFormatter {
        static WALL: WallTime = WallTime;
        WALL.formatter()
    }
}

const ARTICLE: &str = include_str!("../bench/corpus/harbour-strike.txt");
const CORPUS: [&str; 4] = [
    include_str!("../bench/corpus/harbour-strike.txt"),
    include_str!("../bench/corpus/glacier-study.txt"),
    include_str!("../bench/corpus/election-debate.txt"),
    include_str!("../bench/corpus/chip-factory.txt"),
];
/// Size of the large input.
const BIG_BYTES: usize = 1 << 20;

/// The corpus articles, separated by blank lines, repeated until `bytes` long.
fn big_text(bytes: usize) -> String {
    let mut s = String::with_capacity(bytes + 4096);
    'outer: loop {
        for a in CORPUS {
            if s.len() >= bytes {
                break 'outer;
            }
            s.push_str(a);
            s.push_str("\n\n");
        }
    }
    s
}

fn stages(c: &mut Criterion<CpuTime>) {
    let big = big_text(BIG_BYTES);
    let analyzer = Analyzer::new().expect("embedded model loads");
    let recognizer = Recognizer::new().expect("embedded model loads");
    let inputs = [("article", ARTICLE), ("1MB", big.as_str())];

    let mut group = c.benchmark_group("stages");
    group
        .sample_size(10)
        .warm_up_time(Duration::from_secs(1))
        .measurement_time(Duration::from_secs(4));
    for (name, text) in inputs {
        group.throughput(Throughput::Bytes(text.len() as u64));
        group.bench_with_input(BenchmarkId::new("tokenise", name), text, |b, t| {
            b.iter(|| Doc::new(black_box(t)))
        });
        let doc = Doc::new(text);
        group.bench_with_input(BenchmarkId::new("entities", name), &doc, |b, d| {
            b.iter(|| recognizer.find(black_box(d)))
        });
        let mut ents = recognizer.find(&doc);
        let clus = clusters::build(&doc, &mut ents);
        group.bench_with_input(BenchmarkId::new("clusters", name), &doc, |b, d| {
            b.iter(|| {
                let mut e = ents.clone();
                clusters::build(black_box(d), &mut e)
            })
        });
        group.bench_with_input(BenchmarkId::new("quotes", name), &doc, |b, d| {
            b.iter(|| quotes::find(black_box(d), &ents, &clus))
        });
        group.bench_with_input(BenchmarkId::new("analyze", name), text, |b, t| {
            b.iter(|| analyzer.analyze(black_box(t)))
        });
    }
    group.finish();
}

/// The articles of bench/corpus/news by kind (the file name up to its first `-`), sorted.
pub fn news_by_kind() -> Vec<(String, Vec<String>)> {
    let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/bench/corpus/news");
    let mut files: Vec<_> = std::fs::read_dir(dir)
        .map(|d| d.filter_map(|e| e.ok().map(|e| e.path())).collect())
        .unwrap_or_default();
    files.retain(|p| p.extension().is_some_and(|x| x == "txt"));
    files.sort();
    let mut kinds: Vec<(String, Vec<String>)> = Vec::new();
    for path in files {
        let name = path.file_name().unwrap_or_default().to_string_lossy();
        let kind = name.split('-').next().unwrap_or_default().to_string();
        let text = std::fs::read_to_string(&path).expect("readable corpus file");
        match kinds.iter_mut().find(|(k, _)| *k == kind) {
            Some((_, texts)) => texts.push(text),
            None => kinds.push((kind, vec![text])),
        }
    }
    kinds
}

fn news(c: &mut Criterion<CpuTime>) {
    let analyzer = Analyzer::new().expect("embedded model loads");
    let mut group = c.benchmark_group("news");
    group
        .sample_size(10)
        .warm_up_time(Duration::from_secs(1))
        .measurement_time(Duration::from_secs(4));
    for (kind, texts) in news_by_kind() {
        let bytes: usize = texts.iter().map(String::len).sum();
        group.throughput(Throughput::Bytes(bytes as u64));
        group.bench_with_input(BenchmarkId::new("analyze", &kind), &texts, |b, texts| {
            b.iter(|| {
                for t in texts {
                    black_box(analyzer.analyze(black_box(t)));
                }
            })
        });
    }
    group.finish();
}

criterion_group! {
    name = benches;
    config = Criterion::default().with_measurement(CpuTime);
    targets = stages, news
}
criterion_main!(benches);
