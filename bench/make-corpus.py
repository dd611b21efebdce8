#!/usr/bin/env python3
"""Builds article-shaped benchmark corpora from clean prose, with machine-translation
artifacts injected about once per 300 words.

    bench/make-corpus.py SOURCE_DIR OUT_DIR SIZE_MB [SIZE_MB...]

For each size it writes OUT_DIR/<size>mb.txt (one file) and OUT_DIR/<size>mb/ (the same
text split into articles of about 800 words, one file each). Deterministic: a fixed seed.
"""
import os
import random
import sys

ARTIFACTS = [
    lambda w: w + ". program",
    lambda w: w + " more in addition",
    lambda w: w + ". .",
    lambda w: w + " â€™s",
    lambda w: w + " Korea. of the North",
    lambda w: w + " traded public beards",
    lambda w: w + " &amp;",
    lambda w: w + " {0}",
    lambda w: w + " counterfeit consciousness",
    lambda w: w + " the the",
]


def paragraphs(source_dir):
    for name in sorted(os.listdir(source_dir)):
        if name.endswith(".txt"):
            with open(os.path.join(source_dir, name), encoding="utf-8") as f:
                for p in f.read().split("\n\n"):
                    p = " ".join(p.split())
                    if len(p) > 40:
                        yield p


def articles(source_dir, rng):
    """Endless articles: ~800 words of paragraphs, artifacts every ~300 words."""
    paras = list(paragraphs(source_dir))
    words_since = 0
    while True:
        article, count = [], 0
        while count < 800:
            words = rng.choice(paras).split(" ")
            for i in range(len(words)):
                words_since += 1
                if words_since >= 300:
                    words[i] = rng.choice(ARTIFACTS)(words[i])
                    words_since = rng.randint(0, 60)
            article.append(" ".join(words))
            count += len(words)
        yield "\n\n".join(article) + "\n"


def main():
    source, out, sizes = sys.argv[1], sys.argv[2], [int(s) for s in sys.argv[3:]]
    os.makedirs(out, exist_ok=True)
    for size in sizes:
        rng = random.Random(20261128)
        target = size * 1_000_000
        single = os.path.join(out, f"{size}mb.txt")
        folder = os.path.join(out, f"{size}mb")
        os.makedirs(folder, exist_ok=True)
        written = 0
        with open(single, "w", encoding="utf-8") as whole:
            for n, article in enumerate(articles(source, rng)):
                if written >= target:
                    break
                whole.write(article + "\n")
                with open(os.path.join(folder, f"article-{n:07d}.txt"), "w", encoding="utf-8") as f:
                    f.write(article)
                written += len(article.encode("utf-8")) + 1
        print(f"{single}: {written} bytes, {n} articles")


if __name__ == "__main__":
    main()
