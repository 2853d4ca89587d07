//! Quotations and speakers through the public API: kinds, groups, cluster links, the
//! invariants on hostile input, and linear time on 100,000 stray marks.
//!
//! Span-level cases live as data in `tests/data/quotes-patterns.jsonl` (run by
//! `tests/golden.rs`); this file checks what the JSONL format cannot show.

use article_highlighter::output::speaker_name;
use article_highlighter::{Analysis, Analyzer, Quote, QuoteKind};
use std::time::{Duration, Instant};

fn analyze(text: &str) -> Analysis<'_> {
    Analyzer::new().unwrap().analyze(text)
}

fn quote_texts<'t>(a: &Analysis<'t>) -> Vec<&'t str> {
    a.quotes.iter().map(|q| &a.text()[q.span]).collect()
}

/// Sorted, not overlapping, on char boundaries, each inside one paragraph, content inside
/// the span, speaker mention in bounds.
fn check_invariants(a: &Analysis) {
    let text = a.text();
    let mut last_end = 0;
    for q in &a.quotes {
        assert!(
            q.span.start >= last_end,
            "quotes overlap or are unsorted: {q:?}"
        );
        last_end = q.span.end;
        for at in [q.span.start, q.span.end, q.content.start, q.content.end] {
            assert!(text.is_char_boundary(at), "not a char boundary: {q:?}");
        }
        assert!(q.span.contains(q.content), "content outside span: {q:?}");
        assert!(
            a.doc.paragraphs.iter().any(|p| p.span.contains(q.span)),
            "quote crosses paragraphs: {q:?}"
        );
        if let Some(s) = &q.speaker {
            assert!(
                s.span.end <= text.len()
                    && text.is_char_boundary(s.span.start)
                    && text.is_char_boundary(s.span.end)
            );
            assert!(!matches!(s.cluster, Some(c) if c >= a.clusters.len()));
        }
    }
}

#[test]
fn kinds_statement_partial_scare() {
    let a = analyze("“We will win,” Ana Duarte said. She called the plan “a con” and the so-called “deal” a trick.");
    let kinds: Vec<QuoteKind> = a.quotes.iter().map(|q| q.kind).collect();
    assert_eq!(
        kinds,
        [QuoteKind::Statement, QuoteKind::Partial, QuoteKind::Scare]
    );
    assert_eq!(&a.text()[a.quotes[0].content], "We will win,");
}

#[test]
fn titles_in_quotes_are_scare_but_headline_quotes_are_not() {
    let a = analyze("Duarte Calls Budget ‘Demoralizing’\n\nShe watched “Shark Tank” on Friday.");
    let kinds: Vec<QuoteKind> = a.quotes.iter().map(|q| q.kind).collect();
    assert_eq!(kinds, [QuoteKind::Statement, QuoteKind::Scare]);
}

#[test]
fn multi_paragraph_quote_shares_group_and_speaker() {
    let a = analyze("Ana Duarte said:\n\n“The first part is simple.\n\n“The second part is not.\n\n“The end.”\n\nThen she left. “Bye,” she said.");
    assert_eq!(
        quote_texts(&a),
        [
            "“The first part is simple.",
            "“The second part is not.",
            "“The end.”",
            "“Bye,”"
        ]
    );
    let kinds: Vec<QuoteKind> = a.quotes.iter().map(|q| q.kind).collect();
    assert_eq!(
        kinds,
        [
            QuoteKind::Statement,
            QuoteKind::Continued,
            QuoteKind::Continued,
            QuoteKind::Statement
        ]
    );
    let groups: Vec<usize> = a.quotes.iter().map(|q| q.group).collect();
    assert_eq!(groups[0], groups[1]);
    assert_eq!(groups[1], groups[2]);
    assert_ne!(groups[2], groups[3]);
    let speakers: Vec<&str> = a
        .quotes
        .iter()
        .map(|q| &a.text()[q.speaker.as_ref().unwrap().span])
        .collect();
    assert_eq!(speakers, ["Ana Duarte", "Ana Duarte", "Ana Duarte", "she"]);
}

