//! Golden cases: every `tests/data/*.jsonl` file (FORMAT.md format, code-point offsets, texts
//! written for this project) is analysed and compared with its annotations exactly.
//!
//! - `entities` present: the predicted set of (start, end, label) must equal the gold set.
//! - `quotes` present: the predicted quotes (scare quotes excluded, as in `--jsonl`) must
//!   equal the gold ones: same spans, same speaker spans (or both without a speaker).
//!
//! - `options` present (`{"guess_speakers": false}`, the `noguess` flag of scripts/fixture.py):
//!   the case is analysed with those [`Options`].
//!
//! A new bug becomes one more line in a data file, with an `id` that names it.

use article_highlighter::cli::{jsonl_record, Record};
use article_highlighter::{Analyzer, Options};
use std::collections::BTreeSet;

/// The [`Options`] a golden line asks for (its `options` object), else the defaults.
fn options_of(line: &str) -> Options {
    let v: serde_json::Value = serde_json::from_str(line).unwrap();
    let guess = v["options"]["guess_speakers"].as_bool().unwrap_or(true);
    Options::default().guess_speakers(guess)
}

#[test]
fn golden_cases() {
    let analyzer = Analyzer::new().unwrap();
    let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/data");
    let mut files: Vec<_> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|x| x == "jsonl"))
        .collect();
    files.sort();
    assert!(!files.is_empty(), "no golden files in {dir}");
    let (mut cases, mut failures) = (0, Vec::new());
    for file in &files {
        let name = file.file_name().unwrap().to_string_lossy().to_string();
        for (n, line) in std::fs::read_to_string(file).unwrap().lines().enumerate() {
            if line.trim().is_empty() {
                continue;
            }
            let gold = Record::parse(line).unwrap_or_else(|e| panic!("{name}:{}: {e}", n + 1));
            let text = gold.text.clone().unwrap_or_default();
            let analysis = analyzer.analyze_with(&text, options_of(line));
            let pred = Record::parse(&jsonl_record(&gold.id, &analysis).to_string()).unwrap();
            cases += 1;
            let chars: Vec<char> = text.chars().collect();
            let show = |s: usize, e: usize| {
                chars[s.min(chars.len())..e.min(chars.len())]
                    .iter()
                    .collect::<String>()
            };
            if let Some(ge) = &gold.entities {
                let g: BTreeSet<_> = ge.iter().map(|e| (e.start, e.end, e.label)).collect();
                let p: BTreeSet<_> = pred
                    .entities
                    .as_ref()
                    .unwrap()
                    .iter()
                    .map(|e| (e.start, e.end, e.label))
                    .collect();
                if g != p {
                    let missed: Vec<_> = g
                        .difference(&p)
                        .map(|&(s, e, l)| format!("{:?} {l:?}", show(s, e)))
                        .collect();
                    let extra: Vec<_> = p
                        .difference(&g)
                        .map(|&(s, e, l)| format!("{:?} {l:?}", show(s, e)))
                        .collect();
                    failures.push(format!(
                        "{name} {}: entities missed {missed:?}, extra {extra:?}",
                        gold.id
                    ));
                }
            }
            if let Some(gq) = &gold.quotes {
                let key = |q: &article_highlighter::cli::QuoteRecord| (q.start, q.end, q.speaker);
                let g: BTreeSet<_> = gq.iter().map(key).collect();
                let p: BTreeSet<_> = pred.quotes.as_ref().unwrap().iter().map(key).collect();
                if g != p {
                    let fmt = |set: BTreeSet<_>| -> Vec<String> {
                        set.into_iter()
                            .map(|(s, e, sp): (usize, usize, Option<(usize, usize)>)| {
                                format!("{:?} by {:?}", show(s, e), sp.map(|(a, b)| show(a, b)))
                            })
                            .collect()
                    };
                    failures.push(format!(
                        "{name} {}: quotes missed {:?}, extra {:?}",
                        gold.id,
                        fmt(g.difference(&p).copied().collect()),
                        fmt(p.difference(&g).copied().collect())
                    ));
                }
            }
        }
    }
    assert!(
        failures.is_empty(),
        "{} of {cases} golden cases fail:\n{}",
        failures.len(),
        failures.join("\n")
    );
}
