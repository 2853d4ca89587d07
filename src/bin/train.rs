//! Trains the entity tagger: an averaged structured perceptron over the hashed features of
//! `article_highlighter::entities::features`, BIO tags, Viterbi decoding. Writes the quantised,
//! pruned model that the library embeds, and optionally scores it on a dev file.
//!
//! ```text
//! cargo run --release --bin train -- ../shared/data/conll2003-train.jsonl \
//!     --out data/model/ner.bin --dev ../shared/data/conll2003-dev.jsonl
//! ```
//! Deterministic: one thread, a fixed shuffle seed, no hash-order dependence; the same inputs
//! give the same model bytes.

use article_highlighter::entities::features::{extract, DocInfo, IdMap, MAX_FEATURES};
use article_highlighter::entities::tagger::{
    self, begin_tag, mask_transitions, viterbi, Model, N_TAGS, O,
};
use article_highlighter::entities::Recognizer;
use article_highlighter::{Doc, Label, Span};
use clap::Parser;
use std::collections::BTreeMap;
use std::path::PathBuf;
use std::time::Instant;

#[derive(Parser, Debug)]
#[command(about = "Train the entity tagger on JSONL files (../shared/data/FORMAT.md)")]
struct Args {
    /// Training files (JSONL with `entities`). Files named `btc-*` have no MISC annotation.
    files: Vec<PathBuf>,
    /// Where to write the model.
    #[arg(long)]
    out: Option<PathBuf>,
    /// Score the trained (quantised) model on this file: per-label P/R/F1.
    #[arg(long)]
    dev: Vec<PathBuf>,
    /// Passes over the training data.
    #[arg(long, default_value_t = 15)]
    epochs: usize,
    /// Training runs (shuffle seeds seed, seed+1, …) whose weights are averaged.
    #[arg(long, default_value_t = 1)]
    runs: usize,
    /// Shuffle seed.
    #[arg(long, default_value_t = 20031)]
    seed: u64,
    /// Features seen fewer times than this in training are ignored.
    #[arg(long, default_value_t = 2)]
    min_count: u32,
    /// Keep at most this many features (largest weights first).
    #[arg(long, default_value_t = 30_000)]
    max_features: usize,
    /// With --model: time each stage on the dev files.
    #[arg(long)]
    bench: bool,
    /// Score without the document-level consistency pass.
    #[arg(long)]
    no_consistency: bool,
    /// Add a copy of each training document with every Nth long line in Title Case, as news
    /// headlines are written (CoNLL-2003 has ALL-CAPS headlines but no Title Case); 0 = none.
    #[arg(long, default_value_t = 0)]
    title_case_every: usize,
    /// Instead of training: learn word clusters from the texts of FILES (any JSONL with
    /// `text`) and write them to --out (the format of `features::WordClusters`).
    #[arg(long)]
    make_clusters: bool,
    /// Instead of training: write the N most frequent tokens of FILES' texts (exact form, one
    /// per line, most frequent first) to --out: the list of `features::Common`.
    #[arg(long, value_name = "N")]
    make_common: Option<usize>,
    /// Only score an existing model file (no training).
    #[arg(long)]
    model: Option<PathBuf>,
    /// Append each entity the scored model misses or adds, with its context, to this file.
    #[arg(long)]
    errors: Option<PathBuf>,
}

/// Mean margin on training entity tokens after rescaling (see the library's confidence).
const MARGIN_UNIT: f32 = 4.0;

/// One annotated document, converted to byte spans.
struct GoldDoc {
    text: String,
    entities: Vec<(Span, Label)>,
}

fn read_jsonl(path: &PathBuf) -> Vec<GoldDoc> {
    let src = std::fs::read_to_string(path)
        .unwrap_or_else(|e| panic!("cannot read {}: {e}", path.display()));
    let mut out = Vec::new();
    for line in src.lines().filter(|l| !l.trim().is_empty()) {
        let v: serde_json::Value = serde_json::from_str(line).expect("bad JSON line");
        let text = v["text"].as_str().unwrap_or_default().to_string();
        let Some(ents) = v["entities"].as_array() else {
            continue;
        };
        let mut bytes: Vec<usize> = text.char_indices().map(|(b, _)| b).collect();
        bytes.push(text.len());
        let entities = ents
            .iter()
            .filter_map(|e| {
                let s = bytes.get(e["start"].as_u64()? as usize).copied()?;
                let t = bytes.get(e["end"].as_u64()? as usize).copied()?;
                Some((Span::new(s, t), Label::from_code(e["label"].as_str()?)?))
            })
            .collect();
        out.push(GoldDoc { text, entities });
    }
    out
}

