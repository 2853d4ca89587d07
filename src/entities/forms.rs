//! Written forms of modern news that the 1996 training text does not have, read after tagging:
//! stock listings ("(Nasdaq: MU)"), lines of game results ("Gonzaga 71, Houston 66"),
//! hashtags, county and city offices ("Boulder County Sheriff’s Office"), numbered federal
//! circuits ("7th U.S. Circuit Court of Appeals"), named wildfires ("Sunshine Canyon Fire"),
//! indices and union locals.
//! Each rule looks at the mentions or at a few bytes it can find fast (a colon, a line start),
//! so that text without these forms costs next to nothing.

use super::consistency::Mention;
use super::features::{self, fact, gaz, DocInfo};
use super::{Label, KNOWN_NAME_SCORE};
use crate::text::{Doc, TokenKind};

/// Stock exchanges that name a listing before a colon and a ticker.
const EXCHANGES: &[&str] = &[
    "Nasdaq", "NASDAQ", "NYSE", "TSX", "TSXV", "LSE", "ASX", "OTC", "OTCQX", "OTCQB", "Cboe",
];

/// Longest ticker, in bytes ("BRK.B", "GOOGL").
const MAX_TICKER: usize = 6;

/// The rules of this module that run after the others, in order. `keywords` are
/// [`DocInfo::keywords`], `line_starts` [`Doc::line_starts`]'.
pub fn apply(
    doc: &Doc,
    info: &DocInfo,
    keywords: &[usize],
    line_starts: &[usize],
    found: &mut Vec<Mention>,
) {
    listings(doc, keywords, found);
    bylines(doc, info, line_starts, found);
    result_lines(doc, info, line_starts, found);
    standings(doc, info, line_starts, found);
    hashtags(doc, keywords, found);
    offices(doc, found);
    circuits(doc, found);
    wildfires(doc, info, found);
    indices(doc, found);
    union_locals(doc, found);
    // The numbers' tokens, which few are, for the names numbered.
    let numbers: Vec<usize> = (0..doc.tokens.len())
        .filter(|&k| doc.tokens[k].kind == TokenKind::Number)
        .collect();
    ballot_measures(doc, info, &numbers, found);
    districts(doc, &numbers, found);
    court_cases(doc, info, keywords, found);
    laws(doc, info, found);
    described_organisations(doc, info, found);
    chamber_parties(doc, info, found);
    nicknames(doc, found);
    local_titles(doc, found);
    places_before_titles(doc, info, found);
    towns_after_from(doc, info, found);
    parties(doc, found);
    branches(doc, found);
    people_by_surname(doc, info, found);
    sources(doc, info, found);
    country_abbreviations(doc, found);
    places_of_worship(doc, found);
    towns_before_states(doc, info, found);
    saints(doc, found);
    call_signs(doc, info, found);
    chapters(doc, info, found);
    credits(doc, info, found);
    company_suffixes(doc, found);
    team_nicknames(doc, info, found);
    places_after_in(doc, info, found);
    towns_not_teams(doc, info, found);
    outlets_named_like_people(doc, info, found);
    newspapers(doc, info, found);
    party_chambers(doc, found);
    // After `people_by_surname`, which splits "Sen. Rand Paul of Kentucky" found whole.
    titled_people(doc, info, found);
}

/// Replaces the mentions that overlap any of `names` (first token, end token, label) with them.
fn put(found: &mut Vec<Mention>, names: &[(usize, usize, Label)]) {
    if names.is_empty() {
        return;
    }
    found.retain(|m| !names.iter().any(|&(a, b, _)| m.first < b && m.end > a));
    found.extend(names.iter().map(|&(first, end, label)| Mention {
        first,
        end,
        label,
        score: KNOWN_NAME_SCORE,
    }));
    found.sort_by_key(|m| m.first);
}

/// A listing in parentheses, "(Nasdaq: MU)" or "(NYSE: F)": the exchange and the ticker are
/// organisations (the exchange alone, "the Nasdaq", stays as the tagger and the index list
/// have it, as CoNLL-2003 writes the index). `keywords` hold the colons
/// ([`DocInfo::keywords`]).
pub fn listings(doc: &Doc, keywords: &[usize], found: &mut Vec<Mention>) {
    let mut names = Vec::new();
    for &c in keywords {
        if c < 2 || c + 3 > doc.tokens.len() || doc.token_text(c) != ":" {
            continue;
        }
        let (exchange, ticker) = (c - 1, c + 1);
        let is_ticker = |t: &str| {
            (1..=MAX_TICKER).contains(&t.len())
                && t.bytes().all(|b| b.is_ascii_uppercase() || b == b'.')
        };
        if doc.token_text(exchange - 1) == "("
            && EXCHANGES.contains(&doc.token_text(exchange))
            && doc.tokens[ticker].kind == TokenKind::Word
            && is_ticker(doc.token_text(ticker))
            && doc.token_text(ticker + 1) == ")"
        {
            names.push((exchange, exchange + 1, Label::Org));
            names.push((ticker, ticker + 1, Label::Org));
        }
    }
    put(found, &names);
}

/// Longest team name in a line of results, in tokens ("Oklahoma City Thunder").
const MAX_TEAM_TOKENS: usize = 4;

/// A line of results, "Gonzaga 71, Houston 66" or "Kings 118, Suns 115 (OT)": both names are
/// teams, organisations, unless a country's (CoNLL-2003 writes national teams as places) or
/// both people's.
/// `starts` are the document's line starts ([`Doc::line_starts`]).
pub fn result_lines(doc: &Doc, info: &DocInfo, starts: &[usize], found: &mut Vec<Mention>) {
    let n = doc.tokens.len();
    let capitalised = |k: usize| k < n && info.toks[k].is_word && info.toks[k].casing.init_cap;
    let number = |k: usize| k < n && doc.tokens[k].kind == TokenKind::Number;
    // The team's tokens from `k`, when a number on the same line (ending at token
    // `line_end`) follows them: (end of the name).
    let team = |k: usize, line_end: usize| {
        let end = (k..line_end.min(k + MAX_TEAM_TOKENS + 1))
            .find(|&j| !capitalised(j))
            .unwrap_or(line_end);
        (end > k && end - k <= MAX_TEAM_TOKENS && end < line_end && number(end)).then_some(end)
    };
    let mut names = Vec::new();
    let mut notes = Vec::new();
    for (i, &start) in starts.iter().enumerate() {
        let line_end = starts.get(i + 1).copied().unwrap_or(n);
        let Some(a_end) = team(start, line_end) else {
            continue;
        };
        let b = a_end + 2;
        if b >= line_end || doc.token_text(a_end + 1) != "," {
            continue;
        }
        let Some(b_end) = team(b, line_end) else {
            continue;
        };
        // The line ends after the second score, or with a note in parentheses ("(OT)") or
        // after a comma ("Washington 74, Oregon 71, OT").
        let rest = b_end + 1;
        let note_after_comma = rest + 2 == line_end
            && doc.token_text(rest) == ","
            && doc.token_text(rest + 1).len() <= 3
            && doc.token_text(rest + 1).ends_with(['T', 'O']);
        if !(rest == line_end
            || doc.token_text(rest) == "(" && doc.token_text(line_end - 1) == ")"
            || note_after_comma)
        {
            continue;
        }
        // Two people ("Shah 2, Decker 1" in a chess round) are players, not teams.
        let person = |first: usize, end: usize| {
            found
                .iter()
                .any(|m| m.first == first && m.end == end && m.label == Label::Per)
        };
        if person(start, a_end) && person(b, b_end) {
            continue;
        }
        // "(OT)", "(SO)": a note on the game, no name.
        if rest < line_end {
            notes.push(rest..line_end);
        }
        for (first, end) in [(start, a_end), (b, b_end)] {
            let name = &doc.text[super::tagger::token_span(doc, first, end)];
            let label = if crate::lexicon::countries().contains(name) {
                Label::Loc
            } else {
                Label::Org
            };
            names.push((first, end, label));
        }
    }
    found.retain(|m| !notes.iter().any(|r| r.contains(&m.first)));
    put(found, &names);
}

/// A mention written as a hashtag run together from several words or with digits
/// ("#BoulderFire", "#KTPStrong", "#Election2016") is no name: the tag is a slogan, not the
/// thing named.
pub fn hashtags(doc: &Doc, keywords: &[usize], found: &mut Vec<Mention>) {
    // A lower-case letter then a capital ("BoulderFire"), or capitals then a word
    // ("KTPStrong").
    let run_together = |s: &str| {
        let b = s.as_bytes();
        b.iter().any(u8::is_ascii_digit)
            || b.windows(2)
                .any(|w| w[0].is_ascii_lowercase() && w[1].is_ascii_uppercase())
            || b.windows(3).skip(1).any(|w| {
                w[0].is_ascii_uppercase() && w[1].is_ascii_uppercase() && w[2].is_ascii_lowercase()
            })
    };
    // The words right after a "#" (`keywords` hold them, [`DocInfo::keywords`]).
    let tags: Vec<usize> = keywords
        .iter()
        .filter(|&&h| {
            h + 1 < doc.tokens.len()
                && doc.token_text(h) == "#"
                && doc.tokens[h].span.end == doc.tokens[h + 1].span.start
                && run_together(doc.token_text(h + 1))
        })
        .map(|&h| h + 1)
        .collect();
    if !tags.is_empty() {
        found.retain(|m| !(m.end == m.first + 1 && tags.contains(&m.first)));
    }
}

