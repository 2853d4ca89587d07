//! The JavaScript API as JavaScript sees it: run with `wasm-pack test --node -- --test wasm_node`.
//! Results are read back through `Reflect` and sliced with `String.prototype.slice`, so these
//! tests check the object shape and the UTF-16 offsets a caller gets, not Rust-side values.
#![cfg(target_arch = "wasm32")]

use article_highlighter::offsets::Unit;
use article_highlighter::output::AnalysisView;
use article_highlighter::wasm::{analyze, analyze_with_events, labels, markers};
use article_highlighter::Analyzer;
use js_sys::{Array, JsString, Object, Reflect, Uint32Array, JSON};
use serde::Serialize;
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_test::wasm_bindgen_test;

fn get(object: &JsValue, key: &str) -> JsValue {
    Reflect::get(object, &key.into()).unwrap()
}

fn array(object: &JsValue, key: &str) -> Vec<JsValue> {
    let value = get(object, key);
    assert!(Array::is_array(&value), "{key} is not an array: {value:?}");
    value.unchecked_into::<Array>().to_vec()
}

fn num(object: &JsValue, key: &str) -> u32 {
    get(object, key)
        .as_f64()
        .unwrap_or_else(|| panic!("{key} is not a number")) as u32
}

fn string(object: &JsValue, key: &str) -> String {
    get(object, key)
        .as_string()
        .unwrap_or_else(|| panic!("{key} is not a string"))
}

fn is_plain_object(value: &JsValue) -> bool {
    let plain: JsValue = Object::get_prototype_of(&Object::new().into()).into();
    value.is_object() && JsValue::from(Object::get_prototype_of(value)) == plain
}

fn keys(value: &JsValue) -> Vec<String> {
    Object::keys(value.unchecked_ref::<Object>())
        .iter()
        .filter_map(|k| k.as_string())
        .collect()
}

/// `js.slice(start, end)` for the span in `object`.
fn slice(js: &JsString, object: &JsValue) -> String {
    String::from(js.slice(num(object, "start"), num(object, "end")))
}

#[wasm_bindgen_test]
fn result_is_a_plain_object_with_the_cli_field_names() {
    let result = analyze(
        &"Angela Merkel visited Lisbon.\n\nThe Water Ministry agreed.".into(),
        None,
    )
    .unwrap();
    assert!(is_plain_object(&result));
    assert_eq!(
        keys(&result),
        [
            "unit",
            "paragraphs",
            "sentences",
            "tokens",
            "entities",
            "quotes",
            "clusters"
        ]
    );
    assert_eq!(string(&result, "unit"), "utf16");
    assert_eq!(array(&result, "paragraphs").len(), 2);
    let entities = array(&result, "entities");
    assert!(!entities.is_empty());
    for e in &entities {
        assert!(is_plain_object(e));
        assert_eq!(
            keys(e),
            ["start", "end", "label", "text", "score", "cluster"]
        );
        assert!(["PER", "ORG", "LOC", "MISC"].contains(&string(e, "label").as_str()));
        let score = get(e, "score").as_f64().unwrap();
        assert!((0.0..=1.0).contains(&score));
    }
    let clusters = array(&result, "clusters");
    for c in &clusters {
        assert_eq!(keys(c), ["id", "name", "label", "mentions"]);
        for m in array(c, "mentions") {
            let m = m.as_f64().unwrap() as usize;
            assert!(m < entities.len());
        }
    }
    assert!(entities
        .iter()
        .any(|e| string(e, "text") == "Angela Merkel" && string(e, "label") == "PER"));
}