/// Words a Title Case headline leaves in lower case.
const HEADLINE_LOWER: &[&str] = &[
    "a", "an", "the", "of", "in", "on", "at", "to", "for", "by", "and", "or", "but", "as", "with",
    "from", "vs",
];

/// A document made of every `every`th line of `g` with at least four words, in Title Case
/// ("Japan get lucky win" → "Japan Get Lucky Win"), or `None` when no line qualifies. Only
/// the changed lines are kept, so that the copy adds headline evidence without counting the
/// rest of the document twice. Only ASCII initials change: gold spans shift but stay valid.
fn title_case_copy(g: &GoldDoc, every: usize) -> Option<GoldDoc> {
    let mut text = String::new();
    let mut entities = Vec::new();
    let mut at = 0;
    for (n, line) in g.text.split_inclusive('\n').enumerate() {
        let start = at;
        at += line.len();
        let words = line
            .split_whitespace()
            .filter(|w| w.chars().any(char::is_alphabetic))
            .count();
        let lowerish = line
            .split_whitespace()
            .filter(|w| w.starts_with(|c: char| c.is_ascii_lowercase()))
            .count();
        if n % every != every - 1 || words < 4 || lowerish < 2 {
            continue;
        }
        let shift = text.len() as isize - start as isize;
        for &(span, label) in &g.entities {
            if span.start >= start && span.end <= at {
                let s = (span.start as isize + shift) as usize;
                entities.push((Span::new(s, s + span.len()), label));
            }
        }
        let mut first = true;
        for piece in line.split_inclusive(' ') {
            let w = piece.trim_end();
            let keep = !first && HEADLINE_LOWER.contains(&w);
            first = false;
            let mut cs = piece.chars();
            match cs.next() {
                Some(c) if c.is_ascii_lowercase() && !keep => {
                    text.push(c.to_ascii_uppercase());
                    text.push_str(cs.as_str());
                }
                _ => text.push_str(piece),
            }
        }
        if !text.ends_with('\n') {
            text.push('\n');
        }
    }
    (!text.is_empty()).then_some(GoldDoc { text, entities })
}

/// A training sentence: feature ids per token and gold tags.
struct Sent {
    feats: Vec<u32>,
    offsets: Vec<u32>,
    gold: Vec<usize>,
    /// Tags that may stand for MISC in a corpus without MISC: O is not evidence there.
    no_misc: bool,
}

struct Rng(u64);
impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }
}

fn gold_tags(doc: &Doc, ents: &[(Span, Label)], misaligned: &mut usize) -> Vec<usize> {
    let mut tags = vec![O; doc.tokens.len()];
    for &(span, label) in ents {
        let toks: Vec<usize> = (0..doc.tokens.len())
            .filter(|&i| span.contains(doc.tokens[i].span))
            .collect();
        let starts_ok = toks
            .first()
            .is_some_and(|&i| doc.tokens[i].span.start == span.start);
        let ends_ok = toks
            .last()
            .is_some_and(|&i| doc.tokens[i].span.end == span.end);
        if !(starts_ok && ends_ok) {
            *misaligned += 1;
        }
        for (k, &i) in toks.iter().enumerate() {
            tags[i] = if k == 0 {
                begin_tag(label)
            } else {
                begin_tag(label) + 1
            };
        }
    }
    tags
}

