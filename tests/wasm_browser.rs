//! `renderInto` in real Chromium: run with
//! `wasm-pack test --headless --chrome --chromedriver /usr/bin/chromedriver -- --test wasm_browser`.
//! Checks the DOM hooks the page, its styles and the end-to-end tests rely on: one `<p>` per
//! paragraph, `mark[data-label][data-cluster]`, `span[data-quote][data-speaker]`, entities
//! nested in quotes, and the user's text kept char for char.
#![cfg(target_arch = "wasm32")]

use article_highlighter::wasm::{analyze, render_into, SCREEN_READER_CLASS};
use js_sys::{Array, JsString, Reflect};
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_test::{wasm_bindgen_test, wasm_bindgen_test_configure};
use web_sys::{Element, Node};

wasm_bindgen_test_configure!(run_in_browser);

fn container() -> Element {
    let document = web_sys::window().unwrap().document().unwrap();
    let div = document.create_element("div").unwrap();
    document.body().unwrap().append_child(&div).unwrap();
    div
}

fn render(text: &str) -> Element {
    let div = container();
    render_into(&div, &text.into(), None).unwrap();
    div
}

fn all(root: &Element, selector: &str) -> Vec<Element> {
    let list = root.query_selector_all(selector).unwrap();
    (0..list.length())
        .filter_map(|i| list.item(i))
        .map(|n| n.unchecked_into())
        .collect()
}

/// The text as a sighted reader sees it: without the visually hidden label words.
fn visible_text(node: &Element) -> String {
    let clone: Element = node.clone_node_with_deep(true).unwrap().unchecked_into();
    for hidden in all(&clone, &format!(".{SCREEN_READER_CLASS}")) {
        hidden.remove();
    }
    clone.text_content().unwrap_or_default()
}

fn attr(element: &Element, name: &str) -> Option<String> {
    element.get_attribute(name)
}

#[wasm_bindgen_test]
fn one_paragraph_element_per_paragraph_and_every_char_kept() {
    let paragraphs = [
        "Flood defences hold in Rotterdam",
        "The Water Ministry said on Tuesday\nthat the barrier held.",
        "  <b>Not markup</b> & “not a quote",
    ];
    let div = render(&format!(
        "\n\n{}\n\n\n{}\r\n\r\n{}\n",
        paragraphs[0], paragraphs[1], paragraphs[2]
    ));
    let children = div.child_nodes();
    assert_eq!(
        children.length(),
        3,
        "only <p> children, no white-space text nodes"
    );
    let ps = all(&div, ":scope > p");
    assert_eq!(ps.len(), 3);
    assert_eq!(visible_text(&ps[0]), paragraphs[0]);
    assert_eq!(visible_text(&ps[1]), paragraphs[1]);
    assert_eq!(visible_text(&ps[2]), paragraphs[2].trim_start());
    assert!(all(&div, "b").is_empty(), "user text became markup");
}

#[wasm_bindgen_test]
fn rendering_replaces_the_children() {
    let div = render("Angela Merkel visited Lisbon.");
    div.append_child(
        &web_sys::window()
            .unwrap()
            .document()
            .unwrap()
            .create_element("hr")
            .unwrap(),
    )
    .unwrap();
    render_into(&div, &"First.\n\nSecond.".into(), None).unwrap();
    assert_eq!(div.child_nodes().length(), 2);
    assert!(all(&div, "hr").is_empty());
    render_into(&div, &"".into(), None).unwrap();
    assert_eq!(div.child_nodes().length(), 0);
}

/// Wrong arguments from JavaScript get a clear error and change nothing.
#[wasm_bindgen_test]
fn wrong_arguments_are_refused_clearly() {
    let div = render("Angela Merkel spoke.");
    let before = div.inner_html();
    let not_text: JsString = JsValue::from(7).unchecked_into();
    let error = render_into(&div, &not_text, None).unwrap_err();
    assert!(
        format!("{error:?}").contains("text must be a string"),
        "{error:?}"
    );
    let error = render_into(&JsValue::NULL, &"Angela Merkel".into(), None).unwrap_err();
    assert!(
        format!("{error:?}").contains("element must be a DOM element"),
        "{error:?}"
    );
    assert_eq!(div.inner_html(), before);
}

#[wasm_bindgen_test]
fn entities_are_marks_with_label_cluster_and_words() {
    let div = render(
        "Angela Merkel visited Lisbon, where the Water Ministry met her. Merkel left on Friday.",
    );
    let marks = all(&div, "mark");
    assert!(marks.len() >= 3);
    for mark in &marks {
        let label = attr(mark, "data-label").unwrap();
        let words = match label.as_str() {
            "PER" => "Person",
            "ORG" => "Organisation",
            "LOC" => "Place",
            "MISC" => "Other name",
            other => panic!("unknown label {other}"),
        };
        assert!(attr(mark, "data-cluster").unwrap().parse::<usize>().is_ok());
        let hidden = all(mark, &format!(".{SCREEN_READER_CLASS}"));
        assert_eq!(hidden.len(), 1);
        assert_eq!(hidden[0].text_content().unwrap(), format!(" ({words})"));
    }
    let find = |label: &str, text: &str| {
        marks
            .iter()
            .any(|m| attr(m, "data-label").as_deref() == Some(label) && visible_text(m) == text)
    };
    assert!(find("PER", "Angela Merkel"));
    assert!(find("LOC", "Lisbon"));
    assert!(find("ORG", "Water Ministry"));
}

