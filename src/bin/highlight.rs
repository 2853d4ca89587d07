//! `highlight`: the command-line front end.
//!
//! - `highlight [FILE]` prints the article with its highlights: ANSI colours on a terminal,
//!   inline markers (`[Vladimir Putin|PER]`, `[“…”|QUOTE:Putin]`) when piped.
//! - `--format json` prints the whole analysis as JSON, offsets in code points.
//! - `--jsonl` reads `{"id": …, "text": …}` lines from stdin and writes one result line each.

use article_highlighter::cli::{jsonl_record, Record};
use article_highlighter::offsets::Unit;
use article_highlighter::output::{events, speaker_name, AnalysisView, Event};
use article_highlighter::{Analysis, Analyzer, Label, Options, QuoteKind};
use clap::{Parser, ValueEnum};
use std::io::{self, BufRead, BufWriter, IsTerminal, Read, Write};
use std::path::PathBuf;
use std::process::ExitCode;

#[derive(Parser, Debug)]
#[command(
    name = "highlight",
    version,
    about = "Highlight people, organisations, places and quotations with their speakers in a news article."
)]
struct Args {
    /// The article (UTF-8 text). Reads standard input when absent or `-`.
    file: Option<PathBuf>,
    /// Output format for one article.
    #[arg(long, value_enum, default_value_t = Format::Text)]
    format: Format,
    /// Batch mode: read JSON lines {"id": ..., "text": ...} from stdin, write one JSON line each
    /// with entities and quotes in code-point offsets.
    #[arg(long, conflicts_with_all = ["file", "format"])]
    jsonl: bool,
    /// Colours: auto (only on a terminal), always, never (inline markers instead).
    #[arg(long, value_enum, default_value_t = Color::Auto)]
    color: Color,
    /// Leave a quote's speaker empty when nothing in the text says who spoke (no speech verb,
    /// colon, dash, "according to" or pronoun), instead of guessing the nearest name.
    #[arg(long)]
    no_guess: bool,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
enum Format {
    /// The article with highlights (colours or markers).
    Text,
    /// The whole analysis as JSON (code-point offsets).
    Json,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
enum Color {
    Auto,
    Always,
    Never,
}

fn main() -> ExitCode {
    let args = Args::parse();
    let analyzer = match Analyzer::new() {
        Ok(a) => a,
        Err(e) => {
            eprintln!("highlight: {e}");
            return ExitCode::FAILURE;
        }
    };
    let options = Options::default().guess_speakers(!args.no_guess);
    let result = if args.jsonl {
        run_jsonl(&analyzer, options)
    } else {
        run_one(&analyzer, &args, options)
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        // A closed pipe (`highlight big.txt | head`) is not an error worth reporting.
        Err(e) if e.kind() == io::ErrorKind::BrokenPipe => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("highlight: {e}");
            ExitCode::FAILURE
        }
    }
}

fn read_input(file: Option<&PathBuf>) -> io::Result<String> {
    let (bytes, name) = match file {
        Some(path) if path.as_os_str() != "-" => {
            let bytes = std::fs::read(path).map_err(|e| {
                io::Error::new(e.kind(), format!("cannot read {}: {e}", path.display()))
            })?;
            (bytes, path.display().to_string())
        }
        _ => {
            let mut bytes = Vec::new();
            io::stdin().read_to_end(&mut bytes)?;
            (bytes, "standard input".to_string())
        }
    };
    String::from_utf8(bytes).map_err(|e| {
        let at = e.utf8_error().valid_up_to();
        io::Error::new(io::ErrorKind::InvalidData, format!("{name} is not UTF-8 text (invalid byte at offset {at}); convert it first, e.g. with iconv"))
    })
}

fn run_one(analyzer: &Analyzer, args: &Args, options: Options) -> io::Result<()> {
    let text = read_input(args.file.as_ref())?;
    let analysis = analyzer.analyze_with(&text, options);
    let stdout = io::stdout();
    let colour = match args.color {
        Color::Always => true,
        Color::Never => false,
        Color::Auto => stdout.is_terminal() && std::env::var_os("NO_COLOR").is_none(),
    };
    let mut out = BufWriter::new(stdout.lock());
    match args.format {
        Format::Json => {
            serde_json::to_writer_pretty(
                &mut out,
                &AnalysisView::new(&analysis, Unit::CodePoints),
            )?;
            writeln!(out)?;
        }
        Format::Text if colour => write_coloured(&mut out, &analysis)?,
        Format::Text => {
            out.write_all(article_highlighter::output::markers(&analysis).as_bytes())?;
            if !text.ends_with('\n') {
                writeln!(out)?;
            }
        }
    }
    out.flush()
}

/// ANSI colour per label: a terminal's 16 colours, bold for people.
fn ansi(label: Label) -> &'static str {
    match label {
        Label::Per => "\x1b[1;34m",
        Label::Org => "\x1b[1;32m",
        Label::Loc => "\x1b[1;35m",
        Label::Misc => "\x1b[1;33m",
    }
}