/// `analyze` builds its object in JavaScript (src/wasm/build.js) from a flat form: it must be
/// exactly the serialised `AnalysisView`, the CLI's JSON in UTF-16 units.
#[wasm_bindgen_test]
fn built_object_equals_the_serialised_view() {
    let texts = [
        "",
        "😀 LISBON (Reuters) - Angela Merkel visited Lisbon on Monday.\n\n\
         “We will rebuild the harbour,” she said. The so-called “deal” was praised by \
         Prime Minister António Costa, who called it “a fair start”.\n\n\
         “The water is back. \n\n“And the power,” a spokesman for the Water Ministry said.\n\n\
         Merkel flew on to Zürich, where 習近平 met her. Costa said: “No more.”",
        "“Unattributed words.”\n\nSomething else entirely — with dashes — and «guillemets».",
    ];
    let analyzer = Analyzer::new().unwrap();
    let serializer = serde_wasm_bindgen::Serializer::json_compatible();
    for text in texts {
        let analysis = analyzer.analyze(text);
        let view = AnalysisView::new(&analysis, Unit::Utf16);
        let expected = view.serialize(&serializer).unwrap();
        let got = analyze(&text.into(), None).unwrap();
        assert_eq!(
            JSON::stringify(&got).unwrap(),
            JSON::stringify(&expected).unwrap(),
            "{text:?}"
        );
        let with_events = get(
            &analyze_with_events(&text.into(), None).unwrap(),
            "analysis",
        );
        assert_eq!(
            JSON::stringify(&with_events).unwrap(),
            JSON::stringify(&expected).unwrap()
        );
    }
    // The rich text exercises every part of the flat form.
    let analysis = analyzer.analyze(texts[1]);
    let speakers: Vec<_> = analysis.quotes.iter().map(|q| &q.speaker).collect();
    assert!(
        speakers.iter().any(|s| s.is_none()),
        "a quote without a speaker"
    );
    assert!(speakers
        .iter()
        .any(|s| s.as_ref().is_some_and(|s| s.cluster.is_some())));
    assert!(speakers
        .iter()
        .any(|s| s.as_ref().is_some_and(|s| s.cluster.is_none())));
    assert!(analysis.clusters.iter().any(|c| c.mentions.len() >= 2));
}

/// `options` leaves out sentences and tokens (the page and the embed do not read them); the
/// rest of the object is what the default gives, and bad options get a clear error.
#[wasm_bindgen_test]
fn options_leave_out_sentences_and_tokens() {
    let text = "“We will rebuild,” said Angela Merkel in Lisbon.\n\nThe Water Ministry agreed. 😀 Costa left.";
    let full = analyze(&text.into(), None).unwrap();
    let options = |sentences: Option<bool>, tokens: Option<bool>| {
        let o = Object::new();
        if let Some(v) = sentences {
            Reflect::set(&o, &"sentences".into(), &v.into()).unwrap();
        }
        if let Some(v) = tokens {
            Reflect::set(&o, &"tokens".into(), &v.into()).unwrap();
        }
        o
    };
    // The default object minus the parts left out, property for property and in order.
    let without = |keys: &[&str]| {
        let copy = Object::new();
        for key in Object::keys(full.unchecked_ref::<Object>()).iter() {
            let key = key.as_string().unwrap();
            if !keys.contains(&key.as_str()) {
                Reflect::set(&copy, &key.as_str().into(), &get(&full, &key)).unwrap();
            }
        }
        JSON::stringify(&copy).unwrap()
    };
    let cases: [(Option<bool>, Option<bool>, &[&str]); 5] = [
        (None, None, &[]),
        (Some(true), Some(true), &[]),
        (Some(false), None, &["sentences"]),
        (None, Some(false), &["tokens"]),
        (Some(false), Some(false), &["sentences", "tokens"]),
    ];
    for (sentences, tokens, left_out) in cases {
        let o = options(sentences, tokens);
        let got = analyze(&text.into(), Some(o.clone())).unwrap();
        assert_eq!(
            JSON::stringify(&got).unwrap(),
            without(left_out),
            "{left_out:?}"
        );
        for key in left_out {
            assert!(
                !Reflect::has(&got, &(*key).into()).unwrap(),
                "{key} still there"
            );
        }
        let with_events = analyze_with_events(&text.into(), Some(o)).unwrap();
        assert_eq!(
            JSON::stringify(&get(&with_events, "analysis")).unwrap(),
            without(left_out)
        );
    }
    // Anything but a boolean flag, or a non-object, is refused with the option's name.
    let bad_flag = options(None, None);
    Reflect::set(&bad_flag, &"tokens".into(), &"no".into()).unwrap();
    let message = format!("{:?}", analyze(&text.into(), Some(bad_flag)).unwrap_err());
    assert!(
        message.contains("options.tokens must be true or false"),
        "{message}"
    );
    let not_an_object: Object = JsValue::from(5).unchecked_into();
    let message = format!(
        "{:?}",
        analyze(&text.into(), Some(not_an_object)).unwrap_err()
    );
    assert!(message.contains("options must be an object"), "{message}");
}

