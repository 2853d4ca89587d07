//! End-to-end tests of the `highlight` binary: the `--jsonl` contract, markers, JSON, errors.

use std::io::Write;
use std::process::{Command, Output, Stdio};

fn highlight(args: &[&str], stdin: &[u8]) -> Output {
    let mut child = Command::new(env!("CARGO_BIN_EXE_highlight"))
        .args(args)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    child.stdin.take().unwrap().write_all(stdin).unwrap();
    child.wait_with_output().unwrap()
}

fn chars(s: &str, start: u64, end: u64) -> String {
    s.chars()
        .skip(start as usize)
        .take((end - start) as usize)
        .collect()
}

#[test]
fn jsonl_contract_with_a_malformed_line() {
    let text = "😀 “We will win,” said Angela Merkel in Berlin.";
    let input = format!(
        "{}\n{{not json\n\n{}\n{}\n",
        serde_json::json!({"id": "a", "text": text}),
        serde_json::json!({"id": 2, "text": ""}),
        serde_json::json!({"id": "no-text"}),
    );
    let out = highlight(&["--jsonl"], input.as_bytes());
    assert!(out.status.success());
    let stdout = String::from_utf8(out.stdout).unwrap();
    let lines: Vec<serde_json::Value> = stdout
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert_eq!(
        lines.len(),
        2,
        "one output line per valid input line: {stdout}"
    );
    let stderr = String::from_utf8(out.stderr).unwrap();
    assert!(
        stderr.contains("line 2:"),
        "stderr names the malformed line: {stderr}"
    );
    assert!(
        stderr.contains("line 5:"),
        "stderr names the line without text: {stderr}"
    );

    let first = &lines[0];
    assert_eq!(first["id"], "a");
    assert!(
        first.get("text").is_none(),
        "the document text is not echoed"
    );
    let entities = first["entities"].as_array().unwrap();
    assert!(!entities.is_empty());
    for e in entities {
        let (s, e2) = (e["start"].as_u64().unwrap(), e["end"].as_u64().unwrap());
        assert_eq!(
            chars(text, s, e2),
            e["text"].as_str().unwrap(),
            "code-point offsets"
        );
        assert!(["PER", "ORG", "LOC", "MISC"].contains(&e["label"].as_str().unwrap()));
    }
    let quotes = first["quotes"].as_array().unwrap();
    assert_eq!(quotes.len(), 1);
    assert_eq!(quotes[0]["text"], "“We will win,”");
    assert_eq!(quotes[0]["start"], 2);
    assert_eq!(quotes[0]["speaker"]["text"], "Angela Merkel");
    assert_eq!(
        lines[1],
        serde_json::json!({"id": 2, "entities": [], "quotes": []})
    );
}

#[test]
fn piped_output_has_escaped_markers_and_keeps_the_text() {
    let out = highlight(
        &["-"],
        "Chancellor Angela Merkel [sic] | spoke.\n".as_bytes(),
    );
    assert!(out.status.success());
    let s = String::from_utf8(out.stdout).unwrap();
    assert_eq!(s, "Chancellor [Angela Merkel|PER] \\[sic\\] \\| spoke.\n");
}

#[test]
fn json_format_uses_code_points() {
    let out = highlight(&["--format", "json"], "北京 Angela Merkel".as_bytes());
    assert!(out.status.success());
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(v["unit"], "codepoints");
    assert_eq!(v["entities"][0]["start"], 3);
    assert_eq!(v["entities"][0]["text"], "Angela Merkel");
    assert_eq!(v["paragraphs"].as_array().unwrap().len(), 1);
}

#[test]
fn bad_input_gets_a_clear_error() {
    let out = highlight(&["/nonexistent/article.txt"], b"");
    assert!(!out.status.success());
    assert!(String::from_utf8_lossy(&out.stderr).contains("cannot read /nonexistent/article.txt"));
    let out = highlight(&[], b"caf\xe9 latin-1");
    assert!(!out.status.success());
    assert!(
        String::from_utf8_lossy(&out.stderr).contains("not UTF-8 text (invalid byte at offset 3)")
    );
}

#[test]
fn terminal_colours_strip_control_characters() {
    let out = highlight(
        &["--color", "always"],
        "Angela Merkel\x1b[2J left.".as_bytes(),
    );
    let s = String::from_utf8(out.stdout).unwrap();
    assert!(s.contains("\x1b[1;34mAngela Merkel\x1b[0m"), "{s:?}");
    assert!(
        !s.contains("\x1b[2J"),
        "an escape sequence from the article never reaches the terminal"
    );
    assert!(s.contains("[2J left."), "the rest of the text is kept");
}

#[test]
fn no_guess_leaves_uncued_speakers_empty_and_evidence_is_given() {
    let text =
        "Lena Ortiz met the union.\n\n“No more delays.”\n\n“We will rebuild,” said Angela Merkel.";
    let input = format!("{}\n", serde_json::json!({"id": 1, "text": text}));
    let speakers = |args: &[&str]| -> Vec<serde_json::Value> {
        let out = highlight(args, input.as_bytes());
        assert!(out.status.success());
        let line: serde_json::Value =
            serde_json::from_str(String::from_utf8(out.stdout).unwrap().trim()).unwrap();
        line["quotes"]
            .as_array()
            .unwrap()
            .iter()
            .map(|q| q["speaker"].clone())
            .collect()
    };
    let guessed = speakers(&["--jsonl"]);
    assert_eq!(guessed[0]["evidence"], "guess");
    assert_eq!(guessed[0]["text"], "Lena Ortiz");
    assert_eq!(guessed[1]["evidence"], "verb");
    let cued = speakers(&["--jsonl", "--no-guess"]);
    assert!(cued[0].is_null());
    assert_eq!(cued[1], guessed[1]);
    // The other formats take the flag too.
    let out = highlight(&["--no-guess", "--color", "never"], text.as_bytes());
    let marked = String::from_utf8(out.stdout).unwrap();
    assert!(marked.contains("[“No more delays.”|QUOTE]"), "{marked}");
    let out = highlight(&["--no-guess", "--format", "json"], text.as_bytes());
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert!(json["quotes"][0]["speaker"].is_null());
    assert_eq!(json["quotes"][1]["speaker"]["evidence"], "verb");
}
