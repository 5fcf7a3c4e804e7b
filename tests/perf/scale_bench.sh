#!/bin/sh
# The scale benchmark of `make bench` (issue 17): a project of N data files (default 1000;
# the shipped data with its homes, QPV and commune counts varied, the same every run) in a
# temporary folder, built with -j 2 as N editions (French only), as ~N editions in three
# locales (the first ceil(N/3) data files × fr, en, nl) and as 3 × N (every file × fr, en,
# nl), then the 3 × N as 2 shards run as 2 processes side by side (-j 1 each). Prints
# editions per second, CPU time per edition (user + system: what a loaded machine disturbs
# least), peak resident memory and bytes written for each; then how much the peak grows per
# 1 000 editions between the two three-locale runs (same fonts, dictionaries and catalogs
# loaded: the difference is what each edition adds); and checks that the shards' manifests
# together list every edition once.
#
# usage: tests/perf/scale_bench.sh PLAQUETTE_BINARY SOURCE_DIR [N]
set -eu
bin=$(realpath "$1")
src=$(realpath "$2")
n=${3:-1000}
tmp=$(mktemp -d "${TMPDIR:-/tmp}/plaquette-scale-XXXXXX")
trap 'rm -rf "$tmp"' EXIT INT TERM
cp -r "$src/layouts" "$src/fonts" "$tmp/"
# A copy of the program is run: the resident size counts the program's own pages mapped,
# and a binary just written by the linker is cached by the kernel in larger blocks, ~9 MiB
# more of it mapped than of a copy, which would hide what the heap does.
cp "$bin" "$tmp/plaquette"
bin="$tmp/plaquette"
mkdir -p "$tmp/data"
cp -r "$src/data/geo" "$tmp/data/"

# N variants of the shipped data, in one pass: each département's homes and the region's
# counts move by an amount fixed by the file's number (figures stay consistent: spending
# and themes are untouched).
awk -v n="$n" -v dir="$tmp/data" '
  { line[NR] = $0 }
  END {
    for (i = 1; i <= n; i++) {
      f = sprintf("%s/d%04d.yaml", dir, i)
      for (k = 1; k <= NR; k++) {
        s = line[k]
        if (match(s, /homes: [0-9]+/)) {
          v = substr(s, RSTART + 7, RLENGTH - 7) + (i * 131 + k * 17) % 2000
          s = substr(s, 1, RSTART - 1) "homes: " v substr(s, RSTART + RLENGTH)
        } else if (match(s, /^  qpv: [0-9]+/)) {
          s = "  qpv: " (150 + i % 100) substr(s, RLENGTH + 1)
        } else if (match(s, /^  communes: [0-9]+/)) {
          s = "  communes: " (100 + i % 80) substr(s, RLENGTH + 1)
        }
        print s > f
      }
      close(f)
    }
  }' "$src/data/hauts-de-france-2019-2022.yaml"

# Editions lists, data-major: every locale of a data file one after the other.
list() {  # list FILE COUNT LOCALES...: the first COUNT data files
  out=$1; count=$2; shift 2
  echo "editions:" > "$out"
  i=1
  while [ "$i" -le "$count" ]; do
    d=$(printf d%04d "$i")
    for l in "$@"; do
      echo "  - {name: $d.$l, data: $d.yaml, layout: ../layouts/gusp-brochure.yaml, locale: $l, output: ../out/$d.$l.pdf}"
    done
    i=$((i + 1))
  done >> "$out"
}
third=$(((n + 2) / 3))
list "$tmp/data/one.yaml" "$n" fr
list "$tmp/data/third.yaml" "$third" fr en nl
list "$tmp/data/three.yaml" "$n" fr en nl

cd "$tmp"
# run LABEL EDITIONS ARGS...: one build, timed by /usr/bin/time (wall seconds, peak RSS,
# user and system CPU seconds).
run() {
  label=$1; count=$2; shift 2
  rm -rf out
  /usr/bin/time -f "%e %M %U %S" -o time.txt "$bin" build -q "$@" ||
    { echo "$label: build failed"; exit 1; }
  read -r secs kib user sys < time.txt
  peak_kib=$kib
  bytes=$(du -sb out | cut -f1)
  awk -v l="$label" -v c="$count" -v s="$secs" -v k="$kib" -v b="$bytes" -v u="$user" -v y="$sys" 'BEGIN {
    printf "%-28s %6d editions in %6.2f s: %6.1f editions/s, %4.2f ms CPU/edition, peak RSS %5.1f MiB, %7.1f MB written\n",
           l, c, s, c / s, (u + y) * 1000 / c, k / 1024, b / 1e6 }'
}
echo "plaquette scale benchmark: $n data files, $(nproc) cores"
run "1 locale, -j 2" "$n" --editions data/one.yaml -j 2
run "3 locales, -j 2" "$((3 * third))" --editions data/third.yaml -j 2
small_kib=$peak_kib
run "3 locales, -j 2" "$((3 * n))" --editions data/three.yaml -j 2
awk -v a="$small_kib" -v b="$peak_kib" -v ca="$((3 * third))" -v cb="$((3 * n))" 'BEGIN {
  printf "peak growth, 3 locales: %.1f MiB (%d editions) -> %.1f MiB (%d editions): %+.2f MiB per 1 000 editions\n",
         a / 1024, ca, b / 1024, cb, (b - a) / 1024 * 1000 / (cb - ca) }'

# Two shards as two processes, each on one core.
rm -rf out
start=$(date +%s.%N)
for k in 1 2; do
  /usr/bin/time -f "%e %M %U %S" -o "time$k.txt" "$bin" build -q --editions data/three.yaml -j 1 \
    --shard "$k/2" --manifest "m$k.jsonl" &
done
wait
end=$(date +%s.%N)
bytes=$(du -sb out | cut -f1)
read -r s1 k1 u1 y1 < time1.txt
read -r s2 k2 u2 y2 < time2.txt
awk -v c="$((3 * n))" -v t0="$start" -v t1="$end" -v k1="$k1" -v k2="$k2" -v b="$bytes" \
    -v cpu="$(echo "$u1 $y1 $u2 $y2" | awk '{print $1 + $2 + $3 + $4}')" 'BEGIN {
  s = t1 - t0
  printf "%-28s %6d editions in %6.2f s: %6.1f editions/s, %4.2f ms CPU/edition, peak RSS %5.1f + %5.1f MiB, %7.1f MB written\n",
         "3 locales, 2 shards × -j 1", c, s, c / s, cpu * 1000 / c, k1 / 1024, k2 / 1024, b / 1e6 }'
# The union of the manifests: every edition once.
total=$(cat m1.jsonl m2.jsonl | wc -l)
dups=$(cat m1.jsonl m2.jsonl | sed 's/.*"output":"\([^"]*\)".*/\1/' | sort | uniq -d | wc -l)
echo "shard manifests: $(wc -l < m1.jsonl) + $(wc -l < m2.jsonl) = $total lines, $dups outputs twice"
[ "$total" -eq "$((3 * n))" ] && [ "$dups" -eq 0 ]