/// Every speaker says what ties it to its quote (`evidence`); `guessSpeakers: false` leaves a
/// quote with no cue without a speaker and changes nothing else.
#[wasm_bindgen_test]
fn guess_speakers_option_and_evidence() {
    let text = "Lena Ortiz met the union on Monday.\n\n“There will be no more delays.”\n\n\
                “We will rebuild,” said Angela Merkel. “It will take time,” she added.";
    let evidence = |result: &JsValue| -> Vec<Option<String>> {
        array(result, "quotes")
            .iter()
            .map(|q| {
                let speaker = get(q, "speaker");
                (!speaker.is_null()).then(|| string(&speaker, "evidence"))
            })
            .collect()
    };
    let guessed = analyze(&text.into(), None).unwrap();
    assert_eq!(
        evidence(&guessed),
        [Some("guess"), Some("verb"), Some("pronoun")].map(|e| e.map(String::from))
    );
    let strict = Object::new();
    Reflect::set(&strict, &"guessSpeakers".into(), &false.into()).unwrap();
    let cued = analyze(&text.into(), Some(strict.clone())).unwrap();
    assert_eq!(
        evidence(&cued),
        [None, Some("verb"), Some("pronoun")].map(|e| e.map(String::from))
    );
    // Only the guessed speaker differs.
    let first = |r: &JsValue| get(&array(r, "quotes")[0], "speaker");
    assert!(first(&cued).is_null() && !first(&guessed).is_null());
    assert_eq!(
        JSON::stringify(&get(&guessed, "entities")).unwrap(),
        JSON::stringify(&get(&cued, "entities")).unwrap()
    );
    let events = get(
        &analyze_with_events(&text.into(), Some(strict.clone())).unwrap(),
        "analysis",
    );
    assert_eq!(
        JSON::stringify(&events).unwrap(),
        JSON::stringify(&cued).unwrap()
    );
    assert!(!markers(&text.into(), Some(strict))
        .unwrap()
        .contains("QUOTE:Lena Ortiz"));
    assert!(markers(&text.into(), None)
        .unwrap()
        .contains("QUOTE:Lena Ortiz"));
    let bad = Object::new();
    Reflect::set(&bad, &"guessSpeakers".into(), &0.into()).unwrap();
    let message = format!("{:?}", analyze(&text.into(), Some(bad)).unwrap_err());
    assert!(
        message.contains("options.guessSpeakers must be true or false"),
        "{message}"
    );
}

/// JavaScript can pass anything: a non-string gets a clear error (the generated glue does not
/// check), and the module keeps working.
#[wasm_bindgen_test]
fn non_string_text_is_refused_clearly() {
    for value in [
        JsValue::from(123),
        JsValue::UNDEFINED,
        JsValue::NULL,
        Object::new().into(),
    ] {
        let text: JsString = value.unchecked_into();
        for error in [
            analyze(&text, None).unwrap_err(),
            analyze_with_events(&text, None).unwrap_err(),
            markers(&text, None).unwrap_err(),
        ] {
            let message = format!("{error:?}");
            assert!(message.contains("text must be a string"), "{message}");
        }
    }
    assert!(!array(
        &analyze(&"Angela Merkel spoke.".into(), None).unwrap(),
        "entities"
    )
    .is_empty());
}

