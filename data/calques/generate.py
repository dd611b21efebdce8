#!/usr/bin/env python3
"""Builds rules/calques.toml from data/calques/lexicon.txt and data/calques/patterns.toml.

    python3 data/calques/generate.py          # rewrite rules/calques.toml
    python3 data/calques/generate.py --check  # exit 1 when rules/calques.toml is stale
    python3 data/calques/generate.py --stats  # entries and phrases per class and language

The lexicon is one entry a line, grouped by directives:

    @class NAME            the rule the following entries go to (calque/NAME)
    @lang fr es it         source languages of the following entries
    @why TEXT              why the following entries are calques (shown as a TOML comment)
    phrase => suggestion | bad example | good example | unless-regex

Only `phrase => suggestion | bad example` is required. In a phrase and its suggestion,
`[make]` stands for the five forms of a verb (make, makes, made, made, making) and pairs
with the verb of the same rank in the suggestion; `(a|b|c)` is a group of alternatives,
paired with the suggestion's group of the same text, or else of the same rank; `{pos}`
and `{obj}` are possessives and object pronouns, kept as they are. `unless` is a regex
searched (any case) around a finding; a match overlapping the finding cancels it: it is
the entry's context condition.
"""

import itertools
import re
import sys
from collections import Counter, OrderedDict
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
LEXICON = ROOT / "data/calques/lexicon.txt"
PATTERNS = ROOT / "data/calques/patterns.toml"
OUTPUT = ROOT / "rules/calques.toml"
SUBSTITUTIONS = ROOT / "rules/substitutions.toml"

LANGS = OrderedDict(
    [
        ("fr", "French"),
        ("es", "Spanish"),
        ("it", "Italian"),
        ("pt", "Portuguese"),
        ("de", "German"),
        ("pl", "Polish"),
        ("ru", "Russian"),
        ("zh", "Chinese"),
    ]
)

SLOTS = {
    "pos": ["my", "your", "his", "her", "our", "their"],
    "obj": ["me", "you", "him", "her", "us", "them"],
}

# base, third person, past, past participle, -ing
IRREGULAR = {
    "be": ("be", "is", "was", "been", "being"),
    "come": ("come", "comes", "came", "come", "coming"),
    "make": ("make", "makes", "made", "made", "making"),
    "take": ("take", "takes", "took", "taken", "taking"),
    "do": ("do", "does", "did", "done", "doing"),
    "give": ("give", "gives", "gave", "given", "giving"),
    "put": ("put", "puts", "put", "put", "putting"),
    "have": ("have", "has", "had", "had", "having"),
    "pay": ("pay", "pays", "paid", "paid", "paying"),
    "get": ("get", "gets", "got", "got", "getting"),
    "go": ("go", "goes", "went", "gone", "going"),
    "hold": ("hold", "holds", "held", "held", "holding"),
    "keep": ("keep", "keeps", "kept", "kept", "keeping"),
    "lose": ("lose", "loses", "lost", "lost", "losing"),
    "win": ("win", "wins", "won", "won", "winning"),
    "speak": ("speak", "speaks", "spoke", "spoken", "speaking"),
    "say": ("say", "says", "said", "said", "saying"),
    "tell": ("tell", "tells", "told", "told", "telling"),
    "eat": ("eat", "eats", "ate", "eaten", "eating"),
    "drink": ("drink", "drinks", "drank", "drunk", "drinking"),
    "see": ("see", "sees", "saw", "seen", "seeing"),
    "buy": ("buy", "buys", "bought", "bought", "buying"),
    "wear": ("wear", "wears", "wore", "worn", "wearing"),
    "forget": ("forget", "forgets", "forgot", "forgotten", "forgetting"),
    "meet": ("meet", "meets", "met", "met", "meeting"),
    "throw": ("throw", "throws", "threw", "thrown", "throwing"),
    "fall": ("fall", "falls", "fell", "fallen", "falling"),
    "stand": ("stand", "stands", "stood", "stood", "standing"),
    "sleep": ("sleep", "sleeps", "slept", "slept", "sleeping"),
    "hang": ("hang", "hangs", "hung", "hung", "hanging"),
    "beat": ("beat", "beats", "beat", "beaten", "beating"),
    "spend": ("spend", "spends", "spent", "spent", "spending"),
    "split": ("split", "splits", "split", "split", "splitting"),
    "hit": ("hit", "hits", "hit", "hit", "hitting"),
    "sell": ("sell", "sells", "sold", "sold", "selling"),
    "lend": ("lend", "lends", "lent", "lent", "lending"),
    "shake": ("shake", "shakes", "shook", "shaken", "shaking"),
    "sit": ("sit", "sits", "sat", "sat", "sitting"),
    "begin": ("begin", "begins", "began", "begun", "beginning"),
    "drive": ("drive", "drives", "drove", "driven", "driving"),
    "think": ("think", "thinks", "thought", "thought", "thinking"),
    "become": ("become", "becomes", "became", "become", "becoming"),
    "read": ("read", "reads", "read", "read", "reading"),
    "feel": ("feel", "feels", "felt", "felt", "feeling"),
    "leave": ("leave", "leaves", "left", "left", "leaving"),
    "let": ("let", "lets", "let", "let", "letting"),
    "know": ("know", "knows", "knew", "known", "knowing"),
    "set": ("set", "sets", "set", "set", "setting"),
    "run": ("run", "runs", "ran", "run", "running"),
    "swim": ("swim", "swims", "swam", "swum", "swimming"),
    "commit": ("commit", "commits", "committed", "committed", "committing"),
    "pad": ("pad", "pads", "padded", "padded", "padding"),
    "plan": ("plan", "plans", "planned", "planned", "planning"),
    "stop": ("stop", "stops", "stopped", "stopped", "stopping"),
    "grow": ("grow", "grows", "grew", "grown", "growing"),
    "cost": ("cost", "costs", "cost", "cost", "costing"),
    "bring": ("bring", "brings", "brought", "brought", "bringing"),
    "find": ("find", "finds", "found", "found", "finding"),
    "fly": ("fly", "flies", "flew", "flown", "flying"),
    "benefit": ("benefit", "benefits", "benefited", "benefited", "benefiting"),
    "catch": ("catch", "catches", "caught", "caught", "catching"),
    "understand": ("understand", "understands", "understood", "understood", "understanding"),
    "swallow": ("swallow", "swallows", "swallowed", "swallowed", "swallowing"),
    "write": ("write", "writes", "wrote", "written", "writing"),
    "draw": ("draw", "draws", "drew", "drawn", "drawing"),
    "break": ("break", "breaks", "broke", "broken", "breaking"),
    "rub": ("rub", "rubs", "rubbed", "rubbed", "rubbing"),
    "cut": ("cut", "cuts", "cut", "cut", "cutting"),
    "bite": ("bite", "bites", "bit", "bitten", "biting"),
    "lay": ("lay", "lays", "laid", "laid", "laying"),
    "cast": ("cast", "casts", "cast", "cast", "casting"),
    "send": ("send", "sends", "sent", "sent", "sending"),
}


