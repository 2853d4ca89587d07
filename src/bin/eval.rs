//! `eval GOLD.jsonl [PRED.jsonl]`: scores entities and quotes against a gold file in the JSONL
//! format of ../shared/data/FORMAT.md. Without PRED it runs the analyser on the gold texts.
//!
//! - Entities: micro-averaged precision, recall and F1 per label and overall; a prediction is
//!   right when its start, end and label all equal a gold entity's.
//! - Quotes: F1 of exact spans (quotation marks included).
//! - Speakers: accuracy over gold quotes that have a speaker. A gold quote counts as right when
//!   a predicted quote overlapping it has a speaker whose span overlaps the gold speaker's; a
//!   missed quote counts as wrong.
//!
//! Documents whose gold line has no `entities` (or `quotes`) key are not scored for that layer.

use article_highlighter::cli::{jsonl_record, QuoteRecord, Record, SpanRecord};
use article_highlighter::{Analyzer, Label, Options};
use clap::Parser;
use std::collections::{HashMap, HashSet};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

#[derive(Parser, Debug)]
#[command(
    name = "eval",
    about = "Score entity and quote predictions against a gold JSONL file."
)]
struct Args {
    /// Gold annotations (JSONL, code-point offsets).
    gold: PathBuf,
    /// Predictions (JSONL with matching ids). Without it the analyser runs on the gold texts.
    pred: Option<PathBuf>,
    /// When running the analyser: leave speakers without a cue empty (`highlight --no-guess`).
    #[arg(long, conflicts_with = "pred")]
    no_guess: bool,
}

/// True positives, false positives, false negatives.
#[derive(Clone, Copy, Debug, Default)]
struct Counts {
    tp: usize,
    fp: usize,
    fn_: usize,
}

impl Counts {
    fn add(&mut self, other: Counts) {
        self.tp += other.tp;
        self.fp += other.fp;
        self.fn_ += other.fn_;
    }
    fn precision(&self) -> f64 {
        ratio(self.tp, self.tp + self.fp)
    }
    fn recall(&self) -> f64 {
        ratio(self.tp, self.tp + self.fn_)
    }
    fn f1(&self) -> f64 {
        let (p, r) = (self.precision(), self.recall());
        if p + r == 0.0 {
            0.0
        } else {
            2.0 * p * r / (p + r)
        }
    }
}

fn ratio(a: usize, b: usize) -> f64 {
    if b == 0 {
        0.0
    } else {
        a as f64 / b as f64
    }
}

fn read_jsonl(path: &Path) -> Result<Vec<Record>, String> {
    let text = std::fs::read_to_string(path)
        .map_err(|e| format!("cannot read {}: {e}", path.display()))?;
    text.lines()
        .enumerate()
        .filter(|(_, l)| !l.trim().is_empty())
        .map(|(n, l)| {
            Record::parse(l).map_err(|e| format!("{}: line {}: {e}", path.display(), n + 1))
        })
        .collect()
}

#[derive(Default)]
struct Score {
    entities: HashMap<Label, Counts>,
    entity_docs: usize,
    quotes: Counts,
    quote_docs: usize,
    speakers_right: usize,
    speakers_total: usize,
    /// Per evidence kind of the predicted speaker: (right, given), over gold quotes with a
    /// speaker.
    by_evidence: std::collections::BTreeMap<String, (usize, usize)>,
}

impl Score {
    fn entities(&mut self, gold: &[SpanRecord], pred: &[SpanRecord]) {
        self.entity_docs += 1;
        let key = |e: &SpanRecord| (e.start, e.end, e.label);
        let gold_set: HashSet<_> = gold.iter().map(key).collect();
        let pred_set: HashSet<_> = pred.iter().map(key).collect();
        for label in Label::ALL {
            let c = self.entities.entry(label).or_default();
            c.tp += gold_set
                .iter()
                .filter(|k| k.2 == Some(label) && pred_set.contains(k))
                .count();
            c.fn_ += gold_set
                .iter()
                .filter(|k| k.2 == Some(label) && !pred_set.contains(k))
                .count();
            c.fp += pred_set
                .iter()
                .filter(|k| k.2 == Some(label) && !gold_set.contains(k))
                .count();
        }
    }