fn main() {
    let args = Args::parse();

    let t0 = Instant::now();
    if args.make_clusters {
        let bytes = make_clusters(&args.files);
        if let Some(out) = &args.out {
            std::fs::write(out, &bytes).expect("cannot write clusters");
            eprintln!(
                "wrote {} ({} bytes, {:.1}s)",
                out.display(),
                bytes.len(),
                t0.elapsed().as_secs_f32()
            );
        }
        return;
    }
    if let Some(n) = args.make_common {
        let list = make_common(&args.files, n);
        match &args.out {
            Some(out) => std::fs::write(out, &list).expect("cannot write the word list"),
            None => print!("{list}"),
        }
        return;
    }
    if let Some(m) = &args.model {
        let bytes = std::fs::read(m).expect("cannot read model");
        let c = Clock::start();
        let mut rec = Recognizer::from_model_bytes(&bytes).expect("bad model");
        eprintln!(
            "cold load (model and gazetteers): {:.1} ms",
            c.seconds() * 1e3
        );
        if args.no_consistency {
            rec = rec.without_consistency();
        }
        for d in &args.dev {
            score(&rec, d, args.errors.as_ref());
            if args.bench {
                bench(&rec, d);
            }
        }
        return;
    }
    // Feature ids: keys seen at least min_count times.
    let mut sents = Vec::new();
    let mut counts: IdMap<u32, u32> = IdMap::default();
    let mut misaligned = 0;
    let mut buf = [0u32; MAX_FEATURES];
    // Sentences with raw feature keys; remapped to dense ids once counts are known.
    let mut raw: Vec<Sent> = Vec::new();
    for f in &args.files {
        let no_misc = f
            .file_name()
            .and_then(|n| n.to_str())
            .is_some_and(|n| n.starts_with("btc-"));
        let mut docs = read_jsonl(f);
        if args.title_case_every > 0 {
            let extra: Vec<GoldDoc> = docs
                .iter()
                .filter_map(|g| title_case_copy(g, args.title_case_every))
                .collect();
            docs.extend(extra);
        }
        for g in docs {
            let doc = Doc::new(&g.text);
            let info = DocInfo::new(&doc);
            let tags = gold_tags(&doc, &g.entities, &mut misaligned);
            for s in &doc.sentences {
                let r = s.tokens.clone();
                let mut feats = Vec::new();
                let mut offsets = vec![0u32];
                for i in r.clone() {
                    let n = extract(&info, r.clone(), i, &mut buf);
                    for &k in &buf[..n] {
                        *counts.entry(k).or_insert(0) += 1;
                    }
                    feats.extend_from_slice(&buf[..n]);
                    offsets.push(feats.len() as u32);
                }
                raw.push(Sent {
                    feats,
                    offsets,
                    gold: tags[r].to_vec(),
                    no_misc,
                });
            }
        }
    }
    let mut keys: Vec<u32> = counts
        .iter()
        .filter(|&(_, &c)| c >= args.min_count)
        .map(|(&k, _)| k)
        .collect();
    keys.sort_unstable();
    let id: IdMap<u32, u32> = keys
        .iter()
        .enumerate()
        .map(|(i, &k)| (k, i as u32))
        .collect();
    for Sent {
        feats,
        offsets,
        gold,
        no_misc,
    } in raw
    {
        let mut f2 = Vec::with_capacity(feats.len());
        let mut o2 = vec![0u32];
        for w in offsets.windows(2) {
            f2.extend(
                feats[w[0] as usize..w[1] as usize]
                    .iter()
                    .filter_map(|k| id.get(k).copied()),
            );
            o2.push(f2.len() as u32);
        }
        sents.push(Sent {
            feats: f2,
            offsets: o2,
            gold,
            no_misc,
        });
    }
    eprintln!(
        "{} sentences, {} tokens, {} features kept of {} ({} spans not on token edges) in {:.1}s",
        sents.len(),
        sents.iter().map(|s| s.gold.len()).sum::<usize>(),
        keys.len(),
        counts.len(),
        misaligned,
        t0.elapsed().as_secs_f32()
    );

    let nf = keys.len();
    // Several runs with different shuffles, averaged: less variance from the shuffle order.
    let mut avg = vec![0f32; nf * N_TAGS];
    let mut tavg = vec![0f32; (N_TAGS + 1) * N_TAGS];
    for run in 0..args.runs.max(1) {
        let (a, t) = perceptron(&sents, nf, args.epochs, args.seed + run as u64, t0);
        avg.iter_mut()
            .zip(&a)
            .for_each(|(x, y)| *x += y / args.runs.max(1) as f32);
        tavg.iter_mut()
            .zip(&t)
            .for_each(|(x, y)| *x += y / args.runs.max(1) as f32);
    }
    // Rescale so the mean winning margin on training entity tokens is MARGIN_UNIT: decoding
    // is unchanged, and the library's confidence (a logistic of the margin) is calibrated.
    let (mut sum, mut n) = (0f64, 0usize);
    for s in &sents {
        for t in 0..s.gold.len() {
            if s.gold[t] == O {
                continue;
            }
            let mut e = [0f32; N_TAGS];
            for &f in &s.feats[s.offsets[t] as usize..s.offsets[t + 1] as usize] {
                for (x, y) in e
                    .iter_mut()
                    .zip(&avg[f as usize * N_TAGS..f as usize * N_TAGS + N_TAGS])
                {
                    *x += y;
                }
            }
            let g = s.gold[t];
            let other = e
                .iter()
                .enumerate()
                .filter(|&(k, _)| k != g)
                .fold(f32::NEG_INFINITY, |m, (_, &v)| m.max(v));
            sum += f64::from((e[g] - other).abs());
            n += 1;
        }
    }
    let norm = if n > 0 && sum > 0.0 {
        (sum / n as f64) as f32 / MARGIN_UNIT
    } else {
        1.0
    };
    avg.iter_mut()
        .chain(tavg.iter_mut())
        .for_each(|x| *x /= norm);
    let scale = avg.iter().fold(0f32, |m, x| m.max(x.abs()));
    let mut strength: Vec<(f32, usize)> = (0..nf)
        .map(|f| {
            (
                avg[f * N_TAGS..f * N_TAGS + N_TAGS]
                    .iter()
                    .fold(0f32, |m, x| m.max(x.abs())),
                f,
            )
        })
        .filter(|&(s, _)| tagger::quantise(s, scale) != 0)
        .collect();
    strength.sort_by(|a, b| b.0.total_cmp(&a.0).then(a.1.cmp(&b.1)));
    strength.truncate(args.max_features);
    let mut kept: Vec<usize> = strength.into_iter().map(|(_, f)| f).collect();
    kept.sort_unstable();
    let out_keys: Vec<u32> = kept.iter().map(|&f| keys[f]).collect();
    let out_w: Vec<f32> = kept
        .iter()
        .flat_map(|&f| avg[f * N_TAGS..f * N_TAGS + N_TAGS].iter().copied())
        .collect();
    let bytes = Model::to_bytes(&out_keys, &out_w, &tavg);
    eprintln!(
        "model: {} features, {} bytes ({:.1}s)",
        out_keys.len(),
        bytes.len(),
        t0.elapsed().as_secs_f32()
    );
    if let Some(out) = &args.out {
        std::fs::write(out, &bytes).expect("cannot write model");
        eprintln!("wrote {}", out.display());
    }
    let rec = Recognizer::from_model_bytes(&bytes).expect("model round trip");
    for d in &args.dev {
        score(&rec, d, args.errors.as_ref());
    }
}

