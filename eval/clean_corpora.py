#!/usr/bin/env python3
"""Findings on the clean corpora: what a rule change adds there.

    python3 eval/clean_corpora.py                      # findings of the calque pack
    python3 eval/clean_corpora.py --rules calque/ repetition/
    python3 eval/clean_corpora.py --save base.json     # keep every finding, for later
    python3 eval/clean_corpora.py --baseline base.json # findings not in base.json

Runs the release binary (`cargo build --release` first) with
`check --no-config --fail-on never --format json` on ../shared/data/clean-prose (four
public-domain novels) and ../shared/data/real-docs (three documentation sites), or on the
directories given with --corpus. A finding is named by file, rule and matched text, so that
edits elsewhere in a file do not hide or invent one. Exit status 1 when any finding is
reported, so it can gate a change.
"""

import argparse
import json
import subprocess
import sys
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DEFAULT_CORPORA = [ROOT / "../shared/data/clean-prose", ROOT / "../shared/data/real-docs"]


def findings(binary, corpora):
    out = []
    for corpus in corpora:
        run = subprocess.run(
            [str(binary), "check", "--no-config", "--fail-on", "never", "--format", "json", str(corpus)],
            capture_output=True,
            text=True,
        )
        if run.returncode != 0:
            sys.exit(f"{binary} failed on {corpus}: {run.stderr}")
        out += json.loads(run.stdout or "[]")
    return out


def key(f):
    return (Path(f["path"]).name, f["rule"], f["matched"], f["line"])


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--binary", default=str(ROOT / "target/release/mtlint"))
    ap.add_argument("--corpus", action="append", help="a directory (default: both clean corpora)")
    ap.add_argument("--rules", nargs="*", help="rule id prefixes to report (default: calque/)")
    ap.add_argument("--baseline", help="JSON saved with --save: report only findings not in it")
    ap.add_argument("--save", help="write every finding to this file")
    a = ap.parse_args()
    corpora = [Path(c) for c in a.corpus] if a.corpus else DEFAULT_CORPORA
    found = findings(a.binary, corpora)
    if a.save:
        Path(a.save).write_text(json.dumps(found))
        print(f"{len(found)} findings saved to {a.save}")
        return
    if a.baseline:
        old = Counter(key(f) for f in json.loads(Path(a.baseline).read_text()))
        new = []
        for f in found:
            k = key(f)
            if old[k] > 0:
                old[k] -= 1
            else:
                new.append(f)
        report = new
        gone = sum(old.values())
        print(f"{len(found)} findings; {len(new)} new, {gone} gone against {a.baseline}")
    else:
        prefixes = a.rules or ["calque/"]
        report = [f for f in found if any(f["rule"].startswith(p) for p in prefixes)]
        print(f"{len(found)} findings; {len(report)} of rules {' '.join(prefixes)}")
    if a.rules and a.baseline:
        report = [f for f in report if any(f["rule"].startswith(p) for p in a.rules)]
    for f in report:
        print(f"{f['path']}:{f['line']}:{f['column']}: {f['rule']}: {f['matched']!r}")
    sys.exit(1 if report else 0)


if __name__ == "__main__":
    main()
