//! The CLI's renderings on any text: `markers()`, the `--format json` view (code points and
//! UTF-16) and the `--jsonl` record. No panic; the JSON parses back and every span's `text`
//! equals the text it covers in the unit it claims.
#![no_main]

use article_highlighter::cli::jsonl_record;
use article_highlighter::offsets::Unit;
use article_highlighter::output::{markers, AnalysisView};
use article_highlighter::Analyzer;
use libfuzzer_sys::fuzz_target;
use serde_json::Value;
use std::sync::OnceLock;

#[path = "../../tests/support/check.rs"]
mod check;

fn analyzer() -> &'static Analyzer {
    static A: OnceLock<Analyzer> = OnceLock::new();
    A.get_or_init(|| Analyzer::new().expect("embedded model loads"))
}

fn slice_cp(chars: &[char], v: &Value) -> String {
    let (s, e) = (
        v["start"].as_u64().unwrap() as usize,
        v["end"].as_u64().unwrap() as usize,
    );
    chars[s..e].iter().collect()
}

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data);
    let a = analyzer().analyze(&text);
    assert_eq!(check::unmark(&markers(&a)), text);
    let chars: Vec<char> = text.chars().collect();
    let utf16: Vec<u16> = text.encode_utf16().collect();

    let json = serde_json::to_string(&AnalysisView::new(&a, Unit::CodePoints)).unwrap();
    let v: Value = serde_json::from_str(&json).unwrap();
    for e in v["entities"].as_array().unwrap() {
        assert_eq!(slice_cp(&chars, e), e["text"].as_str().unwrap());
    }
    for q in v["quotes"].as_array().unwrap() {
        assert_eq!(slice_cp(&chars, q), q["text"].as_str().unwrap());
        if !q["speaker"].is_null() {
            assert_eq!(
                slice_cp(&chars, &q["speaker"]),
                q["speaker"]["text"].as_str().unwrap()
            );
        }
    }
    let v16 = serde_json::to_value(AnalysisView::new(&a, Unit::Utf16)).unwrap();
    for e in v16["entities"].as_array().unwrap() {
        let (s, en) = (
            e["start"].as_u64().unwrap() as usize,
            e["end"].as_u64().unwrap() as usize,
        );
        assert_eq!(
            String::from_utf16(&utf16[s..en]).unwrap(),
            e["text"].as_str().unwrap()
        );
    }

    let line = jsonl_record(&Value::from(1), &a);
    let back: Value = serde_json::from_str(&serde_json::to_string(&line).unwrap()).unwrap();
    for e in back["entities"].as_array().unwrap() {
        assert_eq!(slice_cp(&chars, e), e["text"].as_str().unwrap());
    }
    for q in back["quotes"].as_array().unwrap() {
        assert_eq!(slice_cp(&chars, q), q["text"].as_str().unwrap());
    }
});