/// Exact-match P/R/F1 per label and micro-averaged, printed to stdout.
fn score(rec: &Recognizer, path: &PathBuf, errors: Option<&PathBuf>) {
    use std::io::Write;
    let mut errors = errors.map(|p| {
        std::fs::OpenOptions::new()
            .create(true)
            .append(true)
            .open(p)
            .expect("cannot open the errors file")
    });
    let t = Instant::now();
    let docs = read_jsonl(path);
    let mut counts: BTreeMap<Label, (usize, usize, usize)> = BTreeMap::new();
    let mut bytes = 0;
    for g in &docs {
        bytes += g.text.len();
        let doc = Doc::new(&g.text);
        let found: Vec<(Span, Label)> = rec
            .find(&doc)
            .into_iter()
            .map(|e| (e.span, e.label))
            .collect();
        if let Some(out) = &mut errors {
            let context = |s: Span| {
                let mut a = s.start.saturating_sub(60);
                while !g.text.is_char_boundary(a) {
                    a -= 1;
                }
                let mut b = (s.end + 60).min(g.text.len());
                while !g.text.is_char_boundary(b) {
                    b += 1;
                }
                format!(
                    "{}[{}]{}",
                    &g.text[a..s.start],
                    &g.text[s.start..s.end],
                    &g.text[s.end..b]
                )
                .replace('\n', " ¶ ")
            };
            for e in &g.entities {
                if !found.contains(e) {
                    let _ = writeln!(out, "MISSED {}\t{}", e.1.code(), context(e.0));
                }
            }
            for e in &found {
                if !g.entities.contains(e) {
                    let _ = writeln!(out, "EXTRA  {}\t{}", e.1.code(), context(e.0));
                }
            }
        }
        for l in Label::ALL {
            let c = counts.entry(l).or_default();
            let p: Vec<_> = found.iter().filter(|e| e.1 == l).collect();
            let gl: Vec<_> = g.entities.iter().filter(|e| e.1 == l).collect();
            let tp = p.iter().filter(|e| gl.contains(e)).count();
            c.0 += tp;
            c.1 += p.len() - tp;
            c.2 += gl.len() - tp;
        }
    }
    let prf = |(tp, fp, fn_): (usize, usize, usize)| {
        let p = tp as f64 / (tp + fp).max(1) as f64;
        let r = tp as f64 / (tp + fn_).max(1) as f64;
        (
            p,
            r,
            if p + r > 0.0 {
                2.0 * p * r / (p + r)
            } else {
                0.0
            },
        )
    };
    println!(
        "{} ({} docs, {:.1} MB/s)",
        path.display(),
        docs.len(),
        bytes as f64 / 1e6 / t.elapsed().as_secs_f64()
    );
    println!("label   P      R      F1     gold");
    let mut all = (0, 0, 0);
    for (l, c) in &counts {
        let (p, r, f) = prf(*c);
        println!("{:<6}  {:.4} {:.4} {:.4} {}", l.code(), p, r, f, c.0 + c.2);
        all = (all.0 + c.0, all.1 + c.1, all.2 + c.2);
    }
    let (p, r, f) = prf(all);
    println!("micro   {:.4} {:.4} {:.4} {}", p, r, f, all.0 + all.2);
}

