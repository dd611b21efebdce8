#!/bin/bash
# The large-input runs of fuzz/README.md. Usage: fuzz/large-inputs.sh target/release/mtlint
# Generates about 1.2 GB under /tmp/mtlint-big (never commit it), then times each run
# with /usr/bin/time -v. Run from the repository root.
set -u
BIN=$(realpath "$1")
ROOT=$(pwd)
W=/tmp/mtlint-big; rm -rf $W; mkdir -p $W; cd $W
ROOT=$ROOT python3 - <<'PY'
import os, random
random.seed(1)
words = "the officials said talks focused on its nuclear power program and more about a new deal with Seoul".split()
art = open(os.environ['ROOT'] + '/fixtures/sample-article.txt').read()
clean = open(os.environ['ROOT'] + '/fixtures/clean/newsroom-style.txt').read()
# 50 MB single line: ordinary prose without a line break, an artifact every ~1 KB.
unit = " ".join(random.choice(words) for _ in range(150)) + ". "
line = []
n = 0
while n < 50_000_000:
    s = unit + "Its nuclear power. program was sold. . "
    line.append(s); n += len(s)
open('line50.txt','w').write("".join(line))
open('line10.txt','w').write("".join(line)[:10_000_000])
# 1 GB file: the clean fixture repeated.
with open('big1g.txt','w') as f:
    n = 0
    while n < 1_000_000_000:
        f.write(clean); n += len(clean)
# 100,000 files in 100 folders, each a small article.
small = art[:1500]
for d in range(100):
    os.makedirs(f'many/d{d:03}')
    for i in range(1000):
        open(f'many/d{d:03}/f{i:04}.txt','w').write(small)
PY
ls -la $W
for f in line10.txt line50.txt big1g.txt; do
  # Over the default 64 MiB --max-file-size: the limit is raised for these runs.
  echo "== $f"; /usr/bin/time -v $BIN check --max-file-size 2G --format json $f 2> time.$f > out.$f; echo rc=$?
  grep -E "Elapsed|Maximum resident" time.$f; wc -c out.$f
  python3 -c "import json;print('findings',len(json.load(open('out.$f'))))" 2>/dev/null || echo "(json count skipped)"
done
echo "== 100k files"; /usr/bin/time -v $BIN check --format editor many > out.many 2> time.many; echo rc=$?
grep -E "Elapsed|Maximum resident" time.many; wc -l out.many
echo "== 100k phrases"
mkdir -p phr
ROOT=$ROOT python3 - <<'PY'
head = '[pack]\nname = "house"\ndescription = "d"\n\n[[rule]]\nid = "style/many"\nseverity = "warning"\nfix = "safe"\nmessage = "m"\ndescription = "d"\n\n[rule.match]\nkind = "phrase"\n[rule.match.phrases]\n'
lines = [f'"w{i:05x} z{(i*2654435761 % 2**32) >> 12:05x}" = "ok"\n' for i in range(100000)]
open('phr/many.toml','w').write(head + "".join(lines))
PY
printf 'Here w00000 z00000 is.\n' > a.txt
ls -la phr
/usr/bin/time -v $BIN check --rules phr a.txt > out.phr 2> time.phr; echo rc=$?
grep -E "Elapsed|Maximum resident" time.phr; head -3 out.phr