    fn quotes(&mut self, gold: &[QuoteRecord], pred: &[QuoteRecord]) {
        self.quote_docs += 1;
        let gold_spans: HashSet<_> = gold.iter().map(|q| (q.start, q.end)).collect();
        let pred_spans: HashSet<_> = pred.iter().map(|q| (q.start, q.end)).collect();
        self.quotes.tp += gold_spans.intersection(&pred_spans).count();
        self.quotes.fn_ += gold_spans.difference(&pred_spans).count();
        self.quotes.fp += pred_spans.difference(&gold_spans).count();
        let overlaps = |a: (usize, usize), b: (usize, usize)| a.0 < b.1 && b.0 < a.1;
        for g in gold {
            let Some(gs) = g.speaker else { continue };
            self.speakers_total += 1;
            // The predicted quote that overlaps this gold quote the most.
            let best = pred
                .iter()
                .filter(|p| overlaps((p.start, p.end), (g.start, g.end)))
                .max_by_key(|p| p.end.min(g.end) - p.start.max(g.start));
            let right = best
                .and_then(|p| p.speaker)
                .is_some_and(|ps| overlaps(ps, gs));
            if right {
                self.speakers_right += 1;
            }
            if let Some(e) = best
                .filter(|p| p.speaker.is_some())
                .and_then(|p| p.evidence.clone())
            {
                let c = self.by_evidence.entry(e).or_default();
                c.0 += usize::from(right);
                c.1 += 1;
            }
        }
    }
}

fn main() -> ExitCode {
    let args = Args::parse();
    match run(&args) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("eval: {e}");
            ExitCode::FAILURE
        }
    }
}

fn run(args: &Args) -> Result<(), String> {
    let gold = read_jsonl(&args.gold)?;
    let preds: HashMap<String, Record> = match &args.pred {
        Some(path) => read_jsonl(path)?
            .into_iter()
            .map(|r| (r.id.to_string(), r))
            .collect(),
        None => {
            let analyzer = Analyzer::new().map_err(|e| e.to_string())?;
            let options = Options::default().guess_speakers(!args.no_guess);
            gold.iter()
                .map(|g| {
                    let text = g.text.as_deref().unwrap_or_default();
                    let analysis = analyzer.analyze_with(text, options);
                    let line = jsonl_record(&g.id, &analysis).to_string();
                    Record::parse(&line).map(|r| (g.id.to_string(), r))
                })
                .collect::<Result<_, _>>()?
        }
    };
    let mut score = Score::default();
    let mut missing = 0;
    for g in &gold {
        let pred = preds.get(&g.id.to_string());
        if pred.is_none() {
            missing += 1;
        }
        let empty = Record::default();
        let pred = pred.unwrap_or(&empty);
        if let Some(ge) = &g.entities {
            score.entities(ge, pred.entities.as_deref().unwrap_or_default());
        }
        if let Some(gq) = &g.quotes {
            score.quotes(gq, pred.quotes.as_deref().unwrap_or_default());
        }
    }
    println!("gold: {} ({} documents)", args.gold.display(), gold.len());
    if missing > 0 {
        println!("warning: {missing} gold documents have no prediction (scored as empty)");
    }
    if score.entity_docs > 0 {
        println!(
            "\nentities (exact span and label, micro-averaged) over {} documents",
            score.entity_docs
        );
        println!(
            "{:<8} {:>9} {:>9} {:>9} {:>7} {:>7}",
            "label", "precision", "recall", "F1", "gold", "pred"
        );
        let mut all = Counts::default();
        for label in Label::ALL {
            let c = score.entities.get(&label).copied().unwrap_or_default();
            all.add(c);
            println!(
                "{:<8} {:>9.4} {:>9.4} {:>9.4} {:>7} {:>7}",
                label.code(),
                c.precision(),
                c.recall(),
                c.f1(),
                c.tp + c.fn_,
                c.tp + c.fp
            );
        }
        println!(
            "{:<8} {:>9.4} {:>9.4} {:>9.4} {:>7} {:>7}",
            "overall",
            all.precision(),
            all.recall(),
            all.f1(),
            all.tp + all.fn_,
            all.tp + all.fp
        );
    }
    if score.quote_docs > 0 {
        let q = score.quotes;
        println!(
            "\nquotes (exact span, marks included) over {} documents",
            score.quote_docs
        );
        println!(
            "precision {:.4}  recall {:.4}  F1 {:.4}  (gold {}, pred {})",
            q.precision(),
            q.recall(),
            q.f1(),
            q.tp + q.fn_,
            q.tp + q.fp
        );
        println!(
            "speaker accuracy {:.4}  ({} of {} gold quotes with a speaker)",
            ratio(score.speakers_right, score.speakers_total),
            score.speakers_right,
            score.speakers_total
        );
        if !score.by_evidence.is_empty() {
            let given: usize = score.by_evidence.values().map(|c| c.1).sum();
            let right: usize = score.by_evidence.values().map(|c| c.0).sum();
            println!(
                "speakers given {given} ({:.4} of them right); by evidence:",
                ratio(right, given)
            );
            for (e, (r, n)) in &score.by_evidence {
                println!("  {e:<13} {:>6.4}  ({r} of {n})", ratio(*r, *n));
            }
        }
    }
    Ok(())
}