def verb_forms(base):
    if base in IRREGULAR:
        return IRREGULAR[base]
    if re.search(r"(s|x|z|ch|sh)$", base):
        third = base + "es"
    elif re.search(r"[^aeiou]y$", base):
        third = base[:-1] + "ies"
    else:
        third = base + "s"
    if base.endswith("e"):
        past = base + "d"
    elif re.search(r"[^aeiou]y$", base):
        past = base[:-1] + "ied"
    else:
        past = base + "ed"
    if base.endswith("e") and not base.endswith("ee"):
        ing = base[:-1] + "ing"
    else:
        ing = base + "ing"
    return (base, third, past, past, ing)


TOKEN = re.compile(r"\[([a-z-]+)\]|\(([^()]*)\)|\{([a-z]+)\}")


def parse(template):
    """A template as a list of literal strings and ('verb'|'group'|'slot', key, options)."""
    parts, pos = [], 0
    for m in TOKEN.finditer(template):
        parts.append(template[pos : m.start()])
        if m.group(1):
            parts.append(("verb", m.group(1), list(verb_forms(m.group(1)))))
        elif m.group(2) is not None:
            parts.append(("group", m.group(2), m.group(2).split("|")))
        else:
            if m.group(3) not in SLOTS:
                raise ValueError(f"unknown slot {{{m.group(3)}}} in {template!r}")
            parts.append(("slot", m.group(3), SLOTS[m.group(3)]))
        pos = m.end()
    parts.append(template[pos:])
    return parts