/// Officers whose office is an organisation: "Sheriff’s Office", "District Attorney’s Office".
const OFFICERS: &[&str] = &[
    "Sheriff",
    "Attorney",
    "Prosecutor",
    "Marshal",
    "Coroner",
    "Examiner",
    "Assessor",
    "Recorder",
    "Clerk",
    "Treasurer",
    "Comptroller",
    "Controller",
    "Auditor",
    "Commissioner",
];

/// A place's officer's office is one organisation: "Boulder County Sheriff’s Office",
/// "Manhattan District Attorney’s Office", where the tagger found the place alone.
pub fn offices(doc: &Doc, found: &mut Vec<Mention>) {
    let n = doc.tokens.len();
    let text = |k: usize| if k < n { doc.token_text(k) } else { "" };
    let mut names = Vec::new();
    for m in found.iter() {
        if !matches!(m.label, Label::Loc | Label::Org) {
            continue;
        }
        // Up to two words of the officer's title ("District Attorney"), its ’s, the office.
        let Some(s) = (m.end..n.min(m.end + 3)).find(|&k| matches!(text(k), "’s" | "'s")) else {
            continue;
        };
        let title = (m.end..s).all(|k| text(k).starts_with(char::is_uppercase));
        if s > m.end
            && title
            && OFFICERS.contains(&text(s - 1))
            && matches!(text(s + 1), "Office" | "Department")
        {
            names.push((m.first, s + 2, Label::Org));
        }
    }
    put(found, &names);
}

/// The ordinal of a federal circuit is part of its court's name: "the 7th U.S. Circuit Court
/// of Appeals", "the 9th Circuit".
pub fn circuits(doc: &Doc, found: &mut [Mention]) {
    let ordinal = |t: &str| {
        let digits = t.trim_end_matches(|c: char| c.is_ascii_alphabetic());
        !digits.is_empty()
            && digits.len() <= 2
            && digits.bytes().all(|b| b.is_ascii_digit())
            && matches!(&t[digits.len()..], "st" | "nd" | "rd" | "th")
    };
    for k in 0..found.len() {
        let m = found[k];
        if m.label != Label::Org || m.first == 0 {
            continue;
        }
        let circuit = match doc.token_text(m.first) {
            "Circuit" => true,
            "U.S." => m.end > m.first + 1 && doc.token_text(m.first + 1) == "Circuit",
            _ => false,
        };
        let free = k == 0 || found[k - 1].end < m.first;
        if circuit && free && ordinal(doc.token_text(m.first - 1)) {
            found[k].first -= 1;
        }
    }
}

/// Words after "Fire" that make it a fire service, not a fire's name ("Fire Department").
const FIRE_SERVICES: &[&str] = &[
    "Department",
    "Dept.",
    "Station",
    "Chief",
    "District",
    "Rescue",
    "Protection",
    "Authority",
    "Service",
    "Marshal",
];

/// A named wildfire, "Sunshine Canyon Fire", "Palisades Fire", is a name of an event (MISC),
/// like a named storm, where the tagger made it a place or an organisation. Not in a sports
/// report, where "Chicago Fire" is a team.
pub fn wildfires(doc: &Doc, info: &DocInfo, found: &mut [Mention]) {
    if info.sport {
        return;
    }
    let n = doc.tokens.len();
    for m in found.iter_mut() {
        if m.label == Label::Per || m.end - m.first < 2 || doc.token_text(m.end - 1) != "Fire" {
            continue;
        }
        // "Cal Fire", California's fire service, is listed.
        let service = m.end < n && FIRE_SERVICES.contains(&doc.token_text(m.end))
            || crate::lexicon::organisations()
                .contains(&doc.text[super::tagger::token_span(doc, m.first, m.end)]);
        let goes_on = m.end < n
            && doc.tokens[m.end].kind == TokenKind::Word
            && doc.token_text(m.end).starts_with(char::is_uppercase);
        if !service && !goes_on {
            m.label = Label::Misc;
        }
    }
}

/// A name ending in "Index" is an index, MISC as CoNLL-2003 writes "Producer Prices Index"
/// and the list of indices has it, where the tagger made "Philadelphia Semiconductor Index"
/// an organisation or a place.
pub fn indices(doc: &Doc, found: &mut [Mention]) {
    for m in found.iter_mut() {
        if matches!(m.label, Label::Org | Label::Loc)
            && m.end - m.first >= 2
            && doc.token_text(m.end - 1) == "Index"
        {
            m.label = Label::Misc;
        }
    }
}

/// A union's local or council is named with its number: "UAW Local 862", "Teamsters Local
/// 2010", "AFSCME Council 32".
pub fn union_locals(doc: &Doc, found: &mut [Mention]) {
    let n = doc.tokens.len();
    for k in 0..found.len() {
        let m = found[k];
        let number = m.end < n && doc.tokens[m.end].kind == TokenKind::Number;
        let free = found.get(k + 1).map_or(true, |next| next.first > m.end);
        let unit = matches!(doc.token_text(m.end - 1), "Local" | "Council");
        if matches!(m.label, Label::Org | Label::Misc) && number && free && unit {
            found[k].end += 1;
            found[k].label = Label::Org;
        }
        // Found with its number already: "IBEW Local 46" (MISC).
        let numbered = m.end - m.first >= 3
            && doc.tokens[m.end - 1].kind == TokenKind::Number
            && matches!(doc.token_text(m.end - 2), "Local" | "Council");
        if m.label == Label::Misc && numbered {
            found[k].label = Label::Org;
        }
    }
}

/// Bylines: a line "By Jane Doe and John Roe" names people, and what follows a bar or a comma
/// on it ("By Jane Doe | Tolliver County Ledger", "By Jane Doe, The Atlanta
/// Journal-Constitution") or, under a byline with none, a short line of capitalised words
/// alone ("Associated Press", "Sacramento Bee") is the outlet. CoNLL-2003 has no bylines,
/// and the tagger read these lines as one name or as places.
pub fn bylines(doc: &Doc, info: &DocInfo, line_starts: &[usize], found: &mut Vec<Mention>) {
    let n = doc.tokens.len();
    let capital = |k: usize| info.toks[k].is_word && info.toks[k].casing.init_cap;
    let mut names = Vec::new();
    for (l, &start) in line_starts.iter().enumerate() {
        let end = line_starts.get(l + 1).copied().unwrap_or(n);
        if doc.token_text(start) != "By"
            || end - start < 3
            || end - start > 16
            || !capital(start + 1)
        {
            continue;
        }
        // Pieces between separators; after a bar or a comma, outlets (a piece that opens
        // with a given name after a comma is one more person).
        let mut outlet = false;
        let mut has_outlet = false;
        let mut first = start + 1;
        let mut pieces = Vec::new();
        for k in start + 1..=end {
            let sep = if k == end {
                Some(false)
            } else {
                match doc.token_text(k) {
                    "and" => Some(false),
                    "," => Some(true),
                    "|" => Some(true),
                    _ => None,
                }
            };
            let Some(to_outlet) = sep else { continue };
            if k > first {
                pieces.push((first, k, outlet));
                has_outlet |= outlet;
            }
            outlet |= to_outlet && doc.token_text(k) == "|";
            if to_outlet && doc.token_text(k) == "," {
                outlet = k + 1 < end && info.toks[k + 1].gaz & gaz::FIRST == 0;
            }
            first = k + 1;
        }
        // Every piece must be capitalised words ("By the end of the day" is no byline).
        let words = |a: usize, b: usize| {
            (a..b).all(|k| capital(k) || matches!(doc.token_text(k), "of" | "the" | "-" | "."))
        };
        if pieces.is_empty() || !pieces.iter().all(|&(a, b, _)| words(a, b)) {
            continue;
        }
        for &(a, b, is_outlet) in &pieces {
            let a = if is_outlet && doc.token_text(a) == "The" && b - a > 1 {
                a + 1
            } else {
                a
            };
            names.push((a, b, if is_outlet { Label::Org } else { Label::Per }));
        }
        // The outlet on a line of its own under the byline.
        let next_end = line_starts.get(l + 2).copied().unwrap_or(n);
        if !has_outlet && end < n && next_end - end <= 5 && words(end, next_end) {
            names.push((end, next_end, Label::Org));
        }
    }
    put(found, &names);
}

/// Local officials' titles of US news that the title list lacks ("Assemblymember Carl
/// DeMaio"): kept out of the person's name like a listed title ([`local_titles`]). Not added
/// to `titles.txt`, whose words are features the model was trained with.
const LOCAL_TITLES: &[&str] = &[
    "Assemblymember",
    "Assemblyman",
    "Assemblywoman",
    "Councilmember",
    "Councilman",
    "Councilwoman",
    "Alderman",
    "Alderwoman",
    "Alderperson",
    "Supervisor",
    "Sheriff",
];

/// A person's mention opening with a local official's title loses it and is a person.
pub fn local_titles(doc: &Doc, found: &mut [Mention]) {
    for m in found.iter_mut() {
        if m.end - m.first >= 2 && LOCAL_TITLES.contains(&doc.token_text(m.first)) {
            m.first += 1;
            m.label = Label::Per;
        }
    }
}