const QUOTE_STYLE: &str = "\x1b[3;36m";
const RESET: &str = "\x1b[0m";

/// Strips control characters (ESC above all) from text shown on a terminal, so an article
/// cannot move the cursor or recolour the screen. Tabs and newlines stay.
fn write_terminal_text(out: &mut impl Write, text: &str) -> io::Result<()> {
    for piece in text.split(|c: char| c.is_control() && c != '\n' && c != '\t') {
        out.write_all(piece.as_bytes())?;
    }
    Ok(())
}

fn write_coloured(out: &mut impl Write, analysis: &Analysis) -> io::Result<()> {
    let text = analysis.text();
    let mut quote_open = false;
    for event in events(analysis, &[QuoteKind::Scare]) {
        match event {
            Event::Text(s) => write_terminal_text(out, &text[s])?,
            Event::QuoteStart(_) => {
                quote_open = true;
                out.write_all(QUOTE_STYLE.as_bytes())?;
            }
            Event::QuoteEnd(i) => {
                quote_open = false;
                out.write_all(RESET.as_bytes())?;
                if let Some(sp) = &analysis.quotes[i].speaker {
                    write!(out, "\x1b[2m [")?;
                    write_terminal_text(out, speaker_name(analysis, sp))?;
                    write!(out, "]{RESET}")?;
                }
            }
            Event::EntityStart(i) => out.write_all(ansi(analysis.entities[i].label).as_bytes())?,
            Event::EntityEnd(_) => {
                out.write_all(RESET.as_bytes())?;
                if quote_open {
                    out.write_all(QUOTE_STYLE.as_bytes())?;
                }
            }
            Event::ParagraphStart(_) | Event::ParagraphEnd(_) => {}
        }
    }
    if !text.ends_with('\n') {
        writeln!(out)?;
    }
    Ok(())
}

fn run_jsonl(analyzer: &Analyzer, options: Options) -> io::Result<()> {
    let stdin = io::stdin();
    let mut out = BufWriter::new(io::stdout().lock());
    let (mut done, mut skipped) = (0usize, 0usize);
    for (n, line) in stdin.lock().split(b'\n').enumerate() {
        let line_no = n + 1;
        let line = line?;
        let Ok(line) = std::str::from_utf8(&line) else {
            eprintln!("highlight: line {line_no}: not UTF-8 text; skipped");
            skipped += 1;
            continue;
        };
        if line.trim().is_empty() {
            continue;
        }
        let record = match Record::parse(line) {
            Ok(Record { text: None, .. }) => Err("no \"text\" string".to_string()),
            other => other,
        };
        match record {
            Ok(record) => {
                let text = record.text.as_deref().unwrap_or_default();
                let analysis = analyzer.analyze_with(text, options);
                serde_json::to_writer(&mut out, &jsonl_record(&record.id, &analysis))?;
                out.write_all(b"\n")?;
                done += 1;
            }
            Err(why) => {
                eprintln!("highlight: line {line_no}: {why}; skipped");
                skipped += 1;
            }
        }
    }
    out.flush()?;
    if skipped > 0 {
        eprintln!("highlight: {done} lines analysed, {skipped} skipped");
    }
    Ok(())
}
