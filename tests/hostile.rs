//! Hostile input, natively: each case must not panic, must finish in linear time, and must keep
//! the text byte for byte (events joined and `markers()` with its markers and escapes removed
//! give back the input; tests/support/check.rs).
//!
//! Linear time is asserted against a baseline measured here (in the thread's CPU time), not a
//! wall-clock limit: the input
//! at `SCALE`× size may take at most `SLACK`× its linear share of the 1× time (quadratic work
//! would take `SCALE`× longer still). Sizes fit a debug build (`cargo test`); the 10 MB inputs
//! run in release through scripts/bench-scaling.sh.

use article_highlighter::offsets::Unit;
use article_highlighter::output::{markers, AnalysisView};
use article_highlighter::Analyzer;
use std::sync::{Mutex, OnceLock};
use std::time::{Duration, Instant};

#[path = "support/cpu_time.rs"]
mod cpu_time;
use cpu_time::thread_cpu_time;

#[path = "support/check.rs"]
mod check;

/// How much larger the big input of a linearity check is than its baseline.
const SCALE: usize = 8;
/// How many times its linear share the big input may take (noise, caches, allocation).
const SLACK: u32 = 3;
/// Below this, timings are noise: the bound gets this much extra room.
const TIMER_FLOOR: Duration = Duration::from_millis(20);
/// The same for the renderings, which are much faster than the analysis.
const RENDER_TIMER_FLOOR: Duration = Duration::from_millis(5);
/// "10 MB on one line": a debug build (`cargo test`) analyses about 0.2 MB/s, so it runs the
/// case at 1 MB there; `cargo test --release --test hostile` runs the full 10 MB.
const LONG_LINE_BYTES: usize = if cfg!(debug_assertions) {
    1 << 20
} else {
    10 << 20
};

fn analyzer() -> &'static Analyzer {
    static A: OnceLock<Analyzer> = OnceLock::new();
    A.get_or_init(|| Analyzer::new().expect("embedded model loads"))
}

/// A clock of this thread's own CPU time on Linux (`clock_gettime(CLOCK_THREAD_CPUTIME_ID)`),
/// else wall time. The machine is shared: wall time jumps by tens of milliseconds whenever
/// the thread is descheduled, the thread's CPU time does not.
struct Clock {
    wall: Instant,
    cpu: Option<Duration>,
}

impl Clock {
    fn start() -> Clock {
        Clock {
            cpu: thread_cpu_time(),
            wall: Instant::now(),
        }
    }

    fn elapsed(&self) -> Duration {
        match (self.cpu, thread_cpu_time()) {
            (Some(a), Some(b)) => b.saturating_sub(a),
            _ => self.wall.elapsed(),
        }
    }
}

/// Analyses `text`, checks every invariant, returns how long the analysis and the renderings
/// (markers and the JSON view) took.
fn run(text: &str) -> (Duration, Duration) {
    let t = Clock::start();
    let a = analyzer().analyze(text);
    let analysed = t.elapsed();
    let t = Clock::start();
    let marked = markers(&a);
    let view = AnalysisView::new(&a, Unit::Utf16);
    let rendered = t.elapsed();
    assert_eq!(view.paragraphs.len(), a.doc.paragraphs.len());
    assert_eq!(check::unmark(&marked), text);
    check::check_analysis(text, &a);
    (analysed, rendered)
}

/// `repeat(unit, n)` as a text of about `bytes` bytes.
fn fill(unit: &str, bytes: usize) -> String {
    unit.repeat(bytes.div_ceil(unit.len()).max(1))
}

/// Checks `make(bytes)` at `bytes` and `SCALE * bytes`: both pass [`run`], and the big one
/// takes no more than `SLACK` times its linear share of the best of two small runs, for the
/// analysis and for the renderings each.
fn assert_linear(name: &str, bytes: usize, make: impl Fn(usize) -> String) {
    // One timing at a time: the tests of this file run in parallel threads.
    static TIMING: Mutex<()> = Mutex::new(());
    let _one_at_a_time = TIMING
        .lock()
        .unwrap_or_else(|poisoned| poisoned.into_inner());
    let small = make(bytes);
    let (a1, r1) = run(&small);
    let (a2, r2) = run(&small);
    let big = make(bytes * SCALE);
    let (analysed, rendered) = run(&big);
    for (what, base, took, floor) in [
        ("analysis", a1.min(a2), analysed, TIMER_FLOOR),
        ("rendering", r1.min(r2), rendered, RENDER_TIMER_FLOOR),
    ] {
        let bound = base * (SCALE as u32) * SLACK + floor;
        eprintln!(
            "{name} {what}: {} B in {base:?}, {} B in {took:?} (bound {bound:?})",
            small.len(),
            big.len()
        );
        assert!(took <= bound, "{name}: {what} of the {SCALE}x input took {took:?} against {base:?} at 1x (bound {bound:?}): not linear");
    }
}