/// A county or city named before an official's title is the place: "Milwaukee County
/// Executive David Crowley", "Cook County Sheriff Tom Dart", "Flint Mayor Karen Weaver" (the
/// tagger made "Milwaukee County" an organisation and "Flint" a person from the title after
/// it).
pub fn places_before_titles(doc: &Doc, info: &DocInfo, found: &mut [Mention]) {
    let n = doc.tokens.len();
    for m in found.iter_mut() {
        if !matches!(m.label, Label::Org | Label::Per) || m.end == n {
            continue;
        }
        let place_word = m.label == Label::Org
            && m.end - m.first >= 2
            && matches!(doc.token_text(m.end - 1), "County" | "City" | "Parish");
        // Or a town the gazetteer has, outside sports reports (where "Lazio coach" is the
        // team): "Flint Mayor Karen Weaver".
        let town = !info.sport
            && m.end - m.first == 1
            && info.toks[m.first].gaz & gaz::PLACE != 0
            && !crate::lexicon::organisations().contains(doc.token_text(m.first));
        let title_after = info.toks[m.end].gaz & gaz::TITLE != 0
            && info.toks[m.end].casing.init_cap
            || LOCAL_TITLES.contains(&doc.token_text(m.end));
        if (place_word || town) && title_after {
            m.label = Label::Loc;
        }
    }
}

/// Words for people before "from" and their town: "a state senator from Royal Oak", "a
/// Democrat from Round Rock".
const PEOPLE_FROM: &[&str] = &[
    "Democrat",
    "Republican",
    "Independent",
    "senator",
    "lawmaker",
    "legislator",
    "representative",
    "congressman",
    "congresswoman",
    "resident",
    "native",
    "teacher",
    "voter",
    "businessman",
    "businesswoman",
    "candidate",
];

/// A name the tagger took for a person or an organisation after such a word and "from" is the
/// town (LOC), unless a possessive or a capitalised word follows.
pub fn towns_after_from(doc: &Doc, info: &DocInfo, found: &mut [Mention]) {
    let n = doc.tokens.len();
    for m in found.iter_mut() {
        if !matches!(m.label, Label::Per | Label::Org) || m.first < 2 || m.end - m.first > 3 {
            continue;
        }
        let after_from = doc.token_text(m.first - 1) == "from"
            && PEOPLE_FROM.contains(&doc.token_text(m.first - 2));
        let more = m.end < n
            && (matches!(doc.token_text(m.end), "’s" | "'s" | "’")
                || info.toks[m.end].is_word && info.toks[m.end].casing.init_cap);
        if after_from && !more && !crate::lexicon::organisations().contains(doc.token_text(m.first))
        {
            m.label = Label::Loc;
        }
    }
}

/// A name before a lower-case "party" is the party (ORG): "Peter Magyar’s Tisza party" (the
/// tagger made the river's name a place), and so are that name's other mentions labelled as
/// the one before "party" was.
pub fn parties(doc: &Doc, found: &mut [Mention]) {
    let n = doc.tokens.len();
    let mut renamed: Vec<(&str, Label)> = Vec::new();
    for m in found.iter_mut() {
        // One word, after a possessive or an article: "Magyar’s Tisza party", "the Likud
        // party" (not "a White House party").
        let owned = m.first > 0
            && matches!(
                doc.token_text(m.first - 1),
                "’s" | "'s" | "the" | "his" | "her" | "their" | "its"
            );
        if m.end < n
            && m.end == m.first + 1
            && owned
            && doc.token_text(m.end) == "party"
            && matches!(m.label, Label::Loc | Label::Per)
        {
            renamed.push((
                &doc.text[super::tagger::token_span(doc, m.first, m.end)],
                m.label,
            ));
            m.label = Label::Org;
        }
    }
    if renamed.is_empty() {
        return;
    }
    for m in found.iter_mut() {
        let text = &doc.text[super::tagger::token_span(doc, m.first, m.end)];
        if renamed
            .iter()
            .any(|&(t, label)| t == text && m.label == label)
        {
            m.label = Label::Org;
        }
    }
}

/// A state before a listed organisation is its branch, one organisation: "the Wisconsin
/// AFL-CIO", "the Texas GOP", whether the tagger found the two as one place or other name
/// (not a person: "Paris Hilton") or as two names side by side.
pub fn branches(doc: &Doc, found: &mut Vec<Mention>) {
    let text = |a: usize, b: usize| &doc.text[super::tagger::token_span(doc, a, b)];
    let listed = |a: usize, b: usize| crate::lexicon::organisations().contains(text(a, b));
    let mut names = Vec::new();
    for (j, m) in found.iter().enumerate() {
        let candidate = matches!(m.label, Label::Loc | Label::Misc)
            && (m.end - m.first >= 2 || found.get(j + 1).is_some_and(|o| o.first == m.end));
        if !candidate || !US_STATES.contains(&doc.token_text(m.first)) {
            continue;
        }
        let whole = m.end - m.first >= 2 && listed(m.first + 1, m.end);
        if whole {
            names.push((m.first, m.end, Label::Org));
            continue;
        }
        // The state alone, then the organisation after one space.
        let next = found.get(j + 1).filter(|o| {
            m.label == Label::Loc
                && o.first == m.end
                && doc.tokens[o.first].span.start == doc.tokens[m.end - 1].span.end + 1
                && listed(o.first, o.end)
        });
        if let Some(o) = next {
            names.push((m.first, o.end, Label::Org));
        }
    }
    put(found, &names);
}

/// Court cases are one MISC, as a law is: "Roe v. Wade", "Louisiana v. Callais", "Brown v.
/// Board of Education" (the tagger found the parties, "Roe" and "Wade" as people). Only with
/// the dot: CoNLL-2003's fixtures "Reading v Stoke" are two teams. (Wikigold splits the two
/// cases it has into their parties.)
pub fn court_cases(doc: &Doc, info: &DocInfo, keywords: &[usize], found: &mut Vec<Mention>) {
    let n = doc.tokens.len();
    let capital = |k: usize| k < n && info.toks[k].is_word && info.toks[k].casing.init_cap;
    let mut names = Vec::new();
    for &k in keywords.iter().filter(|&&k| k > 0) {
        let (v, after) = match doc.token_text(k) {
            "v." => (k, k + 1),
            "v" if k + 1 < n && doc.token_text(k + 1) == "." => (k, k + 2),
            _ => continue,
        };
        if !capital(v - 1) || !capital(after) {
            continue;
        }
        // Not a sentence's first word: "In Fisher v. University of Texas".
        let party = |k: usize| capital(k) && info.toks[k].gaz & gaz::FUNCTION == 0;
        let mut first = v - 1;
        while first > 0 && v - first < 3 && party(first - 1) {
            first -= 1;
        }
        let mut end = after + 1;
        while end < n && end - after < 6 {
            if capital(end) {
                end += 1;
            } else if matches!(doc.token_text(end), "of" | "the" | "for") && capital(end + 1) {
                end += 2;
            } else {
                break;
            }
        }
        names.push((first, end, Label::Misc));
    }
    put(found, &names);
}

/// Last words of laws and treaties: "Affordable Care Act", "Paris Agreement", "Treaty of
/// Rome" aside ([`laws`]).
const LAW_WORDS: &[&str] = &[
    "Act",
    "Agreement",
    "Treaty",
    "Accord",
    "Accords",
    "Pact",
    "Protocol",
];

/// A name of two words or more ending in a law's or treaty's word is MISC, as CoNLL-2003
/// writes its acts and treaties ("North American Free Trade Agreement" was ORG, "Voting
/// Rights Act" ORG or a place).
pub fn laws(doc: &Doc, info: &DocInfo, found: &mut [Mention]) {
    // Not in business reports, where a company may bear the name ("Penn Treaty").
    if info.business {
        return;
    }
    for m in found.iter_mut() {
        if m.label != Label::Misc
            && m.end - m.first >= 2
            && LAW_WORDS.contains(&doc.token_text(m.end - 1))
        {
            m.label = Label::Misc;
        }
    }
}

/// Nouns for organisations in an appositive that describes a name ("X, a political
/// committee funded by …"), and the words that may follow such a noun there.
const ORGANISATION_NOUNS: &[&str] = &[
    "group",
    "committee",
    "PAC",
    "organization",
    "organisation",
    "nonprofit",
    "non-profit",
    "firm",
    "company",
    "coalition",
    "union",
    "association",
    "agency",
    "institute",
    "foundation",
    "party",
    "startup",
    "website",
    "newspaper",
    "outlet",
    "bank",
    "fund",
    "charity",
    "caucus",
    "alliance",
    "lobby",
    "network",
    "chain",
    "tank",
    "consultancy",
];
const AFTER_ORGANISATION_NOUN: &[&str] = &[
    "that",
    "which",
    "founded",
    "funded",
    "backed",
    "based",
    "aligned",
    "supporting",
    "opposing",
    "formed",
    "created",
    "led",
    "run",
    "with",
    "of",
    "in",
    "for",
    "dedicated",
    "devoted",
    "focused",
    "seeking",
    "working",
    "representing",
    "behind",
    "whose",
];

