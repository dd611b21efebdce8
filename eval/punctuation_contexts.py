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
  number-colon   the lowercase word after a number or a percentage and ":" or ";", next
                 to how often each preposition follows a number with no mark between
  quote-spans    straight double quotes paired in order within each paragraph (a quote
                 after a space or an opening bracket opens, any other closes): the
                 quotations that hold a sentence end, and the paragraphs with an
                 unpaired quote

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
    number_colon(files)
    quote_spans(files)


NUMBER = r"(?:\d[\d,.]*%?|\bper ?cent\b|\bpercent\b|\bpoints\b)"
PREPOSITIONS = ["in", "on", "at", "by", "for", "from", "to", "with", "of"]


def number_colon(files):
    after_mark, plain, where = Counter(), Counter(), {}
    for path in files:
        text = prose(path)
        for m in re.finditer(NUMBER + r"[ \t]*[:;][ \t]+([a-z]+)\b", text):
            after_mark[m.group(1)] += 1
            where.setdefault(m.group(1), text[max(0, m.start() - 30) : m.end()].replace("\n", " "))
        for m in re.finditer(NUMBER + r"[ \t]+(" + "|".join(PREPOSITIONS) + r")\b", text):
            plain[m.group(1)] += 1
    print(f"\n## number-colon: {sum(after_mark.values())} occurrences")
    print(" ".join(f"{w}:{n}" for w, n in after_mark.most_common()))
    print("# preposition: after a number and a mark / after a number with no mark")
    print(" ".join(f"{w}:{after_mark[w]}/{plain[w]}" for w in PREPOSITIONS))
    for w in PREPOSITIONS:
        if w in where:
            print(f"#   {w}: ...{where[w]}")


def quote_spans(files):
    quotations = spanning = odd = paragraphs = 0
    for path in files:
        for para in re.split(r"\n[ \t]*\n", prose(path)):
            if '"' not in para:
                continue
            paragraphs += 1
            open_at = None
            unpaired = False
            for m in re.finditer('"', para):
                before = para[m.start() - 1] if m.start() else " "
                opens = before.isspace() or before in "([{"
                if opens and open_at is None:
                    open_at = m.end()
                elif opens:
                    unpaired, open_at = True, m.end()
                elif open_at is not None:
                    quotations += 1
                    inner = para[open_at : m.start()]
                    spanning += bool(re.search(r"[.!?][ \t\n]+[A-Z]", inner))
                    open_at = None
                else:
                    unpaired = True
            odd += unpaired or open_at is not None
    print(f"\n## quote-spans: {paragraphs} paragraphs with straight quotes, {quotations} quotations")
    print(f"# quotations that hold a sentence end: {spanning}")
    print(f"# paragraphs with an unpaired quote: {odd}")


if __name__ == "__main__":
    main()