/// CPU time of this thread in seconds (Linux `/proc/thread-self/schedstat`), so that a busy
/// shared machine does not distort the rates; wall time elsewhere.
fn cpu_seconds() -> Option<f64> {
    let s = std::fs::read_to_string("/proc/thread-self/schedstat").ok()?;
    Some(s.split_whitespace().next()?.parse::<f64>().ok()? / 1e9)
}

struct Clock(Instant, Option<f64>);
impl Clock {
    fn start() -> Clock {
        Clock(Instant::now(), cpu_seconds())
    }
    fn seconds(&self) -> f64 {
        match (self.1, cpu_seconds()) {
            (Some(a), Some(b)) => b - a,
            _ => self.0.elapsed().as_secs_f64(),
        }
    }
}

/// Times tokenising, feature preparation and the whole finder on `path` (MB/s of text, CPU
/// time), over ten rounds.
fn bench(rec: &Recognizer, path: &PathBuf) {
    const ROUNDS: usize = 10;
    // Every text, annotated or not (PolNeAR has quotes only).
    let docs: Vec<GoldDoc> = std::fs::read_to_string(path)
        .expect("cannot read bench file")
        .lines()
        .filter_map(|l| serde_json::from_str::<serde_json::Value>(l).ok())
        .map(|v| GoldDoc {
            text: v["text"].as_str().unwrap_or_default().to_string(),
            entities: Vec::new(),
        })
        .collect();
    let bytes: usize = docs.iter().map(|g| g.text.len()).sum();
    let a = article_highlighter::Analyzer::new().expect("analyzer");
    let mut n = 0usize;
    let mut rate_of = |name: &str, f: &mut dyn FnMut(&str) -> usize| {
        let c = Clock::start();
        for _ in 0..ROUNDS {
            for g in &docs {
                n += f(&g.text);
            }
        }
        println!(
            "{name:<22}{:7.1} MB/s",
            (ROUNDS * bytes) as f64 / 1e6 / c.seconds()
        );
    };
    rate_of("Doc::new", &mut |t| Doc::new(t).tokens.len());
    rate_of("+ DocInfo::new", &mut |t| {
        DocInfo::new(&Doc::new(t)).toks.len()
    });
    rate_of("+ tag + consistency", &mut |t| rec.find(&Doc::new(t)).len());
    rate_of("Analyzer::analyze", &mut |t| a.analyze(t).entities.len());
    let model = Model::from_bytes(include_bytes!("../../data/model/ner.bin")).expect("model");
    let mut st = (0, 0, 0);
    let mut buf = [0u32; MAX_FEATURES];
    for g in &docs {
        let doc = Doc::new(&g.text);
        let info = DocInfo::new(&doc);
        for s in &doc.sentences {
            for i in s.tokens.clone() {
                let n = extract(&info, s.tokens.clone(), i, &mut buf);
                let (a, b, c) = model.probe_stats(&buf[..n]);
                st = (st.0 + a, st.1 + b, st.2 + c);
            }
        }
    }
    println!("lookups {} hits {} probes {}", st.0, st.1, st.2);
    let mut all = Vec::new();
    let mut infos = Vec::new();
    for g in &docs {
        let doc = Doc::new(&g.text);
        let info = DocInfo::new(&doc);
        for s in &doc.sentences {
            for i in s.tokens.clone() {
                let n = extract(&info, s.tokens.clone(), i, &mut buf);
                all.push(buf[..n].to_vec());
            }
        }
        infos.push(info.toks.len());
    }
    let c = Clock::start();
    let mut e = [0i32; N_TAGS];
    for _ in 0..10 {
        for k in &all {
            model.score_into(k, &mut e);
        }
    }
    println!(
        "score_into only: {:.1} ns per token ({})",
        c.seconds() * 1e8 / all.len() as f64,
        e[0]
    );
    let c = Clock::start();
    for _ in 0..10 {
        for g in &docs {
            let doc = Doc::new(&g.text);
            let info = DocInfo::new(&doc);
            for s in &doc.sentences {
                for i in s.tokens.clone() {
                    n += extract(&info, s.tokens.clone(), i, &mut buf);
                }
            }
        }
    }
    println!(
        "Doc+DocInfo+extract: {:.1} ns per token",
        c.seconds() * 1e8 / all.len() as f64
    );
    let c = Clock::start();
    for _ in 0..10 {
        for g in &docs {
            let doc = Doc::new(&g.text);
            let info = DocInfo::new(&doc);
            n += model.tag_doc(&doc, &info).tags.len();
        }
    }
    println!(
        "Doc+DocInfo+tag_doc: {:.1} ns per token",
        c.seconds() * 1e8 / all.len() as f64
    );
    let c = Clock::start();
    for _ in 0..10 {
        for g in &docs {
            n += rec.find(&Doc::new(&g.text)).len();
        }
    }
    println!(
        "Doc+find: {:.1} ns per token",
        c.seconds() * 1e8 / all.len() as f64
    );
    let c = Clock::start();
    let _ = Recognizer::from_model_bytes(include_bytes!("../../data/model/ner.bin"));
    println!(
        "model load            {:7.2} ms (gazetteers already built) {}",
        c.seconds() * 1e3,
        n % 2
    );
}