/// A name that an appositive describes as an organisation is one: "Better Port Alder, a
/// political committee funded largely by …", "Latino Decisions, a public opinion research
/// group.", "Crowdpac, a political crowdfunding website," (the tagger made such names of
/// common words places, people or other names). The appositive is "a" or "an" (or "the",
/// when a describing word follows the noun: "the group behind …"), up to three words that are
/// no function words, the noun, then punctuation or a word that goes on describing it
/// ("that", "funded", "of" …). Not after a sentence's opening preposition ("In
/// New Hampshire, a different group of candidates"), nor a people ("Oromos, a minority
/// group"), a known place, or the end of a longer name the tagger cut.
pub fn described_organisations(doc: &Doc, info: &DocInfo, found: &mut [Mention]) {
    let n = doc.tokens.len();
    let text = |k: usize| if k < n { doc.token_text(k) } else { "" };
    for m in found.iter_mut() {
        let article = text(m.end + 1);
        if m.label == Label::Org || text(m.end) != "," || !matches!(article, "a" | "an" | "the") {
            continue;
        }
        let opening_preposition = m.first > 0
            && info.toks[m.first - 1].gaz & gaz::FUNCTION != 0
            && info.toks[m.first - 1].casing.init_cap;
        // A known place is the place, as is a town ("the city of Turnhout, a group of boy
        // scouts …"), and a name after a capitalised word goes on to the left ("Working
        // America", "Alternative for Germany"), which the tagger cut.
        let known_place = m.label == Label::Loc
            && (m.first..m.end).all(|k| info.toks[k].gaz & (gaz::PLACE | gaz::PLACE_B) != 0);
        let cut_short = m.first > 0
            && (info.toks[m.first - 1].casing.init_cap && info.toks[m.first - 1].is_word
                || matches!(text(m.first - 1), "for" | "of")
                    && m.first > 1
                    && info.toks[m.first - 2].casing.init_cap);
        let town_of = m.first > 1
            && text(m.first - 1) == "of"
            && matches!(
                text(m.first - 2),
                "city" | "town" | "village" | "county" | "province"
            );
        if opening_preposition || known_place || cut_short || town_of {
            continue;
        }
        let mut k = m.end + 2;
        while k < n && k - (m.end + 2) < 4 && !ORGANISATION_NOUNS.contains(&text(k)) {
            let modifier = info.toks[k].is_word
                && !info.toks[k].casing.init_cap
                && info.toks[k].gaz & gaz::FUNCTION == 0
                && !matches!(text(k), "minority" | "ethnic" | "religious" | "tribal");
            if !modifier {
                break;
            }
            k += 1;
        }
        let noun = ORGANISATION_NOUNS.contains(&text(k)) && k - (m.end + 2) <= 3;
        let next = text(k + 1);
        // After "the", only a word that goes on describing it: "X, the group behind the
        // referendum" (not "Sanders, the campaign has …", "X, the group's director").
        let described = if article == "the" {
            AFTER_ORGANISATION_NOUN.contains(&next) && !matches!(next, "of" | "in" | "for" | "with")
        } else {
            matches!(next, "," | "." | ";" | ")") || AFTER_ORGANISATION_NOUN.contains(&next)
        };
        if noun && described {
            m.label = Label::Org;
        }
    }
}

/// A name right after an abbreviated title is a person ("Sen. Rand Paul", which the tagger
/// made a place, "Gov. Alf Landon"), whatever the tagger said; not after a place's
/// abbreviation ("St. Louis", "Mt. Hood", "Ft. Worth") or a suffix.
pub fn titled_people(doc: &Doc, info: &DocInfo, found: &mut [Mention]) {
    for m in found.iter_mut() {
        if m.label == Label::Per || m.first == 0 {
            continue;
        }
        let title = doc.token_text(m.first - 1);
        let abbreviated = title.ends_with('.')
            && info.toks[m.first - 1].gaz & gaz::TITLE != 0
            && !matches!(
                title.to_ascii_lowercase().as_str(),
                "st." | "mt." | "ft." | "jr." | "sr."
            );
        if abbreviated {
            m.label = Label::Per;
        }
    }
}

/// Words that name a ballot measure with its number: "Proposition 50", "Prop. 3",
/// "Amendment 3", "Measure 110".
const BALLOT_MEASURES: &[&str] = &[
    "Proposition",
    "Prop.",
    "Proposal",
    "Amendment",
    "Measure",
    "Initiative",
];

/// Ballot measures with their number are one MISC, like a law ("voters approved Proposition
/// 50"; the tagger found the word alone, or "Prop" as a person); so is a state's "Question 6"
/// after its possessive ("Nevada’s Question 6").
pub fn ballot_measures(doc: &Doc, info: &DocInfo, numbers: &[usize], found: &mut Vec<Mention>) {
    let mut names = Vec::new();
    for k in numbers.iter().filter(|&&k| k > 0).map(|&k| k - 1) {
        let word = doc.token_text(k);
        let question = word == "Question" && k > 0 && matches!(doc.token_text(k - 1), "’s" | "'s");
        if BALLOT_MEASURES.contains(&word) || question {
            // With its state before it: "California Proposition 215".
            let state = k > 0 && info.toks[k - 1].gaz & gaz::PLACE != 0 && info.toks[k - 1].is_word;
            names.push((k - usize::from(state && !question), k + 2, Label::Misc));
        }
    }
    put(found, &names);
}

/// Election districts are places: "the 5th Congressional District", "Ward 2", "District 7"
/// (an ordinal, maybe "Congressional" or "Legislative", and "District"; or "Ward",
/// "District" or "Precinct" and a number).
pub fn districts(doc: &Doc, numbers: &[usize], found: &mut Vec<Mention>) {
    let n = doc.tokens.len();
    let text = |k: usize| if k < n { doc.token_text(k) } else { "" };
    let mut names = Vec::new();
    for &k in numbers {
        let number = doc.token_text(k);
        if ["st", "nd", "rd", "th"].iter().any(|s| number.ends_with(s)) {
            let district = match text(k + 1) {
                "District" => Some(k + 2),
                "Congressional" | "Legislative" if text(k + 2) == "District" => Some(k + 3),
                _ => None,
            };
            if let Some(end) = district {
                names.push((k, end, Label::Loc));
            }
        } else if k > 0
            && matches!(text(k - 1), "Ward" | "District" | "Precinct")
            && !names.last().is_some_and(|&(_, end, _)| end > k - 1)
        {
            names.push((k - 1, k + 1, Label::Loc));
        }
    }
    put(found, &names);
}

/// A chamber or a place run together with a party's plural: "Senate Democrats", "Texas
/// Republicans" are the chamber (ORG) or the place (LOC) and the party's members (MISC), as
/// "Democrats" alone is; the tagger made them one organisation.
pub fn chamber_parties(doc: &Doc, info: &DocInfo, found: &mut Vec<Mention>) {
    let mut names = Vec::new();
    for m in found.iter() {
        if m.end - m.first != 2 || m.label == Label::Per {
            continue;
        }
        let party = matches!(
            doc.token_text(m.first + 1),
            "Democrats" | "Republicans" | "Democrat" | "Republican"
        );
        let first = doc.token_text(m.first);
        let label = match first {
            "Senate" | "House" | "Assembly" => Label::Org,
            _ if info.toks[m.first].gaz & gaz::PLACE != 0 => Label::Loc,
            _ => continue,
        };
        if party {
            names.push((m.first, m.first + 1, label));
            names.push((m.first + 1, m.end, Label::Misc));
        }
    }
    put(found, &names);
}

/// A nickname in quotes inside a person's name is part of it: "Charles “Chip” Ledbetter" is
/// one person, which the tagger found as two around the quotes.
pub fn nicknames(doc: &Doc, found: &mut Vec<Mention>) {
    let n = doc.tokens.len();
    let mut names = Vec::new();
    for (j, m) in found.iter().enumerate() {
        let k = m.end;
        if m.label != Label::Per || k + 3 >= n {
            continue;
        }
        let quoted = matches!(doc.token_text(k), "“" | "\"" | "‘")
            && doc.token_text(k + 1).starts_with(char::is_uppercase)
            && doc.tokens[k + 1].kind == TokenKind::Word
            && matches!(doc.token_text(k + 2), "”" | "\"" | "’");
        // The surname: the next mention, past one of the nickname itself.
        let surname = found[j + 1..]
            .iter()
            .take(2)
            .find(|o| o.first == k + 3 && o.label == Label::Per);
        if let (true, Some(o)) = (quoted, surname) {
            names.push((m.first, o.end, Label::Per));
        }
    }
    put(found, &names);
}

/// A given name and a listed person's surname are a person ("Vladimir Putin", which the tagger
/// once made an organisation); so is a person's name before "of" and a place, which is the
/// place ("JB Pritzker of Illinois" found whole as an organisation).
pub fn people_by_surname(doc: &Doc, info: &DocInfo, found: &mut Vec<Mention>) {
    let people = crate::lexicon::people();
    let surname =
        |k: usize| info.toks[k].gaz & gaz::SURNAME != 0 || people.contains(doc.token_text(k));
    let mut cuts = Vec::new();
    for m in found.iter_mut() {
        if m.label == Label::Per || m.end - m.first < 2 {
            continue;
        }
        let first_name = info.toks[m.first].gaz & gaz::FIRST != 0;
        // A given name the gazetteer lacks ("Ivanka Trump") is a rare capitalised word that
        // is no place, nationality, title or organisation's word.
        let rare_name = |k: usize| {
            let t = &info.toks[k];
            let other = gaz::ORG_WORD | gaz::PLACE | gaz::PLACE_B | gaz::DEMONYM | gaz::TITLE;
            let plural_title = || {
                let word = doc.token_text(k);
                word.strip_suffix('s')
                    .is_some_and(|w| crate::lexicon::titles().contains(w))
            };
            t.is_word
                && t.casing.init_cap
                && t.common == features::Common::NONE
                && t.gaz & other == 0
                && !plural_title()
        };
        let given = first_name || m.end - m.first == 2 && rare_name(m.first);
        if m.end - m.first <= 3 && given && people.contains(doc.token_text(m.end - 1)) {
            m.label = Label::Per;
            continue;
        }
        // "A B of C": a person of two or three words, "of", a place of one word.
        let of = m.end - 2;
        if m.end - m.first >= 4
            && m.end - m.first <= 5
            && doc.token_text(of) == "of"
            && surname(of - 1)
            && info.toks[m.end - 1].gaz & gaz::PLACE != 0
            && (m.first..of).all(|k| info.toks[k].gaz & gaz::ORG_WORD == 0)
        {
            // A title inside the mention is no part of the name ("Senator Rand Paul").
            let name = (m.first..of)
                .find(|&k| info.toks[k].gaz & gaz::TITLE == 0)
                .unwrap_or(m.first);
            cuts.push((name, of, Label::Per));
            cuts.push((m.end - 1, m.end, Label::Loc));
        }
    }
    put(found, &cuts);
}