def expand(phrase, suggestion):
    """Every (phrase, suggestion) pair the templates stand for."""
    p, s = parse(phrase), parse(suggestion)
    p_tokens = [t for t in p if isinstance(t, tuple)]
    s_tokens = [t for t in s if isinstance(t, tuple)]
    # Pair each suggestion token with a phrase token.
    pairing = {}
    free_verbs = [i for i, t in enumerate(p_tokens) if t[0] == "verb"]
    free_groups = [i for i, t in enumerate(p_tokens) if t[0] == "group"]
    for j, t in enumerate(s_tokens):
        if t[0] == "slot":
            match = [i for i, u in enumerate(p_tokens) if u[0] == "slot" and u[1] == t[1]]
            if not match:
                raise ValueError(f"slot {{{t[1]}}} of {suggestion!r} is not in {phrase!r}")
            pairing[j] = match[0]
        elif t[0] == "verb":
            if not free_verbs:
                raise ValueError(f"verb [{t[1]}] of {suggestion!r} has no partner in {phrase!r}")
            pairing[j] = free_verbs.pop(0)
        else:
            same = [i for i in free_groups if p_tokens[i][1] == t[1]]
            pick = same[0] if same else (free_groups[0] if free_groups else None)
            if pick is None:
                raise ValueError(f"group ({t[1]}) of {suggestion!r} has no partner")
            if len(p_tokens[pick][2]) != len(t[2]) and len(t[2]) != 1:
                raise ValueError(f"groups of {phrase!r} and {suggestion!r} differ in size")
            free_groups.remove(pick)
            pairing[j] = pick
    # Slots that occur twice in the phrase take one choice.
    keys, choices = [], []
    for i, t in enumerate(p_tokens):
        key = ("slot", t[1]) if t[0] == "slot" else ("tok", i)
        if key not in keys:
            keys.append(key)
            choices.append(range(len(t[2])))
    out = []
    for combo in itertools.product(*choices):
        pick = dict(zip(keys, combo))

        def index_of(i):
            t = p_tokens[i]
            return pick[("slot", t[1])] if t[0] == "slot" else pick[("tok", i)]

        def render(parts, tokens, index):
            text, k = "", 0
            for part in parts:
                if isinstance(part, str):
                    text += part
                else:
                    options = part[2]
                    n = index(k)
                    text += options[n] if len(options) > 1 else options[0]
                    k += 1
            return text

        ptext = render(p, p_tokens, index_of)
        stext = render(s, s_tokens, lambda j: index_of(pairing[j]))
        out.append((ptext, stext))
    return out


def carry_case(matched, replacement):
    letters = [c for c in matched if c.isalpha()]
    if not letters or not letters[0].isupper():
        return replacement
    if len(letters) > 1 and all(c.isupper() for c in letters[1:]):
        return replacement if any(c.isupper() for c in replacement) else replacement.upper()
    return replacement[:1].upper() + replacement[1:]


def find_whole(text, phrase):
    for m in re.finditer(re.escape(phrase), text, re.IGNORECASE):
        before = text[m.start() - 1] if m.start() > 0 else " "
        after = text[m.end()] if m.end() < len(text) else " "
        if not (before.isalnum() or before == "_") and not (after.isalnum() or after == "_"):
            yield m


class Entry:
    def __init__(self, cls, langs, why, phrase, suggestion, bad, good, unless, line):
        self.cls, self.langs, self.why = cls, langs, why
        self.phrase, self.suggestion = phrase, suggestion
        self.bad, self.good, self.unless, self.line = bad, good, unless, line
        self.pairs = expand(phrase, suggestion)


def read_lexicon():
    entries, cls, langs, why = [], None, [], ""
    for n, raw in enumerate(LEXICON.read_text(encoding="utf-8").splitlines(), 1):
        line = raw.strip()
        if not line or line.startswith("#"):
            continue
        where = f"{LEXICON.relative_to(ROOT)}:{n}"
        if line.startswith("@class "):
            cls = line[7:].strip()
            continue
        if line.startswith("@lang "):
            langs = line[6:].split()
            unknown = [x for x in langs if x not in LANGS]
            if unknown:
                sys.exit(f"{where}: unknown language {unknown}")
            continue
        if line.startswith("@why "):
            why = line[5:].strip()
            continue
        if "=>" not in line:
            sys.exit(f"{where}: expected `phrase => suggestion | bad example`")
        head, _, rest = line.partition("=>")
        fields = [f.strip() for f in rest.split(" | ")]
        if len(fields) < 2 or not fields[1]:
            sys.exit(f"{where}: an entry needs a suggestion and a bad example")
        if cls is None or not langs or not why:
            sys.exit(f"{where}: @class, @lang and @why must come before the first entry")
        try:
            entries.append(
                Entry(
                    cls,
                    langs,
                    why,
                    head.strip(),
                    fields[0],
                    fields[1],
                    fields[2] if len(fields) > 2 and fields[2] else None,
                    fields[3] if len(fields) > 3 and fields[3] else None,
                    where,
                )
            )
        except ValueError as e:
            sys.exit(f"{where}: {e}")
    return entries