/// Number of word clusters (ids fit a byte).
const N_CLUSTERS: usize = 256;
/// Words need this many occurrences to get a cluster.
const CLUSTER_MIN_COUNT: u32 = 8;
/// At most this many words get a cluster (the most frequent).
const CLUSTER_MAX_WORDS: usize = 30_000;
/// Context words: the most frequent words, seen to the left or right.
const CLUSTER_CONTEXTS: usize = 600;
/// k-means rounds.
const CLUSTER_ROUNDS: usize = 12;

/// The `n` most frequent tokens of the files' texts, one per line (ties by text), without
/// Twitter handles, hashtags and links, under a header naming the files.
fn make_common(files: &[PathBuf], n: usize) -> String {
    let mut freq: std::collections::HashMap<String, usize> = Default::default();
    for f in files {
        let src = std::fs::read_to_string(f)
            .unwrap_or_else(|e| panic!("cannot read {}: {e}", f.display()));
        for line in src.lines() {
            let v: serde_json::Value = serde_json::from_str(line).expect("bad JSONL line");
            let doc = Doc::new(v["text"].as_str().unwrap_or_default());
            for i in 0..doc.tokens.len() {
                *freq.entry(doc.token_text(i).to_owned()).or_default() += 1;
            }
        }
    }
    let mut words: Vec<(String, usize)> = freq
        .into_iter()
        .filter(|(w, _)| {
            !(w.starts_with('@') || w.starts_with('#') || w.to_lowercase().contains("http"))
        })
        .collect();
    words.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
    let names: Vec<String> = files
        .iter()
        .map(|f| {
            f.file_name()
                .unwrap_or_default()
                .to_string_lossy()
                .into_owned()
        })
        .collect();
    let mut out = format!(
        "# The {n} most frequent tokens of {} (train --make-common {n}).\n",
        names.join(", ")
    );
    for (w, _) in words.into_iter().take(n) {
        out.push_str(&w);
        out.push('\n');
    }
    out
}