#[test]
fn pronoun_speaker_links_to_the_last_person() {
    let a =
        analyze("President Vladimir Putin spoke in Moscow on Monday.\n\n“We will win,” he said.");
    let sp = a.quotes[0].speaker.as_ref().unwrap();
    assert_eq!(&a.text()[sp.span], "he");
    assert!(sp.cluster.is_some(), "“he” is not linked: {:?}", a.entities);
    assert_eq!(speaker_name(&a, sp), "Vladimir Putin");
}

#[test]
fn pronoun_speaker_passes_over_a_person_of_the_other_gender() {
    // Becker is "he" ("Becker said he …") and Reyes "Ms.": "she" is neither the latest person
    // nor anyone but Reyes.
    for text in [
        "Maya Reyes met Tom Becker on Monday. Becker said he was ready.\n\n“We are not,” she said.",
        "Ms. Reyes met Mr. Becker on Monday.\n\n“We are not,” she said.",
    ] {
        let a = analyze(text);
        let sp = a.quotes[0].speaker.as_ref().unwrap();
        assert_eq!(&a.text()[sp.span], "she");
        assert!(
            speaker_name(&a, sp).ends_with("Reyes"),
            "{text}: {:?}",
            a.entities
        );
    }
    // Without a sign of either's gender the latest person stays the guess.
    let a = analyze("Maya Reyes met Tom Becker on Monday.\n\n“We are not,” she said.");
    assert_eq!(
        speaker_name(&a, a.quotes[0].speaker.as_ref().unwrap()),
        "Tom Becker"
    );
}

#[test]
fn noun_phrase_speaker_links_to_the_organisation() {
    let a = analyze("The Chinese Foreign Ministry summoned the ambassador.\n\n“This is unacceptable,” the ministry said.");
    let sp = a.quotes[0].speaker.as_ref().unwrap();
    assert_eq!(&a.text()[sp.span], "the ministry");
    // The entity finder decides whether "Chinese" belongs to the name; the link must reach
    // the ministry's cluster either way.
    assert!(
        speaker_name(&a, sp).ends_with("Foreign Ministry"),
        "entities: {:?}",
        a.entities
    );
}

#[test]
fn surname_speaker_links_to_the_full_name() {
    let a = analyze("Angela Merkel arrived late.\n\n“We are here,” Merkel said.");
    let sp = a.quotes[0].speaker.as_ref().unwrap();
    assert_eq!(speaker_name(&a, sp), "Angela Merkel");
}

#[test]
fn relative_pronoun_speaker_links_to_the_name_before_it() {
    let a = analyze("Reporters met Angela Merkel, who said the plan was “a mistake.”");
    let sp = a.quotes[0].speaker.as_ref().unwrap();
    assert_eq!(&a.text()[sp.span], "who");
    assert_eq!(
        speaker_name(&a, sp),
        "Angela Merkel",
        "entities: {:?}",
        a.entities
    );
}

#[test]
fn unmatched_mark_never_swallows_the_article() {
    let a = analyze("He said “this never ends\n\nSecond paragraph.\n\nThird “quoted” paragraph.");
    assert_eq!(quote_texts(&a), ["“this never ends", "“quoted”"]);
    check_invariants(&a);
}

#[test]
fn hostile_inputs_keep_the_invariants() {
    let cases = [
        "",
        "“",
        "”“”“",
        "\"\"\"",
        "‘’‘",
        "« » « „ “ 「 」 』『",
        "“😀”, 北京 said.",
        "e\u{301}“x”\u{301} said",
        "“a\n\n”b\n\n“",
        "said said said “” said",
        ": “x” — — according to",
        "“a,” said",
        "(((“x,” ) said",
        "'Quoted' headline\n\nbody 'text'",
    ];
    for text in cases {
        check_invariants(&analyze(text));
    }
}

