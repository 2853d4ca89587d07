//! Entity and name-cluster cases users of other taggers complain about, as data:
//! `tests/data/entities-hard.jsonl` (FORMAT.md, generated from `entities-hard.cases`: every
//! entity of the text, which must be found exactly and nothing else; `tests/golden.rs` checks
//! the same file by offsets, this test reports by text) and `tests/data/entities-clusters.jsonl`
//! (canonical names, mentions that share or do not share a cluster). Every text was written
//! for these tests. A failing case names itself by `id`.

use article_highlighter::{Analysis, Analyzer, Label};
use serde_json::Value;

fn cases(file: &str) -> Vec<Value> {
    let path = format!("{}/tests/data/{file}", env!("CARGO_MANIFEST_DIR"));
    std::fs::read_to_string(&path)
        .unwrap_or_else(|e| panic!("{path}: {e}"))
        .lines()
        .filter(|l| !l.trim().is_empty())
        .map(|l| serde_json::from_str(l).expect("valid JSON line"))
        .collect()
}

fn str_of<'a>(v: &'a Value, key: &str) -> &'a str {
    v[key]
        .as_str()
        .unwrap_or_else(|| panic!("missing {key} in {v}"))
}

fn found<'a>(a: &'a Analysis<'a>) -> Vec<(&'a str, Label)> {
    a.entities
        .iter()
        .map(|e| (&a.text()[e.span], e.label))
        .collect()
}

/// The cluster of the first entity whose text is `mention`.
fn cluster_of(a: &Analysis, mention: &str) -> Option<usize> {
    a.entities
        .iter()
        .find(|e| &a.text()[e.span] == mention)
        .and_then(|e| e.cluster)
}

