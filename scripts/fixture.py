#!/usr/bin/env python3
"""Turns hand-written marked-up cases into test JSONL (../shared/data/FORMAT.md, code points).

Input (stdin): one case per line, `id<TAB>marked text`; `\\n` in the text is a newline.
Markup:  [Vladimir Putin|PER]    an entity (PER, ORG, LOC, MISC)
         {1:“We will win,”}      quote number 1 (its marks inside the braces)
         (1:Putin)               the speaker mention of quote 1; nests: (1:[Putin|PER])
         (1,2:Putin)             one mention that is the speaker of quotes 1 and 2
Add a third tab column `noent` or `noquote` to leave that layer unannotated (not scored), and
`noguess` to analyse the case without guessed speakers (`"options": {"guess_speakers": false}`);
flags are comma-separated.
Output (stdout): JSONL lines {"id", "text", "entities", "quotes"}.
"""
import json, re, sys

TOKEN = re.compile(r"\[|\|(PER|ORG|LOC|MISC)\]|\{(\d+):|\}|\((\d+(?:,\d+)*):|\)")


def parse(marked):
    text, stack, ents, quotes, speakers = [], [], [], {}, {}
    pos = 0
    i = 0
    while i < len(marked):
        m = TOKEN.match(marked, i)
        # A literal bracket is written doubled: [[ ]] {{ }} (( )).
        if marked[i] in "[]{}()" and marked[i + 1:i + 2] == marked[i]:
            text.append(marked[i]); pos += 1; i += 2; continue
        if m is None:
            text.append(marked[i]); pos += 1; i += 1; continue
        tok = m.group(0)
        top = stack[-1][0] if stack else None
        # ")" and "}" close a speaker or quote only when one is open; else they are text.
        if (tok == ")" and top != "spk") or (tok == "}" and top != "quote"):
            text.append(tok); pos += 1; i += 1; continue
        if tok == "[":
            stack.append(("ent", pos, None))
        elif m.group(1):
            kind, start, _ = stack.pop(); assert kind == "ent", marked
            ents.append({"start": start, "end": pos, "label": m.group(1)})
        elif m.group(2):
            stack.append(("quote", pos, m.group(2)))
        elif m.group(3):
            stack.append(("spk", pos, m.group(3)))
        elif tok == "}":
            kind, start, n = stack.pop(); assert kind == "quote", marked
            quotes[n] = (start, pos)
        elif tok == ")":
            kind, start, n = stack.pop(); assert kind == "spk", marked
            for k in n.split(","):
                speakers[k] = (start, pos)
        i = m.end()
    assert not stack, marked
    text = "".join(text)
    for e in ents:
        e["text"] = text[e["start"]:e["end"]]
    qs = []
    for n, (s, e) in sorted(quotes.items(), key=lambda kv: kv[1]):
        sp = speakers.get(n)
        qs.append({"start": s, "end": e, "text": text[s:e],
                   "speaker": None if sp is None else {"start": sp[0], "end": sp[1], "text": text[sp[0]:sp[1]]}})
    return text, sorted(ents, key=lambda e: e["start"]), qs


for line in sys.stdin:
    line = line.rstrip("\n")
    if not line.strip() or line.startswith("#"):
        continue
    parts = line.split("\t")
    case_id, marked = parts[0], parts[1].replace("\\n", "\n")
    flags = parts[2].split(",") if len(parts) > 2 else []
    text, ents, qs = parse(marked)
    out = {"id": case_id, "text": text}
    if "noent" not in flags:
        out["entities"] = ents
    if "noquote" not in flags:
        out["quotes"] = qs
    if "noguess" in flags:
        out["options"] = {"guess_speakers": False}
    print(json.dumps(out, ensure_ascii=False))