/// The source after "according to" named by one word that the tagger made MISC ("according to
/// AdImpact", "according to Bloomberg") is an organisation: a nationality there goes on with
/// a noun ("according to Chinese state media").
pub fn sources(doc: &Doc, info: &DocInfo, found: &mut [Mention]) {
    let n = doc.tokens.len();
    for m in found.iter_mut() {
        if m.label != Label::Misc || m.end != m.first + 1 || m.first < 2 {
            continue;
        }
        let after_according = doc.token_text(m.first - 1) == "to"
            && doc
                .token_text(m.first - 2)
                .eq_ignore_ascii_case("according");
        let noun_after = m.end < n
            && info.toks[m.end].is_word
            && doc.token_text(m.end).starts_with(char::is_lowercase);
        if after_according && !noun_after && info.toks[m.first].gaz & gaz::DEMONYM == 0 {
            m.label = Label::Org;
        }
    }
}

/// Pronouns and other words that open a contraction ("I’m", "We’ll", "Don’t").
const CONTRACTED: &[&str] = &[
    "I", "We", "You", "They", "He", "She", "It", "Let", "That", "There", "What", "Who", "Don",
    "Can", "Won", "Didn", "Doesn", "Isn", "Wasn", "Aren",
];

/// A pronoun's contraction is no name: "I’m", "I've", "We’re" (the tagger, which saw few
/// quotations, took about one "I’m" in three at a sentence start for a name in political
/// news). Run before the consistency pass, which would find each again.
pub fn contractions(doc: &Doc, found: &mut Vec<Mention>) {
    // On the bytes: most one-word mentions are longer or have no apostrophe.
    let contracted = |t: &str| {
        let b = t.as_bytes();
        if b.len() > 9 || !b[0].is_ascii_uppercase() {
            return false;
        }
        let Some(cut) = b.iter().position(|&c| c == b'\'' || c == 0xE2) else {
            return false;
        };
        let rest = if b[cut] == b'\'' {
            &t[cut + 1..]
        } else if t[cut..].starts_with('’') {
            &t[cut + '’'.len_utf8()..]
        } else {
            return false;
        };
        CONTRACTED.contains(&&t[..cut])
            && matches!(rest, "m" | "ve" | "d" | "ll" | "re" | "s" | "t")
    };
    found.retain(|m| !(m.end == m.first + 1 && contracted(doc.token_text(m.first))));
}

/// "U.S." and "U.K." alone are places, as CoNLL-2003 writes every one of its 300 (the tagger
/// made "the U.S." MISC before a sentence that opens with a capital: "… ban Muslims from
/// entering the U.S. The proposal …").
pub fn country_abbreviations(doc: &Doc, found: &mut [Mention]) {
    for m in found.iter_mut() {
        if m.label == Label::Misc
            && m.end == m.first + 1
            && matches!(doc.token_text(m.first), "U.S." | "U.K." | "U.N.")
        {
            m.label = if doc.token_text(m.first) == "U.N." {
                Label::Org
            } else {
                Label::Loc
            };
        }
    }
}

/// A colon ends a name but a title's ("Mission: Impossible"): a list line "Democratic: Priya
/// Natarajan (i) 61%" gave one MISC. Other mentions are cut there; a MISC one only when two
/// or three capitalised words after it open with a given name or follow a party's adjective,
/// and are then a person.
pub fn colons(doc: &Doc, info: &DocInfo, found: &mut Vec<Mention>) {
    if !found
        .iter()
        .any(|m| (m.first + 1..m.end).any(|k| doc.token_text(k) == ":"))
    {
        return;
    }
    let mut out = Vec::with_capacity(found.len() + 1);
    for m in found.drain(..) {
        let colon = (m.first + 1..m.end).find(|&k| doc.token_text(k) == ":");
        let Some(c) = colon else {
            out.push(m);
            continue;
        };
        // A given name, or a party's or nation's adjective before the colon ("Democratic:",
        // a results line's label), and two or three capitalised words without an
        // organisation word.
        let label_before = c == m.first + 1 && info.toks[m.first].gaz & gaz::DEMONYM != 0;
        let person = (2..=3).contains(&(m.end - c - 1))
            && (info.toks[c + 1].gaz & gaz::FIRST != 0 || label_before)
            && (c + 1..m.end).all(|k| {
                info.toks[k].is_word
                    && info.toks[k].casing.init_cap
                    && info.toks[k].gaz & gaz::ORG_WORD == 0
            });
        if m.label == Label::Misc && !person {
            out.push(m);
            continue;
        }
        out.push(Mention { end: c, ..m });
        if m.end > c + 1 {
            let label = if person { Label::Per } else { m.label };
            out.push(Mention {
                first: c + 1,
                label,
                ..m
            });
        }
    }
    *found = out;
}

/// Words that end the name of a place of worship.
const WORSHIP: &[&str] = &[
    "Church",
    "Cathedral",
    "Chapel",
    "Basilica",
    "Mosque",
    "Synagogue",
    "Temple",
];

/// A church is no person: "St. Rose Catholic Church", where "St." read as a title left "Rose
/// Catholic Church" a person. It takes its "St." back and is a place, as CoNLL-2003 writes
/// its cathedrals.
pub fn places_of_worship(doc: &Doc, found: &mut [Mention]) {
    for k in 0..found.len() {
        let m = found[k];
        if m.label != Label::Per || !WORSHIP.contains(&doc.token_text(m.end - 1)) {
            continue;
        }
        let saint = m.first > 0
            && matches!(doc.token_text(m.first - 1), "St." | "Saint")
            && (k == 0 || found[k - 1].end < m.first);
        found[k].label = Label::Loc;
        if saint {
            found[k].first -= 1;
        }
    }
}

/// A name right before a comma and a US state's abbreviation or name, then punctuation, is a
/// town: "Ellen Finch-Waters of Ann Arbor, Mich.;" had "Ann Arbor" a person. (Not "D-Mich.",
/// one token, nor a name that a longer phrase follows: "Texas, Georgia and Oregon".)
pub fn towns_before_states(doc: &Doc, info: &DocInfo, found: &mut [Mention]) {
    let n = doc.tokens.len();
    for m in found.iter_mut() {
        if m.label == Label::Loc || m.end - m.first > 3 || m.end + 2 > n {
            continue;
        }
        if doc.token_text(m.end) != "," {
            continue;
        }
        let state = m.end + 1;
        // The gazetteer's places written with a dot are the states' abbreviations ("Mich.").
        let abbreviation =
            info.toks[state].gaz & gaz::PLACE != 0 && doc.token_text(state).ends_with('.');
        let after = state + 1;
        let ends = after >= n || !info.toks[after].is_word;
        if abbreviation && ends {
            m.label = Label::Loc;
        }
    }
}

/// "St.", "Ft." and "Mt." before a place are part of its name ("St. Petersburg, Fla."), where
/// the title list read "St." as a saint's title before a person.
pub fn saints(doc: &Doc, found: &mut [Mention]) {
    for k in 0..found.len() {
        let m = found[k];
        let free = k == 0 || found[k - 1].end < m.first;
        if m.label == Label::Loc
            && m.first > 0
            && free
            && matches!(doc.token_text(m.first - 1), "St." | "Ft." | "Mt.")
        {
            found[k].first -= 1;
        }
    }
}

/// A broadcaster's call sign with its band is an organisation: "KUSA-TV", "WBUR-FM" (the
/// tagger made "KUSA-TV" MISC, and missed "WSB-TV").
pub fn call_signs(doc: &Doc, info: &DocInfo, found: &mut Vec<Mention>) {
    let call_sign = |t: &str| {
        let Some((sign, band)) = t.split_once('-') else {
            return false;
        };
        matches!(band, "TV" | "FM" | "AM" | "DT")
            && (3..=4).contains(&sign.len())
            && matches!(sign.as_bytes()[0], b'K' | b'W')
            && sign.bytes().all(|b| b.is_ascii_uppercase())
    };
    let mut names = Vec::new();
    for &c in &info.capitalised {
        let c = c as usize;
        let first = doc.text.as_bytes()[doc.tokens[c].span.start];
        if matches!(first, b'K' | b'W') && call_sign(doc.token_text(c)) {
            names.push((c, c + 1, Label::Org));
        }
    }
    // A longer mention around one is left alone ("WSB-TV Channel 2").
    names.retain(|&(c, _, _)| {
        !found
            .iter()
            .any(|m| m.first <= c && m.end > c && m.end - m.first > 1)
    });
    put(found, &names);
}