CLASSES = OrderedDict(
    [
        (
            "light-verb",
            (
                "`{matched}`: the verb came over from another language; English says `{suggestion}`",
                "Light-verb calques: the source language takes a photo with \"make\" (faire une photo, \
zrobić zdjęcie), pays attention with \"make\" or \"put\", puts things \"in evidence\" (mettere in \
evidenza). English pairs these nouns with another verb. Each entry is a verb phrase in all its \
forms; phrases that are also ordinary English are left out (\"take a decision\" is good British \
English, \"make a party of six\" is not a calque).",
            ),
        ),
        (
            "preposition",
            (
                "`{matched}`: the preposition came over from another language; English says `{suggestion}`",
                "Preposition calques: \"depend of\" (dépendre de, depender de), \"consist from\" \
(состоять из), \"participate to\" (participer à), \"explain me\" (expliquez-moi). Each entry \
is a verb or adjective with the preposition its source needs; uses that English also has \
(\"depending, of course, on\") are excluded by the entry's context condition.",
            ),
        ),
        (
            "noun-compound",
            (
                "`{matched}` is a noun compound built the other language's way; English says `{suggestion}`",
                "\"N of N\" compounds: Romance languages join nouns with a preposition (agencia de \
noticias, coupe du monde), where English puts the modifier first (news agency, World Cup). \
Only compounds whose \"of\" form is not ordinary English are listed (\"a cup of coffee\" and \
\"a game of football\" are).",
            ),
        ),
        (
            "false-friend",
            (
                "`{matched}`: a look-alike of a word from another language; English says `{suggestion}`",
                "False friends: words that look like the source word but mean something else in \
English (Spanish \"operativo\", French \"milliard\", German \"bekommen\"). Listed only in the \
combinations where the English reading makes no sense.",
            ),
        ),
        (
            "word-order",
            (
                "`{matched}`: the adverb sits between the verb and its object, as in the source language; English writes `{suggestion}`",
                "Adverb placement: French, Spanish, Italian, Portuguese and German put a frequency or \
manner adverb between a verb and its object (\"il lit souvent le journal\", \"er spricht \
fließend Englisch\"); English puts it before the verb or after the object. The entries need a \
determiner or a language name right after the adverb, so \"speaks well of\" and \"drove fast \
cars\" pass.",
            ),
        ),
        (
            "article",
            (
                "`{matched}`: English uses no article here; write `{suggestion}`",
                "Articles with abstract and generic nouns: Romance languages and German say \"the \
life\", \"the both\", \"the most of people\" where English uses the bare noun. Entries are \
the fixed sayings and constructions where the article is certainly wrong; a noun with a \
complement (\"the life of the party\") passes.",
            ),
        ),
        (
            "idiom",
            (
                "`{matched}` is an idiom of another language translated word by word; English says `{suggestion}`",
                "Idioms rendered word by word: \"it costs an eye of the face\" (cuesta un ojo de la \
cara), \"the drop that overflowed the glass\" (la goutte qui fait déborder le vase), \"to \
buy a cat in a bag\" (die Katze im Sack kaufen). The suggestion is the English idiom of the \
same meaning; review it, the sentence may need more than the phrase changed.",
            ),
        ),
        (
            "connective",
            (
                "`{matched}` opens the sentence with a calque; English says `{suggestion}`",
                "Connectives that open a sentence, rendered word by word: \"In the reality,\" (en \
la realidad, nella realtà), \"In the same time,\" (en même temps, allo stesso tempo), \"On \
the other part,\" (d'autre part, por otra parte). Matched with their capital and the comma, \
that is at the start of a sentence, where they cannot begin a longer noun phrase (\"in the \
same time it takes\", \"on the other part of the island\").",
            ),
        ),
        (
            "construction",
            (
                "`{matched}` follows the other language's grammar; English says `{suggestion}`",
                "Grammatical calques: comparatives built with \"more\" on short adjectives (más \
grande, plus grand, 越来越大), \"I am agree\" (estoy de acuerdo), \"how is it called\" (wie \
heißt es), fractions with \"and half\", \"very\" before a verb (很喜欢). Each form is one \
that English grammar does not produce.",
            ),
        ),
    ]
)


CASE_SENSITIVE = {"connective"}


def toml_str(s):
    return '"' + s.replace("\\", "\\\\").replace('"', '\\"') + '"'


