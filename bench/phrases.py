#!/usr/bin/env python3
"""Prints every phrase of every phrase rule in the given packs, one a line: the pattern
file for `rg -F -i -f`, the floor of a plain multi-phrase scan."""
import sys
import tomllib

for path in sys.argv[1:]:
    with open(path, "rb") as f:
        pack = tomllib.load(f)
    for rule in pack.get("rule", []):
        match = rule.get("match", {})
        if match.get("kind") == "phrase":
            for phrase in match.get("phrases", {}):
                print(phrase)
            # A `table`: `phrase => suggestions`, one a line.
            for line in match.get("table", "").splitlines():
                line = line.strip()
                if line and not line.startswith("#") and "=>" in line:
                    print(line.split("=>", 1)[0].strip())