#[wasm_bindgen_test]
fn empty_and_blank_text_give_empty_results() {
    for text in ["", " \n\n\t "] {
        let result = analyze(&text.into(), None).unwrap();
        for key in ["paragraphs", "tokens", "entities", "quotes", "clusters"] {
            assert_eq!(array(&result, key).len(), 0, "{key} of {text:?}");
        }
    }
}

#[wasm_bindgen_test]
fn unattributed_quote_has_a_null_speaker() {
    let text = "The storm passed.\n\n“We were lucky this time.”";
    let result = analyze(&text.into(), None).unwrap();
    let quotes = array(&result, "quotes");
    assert_eq!(quotes.len(), 1, "expected one quote in {text:?}");
    let quote = &quotes[0];
    assert_eq!(
        keys(quote),
        ["start", "end", "text", "content", "kind", "group", "speaker"]
    );
    assert!(
        get(quote, "speaker").is_null(),
        "speaker is {:?}",
        get(quote, "speaker")
    );
    assert!(is_plain_object(&get(quote, "content")));
    assert_eq!(
        slice(&JsString::from(text), quote),
        "“We were lucky this time.”"
    );
}

#[wasm_bindgen_test]
fn attributed_quote_speaker_is_an_object_with_a_name() {
    let text = "😀 “We will rebuild the harbour,” said Angela Merkel.";
    let js = JsString::from(text);
    let result = analyze(&text.into(), None).unwrap();
    let quotes = array(&result, "quotes");
    assert_eq!(quotes.len(), 1);
    let speaker = get(&quotes[0], "speaker");
    assert!(is_plain_object(&speaker));
    assert_eq!(
        keys(&speaker),
        ["start", "end", "text", "cluster", "name", "evidence"]
    );
    assert_eq!(string(&speaker, "evidence"), "verb");
    assert_eq!(string(&speaker, "name"), "Angela Merkel");
    assert_eq!(slice(&js, &speaker), "Angela Merkel");
    assert_eq!(slice(&js, &quotes[0]), "“We will rebuild the harbour,”");
}

/// Every span of the result, sliced from the original JavaScript string, gives its `text`.
fn assert_spans_slice_back(js: &JsString, result: &JsValue) -> usize {
    let mut checked = 0;
    for e in array(result, "entities") {
        assert_eq!(slice(js, &e), string(&e, "text"));
        checked += 1;
    }
    for q in array(result, "quotes") {
        assert_eq!(slice(js, &q), string(&q, "text"));
        let speaker = get(&q, "speaker");
        if !speaker.is_null() {
            assert_eq!(slice(js, &speaker), string(&speaker, "text"));
        }
        checked += 1;
    }
    let length = js.length();
    for key in ["paragraphs", "sentences", "tokens"] {
        for s in array(result, key) {
            assert!(num(&s, "start") <= num(&s, "end") && num(&s, "end") <= length);
            assert!(!slice(js, &s).trim().is_empty(), "blank {key} span");
        }
    }
    checked
}

#[wasm_bindgen_test]
fn utf16_offsets_slice_emoji_and_cjk_text() {
    // Emoji outside the BMP (2 UTF-16 units, 4 UTF-8 bytes), a flag (2 code points), CJK
    // (1 unit, 3 bytes), an accented letter (1 unit, 2 bytes) before the names.
    let text = "😀🇺🇦 習近平 met Angela Merkel in Zürich.\n\n👍🏽 Later Angela Merkel flew to Lisbon.";
    let js = JsString::from(text);
    let result = analyze(&text.into(), None).unwrap();
    assert!(assert_spans_slice_back(&js, &result) >= 2);
    let paragraphs = array(&result, "paragraphs");
    assert_eq!(
        slice(&js, &paragraphs[1]),
        "👍🏽 Later Angela Merkel flew to Lisbon."
    );
    let merkel: Vec<u32> = array(&result, "entities")
        .iter()
        .filter(|e| string(e, "text") == "Angela Merkel")
        .map(|e| num(e, "start"))
        .collect();
    // UTF-16 offsets, not bytes (would be 27) or code points (would be 12).
    assert_eq!(merkel.first(), Some(&15));
}