/// The fifty states, for [`chapters`].
const US_STATES: &[&str] = &[
    "Alabama",
    "Alaska",
    "Arizona",
    "Arkansas",
    "California",
    "Colorado",
    "Connecticut",
    "Delaware",
    "Florida",
    "Georgia",
    "Hawaii",
    "Idaho",
    "Illinois",
    "Indiana",
    "Iowa",
    "Kansas",
    "Kentucky",
    "Louisiana",
    "Maine",
    "Maryland",
    "Massachusetts",
    "Michigan",
    "Minnesota",
    "Mississippi",
    "Missouri",
    "Montana",
    "Nebraska",
    "Nevada",
    "New Hampshire",
    "New Jersey",
    "New Mexico",
    "New York",
    "North Carolina",
    "North Dakota",
    "Ohio",
    "Oklahoma",
    "Oregon",
    "Pennsylvania",
    "Rhode Island",
    "South Carolina",
    "South Dakota",
    "Tennessee",
    "Texas",
    "Utah",
    "Vermont",
    "Virginia",
    "Washington",
    "West Virginia",
    "Wisconsin",
    "Wyoming",
];

/// A national group's state chapter is one organisation: "ACLU of Colorado", "NAACP of Ohio"
/// (an abbreviation in capitals, "of", a state), which the tagger split in two. (Not a club
/// of its town: CoNLL-2003 writes "NAC of Breda" as an organisation and a place.)
pub fn chapters(doc: &Doc, info: &DocInfo, found: &mut Vec<Mention>) {
    let mut names = Vec::new();
    for pair in found.windows(2) {
        let (a, b) = (pair[0], pair[1]);
        let abbreviation = a.label == Label::Org
            && a.end == a.first + 1
            && info.toks[a.first].casing.all_caps
            && (2..=6).contains(&doc.token_text(a.first).len());
        if abbreviation
            && b.first == a.end + 1
            && doc.token_text(a.end) == "of"
            && b.label == Label::Loc
            && US_STATES.contains(&&doc.text[super::tagger::token_span(doc, b.first, b.end)])
        {
            names.push((a.first, b.end, Label::Org));
        }
    }
    put(found, &names);
}

/// Words after an agency's name in a photo credit: "(AP Photo/Julio Cortez)".
const CREDIT_WORDS: &[&str] = &["Photo", "Photos", "Video", "Images"];

/// Photo credits, "(AP Photo/Julio Cortez)", "(Photo by Jane Doe/Getty Images)",
/// "(Marcus Webb/Denver Post via Getty Images)": a lower-case "via" ends a name (the two
/// sides are the paper and the agency, organisations); around the slash of a credit in
/// parentheses, "AP Photo" is the agency "AP" and a name that opens with a given name is the
/// photographer (the tagger read "Jane Doe" as part of the agency, ORG).
pub fn credits(doc: &Doc, info: &DocInfo, found: &mut Vec<Mention>) {
    let n = doc.tokens.len();
    let text = |k: usize| if k < n { doc.token_text(k) } else { "" };
    let mut names = Vec::new();
    for m in found.iter() {
        if let Some(via) = (m.first + 1..m.end.saturating_sub(1)).find(|&k| text(k) == "via") {
            names.push((m.first, via, m.label));
            names.push((via + 1, m.end, Label::Org));
        }
    }
    put(found, &names);
    // Within one pair of parentheses: a "(" at most eight tokens before, a ")" after.
    let in_parentheses = |first: usize, end: usize| {
        let open = (first.saturating_sub(8)..first)
            .rev()
            .find(|&k| matches!(text(k), "(" | ")"));
        let close = (end..n.min(end + 8)).find(|&k| matches!(text(k), "(" | ")"));
        open.is_some_and(|k| text(k) == "(") && close.is_some_and(|k| text(k) == ")")
    };
    let mut names = Vec::new();
    for pair in found.windows(2) {
        let (a, b) = (pair[0], pair[1]);
        // The slash written tight, as credits are ("Nikki Beach / Pearl" is a list).
        let tight = b.first == a.end + 1
            && doc.tokens[a.end].span.start == doc.tokens[a.end - 1].span.end
            && doc.tokens[b.first].span.start == doc.tokens[a.end].span.end;
        if !tight || text(a.end) != "/" || !in_parentheses(a.first, b.end) {
            continue;
        }
        // "(AP Photo/Julio Cortez)": the agency, then the photographer; "(Jane Doe/Getty
        // Images)": the photographer, then the agency.
        let (agency, photographer) = match CREDIT_WORDS.contains(&text(a.end - 1)) {
            true if a.end - a.first >= 2 => ((a.first, a.end - 1), b),
            true => continue,
            // "(Dana Kell/Tulsa World via Getty Images)": the capitalised words after the
            // slash, where the tagger may have found the place alone.
            false => {
                let words = (b.first..n).take_while(|&k| {
                    info.toks[k].is_word && info.toks[k].casing.init_cap || k < b.end
                });
                ((b.first, words.last().map_or(b.end, |k| k + 1)), a)
            }
        };
        names.push((agency.0, agency.1, Label::Org));
        let person = (2..=3).contains(&(photographer.end - photographer.first))
            && info.toks[photographer.first].gaz & gaz::FIRST != 0;
        if person {
            names.push((photographer.first, photographer.end, Label::Per));
        }
    }
    put(found, &names);
}

/// A company's "and Co." and a streaming service's "+" are part of its name: "Eli Lilly and
/// Co." (the tagger found "Eli Lilly" and "Co." apart), "Disney+", "Paramount+", "Apple TV+";
/// and so is a listed product's model number ("iPhone 17").
pub fn company_suffixes(doc: &Doc, found: &mut Vec<Mention>) {
    let n = doc.tokens.len();
    let text = |k: usize| if k < n { doc.token_text(k) } else { "" };
    let tight = |k: usize| k < n && doc.tokens[k].span.start == doc.tokens[k - 1].span.end;
    let mut changed = false;
    for m in found.iter_mut() {
        if m.label == Label::Misc
            && doc
                .tokens
                .get(m.end)
                .is_some_and(|t| t.kind == TokenKind::Number)
            && !tight(m.end)
            && crate::lexicon::products()
                .contains(&doc.text[super::tagger::token_span(doc, m.first, m.end)])
        {
            // A product's model number: "iPhone 17".
            m.end += 1;
            changed = true;
            continue;
        }
        if m.label != Label::Org || m.end <= m.first {
            continue;
        }
        if text(m.end) == "+"
            && tight(m.end)
            && !(tight(m.end + 1) && doc.tokens[m.end + 1].kind == TokenKind::Word)
        {
            m.end += 1;
            changed = true;
        } else if text(m.end) == "and" && matches!(text(m.end + 1), "Co." | "Co" | "Company") {
            m.end += 2;
            changed = true;
        }
    }
    if changed {
        // A mention the longer name now covers ("Co.") goes.
        let mut last_end = 0;
        found.retain(|m| {
            let keep = m.first >= last_end;
            if keep {
                last_end = m.end;
            }
            keep
        });
    }
}

/// A team's won-lost record, "12-1", as one number token.
fn is_record(doc: &Doc, k: usize) -> bool {
    k < doc.tokens.len()
        && doc.tokens[k].kind == TokenKind::Number
        && doc.token_text(k).split_once('-').is_some_and(|(w, l)| {
            !w.is_empty()
                && !l.is_empty()
                && w.bytes().all(|b| b.is_ascii_digit())
                && l.bytes().all(|b| b.is_ascii_digit())
        })
}