/// Learns word clusters: each frequent lower-cased word is described by how often each of the
/// most frequent words stands just left and just right of it (log counts, unit length), and
/// k-means (cosine, deterministic start: every k-th word by frequency) groups the words.
/// Returns the cluster file's bytes (hashed words only).
fn make_clusters(files: &[PathBuf]) -> Vec<u8> {
    use article_highlighter::entities::features::{hash_lower, CLUSTERS_MAGIC};
    // Token ids per document sentence: lower-cased hash.
    let mut sents: Vec<Vec<u64>> = Vec::new();
    let mut counts: IdMap<u64, u32> = IdMap::default();
    for f in files {
        let src = std::fs::read_to_string(f)
            .unwrap_or_else(|e| panic!("cannot read {}: {e}", f.display()));
        for line in src.lines().filter(|l| !l.trim().is_empty()) {
            let v: serde_json::Value = serde_json::from_str(line).expect("bad JSON line");
            let text = v["text"].as_str().unwrap_or_default();
            let doc = Doc::new(text);
            for s in &doc.sentences {
                let ids: Vec<u64> = s
                    .tokens
                    .clone()
                    .map(|i| hash_lower(doc.token_text(i)))
                    .collect();
                for &h in &ids {
                    *counts.entry(h).or_insert(0) += 1;
                }
                sents.push(ids);
            }
        }
    }
    let mut by_freq: Vec<(u32, u64)> = counts.iter().map(|(&h, &c)| (c, h)).collect();
    by_freq.sort_unstable_by(|a, b| b.cmp(a));
    let context: IdMap<u64, usize> = by_freq
        .iter()
        .take(CLUSTER_CONTEXTS)
        .enumerate()
        .map(|(i, &(_, h))| (h, i))
        .collect();
    let words: Vec<u64> = by_freq
        .iter()
        .filter(|&&(c, _)| c >= CLUSTER_MIN_COUNT)
        .take(CLUSTER_MAX_WORDS)
        .map(|&(_, h)| h)
        .collect();
    let word_id: IdMap<u64, usize> = words.iter().enumerate().map(|(i, &h)| (h, i)).collect();
    let dims = 2 * CLUSTER_CONTEXTS;
    let mut vecs: Vec<BTreeMap<usize, f32>> = vec![BTreeMap::new(); words.len()];
    for s in &sents {
        for (k, h) in s.iter().enumerate() {
            let Some(&w) = word_id.get(h) else { continue };
            if k > 0 {
                if let Some(&c) = context.get(&s[k - 1]) {
                    *vecs[w].entry(c).or_insert(0.0) += 1.0;
                }
            }
            if let Some(&c) = s.get(k + 1).and_then(|n| context.get(n)) {
                *vecs[w].entry(CLUSTER_CONTEXTS + c).or_insert(0.0) += 1.0;
            }
        }
    }
    let sparse: Vec<Vec<(usize, f32)>> = vecs
        .into_iter()
        .map(|m| {
            let mut v: Vec<(usize, f32)> =
                m.into_iter().map(|(d, c)| (d, (1.0 + c).ln())).collect();
            let norm = v.iter().map(|x| x.1 * x.1).sum::<f32>().sqrt().max(1e-9);
            v.iter_mut().for_each(|x| x.1 /= norm);
            v
        })
        .collect();
    let k = N_CLUSTERS.min(sparse.len().max(1));
    let mut centroids = vec![0f32; k * dims];
    for c in 0..k {
        for &(d, x) in &sparse[c * sparse.len() / k] {
            centroids[c * dims + d] = x;
        }
    }
    let mut assign = vec![0usize; sparse.len()];
    for round in 0..CLUSTER_ROUNDS {
        let mut moved = 0;
        for (w, v) in sparse.iter().enumerate() {
            let mut best = (f32::NEG_INFINITY, 0);
            for c in 0..k {
                let row = &centroids[c * dims..(c + 1) * dims];
                let dot: f32 = v.iter().map(|&(d, x)| row[d] * x).sum();
                if dot > best.0 {
                    best = (dot, c);
                }
            }
            moved += usize::from(assign[w] != best.1);
            assign[w] = best.1;
        }
        centroids.iter_mut().for_each(|x| *x = 0.0);
        for (w, v) in sparse.iter().enumerate() {
            for &(d, x) in v {
                centroids[assign[w] * dims + d] += x;
            }
        }
        for c in 0..k {
            let row = &mut centroids[c * dims..(c + 1) * dims];
            let norm = row.iter().map(|x| x * x).sum::<f32>().sqrt().max(1e-9);
            row.iter_mut().for_each(|x| *x /= norm);
        }
        eprintln!(
            "clusters round {}: {moved} words moved of {}",
            round + 1,
            sparse.len()
        );
    }
    let mut entries: Vec<(u32, u8)> = words
        .iter()
        .zip(&assign)
        .map(|(&h, &c)| (h as u32, c as u8))
        .collect();
    entries.sort_unstable();
    entries.dedup_by_key(|e| e.0);
    let mut out = Vec::new();
    out.extend_from_slice(CLUSTERS_MAGIC);
    out.extend_from_slice(&(entries.len() as u32).to_le_bytes());
    let mut prev = 0u32;
    for (key, c) in entries {
        let mut d = key - prev;
        prev = key;
        while d >= 0x80 {
            out.push((d as u8 & 0x7f) | 0x80);
            d >>= 7;
        }
        out.push(d as u8);
        out.push(c);
    }
    out
}