const PROSE: &str =
    "“We will not leave,” said Marieke van Dalen of the FNV union in Rotterdam, as \
    President Ana Sofia Marques met Deputy Foreign Minister Park Ji-won and the Foreign Ministry \
    of Portugal, according to Reuters. ";

#[test]
fn empty_input() {
    let a = analyzer().analyze("");
    assert!(a.doc.paragraphs.is_empty() && a.doc.tokens.is_empty());
    assert!(a.entities.is_empty() && a.quotes.is_empty() && a.clusters.is_empty());
    assert_eq!(markers(&a), "");
    run("");
}

#[test]
fn one_long_line() {
    // No newline at all: one paragraph of many sentences.
    let text = fill(PROSE, LONG_LINE_BYTES);
    let a = analyzer().analyze(&text);
    assert_eq!(a.doc.paragraphs.len(), 1);
    assert!(
        a.entities.len() > 1000 && a.quotes.len() > 100,
        "ordinary prose still finds things"
    );
    run(&text);
    assert_linear("one long line", 8 << 10, |n| fill(PROSE, n));
}

#[test]
fn one_long_line_without_spaces_or_sentences() {
    // One giant token, then one giant "abbreviation" token, then digits.
    assert_linear("letters", 32 << 10, |n| fill("a", n));
    assert_linear("initials", 32 << 10, |n| fill("A.", n));
    assert_linear("digits", 32 << 10, |n| fill("1,0", n));
    assert_linear("hyphens", 32 << 10, |n| fill("al-", n));
    assert_linear("apostrophes", 32 << 10, |n| fill("O'", n));
}

#[test]
fn many_short_paragraphs_with_names() {
    // Tens of thousands of paragraphs, each with entities and a quote.
    assert_linear("line per paragraph", 16 << 10, |n| {
        fill("“Yes,” said Angela Merkel in Berlin.\n", n)
    });
    assert_linear("blank-line paragraphs", 16 << 10, |n| {
        fill("Vladimir Putin spoke in Moscow.\n\n", n)
    });
}

#[test]
fn unmatched_quote_marks() {
    run(&"“".repeat(100_000));
    for mark in ["\"", "”", "‘", "«", "'"] {
        run(&mark.repeat(20_000));
    }
    // Openers each followed by words and a name, none closed.
    run(&"“ Angela Merkel said ".repeat(2_000));
    assert_linear("unmatched openers", 8 << 10, |n| fill("“Ma said ", n));
    assert_linear("alternating marks", 8 << 10, |n| fill("“\"‘«»’”\" x ", n));
}

#[test]
fn only_punctuation() {
    let unit = ".,;:!?—–-()[]{}…«»“”‘’\"'/\\|@#$%^&*_+=~`<>";
    let text = fill(unit, 50_000);
    let a = analyzer().analyze(&text);
    assert!(a.entities.is_empty(), "punctuation names nothing");
    run(&text);
    assert_linear("punctuation", 8 << 10, |n| fill(unit, n));
    // Marker syntax itself is escaped and round-trips.
    run(&fill(
        "[x|PER] \\[ \\ | ] [Angela Merkel|PER] said “[|]”",
        10_000,
    ));
}

/// The rules that read a form of several tokens ahead (results lines, listings, offices,
/// circuits, union locals, chapters, datelines …) on every prefix of texts that hold them:
/// a form cut short at the text's or a line's end must not be read past it.
#[test]
fn forms_cut_short() {
    let forms = [
        "Gonzaga 71, Houston 66 (OT)\nDuke 80, Alabama 72",
        "Gonzaga 71, Houston\nDuke 80",
        "Halvorsen Inc. (Nasdaq: HVR) rose. Cinder Labs (NYSE: C.D)",
        "The Boulder County Sheriff’s Office and the Bronx District Attorney’s Office",
        "the 7th U.S. Circuit Court of Appeals and UAW Local 862 and the ACLU of Colorado",
        "Cleveland (AFP) – The delegates met. ST. PAUL, Minn. (AP) — Kaprizov scored.",
        "#KTPStrong #BoulderFire Democratic: Priya Natarajan of Ann Arbor, Mich.",
        "The Sunshine Canyon Fire and St. Rose Catholic Church, KUSA-TV, I’m",
        // A rank at the text's start: "No." emptied as a mention at token 0.
        "No. 12 Iowa State rallied past No. 9 Kansas State in Ames, Iowa, as the Cyclones won 70-61.",
        "(AP Photo/Carmen Ruiz) (Photo by Owen Pratt/Getty Images) (Dana Kell/Tulsa World via",
        "Standings touchdown inning\nPurdue 11-2\nIllinois 10-3\nWashington 74, Oregon 71, OT\nIllinois at Indiana, 6 p.m.\nfor Green Bay (9-4). Packers",
        "Disney+ and Eli Lilly and Co. and iPhone 17 in Norman and Moore, cities such as Ames",
        "County Highway CX, U.S. Highway 51, the Des Moines Register, Republican House",
    ];
    for text in forms {
        for (at, _) in text.char_indices() {
            run(&text[..at]);
        }
        run(text);
    }
}

