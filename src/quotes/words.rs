//! The quote finder's word lists, loaded from `data/lexicon/` at compile time.

use rustc_hash::FxHashMap as HashMap;
use std::sync::OnceLock;

use crate::lexicon::word_set as list;

list!(
    /// Finite speech verbs, lower-case ("said", "told", "tweeted").
    speech_verbs, "data/lexicon/speech-verbs.txt");
list!(
    /// Base forms of speech verbs ("argue", "write"), verbs only after a subject.
    speech_verbs_base, "data/lexicon/speech-verbs-base.txt");
list!(
    /// -ing forms of speech verbs ("adding", "saying").
    speech_participles, "data/lexicon/speech-participles.txt");
list!(
    /// Words before a quote that make it a name or term ("so-called", "dubbed").
    name_cues, "data/lexicon/quote-name-cues.txt");
list!(
    /// Adverbs and auxiliaries between a speaker and the verb ("later", "has").
    skip_words, "data/lexicon/attribution-skip.txt");
list!(
    /// Clause words and prepositions that end a speaker phrase ("that", "in").
    stop_words, "data/lexicon/attribution-stops.txt");

list!(
    /// Words that open a subordinate clause ("after", "when").
    subordinators, "data/lexicon/subordinators.txt");
list!(
    /// Determiners and possessives that open a noun phrase ("the", "a", "his").
    determiners, "data/lexicon/determiners.txt");
list!(
    /// Prepositions that open a phrase between a speaker and the verb ("at the time").
    prepositions, "data/lexicon/prepositions.txt");

/// What a speaker pronoun refers to.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum PronounKind {
    /// he, she, I: the most recent person.
    Person,
    /// they, we: the most recent organisation, else person.
    Group,
}

/// Speaker pronouns (lower-case) and what they refer to, from `speaker-pronouns.txt`.
pub fn pronouns() -> &'static HashMap<&'static str, PronounKind> {
    static MAP: OnceLock<HashMap<&'static str, PronounKind>> = OnceLock::new();
    MAP.get_or_init(|| {
        include_str!(concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/data/lexicon/speaker-pronouns.txt"
        ))
        .lines()
        .filter(|l| !l.trim().is_empty() && !l.starts_with('#'))
        .filter_map(|l| {
            let (word, kind) = l.trim().split_once(' ')?;
            let kind = match kind.trim() {
                "group" => PronounKind::Group,
                _ => PronounKind::Person,
            };
            Some((word, kind))
        })
        .collect()
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lists_load() {
        assert!(speech_verbs().contains("said") && !speech_verbs().contains("#"));
        assert!(speech_participles().contains("adding"));
        assert!(name_cues().contains("so-called"));
        assert!(skip_words().contains("later") && stop_words().contains("that"));
        assert!(subordinators().contains("after") && !subordinators().contains("#"));
        assert_eq!(pronouns().get("she"), Some(&PronounKind::Person));
        assert_eq!(pronouns().get("they"), Some(&PronounKind::Group));
        assert_eq!(pronouns().get("it"), Some(&PronounKind::Group));
    }
}