/// One averaged-perceptron run over `sents` (feature ids below `nf`) with shuffle `seed`:
/// averaged emission weights (`nf * N_TAGS`) and transitions.
fn perceptron(
    sents: &[Sent],
    nf: usize,
    epochs: usize,
    seed: u64,
    t0: Instant,
) -> (Vec<f32>, Vec<f32>) {
    let nt = (N_TAGS + 1) * N_TAGS;
    let mut w = vec![0f32; nf * N_TAGS];
    let mut u = vec![0f32; nf * N_TAGS];
    let mut tw = vec![0f32; nt];
    let mut tu = vec![0f32; nt];
    let mut c: f32 = 1.0;
    let mut order: Vec<usize> = (0..sents.len()).collect();
    let mut rng = Rng(seed | 1);
    let mut back = Vec::new();
    let mut emissions: Vec<[f32; N_TAGS]> = Vec::new();
    for epoch in 0..epochs {
        for k in (1..order.len()).rev() {
            let j = (rng.next() % (k as u64 + 1)) as usize;
            order.swap(k, j);
        }
        let mut errors = 0;
        for &si in &order {
            let s = &sents[si];
            emissions.clear();
            for t in 0..s.gold.len() {
                let mut e = [0f32; N_TAGS];
                for &f in &s.feats[s.offsets[t] as usize..s.offsets[t + 1] as usize] {
                    let row = &w[f as usize * N_TAGS..f as usize * N_TAGS + N_TAGS];
                    for (x, y) in e.iter_mut().zip(row) {
                        *x += y;
                    }
                }
                emissions.push(e);
            }
            let pred = viterbi(&emissions, &mask_transitions(&tw), &mut back);
            // Without MISC annotation, a predicted MISC over gold O is not an error.
            let gold: Vec<usize> = if s.no_misc {
                s.gold
                    .iter()
                    .zip(&pred)
                    .map(|(&g, &p)| {
                        if g == O && tagger::tag_label(p) == Some(Label::Misc) {
                            p
                        } else {
                            g
                        }
                    })
                    .collect()
            } else {
                s.gold.clone()
            };
            if pred == gold {
                c += 1.0;
                continue;
            }
            errors += 1;
            for t in 0..gold.len() {
                let (g, p) = (gold[t], pred[t]);
                let gp = if t == 0 { N_TAGS } else { gold[t - 1] };
                let pp = if t == 0 { N_TAGS } else { pred[t - 1] };
                if g != p {
                    for &f in &s.feats[s.offsets[t] as usize..s.offsets[t + 1] as usize] {
                        let b = f as usize * N_TAGS;
                        w[b + g] += 1.0;
                        u[b + g] += c;
                        w[b + p] -= 1.0;
                        u[b + p] -= c;
                    }
                }
                if g != p || gp != pp {
                    tw[gp * N_TAGS + g] += 1.0;
                    tu[gp * N_TAGS + g] += c;
                    tw[pp * N_TAGS + p] -= 1.0;
                    tu[pp * N_TAGS + p] -= c;
                }
            }
            c += 1.0;
        }
        eprintln!(
            "epoch {}: {} sentences wrong of {} ({:.1}s)",
            epoch + 1,
            errors,
            sents.len(),
            t0.elapsed().as_secs_f32()
        );
    }
    // Average, prune to the strongest features, quantise.
    let avg: Vec<f32> = w.iter().zip(&u).map(|(w, u)| w - u / c).collect();
    let tavg: Vec<f32> = tw.iter().zip(&tu).map(|(w, u)| w - u / c).collect();
    (avg, tavg)
}