/// Forms of a sports report's tables, read in a sports report ([`DocInfo::sport`]) only: the
/// names are teams, organisations (a country's stays a place, as CoNLL-2003 writes national
/// teams):
/// - standings, two lines or more of a name and its record, "Michigan 12-1";
/// - a schedule, "Illinois at Indiana, 6 p.m." (CoNLL-2003's capitals "TEXAS AT BOSTON",
///   which it writes as places, have no time), and AP's "UP NEXT" lines, "Wild: Host
///   Colorado on Saturday night.";
/// - a record in parentheses after a name, "for Green Bay (9-4)".
///
/// `starts` are the document's line starts ([`Doc::line_starts`]).
pub fn standings(doc: &Doc, info: &DocInfo, starts: &[usize], found: &mut Vec<Mention>) {
    if !info.sport {
        return;
    }
    let n = doc.tokens.len();
    let text = |k: usize| if k < n { doc.token_text(k) } else { "" };
    // (The fact bytes: one byte a token, where the token info is 64.)
    let capitalised = |k: usize| {
        k < n && info.facts[k] & (fact::WORD | fact::INIT_CAP) == fact::WORD | fact::INIT_CAP
    };
    // The end of a name of capitalised words from `k`, with more of the line (to `limit`)
    // after it.
    let name = |k: usize, limit: usize| {
        let end = (k..limit.min(k + MAX_TEAM_TOKENS + 1))
            .find(|&j| !capitalised(j))
            .unwrap_or(limit);
        (end > k && end - k <= MAX_TEAM_TOKENS && end < limit).then_some(end)
    };
    let mut table = Vec::new();
    let mut rows = 0;
    for (i, &start) in starts.iter().enumerate() {
        let line_end = starts.get(i + 1).copied().unwrap_or(n);
        let Some(end) = name(start, line_end) else {
            continue;
        };
        // "Michigan 12-1", maybe with more numbers after ("Michigan 12-1 24-5").
        if is_record(doc, end)
            && (end + 1..line_end).all(|k| doc.tokens[k].kind == TokenKind::Number)
        {
            table.push((start, end));
            rows += 1;
            continue;
        }
        // AP's "UP NEXT" lines: "Lightning: At Winnipeg on Thursday night.", "Wild: Host
        // Colorado on Saturday."
        if text(end) == ":"
            && matches!(
                text(end + 1),
                "At" | "Host" | "Hosts" | "Visit" | "Visits" | "Vs."
            )
        {
            let at = end + 2;
            let at = if text(at) == "the" { at + 1 } else { at };
            if let Some(b_end) = name(at, line_end) {
                table.push((start, end));
                table.push((at, b_end));
            }
            continue;
        }
        // "Illinois at Indiana, 6 p.m."
        if text(end) == "at" {
            if let Some(b_end) = name(end + 1, line_end) {
                let time = text(b_end) == ","
                    && doc
                        .tokens
                        .get(b_end + 1)
                        .is_some_and(|t| t.kind == TokenKind::Number)
                    && matches!(text(b_end + 2), "p.m." | "a.m." | "p.m" | "a.m");
                if time {
                    table.push((start, end));
                    table.push((end + 1, b_end));
                }
            }
        }
    }
    if rows == 1 {
        // One line of a name and a record is no table.
        table.retain(|&(first, end)| !(is_record(doc, end) && starts.contains(&first)));
    }
    // "for Green Bay (9-4)": a place the tagger found (or took for a person), then the
    // record; not a pitcher's, "Chuck Finley (10-8)".
    let place = |m: &Mention| match m.label {
        Label::Loc => true,
        // A listed team's place ("Green Bay"; not "Van Poppel").
        Label::Per => teams()
            .places
            .contains(&doc.text[super::tagger::token_span(doc, m.first, m.end)]),
        _ => false,
    };
    for m in found.iter() {
        if place(m) && text(m.end) == "(" && is_record(doc, m.end + 1) && text(m.end + 2) == ")" {
            table.push((m.first, m.end));
        }
    }
    let names: Vec<(usize, usize, Label)> = table
        .into_iter()
        .map(|(first, end)| {
            let name = &doc.text[super::tagger::token_span(doc, first, end)];
            match crate::lexicon::countries().contains(name) {
                true => (first, end, Label::Loc),
                false => (first, end, Label::Org),
            }
        })
        .collect();
    put(found, &names);
}

/// The listed teams named by a place ("Green Bay Packers", "New York Mets", "Toronto Maple
/// Leafs"): their nicknames, the last word, when it ends in "s" and the words before it (or
/// all but the last of them) are a place the gazetteer has or end in "Bay" or "State" ("Tampa
/// Bay", "Golden State"); and those places.
struct Teams {
    nicknames: crate::lexicon::WordSet,
    /// The nicknames' hashes ([`features::hash_str`], as `TokInfo::word` has them): most
    /// capitalised words are passed over with one test of a bit.
    nickname_hashes: features::HashFilter,
    places: crate::lexicon::WordSet,
}

fn teams() -> &'static Teams {
    static TEAMS: std::sync::OnceLock<Teams> = std::sync::OnceLock::new();
    TEAMS.get_or_init(|| {
        let g = features::Gazetteer::get();
        let place = |words: &[&str]| {
            let mut h = features::hash_lower(words[0]);
            if words.len() == 1 {
                return g.word_bits(h) & gaz::PLACE != 0;
            }
            for w in &words[1..] {
                h = features::hash_phrase(h, features::hash_lower(w));
            }
            g.phrase_bits(h) & gaz::PLACE != 0
        };
        let (mut nicknames, mut places) = (String::new(), String::new());
        for name in crate::lexicon::organisations().iter() {
            let words: Vec<&str> = name.split(' ').collect();
            let Some((&last, before)) = words.split_last() else {
                continue;
            };
            if before.is_empty()
                || last.len() <= 3
                || !last.ends_with('s')
                || !last.starts_with(char::is_uppercase)
            {
                continue;
            }
            let named_by = if place(before) || matches!(before[before.len() - 1], "Bay" | "State") {
                before
            } else if before.len() >= 2 && place(&before[..before.len() - 1]) {
                &before[..before.len() - 1]
            } else {
                continue;
            };
            nicknames.push_str(last);
            nicknames.push('\n');
            places.push_str(&named_by.join(" "));
            places.push('\n');
        }
        let mut nickname_hashes = features::HashFilter::new();
        for nickname in nicknames.lines() {
            nickname_hashes.insert(features::hash_str(nickname));
        }
        Teams {
            nicknames: crate::lexicon::WordSet::parse(Box::leak(nicknames.into_boxed_str())),
            nickname_hashes,
            places: crate::lexicon::WordSet::parse(Box::leak(places.into_boxed_str())),
        }
    })
}

/// In a sports report ([`DocInfo::sport`]), a listed team's nickname standing alone is the team
/// ("Packers coach Matt LaFleur said", "Packers: At the Denver Broncos"), where the tagger
/// found nothing.
pub fn team_nicknames(doc: &Doc, info: &DocInfo, found: &mut Vec<Mention>) {
    if !info.sport {
        return;
    }
    let teams = teams();
    let mut added = Vec::new();
    for &k in &info.capitalised {
        let k = k as usize;
        if !teams.nickname_hashes.may_contain(info.toks[k].word)
            || !info.toks[k].is_word
            || !teams.nicknames.contains(doc.token_text(k))
        {
            continue;
        }
        let m = found.partition_point(|m| m.end <= k);
        let covered = found.get(m).is_some_and(|m| m.first <= k);
        if !covered {
            added.push(Mention {
                first: k,
                end: k + 1,
                label: Label::Org,
                score: KNOWN_NAME_SCORE,
            });
        }
    }
    if !added.is_empty() {
        found.extend(added);
        found.sort_by_key(|m| m.first);
    }
}

/// Words for towns before "such as" or "like": "cities such as Davenport and Cedar Rapids".
const TOWN_WORDS: &[&str] = &[
    "cities",
    "towns",
    "places",
    "communities",
    "suburbs",
    "counties",
    "states",
    "neighborhoods",
];

/// A name the tagger took for a person right after "in" (or "around", "near", "outside") is a
/// place ("homes in Norman and Moore", "the Weather Service office in Norman", "voters around
/// Cobb and Gwinnett"): CoNLL-2003 and wikigold have 906 places
/// after "in" against 5 persons, all in sports reports or idioms ("drove in Otis Nixon",
/// "believe in God"). So are names after "cities such as" or "places like", and a name joined
/// to one of these by "and" or "or". Not in sports reports, not before a possessive ("in
/// Smith’s view"), not a listed person, not a name of several words with a given name or a
/// surname in it ("in Donald Trump or Ted Cruz’s hands"), not a word that is part of a longer
/// person's name in the text ("in Fiorina and Carson" after "Carly Fiorina").
pub fn places_after_in(doc: &Doc, info: &DocInfo, found: &mut [Mention]) {
    if info.sport {
        return;
    }
    let n = doc.tokens.len();
    let text = |k: usize| if k < n { doc.token_text(k) } else { "" };
    let span_text = |m: &Mention| &doc.text[super::tagger::token_span(doc, m.first, m.end)];
    // The words of the people of several words the text names, gathered when a candidate
    // comes (most texts have none).
    let mut person_words: Option<Vec<&str>> = None;
    let mut names_person = |m: &Mention, found: &[Mention]| {
        if m.end - m.first > 1 {
            return (m.first..m.end).any(|k| info.toks[k].gaz & (gaz::FIRST | gaz::SURNAME) != 0);
        }
        let words = person_words.get_or_insert_with(|| {
            let mut words: Vec<&str> = found
                .iter()
                .filter(|m| m.label == Label::Per && m.end - m.first >= 2)
                .flat_map(|m| m.first..m.end)
                .map(|k| doc.token_text(k))
                .collect();
            words.sort_unstable();
            words
        });
        words.binary_search(&doc.token_text(m.first)).is_ok()
    };
    // ("believe in God", "a believer in Jesus")
    let faith = |m: &Mention| matches!(span_text(m), "God" | "Jesus" | "Christ" | "Allah");
    let mut previous_place_end: Option<usize> = None;
    for j in 0..found.len() {
        let m = found[j];
        if !matches!(m.label, Label::Per | Label::Loc) {
            previous_place_end = None;
            continue;
        }
        let before = if m.first >= 1 { text(m.first - 1) } else { "" };
        let after_in = matches!(before, "in" | "around" | "near" | "outside");
        let after_such_as = m.first >= 3
            && (before == "like" && TOWN_WORDS.contains(&text(m.first - 2))
                || before == "as"
                    && text(m.first - 2) == "such"
                    && TOWN_WORDS.contains(&text(m.first - 3)));
        let joined = matches!(before, "and" | "or") && previous_place_end == Some(m.first - 1);
        previous_place_end = None;
        if m.label == Label::Per
            && (after_in || after_such_as || joined)
            && !matches!(text(m.end), "’s" | "'s" | "’" | "'")
            && !faith(&m)
            && !names_person(&m, found)
            && !crate::lexicon::people().contains(span_text(&m))
        {
            found[j].label = Label::Loc;
            previous_place_end = Some(m.end);
        }
        // "cities such as Davenport and Cedar Rapids": the first place may be the tagger's.
        // (Not after "in": "by Iryna Sokolenko in Kyiv and Pavel Morozov in Moscow".)
        if m.label == Label::Loc && after_such_as {
            previous_place_end = Some(m.end);
        }
    }
}

/// Words before a place that make it the place: "a rally in Cleveland", "the flight to
/// Cleveland".
const PLACE_PREPOSITIONS: &[&str] = &["in", "to", "near", "outside", "across", "around"];

