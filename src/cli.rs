//! Pieces shared by the command-line front ends (`highlight`, `eval`, `train`): the JSONL span
//! format of the data files (code-point offsets) read and written.
//!
//! Only built with the `cli` feature; the core never depends on it.

use crate::offsets::{OffsetMap, Unit};
use crate::{Analysis, Label, QuoteKind, Span};
use serde_json::{json, Map, Value};

/// One annotated document of a JSONL file (../shared/data/FORMAT.md), offsets in code points.
#[derive(Clone, Debug, Default)]
pub struct Record {
    pub id: Value,
    pub text: Option<String>,
    /// `None` when the file does not annotate entities (score nothing for them).
    pub entities: Option<Vec<SpanRecord>>,
    pub quotes: Option<Vec<QuoteRecord>>,
}

/// An entity: code-point span and label.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SpanRecord {
    pub start: usize,
    pub end: usize,
    pub label: Option<Label>,
}

/// A quote: code-point span and the speaker mention's span, if any.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct QuoteRecord {
    pub start: usize,
    pub end: usize,
    pub speaker: Option<(usize, usize)>,
    /// The speaker's `evidence` when the line gives one (predictions do; gold files don't).
    pub evidence: Option<String>,
}

fn span_of(v: &Value) -> Option<(usize, usize)> {
    let start = v.get("start")?.as_u64()? as usize;
    let end = v.get("end")?.as_u64()? as usize;
    (start <= end).then_some((start, end))
}

impl Record {
    /// Parses one JSONL line. The error says what is wrong with it.
    pub fn parse(line: &str) -> Result<Record, String> {
        let v: Value = serde_json::from_str(line).map_err(|e| format!("not valid JSON: {e}"))?;
        let obj = v.as_object().ok_or("not a JSON object")?;
        let text = match obj.get("text") {
            None | Some(Value::Null) => None,
            Some(Value::String(s)) => Some(s.clone()),
            Some(_) => return Err("\"text\" is not a string".into()),
        };
        let entities = match obj.get("entities") {
            None => None,
            Some(list) => Some(
                list.as_array()
                    .ok_or("\"entities\" is not a list")?
                    .iter()
                    .map(|e| {
                        let (start, end) = span_of(e).ok_or("an entity lacks start/end")?;
                        let label = e
                            .get("label")
                            .and_then(Value::as_str)
                            .and_then(Label::from_code);
                        Ok(SpanRecord { start, end, label })
                    })
                    .collect::<Result<_, String>>()?,
            ),
        };
        let quotes = match obj.get("quotes") {
            None => None,
            Some(list) => Some(
                list.as_array()
                    .ok_or("\"quotes\" is not a list")?
                    .iter()
                    .map(|q| {
                        let (start, end) = span_of(q).ok_or("a quote lacks start/end")?;
                        let speaker = q.get("speaker");
                        Ok(QuoteRecord {
                            start,
                            end,
                            speaker: speaker.and_then(span_of),
                            evidence: speaker
                                .and_then(|s| s.get("evidence"))
                                .and_then(Value::as_str)
                                .map(str::to_owned),
                        })
                    })
                    .collect::<Result<_, String>>()?,
            ),
        };
        Ok(Record {
            id: obj.get("id").cloned().unwrap_or(Value::Null),
            text,
            entities,
            quotes,
        })
    }
}

/// The `--jsonl` output line for one document: `id`, `entities` and `quotes` in code points,
/// each span with the `text` it covers. Scare quotes are left out of `quotes`.
///
/// ```
/// use article_highlighter::{Analyzer, cli::jsonl_record};
/// let a = Analyzer::new().unwrap().analyze("😀 Angela Merkel spoke.");
/// let line = jsonl_record(&serde_json::json!(7), &a);
/// assert_eq!(line["entities"][0]["start"], 2);
/// assert_eq!(line["entities"][0]["text"], "Angela Merkel");
/// ```
pub fn jsonl_record(id: &Value, analysis: &Analysis) -> Value {
    let text = analysis.text();
    let map = OffsetMap::new(text);
    let span = |s: Span| {
        let (start, end) = map.span(s, Unit::CodePoints);
        (start, end, &text[s])
    };
    let entities: Vec<Value> = analysis
        .entities
        .iter()
        .map(|e| {
            let (start, end, t) = span(e.span);
            json!({"start": start, "end": end, "label": e.label.code(), "text": t, "score": e.score, "cluster": e.cluster})
        })
        .collect();
    let quotes: Vec<Value> = analysis
        .quotes
        .iter()
        .filter(|q| q.kind != QuoteKind::Scare)
        .map(|q| {
            let (start, end, t) = span(q.span);
            let speaker = q.speaker.as_ref().map(|sp| {
                let (s, e, st) = span(sp.span);
                json!({"start": s, "end": e, "text": st, "cluster": sp.cluster, "evidence": sp.evidence.code()})
            });
            json!({"start": start, "end": end, "text": t, "speaker": speaker, "kind": q.kind, "group": q.group})
        })
        .collect();
    let mut out = Map::new();
    out.insert("id".into(), id.clone());
    out.insert("entities".into(), Value::Array(entities));
    out.insert("quotes".into(), Value::Array(quotes));
    Value::Object(out)
}
