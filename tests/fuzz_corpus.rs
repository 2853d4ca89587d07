//! Replays the fuzzers' kept corpus (fuzz/corpus/*/*: the interesting inputs `cargo fuzz` found,
//! minimised) as ordinary tests, so `cargo test` covers them without nightly or libFuzzer. Each
//! input gets the checks of both fuzz targets: every span valid, the text preserved by the event
//! stream and the markers, and the JSON views' `text` equal to the text their offsets cover.

use article_highlighter::offsets::Unit;
use article_highlighter::output::AnalysisView;
use article_highlighter::Analyzer;
use serde_json::Value;
use std::path::Path;

#[path = "support/check.rs"]
mod check;

fn slice(units: &[u32], v: &Value, decode: fn(&[u32]) -> String) -> String {
    let (s, e) = (
        v["start"].as_u64().unwrap() as usize,
        v["end"].as_u64().unwrap() as usize,
    );
    decode(&units[s..e])
}

fn json_spans_cover_their_text(text: &str, a: &article_highlighter::Analysis) {
    let chars: Vec<u32> = text.chars().map(u32::from).collect();
    let utf16: Vec<u32> = text.encode_utf16().map(u32::from).collect();
    let from_chars: fn(&[u32]) -> String =
        |u| u.iter().map(|&c| char::from_u32(c).unwrap()).collect();
    let from_utf16: fn(&[u32]) -> String =
        |u| String::from_utf16(&u.iter().map(|&c| c as u16).collect::<Vec<_>>()).unwrap();
    for (unit, units, decode) in [
        (Unit::CodePoints, &chars, from_chars),
        (Unit::Utf16, &utf16, from_utf16),
    ] {
        let v = serde_json::to_value(AnalysisView::new(a, unit)).unwrap();
        for e in v["entities"].as_array().unwrap() {
            assert_eq!(slice(units, e, decode), e["text"].as_str().unwrap());
        }
        for q in v["quotes"].as_array().unwrap() {
            assert_eq!(slice(units, q, decode), q["text"].as_str().unwrap());
            if !q["speaker"].is_null() {
                assert_eq!(
                    slice(units, &q["speaker"], decode),
                    q["speaker"]["text"].as_str().unwrap()
                );
            }
        }
    }
}

#[test]
fn fuzz_corpus_replays_cleanly() {
    let analyzer = Analyzer::new().unwrap();
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("fuzz/corpus");
    let mut count = 0;
    for target in ["analyze", "render"] {
        let mut files: Vec<_> = std::fs::read_dir(root.join(target))
            .unwrap()
            .map(|e| e.unwrap().path())
            .collect();
        files.sort();
        for path in files {
            let bytes = std::fs::read(&path).unwrap();
            let text = String::from_utf8_lossy(&bytes);
            let a = analyzer.analyze(&text);
            let result = std::panic::catch_unwind(|| {
                check::check_analysis(&text, &a);
                json_spans_cover_their_text(&text, &a);
            });
            assert!(result.is_ok(), "fuzz corpus input {} fails", path.display());
            count += 1;
        }
    }
    assert!(count >= 10, "the fuzz corpus has only {count} inputs");
}