#[test]
fn hard_entity_cases() {
    let analyzer = Analyzer::new().expect("analyzer");
    let mut failures = Vec::new();
    for case in cases("entities-hard.jsonl") {
        let id = str_of(&case, "id");
        let a = analyzer.analyze(str_of(&case, "text"));
        let got = found(&a);
        let want: Vec<(&str, Label)> = case["entities"]
            .as_array()
            .expect("entities")
            .iter()
            .map(|e| {
                (
                    str_of(e, "text"),
                    Label::from_code(str_of(e, "label")).expect("label"),
                )
            })
            .collect();
        if got != want {
            failures.push(format!("{id}:\n  want {want:?}\n  got  {got:?}"));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn cluster_cases() {
    let analyzer = Analyzer::new().expect("analyzer");
    let mut failures = Vec::new();
    for case in cases("entities-clusters.jsonl") {
        let id = str_of(&case, "id");
        let a = analyzer.analyze(str_of(&case, "text"));
        for c in case["cluster_names"].as_array().expect("cluster_names") {
            let (mention, name) = (str_of(c, "mention"), str_of(c, "name"));
            let got = cluster_of(&a, mention).map(|k| a.clusters[k].name.as_str());
            if got != Some(name) {
                failures.push(format!(
                    "{id}: {mention:?} should be in cluster {name:?}, is in {got:?}; {:?}",
                    found(&a)
                ));
            }
        }
        for s in case["same_cluster"].as_array().expect("same_cluster") {
            let (x, y) = (
                cluster_of(&a, str_of(s, "a")),
                cluster_of(&a, str_of(s, "b")),
            );
            if x.is_none() || x != y {
                failures.push(format!("{id}: {s} not in one cluster ({x:?}, {y:?})"));
            }
        }
        for m in case["own_cluster"].as_array().expect("own_cluster") {
            let m = m.as_str().expect("string");
            let Some(k) = cluster_of(&a, m) else {
                failures.push(format!("{id}: {m:?} not found"));
                continue;
            };
            if a.clusters[k]
                .mentions
                .iter()
                .any(|&i| &a.text()[a.entities[i].span] != m)
            {
                failures.push(format!(
                    "{id}: {m:?} must stay in its own cluster: {:?}",
                    a.clusters[k]
                ));
            }
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn clusters_index_entities_consistently() {
    let analyzer = Analyzer::new().expect("analyzer");
    for case in cases("entities-hard.jsonl")
        .iter()
        .chain(&cases("entities-clusters.jsonl"))
    {
        let a = analyzer.analyze(str_of(case, "text"));
        for (k, c) in a.clusters.iter().enumerate() {
            assert_eq!(c.id, k);
            assert!(!c.mentions.is_empty());
            for &i in &c.mentions {
                assert_eq!(a.entities[i].cluster, Some(k));
            }
        }
        assert!(a
            .entities
            .iter()
            .all(|e| e.cluster.is_some_and(|k| k < a.clusters.len())));
        assert!(a.entities.iter().all(|e| (0.0..=1.0).contains(&e.score)));
    }
}

#[test]
fn model_loads_quickly_and_odd_text_is_safe() {
    let t = std::time::Instant::now();
    let analyzer = Analyzer::new().expect("analyzer");
    // Load budget is 30 ms in release; debug builds are far slower, so only a loose bound here.
    assert!(t.elapsed().as_secs() < 5);
    for text in [
        "",
        "   ",
        "ÅÄÖ ÉLYSÉE 北京 Москва",
        "a\u{301}\u{301}",
        "’s ’s",
        "U.S.U.S.U.S.",
        "- - -\n\n\n—",
        "Mr. Mr. Mr.",
    ] {
        let a = analyzer.analyze(text);
        for e in &a.entities {
            assert!(
                text.is_char_boundary(e.span.start)
                    && text.is_char_boundary(e.span.end)
                    && e.span.start < e.span.end
            );
        }
    }
}

/// Micro F1 (exact span and label, as the eval command scores) of the analyser on a scored
/// fixture of `tests/data/`.
fn micro_f1(file: &str) -> f64 {
    let analyzer = Analyzer::new().expect("analyzer");
    let (mut tp, mut pred, mut gold) = (0usize, 0usize, 0usize);
    for case in cases(file) {
        let text = str_of(&case, "text");
        let a = analyzer.analyze(text);
        // Gold offsets are code points; compare byte spans.
        let bytes: Vec<usize> = text
            .char_indices()
            .map(|(b, _)| b)
            .chain([text.len()])
            .collect();
        let want: Vec<(usize, usize, &str)> = case["entities"]
            .as_array()
            .expect("entities")
            .iter()
            .map(|e| {
                let at = |k: &str| bytes[e[k].as_u64().expect("offset") as usize];
                (at("start"), at("end"), str_of(e, "label"))
            })
            .collect();
        let got: Vec<(usize, usize, &str)> = a
            .entities
            .iter()
            .map(|e| (e.span.start, e.span.end, e.label.code()))
            .collect();
        tp += got.iter().filter(|g| want.contains(g)).count();
        pred += got.len();
        gold += want.len();
    }
    assert!(gold > 100, "{file}: {gold} gold entities");
    let (p, r) = (tp as f64 / pred as f64, tp as f64 / gold as f64);
    2.0 * p * r / (p + r)
}

/// Modern news (2015-2026 style, written for this project, `tests/data/scored/`), scored as the
/// eval command scores: a floor, not an exact match, since the tagger is statistical.
/// `entities-modern`: 0.79 before the word classes, datelines and government rules of issue
/// 14, 0.82 after, 0.88 with the list of known organisations (written after seeing this
/// file's misses, so that figure flatters). `entities-modern-2` was written after the list,
/// by someone who had not seen the analyser's output: 0.83 without the list, 0.87 with it.
/// `entities-modern-3` (121 names, ninth session) was written after the storm and hospital
/// rules, by their author: 0.91 without them, 0.93 with them. `entities-modern-4` (285 names)
/// and `-5` (361 names) were written in the eleventh session by helpers who never ran the
/// analyser on them: 0.818 and 0.827 on the code they were written against; the fourth was
/// then used to find the session's rules, the fifth kept blind until the end.
/// `entities-modern-6` (500 names, twelfth session, by a helper who never ran the analyser):
/// 0.811 on the code it was written against; its first eleven passages were then read for
/// errors, the last eleven kept blind. `entities-modern-7` (781 names, thirteenth session, the
/// same way): 0.822 on the code it was written against (one passage, which made that code
/// panic, left out), 0.828 with the session's first rules (written before it was seen).
/// `entities-modern-8` (945 names of US election and politics news, fourteenth session, the
/// same way): 0.809 on the code it was written against, 0.810 with the session's first
/// rules (written before it was seen); its first twelve passages were then read, the last
/// twelve kept blind. The floors catch a regression of any.
#[test]
fn modern_news_f1_floor() {
    for (file, floor) in [
        ("scored/entities-modern.jsonl", 0.85),
        ("scored/entities-modern-2.jsonl", 0.85),
        ("scored/entities-modern-3.jsonl", 0.85),
        ("scored/entities-modern-4.jsonl", 0.83),
        ("scored/entities-modern-5.jsonl", 0.82),
        ("scored/entities-modern-6.jsonl", 0.79),
        ("scored/entities-modern-7.jsonl", 0.81),
        ("scored/entities-modern-8.jsonl", 0.83),
    ] {
        let f1 = micro_f1(file);
        assert!(f1 >= floor, "{file}: micro F1 {f1:.4} below {floor}");
    }
}