#[wasm_bindgen_test]
fn quotes_carry_speakers_and_hold_their_entities() {
    let div = render("“We will rebuild the port in Lisbon,” said Angela Merkel.");
    let quotes = all(&div, "[data-quote]");
    assert_eq!(quotes.len(), 1);
    let quote = &quotes[0];
    assert_eq!(quote.tag_name(), "SPAN");
    assert_eq!(
        attr(quote, "data-speaker").as_deref(),
        Some("Angela Merkel")
    );
    assert_eq!(attr(quote, "data-quote").as_deref(), Some("statement"));
    assert_eq!(visible_text(quote), "“We will rebuild the port in Lisbon,”");
    // The place inside the quote is nested in the quote's span; the speaker's name is not.
    let inside = all(quote, "mark[data-label]");
    assert_eq!(
        inside.iter().map(visible_text).collect::<Vec<_>>(),
        ["Lisbon"]
    );
    let speaker = all(&div, "p > mark[data-label=\"PER\"]");
    assert_eq!(
        speaker.iter().map(visible_text).collect::<Vec<_>>(),
        ["Angela Merkel"]
    );
    assert_eq!(quote.parent_element().unwrap().tag_name(), "P");
}

#[wasm_bindgen_test]
fn a_quote_without_a_speaker_has_no_speaker_attribute() {
    let div = render("The storm passed.\n\n“We were lucky this time.”");
    let quotes = all(&div, "[data-quote]");
    assert_eq!(quotes.len(), 1);
    assert_eq!(attr(&quotes[0], "data-speaker"), None);
}

#[wasm_bindgen_test]
fn a_quote_over_two_paragraphs_is_one_span_per_paragraph() {
    // News style: the first paragraph of a long quote has no closing mark; the next reopens it.
    let div = render("“The barrier held through the night, and the city is safe.\n\n“We will keep the gates closed until Friday,” said Angela Merkel.");
    let ps = all(&div, ":scope > p");
    assert_eq!(ps.len(), 2);
    let quotes = all(&div, "[data-quote]");
    assert_eq!(quotes.len(), 2);
    for (quote, p) in quotes.iter().zip(&ps) {
        let parent: Node = quote.parent_node().unwrap();
        assert!(
            parent.is_same_node(Some(p)),
            "each span sits in its own paragraph"
        );
    }
    assert_eq!(
        attr(&quotes[0], "data-group"),
        attr(&quotes[1], "data-group")
    );
    assert_eq!(attr(&quotes[0], "data-quote").as_deref(), Some("statement"));
    assert_eq!(attr(&quotes[1], "data-quote").as_deref(), Some("continued"));
    assert_eq!(
        attr(&quotes[1], "data-speaker").as_deref(),
        Some("Angela Merkel")
    );
}

#[wasm_bindgen_test]
fn each_quote_span_shows_its_segments_speaker_from_analyze() {
    // renderInto and analyze agree: span i carries quotes[i].speaker.name (or nothing).
    let text = "“The barrier held,” said Angela Merkel.\n\n“It was close.”\n\nMerkel added: “We were ready.”";
    let result = analyze(&text.into(), None).unwrap();
    let quotes = Array::from(&Reflect::get(&result, &"quotes".into()).unwrap());
    let expected: Vec<Option<String>> = quotes
        .iter()
        .map(|q| Reflect::get(&q, &"speaker".into()).unwrap())
        .map(|s| {
            if s.is_null() {
                None
            } else {
                Reflect::get(&s, &"name".into()).unwrap().as_string()
            }
        })
        .collect();
    assert!(expected.len() >= 2);
    let div = render(text);
    let shown: Vec<Option<String>> = all(&div, "[data-quote]")
        .iter()
        .map(|q| attr(q, "data-speaker"))
        .collect();
    assert_eq!(shown, expected);
}

#[wasm_bindgen_test]
fn data_index_points_into_analyze_results() {
    let text =
        "“We will rebuild Lisbon,” said Angela Merkel.\n\nThe Water Ministry agreed with Merkel.";
    let result = analyze(&text.into(), None).unwrap();
    let list = |key: &str| Array::from(&Reflect::get(&result, &key.into()).unwrap());
    let text_of = |key: &str, i: &str| {
        let item = list(key).get(i.parse().unwrap());
        Reflect::get(&item, &"text".into())
            .unwrap()
            .as_string()
            .unwrap()
    };
    let div = render(text);
    let marks = all(&div, "mark");
    assert_eq!(marks.len() as u32, list("entities").length());
    for mark in &marks {
        assert_eq!(
            text_of("entities", &attr(mark, "data-index").unwrap()),
            visible_text(mark)
        );
    }
    let quotes = all(&div, "[data-quote]");
    assert!(!quotes.is_empty());
    for quote in &quotes {
        assert_eq!(
            text_of("quotes", &attr(quote, "data-index").unwrap()),
            visible_text(quote)
        );
    }
}

#[wasm_bindgen_test]
fn quotes_carry_their_evidence_and_guessing_can_be_turned_off() {
    let text =
        "Lena Ortiz met the union.\n\n“No more delays.”\n\n“We will rebuild,” said Angela Merkel.";
    let div = render(text);
    let quotes = all(&div, "span[data-quote]");
    assert_eq!(quotes.len(), 2);
    assert_eq!(attr(&quotes[0], "data-evidence").as_deref(), Some("guess"));
    assert_eq!(attr(&quotes[1], "data-evidence").as_deref(), Some("verb"));
    let strict = js_sys::Object::new();
    Reflect::set(&strict, &"guessSpeakers".into(), &false.into()).unwrap();
    let div = container();
    render_into(&div, &text.into(), Some(strict)).unwrap();
    let quotes = all(&div, "span[data-quote]");
    assert_eq!(attr(&quotes[0], "data-speaker"), None);
    assert_eq!(attr(&quotes[0], "data-evidence"), None);
    assert_eq!(
        attr(&quotes[1], "data-speaker").as_deref(),
        Some("Angela Merkel")
    );
}