def build(entries):
    by_class = OrderedDict((c, []) for c in CLASSES)
    for e in entries:
        if e.cls not in by_class:
            sys.exit(f"{e.line}: unknown class {e.cls}")
        by_class[e.cls].append(e)
    seen = {}
    # A phrase that another pack already lists would only change the finding's rule id.
    taken = set()
    if SUBSTITUTIONS.exists():
        text = SUBSTITUTIONS.read_text(encoding="utf-8")
        taken = {m.lower() for m in re.findall(r'^"([^"]+)" = ', text, re.M)}
    out = [
        "# Generated by data/calques/generate.py from data/calques/lexicon.txt and",
        "# data/calques/patterns.toml; do not edit. Run `python3 data/calques/generate.py`.",
        "",
        "[pack]",
        'name = "calques"',
        'description = "Calques: verbs, prepositions, compounds, false friends, word order, articles and idioms carried over from French, Spanish, Italian, Portuguese, German, Polish, Russian and Chinese."',
        "",
    ]
    for cls, items in by_class.items():
        if not items:
            continue
        message, description = CLASSES[cls]
        out += [
            "[[rule]]",
            f'id = "calque/{cls}"',
            'severity = "warning"',
            'fix = "unsafe"',
            f"message = {toml_str(message)}",
            'supersedes = ["substitution/mt-calque", "collocation/near-miss"]',
        ]
        unless = sorted({e.unless for e in items if e.unless})
        if unless:
            out.append("exceptions = [")
            out += [f"    '''(?i){u}'''," for u in unless]
            out.append("]")
        out.append(f"description = {toml_str(description)}")
        goods = [e.good for e in items if e.good]
        out.append("good = [")
        out += [f"    {toml_str(g)}," for g in goods]
        out.append("]")
        out.append("")
        for e in items:
            found = None
            for ptext, stext in e.pairs:
                ms = list(find_whole(e.bad, ptext))
                if ms:
                    found = (ms[0], ptext)
                    break
            if found is None:
                sys.exit(f"{e.line}: the bad example {e.bad!r} contains no form of {e.phrase!r}")
            m, ptext = found
            suggestions = sorted({s for p, s in e.pairs if p.lower() == ptext.lower()})
            out += ["[[rule.bad]]", f"text = {toml_str(e.bad)}"]
            if len(suggestions) == 1:
                fixed = e.bad[: m.start()] + carry_case(m.group(0), suggestions[0]) + e.bad[m.end() :]
                out.append(f"fixed = {toml_str(fixed)}")
            out.append("")
        out += ["[rule.match]", 'kind = "phrase"']
        if cls in CASE_SENSITIVE:
            out.append("case-sensitive = true")
        out.append("table = '''")
        last = None
        for e in items:
            names = ", ".join(LANGS[x] for x in e.langs)
            # One comment for each run of entries with the same languages and reason.
            if (names, e.why) != last:
                out.append(f"# {names}: {e.why}")
                last = (names, e.why)
            merged = OrderedDict()
            for p, s in e.pairs:
                key = p.lower()
                if key in seen and seen[key] != e.line:
                    sys.exit(f"{e.line}: `{p}` is also produced by {seen[key]}")
                if key in taken:
                    sys.exit(f"{e.line}: `{p}` is already a phrase of {SUBSTITUTIONS.relative_to(ROOT)}")
                seen[key] = e.line
                merged.setdefault(key, (p, []))
                if s not in merged[key][1]:
                    merged[key][1].append(s)
            for p, ss in merged.values():
                out.append(f"{p} => {' | '.join(ss)}")
        out += ["'''", ""]
    out.append(PATTERNS.read_text(encoding="utf-8").rstrip() + "\n")
    return "\n".join(out)


def stats(entries):
    rows = OrderedDict((c, Counter()) for c in CLASSES)
    phrases = Counter()
    for e in entries:
        for lang in e.langs:
            rows[e.cls][lang] += 1
        phrases[e.cls] += len({p.lower() for p, _ in e.pairs})
    print("| class | entries | phrases | " + " | ".join(LANGS) + " |")
    print("| --- | --- | --- | " + " | ".join("---" for _ in LANGS) + " |")
    for cls, counter in rows.items():
        n = sum(1 for e in entries if e.cls == cls)
        print(f"| {cls} | {n} | {phrases[cls]} | " + " | ".join(str(counter[x]) for x in LANGS) + " |")
    print(f"| all | {len(entries)} | {sum(phrases.values())} | " + " | ".join(
        str(sum(r[x] for r in rows.values())) for x in LANGS) + " |")


def main():
    entries = read_lexicon()
    if "--stats" in sys.argv:
        stats(entries)
        return
    text = build(entries)
    if "--check" in sys.argv:
        if OUTPUT.read_text(encoding="utf-8") != text:
            sys.exit("rules/calques.toml is stale: run python3 data/calques/generate.py")
        return
    OUTPUT.write_text(text, encoding="utf-8")


if __name__ == "__main__":
    main()