#[test]
fn nul_and_control_characters() {
    let controls: String = (0u32..0x20)
        .chain(0x7f..0xa0)
        .filter_map(char::from_u32)
        .collect();
    run(&controls);
    run(&controls.repeat(500));
    let mixed = "Angela\0 Merkel\u{1b}[31m said\u{7}: “no\u{0}”\r\u{85}Berlin\u{2028}Paris\u{2029}\u{c}\u{b}";
    run(&mixed.repeat(300));
    assert_linear("controls", 8 << 10, |n| fill(&controls, n));
}

#[test]
fn right_to_left_and_mixed_scripts() {
    let text = "قال الرئيس عبد الفتاح السيسي في القاهرة: «لن نتراجع». \
        אמר ראש הממשלה בירושלים \"כן\". \u{202e}Angela Merkel\u{202c} met 习近平 in 北京 and \
        Владимир Путин in Москва; \u{200f}“Yes,” said Kim Seo-yeon\u{200e}. देवनागरी ไทย 😀👨‍👩‍👧 ";
    run(text);
    assert_linear("mixed scripts", 8 << 10, |n| fill(text, n));
}

#[test]
fn combining_mark_floods() {
    // One letter with 100,000 marks, and "zalgo" text.
    let flood = format!("e{} Merkel said", "\u{301}".repeat(100_000));
    run(&flood);
    let zalgo: String = "Angela Merkel said “hi”"
        .chars()
        .flat_map(|c| [c, '\u{336}', '\u{489}', '\u{20d2}', '\u{fe20}'])
        .collect();
    run(&zalgo.repeat(200));
    assert_linear("combining flood", 16 << 10, |n| {
        format!("e{}", "\u{301}".repeat(n / 2))
    });
    // Marks with nothing before them, at paragraph starts.
    run(&"\u{301}\u{302}\n".repeat(5_000));
}

#[test]
fn html_and_script_payloads_stay_verbatim_text() {
    let payloads = [
        "<script>alert('x')</script>",
        "<img src=x onerror=\"alert(1)\">",
        "“<b>Angela Merkel</b>,” said <i>Olaf Scholz</i> in <a href=\"javascript:alert(1)\">Berlin</a>.",
        "</p><script src=//evil.example/x.js></script><p>",
        "&lt;script&gt; &amp; &#x3C;svg onload=alert(1)&#x3E; ]]> <!-- --> <![CDATA[x]]>",
        "\"><svg/onload=alert(1)> said President Vladimir Putin.",
    ];
    for p in payloads {
        let text = format!("Angela Merkel said: “{p}” in Berlin.\n\n{p}\n");
        run(&text);
        let a = analyzer().analyze(&text);
        let marked = markers(&a);
        // The payload comes out as the same characters: no HTML escaping (`run` checked that
        // nothing is dropped or added; the page and embed tests check that nothing runs in a
        // browser).
        assert_eq!(marked.contains("&lt;"), text.contains("&lt;"), "{marked}");
        assert_eq!(marked.contains("&amp;"), text.contains("&amp;"), "{marked}");
        let view = AnalysisView::new(&a, Unit::CodePoints);
        for e in &view.entities {
            let chars: String = text.chars().skip(e.start).take(e.end - e.start).collect();
            assert_eq!(chars, e.text);
        }
    }
    assert_linear("html", 8 << 10, |n| fill(payloads[2], n));
}

#[test]
fn replacement_chars_from_lone_surrogates() {
    // JavaScript's lone surrogates reach Rust as U+FFFD: they must behave like any char.
    let text = "Angela \u{fffd}Merkel\u{fffd} said “\u{fffd}” in \u{fffd}Berlin.".repeat(300);
    run(&text);
}
