//! Analyses every `.txt` file under the given folders or files once, each as one document, and
//! prints how many files, bytes, entities and quotes: a fixed workload for counting
//! instructions (`valgrind --tool=callgrind`, BENCHMARKS.md), which stays comparable on a busy
//! machine where timings do not.
//!
//!     cargo build --release --example analyze_corpus --no-default-features
//!     valgrind --tool=callgrind --callgrind-out-file=/dev/null \
//!         target/release/examples/analyze_corpus bench/corpus/news

use article_highlighter::Analyzer;
use std::path::{Path, PathBuf};

fn collect(path: &Path, out: &mut Vec<PathBuf>) {
    if path.is_dir() {
        let mut entries: Vec<PathBuf> = std::fs::read_dir(path)
            .map(|d| d.filter_map(|e| e.ok().map(|e| e.path())).collect())
            .unwrap_or_default();
        entries.sort();
        for e in entries {
            collect(&e, out);
        }
    } else if path.extension().is_some_and(|x| x == "txt") {
        out.push(path.to_path_buf());
    }
}

fn main() {
    let mut files = Vec::new();
    for arg in std::env::args().skip(1) {
        collect(Path::new(&arg), &mut files);
    }
    let texts: Vec<String> = files
        .iter()
        .map(|f| std::fs::read_to_string(f).expect("UTF-8 text file"))
        .collect();
    let analyzer = Analyzer::new().expect("embedded model loads");
    let (mut entities, mut quotes) = (0, 0);
    for t in &texts {
        let a = analyzer.analyze(t);
        entities += a.entities.len();
        quotes += a.quotes.len();
    }
    let bytes: usize = texts.iter().map(String::len).sum();
    println!(
        "{} files, {bytes} bytes: {entities} entities, {quotes} quotes",
        texts.len()
    );
}
