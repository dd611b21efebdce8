#!/usr/bin/env python3
"""Findings per 10,000 words on documentation the project does not hold.

    python3 eval/heldout.py DIR [DIR ...]             # one line per directory
    python3 eval/heldout.py --rules DIR [DIR ...]     # and the findings per rule
    python3 eval/heldout.py --binary OLD DIR ...      # another build, for a before/after

Runs the release binary (`cargo build --release` first) with
`check --no-config --fail-on never --format json` on each directory and counts the words
(split on whitespace) of the files it walks: .md, .markdown, .mkd, .mdx and .txt, hidden
ones left out as the checker leaves them. Keep held-out documents outside the project, so
that no rule is tuned on them by accident; see "Held-out documentation" in eval/README.md.
"""

import argparse
import json
import subprocess
import sys
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
EXTENSIONS = {".md", ".markdown", ".mkd", ".mdx", ".txt"}


def words(directory):
    total = 0
    for path in Path(directory).rglob("*"):
        hidden = any(part.startswith(".") for part in path.relative_to(directory).parts)
        if path.is_file() and path.suffix in EXTENSIONS and not hidden:
            total += len(path.read_text(encoding="utf-8", errors="replace").split())
    return total


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("dirs", nargs="+")
    parser.add_argument("--binary", default=ROOT / "target/release/mtlint")
    parser.add_argument("--rules", action="store_true", help="also list the findings per rule")
    args = parser.parse_args()
    print(f"{'set':30} {'findings':>8} {'words':>10} {'per 10k':>8}")
    for directory in args.dirs:
        run = subprocess.run(
            [str(args.binary), "check", "--no-config", "--fail-on", "never", "--format", "json", directory],
            capture_output=True,
            text=True,
        )
        if run.returncode != 0:
            sys.exit(f"{args.binary} failed on {directory}: {run.stderr}")
        found = json.loads(run.stdout or "[]")
        count = words(directory)
        rate = len(found) * 10_000 / count if count else 0.0
        print(f"{directory:30} {len(found):8} {count:10} {rate:8.2f}")
        if args.rules:
            for rule, n in Counter(f["rule"] for f in found).most_common():
                print(f"    {n:5}  {rule}")


if __name__ == "__main__":
    main()