/// A town the tagger took for an organisation outside sports reports is the town when one of
/// its mentions reads as a place ("a rally in Cleveland", "the city of Nice", "Philadelphia
/// and Cleveland"): then every mention of it alone is ("Cleveland sought the convention").
/// CoNLL-2003 makes a town's name an organisation mostly for its team, which a sports report
/// keeps; here the word's weight from those reports outvoted the town. Only one-word
/// mentions of a gazetteer place that no list names as an organisation, and not where the
/// same word also names an organisation with a cue of its own ("Cleveland-based …" aside,
/// "at Cleveland Clinic" is a longer mention and left alone).
pub fn towns_not_teams(doc: &Doc, info: &DocInfo, found: &mut [Mention]) {
    if info.sport {
        return;
    }
    let n = doc.tokens.len();
    let text = |k: usize| if k < n { doc.token_text(k) } else { "" };
    let town = |m: &Mention| {
        m.label == Label::Org
            && m.end == m.first + 1
            && info.toks[m.first].gaz & gaz::PLACE != 0
            && !crate::lexicon::organisations().contains(doc.token_text(m.first))
            && !crate::lexicon::government_seats().contains(doc.token_text(m.first))
    };
    let mut towns: Vec<u64> = Vec::new();
    for j in 0..found.len() {
        let m = found[j];
        if !town(&m) {
            continue;
        }
        let before = if m.first > 0 { text(m.first - 1) } else { "" };
        let city_of = before == "of"
            && m.first >= 2
            && matches!(text(m.first - 2), "city" | "town" | "village" | "suburb");
        // Joined by a comma or "and"/"or" to a place next to it.
        let joined_before = matches!(before, "and" | "or" | ",")
            && j > 0
            && found[j - 1].end + 1 == m.first
            && found[j - 1].label == Label::Loc;
        let joined_after = matches!(text(m.end), "and" | "or" | ",")
            && found
                .get(j + 1)
                .is_some_and(|o| o.first == m.end + 1 && o.label == Label::Loc);
        if PLACE_PREPOSITIONS.contains(&before) || city_of || joined_before || joined_after {
            towns.push(info.toks[m.first].word);
        }
    }
    if towns.is_empty() {
        return;
    }
    for m in found.iter_mut() {
        if town(m) && towns.contains(&info.toks[m.first].word) {
            m.label = Label::Loc;
        }
    }
}

/// News outlets named like people: the list of organisations leaves them out, since each is
/// also a surname ([`outlets_named_like_people`]).
const OUTLETS_NAMED_LIKE_PEOPLE: &[&str] = &["Fox", "Forbes", "Breitbart", "Bloomberg"];

/// Words after an outlet's name that read it as the outlet: "a Fox poll", "Breitbart
/// reported", "Forbes magazine".
const OUTLET_NOUNS: &[&str] = &[
    "poll",
    "polls",
    "interview",
    "reporter",
    "reporters",
    "article",
    "story",
    "host",
    "anchor",
    "executive",
    "executives",
    "moderators",
    "transcripts",
    "reported",
    "reports",
    "debate",
    "show",
    "magazine",
    "website",
    "columnist",
    "editor",
    "editors",
    "viewers",
    "reporting",
];

/// An outlet named like a person is the outlet where the text names no person of that name:
/// "he told Fox", "Breitbart’s Joel Pollak", "Forbes says it tracks …" (the tagger made
/// these people from the surname). With a given name or a title before the word anywhere in
/// the text ("Michael Bloomberg", "Mayor Bloomberg"), every mention stays as tagged; a longer
/// mention around the word ("Fox News", "Bloomberg Philanthropies") is left alone.
pub fn outlets_named_like_people(doc: &Doc, info: &DocInfo, found: &mut Vec<Mention>) {
    let n = doc.tokens.len();
    // By the hash the token info has, then the text.
    static HASHES: std::sync::OnceLock<Vec<u64>> = std::sync::OnceLock::new();
    let hashes = HASHES.get_or_init(|| {
        OUTLETS_NAMED_LIKE_PEOPLE
            .iter()
            .map(|w| features::hash_str(w))
            .collect()
    });
    let mut outlets: Vec<usize> = Vec::new();
    for &c in &info.capitalised {
        let c = c as usize;
        if matches!(doc.text.as_bytes()[doc.tokens[c].span.start], b'F' | b'B')
            && hashes.contains(&info.toks[c].word)
            && OUTLETS_NAMED_LIKE_PEOPLE.contains(&doc.token_text(c))
        {
            outlets.push(c);
        }
    }
    if outlets.is_empty() {
        return;
    }
    let text = |k: usize| if k < n { doc.token_text(k) } else { "" };
    // A person of that name: a title or a given name before it, or a longer person's
    // mention holding it.
    let person = outlets.iter().any(|&c| {
        let titled = c > 0 && info.toks[c - 1].gaz & (gaz::TITLE | gaz::FIRST) != 0;
        titled
            || found.iter().any(|m| {
                m.label == Label::Per
                    && m.end - m.first >= 2
                    && (m.first..m.end).any(|k| text(k) == text(c))
            })
    });
    // And the text must read it as an outlet somewhere: "on Fox", "according to Bloomberg",
    // "a Fox poll", "Breitbart reported" (a minister "Fox said" is no outlet).
    let outlet_cue = |c: usize| {
        let before = if c > 0 { text(c - 1) } else { "" };
        matches!(before, "on" | "at" | "by" | "from" | "with")
            || before == "to" && c > 1 && text(c - 2).eq_ignore_ascii_case("according")
            || OUTLET_NOUNS.contains(&text(c + 1))
            || matches!(text(c + 1), "’s" | "'s" | "’") && OUTLET_NOUNS.contains(&text(c + 2))
            // In a list with a listed organisation: "on MSNBC, CNN and Fox".
            || matches!(before, "and" | "or" | ",")
                && c > 1
                && crate::lexicon::organisations().contains(text(c - 2))
    };
    if person || !outlets.iter().any(|&c| outlet_cue(c)) {
        return;
    }
    let mut added = Vec::new();
    let mut j = 0; // first mention that may overlap the outlet (both go in text order)
    for &c in &outlets {
        // Part of a longer name: a capitalised word or a glued word after it.
        let longer = c + 1 < n
            && info.toks[c + 1].is_word
            && (info.toks[c + 1].casing.init_cap
                || doc.tokens[c + 1].span.start == doc.tokens[c].span.end);
        if longer || info.line_case[c] != features::LineCase::Normal {
            continue;
        }
        j = super::relabel_or_add(c, Label::Org, j, found, &mut added);
    }
    if !added.is_empty() {
        found.extend(added);
        found.sort_by_key(|m| m.first);
    }
}

/// Last words of newspapers named by their city: "The Des Moines Register", "the Tampa Bay
/// Times" (and "Free Press", two words, which [`newspapers`] tests itself).
const NEWSPAPER_WORDS: &[&str] = &[
    "Register",
    "Tribune",
    "Herald",
    "Gazette",
    "Journal",
    "Times",
    "Post",
    "Chronicle",
    "Inquirer",
    "Observer",
    "Dispatch",
    "Courier",
    "Star",
    "Bee",
    "Enquirer",
    "Sentinel",
    "Courant",
    "Star-Tribune",
    "Star-Ledger",
    "Journal-Constitution",
    "Union-Tribune",
    "Democrat-Gazette",
    "Post-Dispatch",
];

/// A place the tagger found before a newspaper's word is the newspaper, an organisation: "The
/// Des Moines Register first reported" (the tagger found "Des Moines" alone). Not before a
/// further capitalised word ("Houston Chronicle Building"), nor a country ("Britain Times").
pub fn newspapers(doc: &Doc, info: &DocInfo, found: &mut Vec<Mention>) {
    let n = doc.tokens.len();
    let capitalised = |k: usize| k < n && info.toks[k].is_word && info.toks[k].casing.init_cap;
    let mut names = Vec::new();
    for (j, m) in found.iter().enumerate() {
        if m.label != Label::Loc || m.end >= n || !capitalised(m.end) {
            continue;
        }
        let next_free = found.get(j + 1).map_or(true, |next| next.first > m.end);
        let word = doc.token_text(m.end);
        let end = if NEWSPAPER_WORDS.contains(&word) {
            m.end + 1
        } else if word == "Free" && m.end + 1 < n && doc.token_text(m.end + 1) == "Press" {
            m.end + 2
        } else {
            continue;
        };
        let place = &doc.text[super::tagger::token_span(doc, m.first, m.end)];
        if next_free && !capitalised(end) && !crate::lexicon::countries().contains(place) {
            names.push((m.first, end, Label::Org));
        }
    }
    put(found, &names);
}

/// A party's adjective before a chamber is two names: "Republican House Speaker Pat Grassley"
/// is "Republican" (MISC) and "House" (ORG), where the tagger found one organisation.
pub fn party_chambers(doc: &Doc, found: &mut Vec<Mention>) {
    let mut names = Vec::new();
    for m in found.iter() {
        if m.end - m.first == 2
            && matches!(doc.token_text(m.first), "Republican" | "Democratic")
            && matches!(
                doc.token_text(m.first + 1),
                "House" | "Senate" | "Assembly" | "Legislature"
            )
        {
            names.push((m.first, m.first + 1, Label::Misc));
            names.push((m.first + 1, m.end, Label::Org));
        }
    }
    put(found, &names);
}
