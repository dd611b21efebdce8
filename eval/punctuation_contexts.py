#!/usr/bin/env python3
"""Counts the contexts of punctuation in the clean corpora, from which the allowed contexts
of the inserted-punctuation rules (rules/punctuation.toml) are taken.

    python3 eval/punctuation_contexts.py [DIR ...]   # default: ../shared/data/clean-prose
                                                     #          ../shared/data/real-docs

For each context it prints the words seen there with their counts:

  after-mark     the lowercase word after "!" or "?" and a space, inside a sentence
                 ("Oh! what a day", "Where now? he asked")
  before-mark    the word before such a "!" or "?"
  after-hyphen   the word after a hyphen glued to a word and followed by a space
                 ("pre- and post-war")
  after-colon    the lowercase word after ":" or ";" and a space, with its share of all
                 the word's occurrences (a word English rarely starts a clause with after
                 a colon has a share near zero)

Markdown code (fenced blocks and `code spans`) and lines that look like tables or front
matter are skipped, as mtlint skips them.
"""

import re
import sys
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DEFAULT = [ROOT / "../shared/data/clean-prose", ROOT / "../shared/data/real-docs"]


def prose(path):
    text = path.read_text(encoding="utf-8", errors="replace")
    if path.suffix in (".md", ".markdown"):
        text = re.sub(r"(?ms)^(```|~~~).*?^\1", "", text)
        text = re.sub(r"`[^`\n]*`", "", text)
        text = re.sub(r"(?ms)\A---\n.*?\n---\n", "", text)
        text = "\n".join(l for l in text.splitlines() if not l.lstrip().startswith("|"))
    return text


def main():
    dirs = [Path(d) for d in sys.argv[1:]] or DEFAULT
    files = [p for d in dirs for p in sorted(d.rglob("*")) if p.suffix in (".txt", ".md", ".markdown")]
    after_mark, before_mark, after_hyphen, after_colon, words = (Counter() for _ in range(5))
    for path in files:
        text = prose(path)
        for w in re.findall(r"[A-Za-z]+", text):
            words[w.lower()] += 1
        # A lookahead, so that "Yes! yes! put" counts both "yes" and "put".
        for m in re.finditer(r"(?=\b([A-Za-z]+)[!?][ \t]+([a-z]+)\b)", text):
            before_mark[m.group(1).lower()] += 1
            after_mark[m.group(2)] += 1
        for m in re.finditer(r"\b[A-Za-z]+-[ \t]+([A-Za-z]+)\b", text):
            after_hyphen[m.group(1).lower()] += 1
        for m in re.finditer(r"[:;][ \t]+([a-z]+)\b", text):
            after_colon[m.group(1)] += 1
    print(f"# {len(files)} files, {sum(words.values())} words")
    for name, counter in [("after-mark", after_mark), ("before-mark", before_mark), ("after-hyphen", after_hyphen)]:
        print(f"\n## {name}: {sum(counter.values())} occurrences, {len(counter)} words")
        print(" ".join(f"{w}:{n}" for w, n in counter.most_common()))
    total_colon = sum(after_colon.values())
    total = sum(words.values())
    print(f"\n## after-colon: {total_colon} occurrences")
    print("# word: count after a colon / expected from its overall frequency")
    rows = []
    for w, n in words.most_common(300):
        expected = total_colon * n / total
        rows.append((after_colon[w] / expected if expected else 0, w, after_colon[w], expected))
    for ratio, w, seen, expected in sorted(rows):
        print(f"{w}:{seen}/{expected:.0f}", end=" ")
    print()


if __name__ == "__main__":
    main()
