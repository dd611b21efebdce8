#!/usr/bin/env python3
"""Builds data/untranslated/words.bin: word-level evidence that a word in an English
text belongs to another language written in Latin script.

Inputs (pinned; the script refuses other versions):
  - PyPI `wordfreq` (WORDFREQ_VERSION): word frequencies of English and of the foreign
    languages in LANGS. Its data is CC BY-SA 4.0 (see NOTICE), and so is words.bin.
  - Debian `scowl` (SCOWL_VERSION): English words and proper names up to level
    SCOWL_LEVEL, the English floor (such words are never foreign on their own).
  - Debian `wspanish` (public domain) and `wpolish` (used under CC BY 4.0, one of its
    licence options): whether a Spanish or Polish word is written lowercase or
    capitalised. Only one bit per word is derived from them; the lists are not embedded.

Install: pip install wordfreq==3.1.1; apt-get install scowl wspanish wpolish.
Run: python3 data/untranslated/build.py   (writes words.bin and MANIFEST beside itself;
`--check` compares instead of writing).

Format of words.bin (all integers little-endian):
  magic b"MTUW", version u8 (1), language count u8, two ASCII letters per language,
  block size u8, entry count u32, block count u32, block offsets u32 each (from the
  start of the entries), then the entries, sorted by their UTF-8 bytes and
  front-coded within a block (a block's first entry has prefix 0):
    prefix u8, suffix length u8, suffix bytes, English zipf*10 u8, flags u8,
    language count u8, then (language index u8, zipf*10 u8) per language, best first.
Zipf is log10 of frequency per billion words (wordfreq's scale).
"""

import hashlib
import math
import os
import struct
import subprocess
import sys
import unicodedata

WORDFREQ_VERSION = "3.1.1"
SCOWL_VERSION = "2020.12.07-2"
WSPANISH_VERSION = "1.0.30"
WPOLISH_VERSION = "20220301-1"

# Latin-script languages wordfreq knows well enough (its "large" or "small" lists).
LANGS = "es fr de it pt nl pl cs sv da nb fi hu ro tr ca sk sl id lt lv".split()
# A foreign word must be at least this common in its language (zipf 3.5: 3 per million).
MIN_FOREIGN_ZIPF = 3.5
# Other languages recorded for a word: within this much of its best language, at most 4.
LANG_SPREAD = 1.0
MAX_LANGS = 4
SCOWL_LEVEL = 70
BLOCK = 32

FLOOR_WORD = 1  # an English word (scowl, lowercase)
FLOOR_NAME = 2  # an English proper name or capitalised word (scowl)
LOWER_ONLY = 4  # best language's case list has it lowercase only (a common word)
NAME_ONLY = 8  # best language's case list has it capitalised only (a name)

HERE = os.path.dirname(os.path.abspath(__file__))
SCOWL_DIR = "/usr/share/dict/scowl"
CASE_LISTS = {"es": "/usr/share/dict/spanish", "pl": "/usr/share/dict/polish"}


def fnv1a64(data: bytes) -> int:
    h = 0xCBF29CE484222325
    for b in data:
        h ^= b
        h = (h * 0x100000001B3) & 0xFFFFFFFFFFFFFFFF
    return h


def debian_version(package: str) -> str:
    out = subprocess.run(
        ["dpkg-query", "-W", "-f=${Version}", package], capture_output=True, text=True
    )
    return out.stdout.strip()


def check_versions():
    import wordfreq  # noqa: F401
    from importlib.metadata import version

    wanted = {
        "wordfreq": (version("wordfreq"), WORDFREQ_VERSION),
        "scowl": (debian_version("scowl"), SCOWL_VERSION),
        "wspanish": (debian_version("wspanish"), WSPANISH_VERSION),
        "wpolish": (debian_version("wpolish"), WPOLISH_VERSION),
    }
    bad = [f"{p} {have or 'missing'} (need {need})" for p, (have, need) in wanted.items() if have != need]
    if bad:
        sys.exit("build.py: wrong inputs: " + ", ".join(bad))


def is_latin_word(w: str) -> bool:
    return bool(w) and all(
        c.isalpha() and "LATIN" in unicodedata.name(c, "") for c in w
    )


def strip_accents(w: str) -> str:
    decomposed = unicodedata.normalize("NFD", w)
    return unicodedata.normalize(
        "NFC", "".join(c for c in decomposed if not unicodedata.combining(c))
    )


def zipf(freq: float) -> float:
    return math.log10(freq * 1e9) if freq > 0 else 0.0


def q(z: float) -> int:
    return max(0, min(255, int(round(z * 10))))


def scowl_files():
    names = []
    for name in sorted(os.listdir(SCOWL_DIR)):
        kind, _, level = name.rpartition(".")
        if not level.isdigit() or int(level) > SCOWL_LEVEL:
            continue
        if kind.endswith("-words") or kind.endswith("-proper-names") or kind.endswith("-upper"):
            names.append(name)
    return names


def read_lines(path):
    with open(path, encoding="utf-8") as f:
        return [line.rstrip("\n") for line in f if line.strip()]


