#!/usr/bin/env python3
"""Recall and false alarms per family of artifacts, on the sets in eval/sets/.

    cargo build --release && python3 eval/recall.py [--binary PATH] [--verbose]
    python3 eval/recall.py --rules-dir DIR    # the packs in DIR instead of the built-in ones

Each set is a TSV file: `bad<TAB>text` or `good<TAB>text` a line (`\\n` in a text is a line
break), with a header naming the family and the rule id prefixes that count for it:

    # family: repetition
    # rules: repetition/

Each text is checked as its own file with the release binary (`check --no-config
--fail-on never --format json`). Recall: the share of bad texts with a finding of the
family's rules. False alarms: good texts with a finding of the family's rules, and good
texts with any finding at all. The texts are written for this evaluation; none is a rule's
own example.
"""

import argparse
import json
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def load(path):
    family, rules, items = path.stem, [], []
    for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if line.startswith("# family:"):
            family = line.split(":", 1)[1].strip()
        elif line.startswith("# rules:"):
            rules = line.split(":", 1)[1].split()
        elif line.strip() and not line.startswith("#"):
            kind, _, text = line.partition("\t")
            if kind not in ("bad", "good") or not text:
                sys.exit(f"{path}:{n}: expected `bad<TAB>text` or `good<TAB>text`")
            items.append((kind, text.replace("\\n", "\n") + "\n"))
    if not rules:
        sys.exit(f"{path}: no `# rules:` line")
    return family, rules, items


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--binary", default=str(ROOT / "target/release/mtlint"))
    ap.add_argument("--sets", default=str(ROOT / "eval/sets"))
    ap.add_argument("--verbose", action="store_true", help="list misses and false alarms")
    ap.add_argument(
        "--rules-dir",
        help="check with the packs in this directory (--no-builtin --rules DIR), e.g. rules/ "
        "of another commit, without rebuilding the binary",
    )
    a = ap.parse_args()
    packs = ["--no-builtin", "--rules", a.rules_dir] if a.rules_dir else []
    rows = []
    for path in sorted(Path(a.sets).glob("*.tsv")):
        family, rules, items = load(path)
        with tempfile.TemporaryDirectory() as tmp:
            for i, (_, text) in enumerate(items):
                Path(tmp, f"{i:04}.txt").write_text(text, encoding="utf-8")
            run = subprocess.run(
                [a.binary, "check", "--no-config", *packs, "--fail-on", "never", "--format", "json", tmp],
                capture_output=True,
                text=True,
            )
            if run.returncode != 0:
                sys.exit(f"{a.binary}: {run.stderr}")
            by_file = {}
            for f in json.loads(run.stdout or "[]"):
                by_file.setdefault(int(Path(f["path"]).stem), []).append(f)
        bad = good = hit = alarm = any_alarm = 0
        for i, (kind, text) in enumerate(items):
            found = by_file.get(i, [])
            ours = [f for f in found if any(f["rule"].startswith(r) for r in rules)]
            if kind == "bad":
                bad += 1
                hit += bool(ours)
                if a.verbose and not ours:
                    print(f"  miss  [{family}] {text.strip()!r}")
            else:
                good += 1
                alarm += bool(ours)
                any_alarm += bool(found)
                if a.verbose and found:
                    names = ", ".join(f"{f['rule']} {f['matched']!r}" for f in found)
                    print(f"  alarm [{family}] {text.strip()!r}: {names}")
        rows.append((family, bad, hit, good, alarm, any_alarm))
    print(f"{'family':<22} {'recall':>12} {'false alarms':>14} {'any rule':>10}")
    for family, bad, hit, good, alarm, any_alarm in rows:
        recall = f"{hit}/{bad} {hit / bad:.2f}" if bad else "-"
        print(f"{family:<22} {recall:>12} {f'{alarm}/{good}':>14} {f'{any_alarm}/{good}':>10}")


if __name__ == "__main__":
    main()
