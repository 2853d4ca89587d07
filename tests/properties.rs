//! Invariants on any input: no panic; every span sorted, in bounds and on char boundaries;
//! quotes and entities nested properly; offset conversions agree with counting chars
//! (Python's indexing) and UTF-16 units (JavaScript's).

// proptest does not build for wasm32 (getrandom); `wasm-pack test` compiles every test target.
#![cfg(not(target_arch = "wasm32"))]
use article_highlighter::offsets::{OffsetMap, Unit};
use article_highlighter::Analyzer;
use proptest::prelude::*;
use std::sync::OnceLock;

#[path = "support/check.rs"]
mod check;

fn analyzer() -> &'static Analyzer {
    static A: OnceLock<Analyzer> = OnceLock::new();
    A.get_or_init(|| Analyzer::new().unwrap())
}

/// Text that looks like news often enough to produce entities and quotes, mixed with noise.
fn newsy() -> impl Strategy<Value = String> {
    let piece = prop_oneof![
        Just("Vladimir Putin".to_string()),
        Just("said".to_string()),
        Just("“".to_string()),
        Just("”".to_string()),
        Just("\"".to_string()),
        Just("‘".to_string()),
        Just("’s".to_string()),
        Just("the Foreign Ministry".to_string()),
        Just("TAIPEI, Taiwan —".to_string()),
        Just("\n\n".to_string()),
        Just("\n".to_string()),
        Just(". ".to_string()),
        Just("😀".to_string()),
        Just("北京".to_string()),
        Just("e\u{301}".to_string()),
        Just("U.S.".to_string()),
        "[A-Z][a-z]{0,8}",
        "[a-z]{1,8}",
        any::<char>().prop_map(String::from),
        " ",
    ];
    prop::collection::vec(piece, 0..60).prop_map(|v| v.join(" "))
}

/// The invariants every analysis keeps (tests/support/check.rs, shared with the hostile and
/// fuzz tests), plus: every entity belongs to a cluster that lists it.
fn check(text: &str) {
    let a = analyzer().analyze(text);
    check::check_analysis(text, &a);
    for e in &a.entities {
        let c = e.cluster.expect("every entity has a cluster");
        assert!(a.clusters[c]
            .mentions
            .iter()
            .any(|&m| a.entities[m].span == e.span));
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 400, ..ProptestConfig::default() })]

    #[test]
    fn any_string_is_safe(text in any::<String>()) {
        check(&text);
    }

    #[test]
    fn newsy_strings_are_safe(text in newsy()) {
        check(&text);
    }

    #[test]
    fn offsets_agree_with_python_and_javascript(text in any::<String>()) {
        let map = OffsetMap::new(&text);
        for (byte, _) in text.char_indices().chain([(text.len(), ' ')]) {
            prop_assert_eq!(map.convert(byte, Unit::CodePoints), text[..byte].chars().count());
            prop_assert_eq!(map.convert(byte, Unit::Utf16), text[..byte].encode_utf16().count());
        }
    }
}

#[test]
fn empty_and_whitespace_give_empty_results() {
    for text in ["", " ", "\n\n\n", "\t \r\n"] {
        let a = analyzer().analyze(text);
        assert!(a.entities.is_empty() && a.quotes.is_empty() && a.doc.paragraphs.is_empty());
    }
}