/// 100,000 stray marks of every kind run in well under a second per 100,000 in release and
/// grow linearly: twice the marks may take at most a few times as long.
#[test]
fn stray_marks_run_in_linear_time() {
    let unit = "“ ” \" ‘ ’ ' « » „ 「 」 — : said he “a,” ";
    let run = |n: usize| {
        let text = unit.repeat(n / 16);
        let start = Instant::now();
        let a = analyze(&text);
        check_invariants(&a);
        start.elapsed()
    };
    let small = run(100_000);
    let large = run(200_000);
    assert!(
        small < Duration::from_secs(20),
        "100,000 marks took {small:?}"
    );
    // Linear: about 2× (generous bound for noisy machines); quadratic would be 4×.
    assert!(
        large < small * 3 + Duration::from_millis(200),
        "100k marks: {small:?}, 200k: {large:?}"
    );
    let one_paragraph = "“".repeat(100_000) + &"\"".repeat(100_000);
    let start = Instant::now();
    check_invariants(&analyze(&one_paragraph));
    assert!(start.elapsed() < Duration::from_secs(20));
}

#[test]
fn quotes_are_found_once_per_segment() {
    let a = analyze(
        "“We won,” Ana Duarte said. “Now we govern.” Then: «merci» and „danke“ and 「谢谢」.",
    );
    let q: Vec<&Quote> = a.quotes.iter().collect();
    assert_eq!(
        quote_texts(&a),
        [
            "“We won,”",
            "“Now we govern.”",
            "«merci»",
            "„danke“",
            "「谢谢」"
        ]
    );
    assert_eq!(&a.text()[q[1].speaker.as_ref().unwrap().span], "Ana Duarte");
}

/// Texts of the cases in a `tests/data/*.jsonl` file, with their ids.
fn golden_texts(file: &str) -> Vec<(String, String)> {
    let path = format!("{}/tests/data/{file}", env!("CARGO_MANIFEST_DIR"));
    std::fs::read_to_string(path)
        .unwrap()
        .lines()
        .filter(|l| !l.trim().is_empty())
        .map(|l| {
            let v: serde_json::Value = serde_json::from_str(l).unwrap();
            (
                v["id"].as_str().unwrap().to_string(),
                v["text"].as_str().unwrap().to_string(),
            )
        })
        .collect()
}

#[test]
fn evidence_names_the_cue() {
    use article_highlighter::Evidence;
    let analyzer = Analyzer::new().unwrap();
    let cases = [
        ("“We will win,” Ana Duarte said.", Evidence::Verb),
        ("Ana Duarte said: “We will win.”", Evidence::Verb),
        (
            "From the ministry: “No comment at this stage.”",
            Evidence::Colon,
        ),
        (
            "Lena Ortiz continued:\n\n“We will not stop here.”",
            Evidence::Colon,
        ),
        (
            "“Nobody was hurt,” according to the fire department.",
            Evidence::AccordingTo,
        ),
        ("“Never again.” — Lena Ortiz", Evidence::Dash),
        (
            "Ana Duarte spoke for an hour. “It will take time,” she added.",
            Evidence::Pronoun,
        ),
        (
            "Lena Ortiz met the union.\n\n“There will be no more delays.”",
            Evidence::Guess,
        ),
    ];
    for (text, want) in cases {
        let a = analyzer.analyze(text);
        let speaker = a.quotes[0]
            .speaker
            .as_ref()
            .unwrap_or_else(|| panic!("{text}"));
        assert_eq!(speaker.evidence, want, "{text}");
    }
    // A second quote with no cue of its own, after an attributed one: carried, not guessed.
    let a = analyzer.analyze("“We won,” Ana Duarte said. “Now we must govern.”");
    assert_eq!(
        a.quotes[1].speaker.as_ref().unwrap().evidence,
        Evidence::Continued
    );
    // Carried from a guess, it stays a guess.
    let a = analyzer.analyze("Lena Ortiz met the union.\n\n“No delays.” “None at all.”");
    assert!(a
        .quotes
        .iter()
        .all(|q| q.speaker.as_ref().unwrap().evidence == Evidence::Guess));
}

