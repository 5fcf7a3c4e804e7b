#!/bin/sh
# Save → new output latency of `plaquette watch`, debounce included: copies the project
# into a temporary folder, starts `plaquette watch` on the brochure, then N times saves the
# data file with another value (by rename, as editors do) and waits for the output to be
# replaced (its inode changes: outputs are renamed into place). Prints each latency and the
# median and maximum, in milliseconds.
#
#   tests/perf/watch_latency.sh [BINARY] [N] [-- WATCH OPTIONS...]
#   tests/perf/watch_latency.sh build/plaquette 20 -- --proof png --dpi 96
#
# With --proof, the time is to the new first proof page (written after the PDF).
set -eu
here=$(cd "$(dirname "$0")/../.." && pwd)
bin=$(cd "$(dirname "${1:-build/plaquette}")" && pwd)/$(basename "${1:-build/plaquette}")
n=${2:-20}
[ $# -ge 2 ] && shift 2 || shift $#
[ "${1:-}" = "--" ] && shift
tmp=$(mktemp -d)
trap 'kill $pid 2>/dev/null; wait $pid 2>/dev/null; rm -rf "$tmp"' EXIT INT TERM
cp -r "$here/data" "$here/layouts" "$here/fonts" "$tmp/"
cd "$tmp"
data=data/hauts-de-france-2019-2022.yaml
out=out/hauts-de-france-2019-2022.fr.pdf
case " $* " in *" --proof "*) out=out/hauts-de-france-2019-2022.fr-p1.png ;; esac
"$bin" watch "$data" "$@" >watch.out 2>watch.err &
pid=$!
until grep -q watching watch.out; do sleep 0.05; kill -0 $pid || { cat watch.err; exit 1; }; done
now_ms() { echo $(( $(date +%s%N) / 1000000 )); }
results=""
i=0
while [ $i -lt "$n" ]; do
  i=$((i + 1))
  before=$(stat -c %i "$out")
  sed "s/^  qpv: [0-9]*/  qpv: $((200 + i))/" "$data" >data/.save.tmp
  sleep 0.3  # the machine settles: each save is measured alone
  t0=$(now_ms)
  mv data/.save.tmp "$data"
  while [ "$(stat -c %i "$out" 2>/dev/null || echo "$before")" = "$before" ]; do sleep 0.002; done
  t1=$(now_ms)
  echo "save $i: $((t1 - t0)) ms"
  results="$results $((t1 - t0))"
done
echo "$results" | tr ' ' '\n' | grep . | sort -n | awk '
  { v[NR] = $1 } END { printf "median %d ms, max %d ms over %d saves\n", v[int((NR + 1) / 2)], v[NR], NR }'
tail -n 2 watch.out
