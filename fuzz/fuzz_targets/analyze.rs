//! `analyze` on any UTF-8 text: no panic, every span valid, the text preserved by the event
//! stream and by the marker rendering (tests/support/check.rs).
#![no_main]

use article_highlighter::{Analyzer, Options};
use libfuzzer_sys::fuzz_target;
use std::sync::OnceLock;

#[path = "../../tests/support/check.rs"]
mod check;

fn analyzer() -> &'static Analyzer {
    static A: OnceLock<Analyzer> = OnceLock::new();
    A.get_or_init(|| Analyzer::new().expect("embedded model loads"))
}

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data);
    // Half the inputs without guessed speakers (issue 16's option), by their length.
    let options = Options::default().guess_speakers(data.len() % 2 == 0);
    let analysis = analyzer().analyze_with(&text, options);
    check::check_analysis(&text, &analysis);
});