#[test]
fn without_guessing_only_guesses_go() {
    use article_highlighter::{Evidence, Options};
    let analyzer = Analyzer::new().unwrap();
    let strict = Options::default().guess_speakers(false);
    for file in [
        "speakers-patterns.jsonl",
        "speakers-ap.jsonl",
        "quotes-patterns.jsonl",
    ] {
        for (id, text) in golden_texts(file) {
            let guessed = analyzer.analyze(&text);
            let cued = analyzer.analyze_with(&text, strict);
            assert_eq!(guessed.quotes.len(), cued.quotes.len(), "{id}");
            for (g, c) in guessed.quotes.iter().zip(&cued.quotes) {
                match &g.speaker {
                    Some(s) if s.evidence == Evidence::Guess => {
                        assert!(c.speaker.is_none(), "{id}: {c:?}")
                    }
                    _ => assert_eq!(g.speaker, c.speaker, "{id}"),
                }
            }
            // Every case of the pattern files but the `nocue-` ones has a cue for each quote.
            if file != "quotes-patterns.jsonl" && !id.starts_with("nocue-") {
                let spoken = cued.quotes.iter().filter(|q| q.kind != QuoteKind::Scare);
                assert!(spoken.clone().all(|q| q.speaker.is_some()), "{id}");
            }
        }
    }
}

#[test]
fn ap_story_speakers_resolve_to_names() {
    let (_, text) = golden_texts("speakers-ap.jsonl").remove(0);
    let a = analyze(&text);
    let names: Vec<&str> = a
        .quotes
        .iter()
        .map(|q| speaker_name(&a, q.speaker.as_ref().unwrap()))
        .collect();
    assert_eq!(names[0], "The two diplomats");
    assert_eq!(names[1], "Chinese Foreign Ministry");
    assert_eq!(names[2], "Rafael Monteiro Dantas");
    assert_eq!(names[3], "Helena Braga");
    assert_eq!(names[4], "Ma Qinglin");
}

/// Speaker accuracy (the eval command's: a speaker is right when its span overlaps the gold
/// speaker's) on the modern-news speaker fixtures of `tests/data/scored/`, ten stories and
/// about 75 quotes each, written in the eleventh session by a helper who never ran the
/// analyser on them (both scored 1.00 when first run): a floor, not an exact match.
/// `speakers-modern-3` (16 harder stories, 157 quotes with a speaker, twelfth session, same
/// way): 0.930 when first run; its errors were then read. Its conventions differ from PolNeAR's
/// in one place (a trailing "according to Y" after "X said" credits X there, Y here).
/// `speakers-modern-4` (18 typical stories, 169 quotes with a speaker, thirteenth session, same
/// way): 0.982 when first run. `speakers-modern-5` (18 stories of US election and politics
/// news, 178 quotes with a speaker, fourteenth session, same way): 0.955 when first run.
#[test]
fn modern_speakers_accuracy_floor() {
    use article_highlighter::cli::{jsonl_record, Record};
    let analyzer = Analyzer::new().unwrap();
    for (file, floor) in [
        ("scored/speakers-modern-1.jsonl", 0.95),
        ("scored/speakers-modern-2.jsonl", 0.95),
        ("scored/speakers-modern-3.jsonl", 0.93),
        ("scored/speakers-modern-4.jsonl", 0.95),
        ("scored/speakers-modern-5.jsonl", 0.93),
    ] {
        let path = format!("{}/tests/data/{file}", env!("CARGO_MANIFEST_DIR"));
        let (mut gold_speakers, mut right) = (0, 0);
        for line in std::fs::read_to_string(path).unwrap().lines() {
            if line.trim().is_empty() {
                continue;
            }
            let gold = Record::parse(line).unwrap();
            let text = gold.text.clone().unwrap_or_default();
            let pred = Record::parse(&jsonl_record(&gold.id, &analyzer.analyze(&text)).to_string())
                .unwrap();
            let pred_quotes = pred.quotes.unwrap_or_default();
            for q in gold.quotes.unwrap_or_default() {
                let Some((gs, ge)) = q.speaker else { continue };
                gold_speakers += 1;
                let said = pred_quotes
                    .iter()
                    .find(|p| (p.start, p.end) == (q.start, q.end))
                    .and_then(|p| p.speaker);
                if said.is_some_and(|(s, e)| s < ge && gs < e) {
                    right += 1;
                }
            }
        }
        assert!(gold_speakers > 50, "{file}: {gold_speakers} speakers");
        let accuracy = right as f64 / gold_speakers as f64;
        assert!(
            accuracy >= floor,
            "{file}: speaker accuracy {accuracy:.3} below {floor}"
        );
    }
}