#[wasm_bindgen_test]
fn lone_surrogates_arrive_as_replacement_chars_and_offsets_still_fit() {
    // A JavaScript string that is not valid UTF-16: lone high and low surrogates.
    let js = JsString::from_char_code1(0xD800)
        .concat(&" Angela Merkel a".into())
        .concat(&JsString::from_char_code1(0xDC00))
        .concat(&" visited Lisbon.".into());
    // The conversion the core's input goes through.
    let text = String::from(js.clone());
    assert!(text.starts_with('\u{FFFD}'));
    assert_eq!(text.encode_utf16().count() as u32, js.length());
    let result = analyze(&js, None).unwrap();
    assert!(assert_spans_slice_back(&js, &result) >= 1);
    let merkel = array(&result, "entities")
        .into_iter()
        .find(|e| string(e, "text") == "Angela Merkel");
    assert_eq!(merkel.map(|e| num(&e, "start")), Some(2));
}

#[wasm_bindgen_test]
fn labels_list_codes_with_words() {
    let all = labels().unwrap();
    let pairs: Vec<(String, String)> = all
        .unchecked_into::<Array>()
        .iter()
        .map(|l| (string(&l, "code"), string(&l, "name")))
        .collect();
    let expected = [
        ("PER", "Person"),
        ("ORG", "Organisation"),
        ("LOC", "Place"),
        ("MISC", "Other name"),
    ];
    assert_eq!(pairs, expected.map(|(c, n)| (c.to_string(), n.to_string())));
}

#[wasm_bindgen_test]
fn events_rebuild_the_text_and_nest_properly() {
    let text = "😀 “We will rebuild Lisbon,” said Angela Merkel.\n\n習近平 met the Water Ministry.";
    let js = JsString::from(text);
    let both = analyze_with_events(&js, None).unwrap();
    let analysis = get(&both, "analysis");
    assert_eq!(string(&analysis, "unit"), "utf16");
    let events = get(&both, "events")
        .unchecked_into::<Uint32Array>()
        .to_vec();
    assert_eq!(events.len() % 3, 0);
    let (mut rebuilt, mut open, mut entities, mut quotes) = (String::new(), Vec::new(), 0, 0);
    for e in events.chunks(3) {
        match e[0] {
            0 => rebuilt.push_str(&String::from(js.slice(e[1], e[2]))),
            1 | 3 | 5 => open.push((e[0], e[1])),
            2 | 4 | 6 => assert_eq!(open.pop(), Some((e[0] - 1, e[1])), "events not nested"),
            other => panic!("unknown event code {other}"),
        }
        entities += usize::from(e[0] == 5);
        quotes += usize::from(e[0] == 3);
    }
    assert!(open.is_empty());
    assert_eq!(rebuilt, text, "the text events joined give back the text");
    assert_eq!(entities, array(&analysis, "entities").len());
    assert_eq!(quotes, array(&analysis, "quotes").len());
    assert!(quotes >= 1 && entities >= 3);
}

#[wasm_bindgen_test]
fn markers_match_the_cli_format() {
    let out = markers(&"Angela Merkel visited Lisbon [sic].".into(), None).unwrap();
    assert!(out.starts_with("[Angela Merkel|PER] visited "), "{out}");
    assert!(out.ends_with(" \\[sic\\]."), "{out}");
}