def build():
    import wordfreq

    inputs = hashlib.sha256()
    floor_words, floor_names = set(), set()
    for name in scowl_files():
        path = os.path.join(SCOWL_DIR, name)
        with open(path, "rb") as f:
            data = f.read()
        inputs.update(name.encode() + b"\0" + data)
        for w in data.decode("utf-8").split("\n"):
            if not w or w.endswith("'s"):
                continue
            if name.rsplit(".", 1)[0].endswith("-words") and w.islower():
                floor_words.add(w)
            elif w[:1].isupper():
                floor_names.add(w.lower())

    english = {w: zipf(f) for w, f in wordfreq.get_frequency_dict("en", "best").items()}
    # English often drops the accents of loans ("blase", "fetes", "protege"): a word
    # counts as English as often as its most common accented spelling.
    plain = {}
    for w, z in english.items():
        p = strip_accents(w)
        if p != w and z > plain.get(p, 0.0):
            plain[p] = z
    for p, z in plain.items():
        if z > english.get(p, 0.0):
            english[p] = z
    floor_words |= {strip_accents(w) for w in floor_words}
    # Regular English inflections of floor words ("matchers", "matcher") are English.
    stems = set(floor_words)
    for suffix in ("s", "es", "ed", "er", "ers", "ing", "ly"):
        floor_words |= {w + suffix for w in stems if len(w) >= 3}
    floor_names |= {strip_accents(w) for w in floor_names}
    per_lang = []
    for lang in LANGS:
        table = {}
        for w, f in wordfreq.get_frequency_dict(lang, "best").items():
            z = zipf(f)
            if z >= MIN_FOREIGN_ZIPF and is_latin_word(w):
                table[w] = z
        per_lang.append(table)

    candidates = {}
    for i, table in enumerate(per_lang):
        for w, z in table.items():
            candidates.setdefault(w, []).append((z, i))
    entries = []
    for w, langs in candidates.items():
        langs.sort(key=lambda t: (-t[0], t[1]))
        best = langs[0][0]
        en = english.get(w, 0.0)
        if best <= en:
            continue
        kept = [(i, z) for z, i in langs if z >= best - LANG_SPREAD][:MAX_LANGS]
        entries.append([w, q(en), 0, kept])
    wanted = {w for w, *_ in entries}

    cases = {}
    for lang, path in CASE_LISTS.items():
        lower, upper = set(), set()
        with open(path, "rb") as f:
            data = f.read()
        inputs.update(path.encode() + b"\0" + data)
        for w in data.decode("utf-8").split("\n"):
            lw = w.lower()
            if lw not in wanted:
                continue
            (lower if w == lw else upper).add(lw)
        cases[LANGS.index(lang)] = (lower, upper)

    for e in entries:
        w, _, _, kept = e
        flags = 0
        if w in floor_words:
            flags |= FLOOR_WORD
        if w in floor_names:
            flags |= FLOOR_NAME
        best_lang = kept[0][0]
        if best_lang in cases:
            lower, upper = cases[best_lang]
            if w in lower and w not in upper:
                flags |= LOWER_ONLY
            elif w in upper and w not in lower:
                flags |= NAME_ONLY
        e[2] = flags

    entries = [e for e in entries if len(e[0].encode("utf-8")) <= 255]
    entries.sort(key=lambda e: e[0].encode("utf-8"))
    blob = bytearray()
    offsets = []
    prev = b""
    for n, (w, en_q, flags, kept) in enumerate(entries):
        key = w.encode("utf-8")
        if n % BLOCK == 0:
            offsets.append(len(blob))
            prefix = 0
        else:
            prefix = 0
            while prefix < min(len(prev), len(key), 255) and prev[prefix] == key[prefix]:
                prefix += 1
        suffix = key[prefix:]
        blob += bytes([prefix, len(suffix)]) + suffix
        blob += bytes([en_q, flags, len(kept)])
        for i, z in kept:
            blob += bytes([i, q(z)])
        prev = key

    out = bytearray(b"MTUW") + bytes([1, len(LANGS)])
    for lang in LANGS:
        out += lang.encode("ascii")
    out += bytes([BLOCK]) + struct.pack("<II", len(entries), len(offsets))
    for o in offsets:
        out += struct.pack("<I", o)
    out += blob

    with open(os.path.abspath(__file__), "rb") as f:
        script = f.read()
    manifest = "\n".join(
        [
            "# Written by data/untranslated/build.py; checked by tests/untranslated_data.rs.",
            f"wordfreq = {WORDFREQ_VERSION} (PyPI)",
            f"scowl = {SCOWL_VERSION} (Debian), levels <= {SCOWL_LEVEL}",
            f"wspanish = {WSPANISH_VERSION} (Debian)",
            f"wpolish = {WPOLISH_VERSION} (Debian)",
            f"languages = {' '.join(LANGS)}",
            f"min-foreign-zipf = {MIN_FOREIGN_ZIPF}",
            f"inputs-sha256 = {inputs.hexdigest()}",
            f"script-sha256 = {hashlib.sha256(script).hexdigest()}",
            f"script-fnv1a64 = {fnv1a64(script):016x}",
            f"entries = {len(entries)}",
            f"bytes = {len(out)}",
            f"sha256 = {hashlib.sha256(out).hexdigest()}",
            f"fnv1a64 = {fnv1a64(bytes(out)):016x}",
            "",
        ]
    )
    return bytes(out), manifest


def main():
    check_versions()
    data, manifest = build()
    bin_path = os.path.join(HERE, "words.bin")
    manifest_path = os.path.join(HERE, "MANIFEST")
    if "--check" in sys.argv[1:]:
        with open(bin_path, "rb") as f:
            same = f.read() == data
        with open(manifest_path, encoding="utf-8") as f:
            same_manifest = f.read() == manifest
        print("words.bin", "matches" if same else "DIFFERS")
        print("MANIFEST", "matches" if same_manifest else "DIFFERS")
        sys.exit(0 if same and same_manifest else 1)
    with open(bin_path, "wb") as f:
        f.write(data)
    with open(manifest_path, "w", encoding="utf-8") as f:
        f.write(manifest)
    print(manifest, end="")


if __name__ == "__main__":
    main()
