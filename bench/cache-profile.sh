#!/usr/bin/env bash
# npm run bench:cache:profile [-- IMPLEMENTATION] — where a cache's instructions go, by function.
# Runs bench/cache-replay.ts under callgrind with V8's perf map (--perf-basic-prof), then names
# each JIT-compiled code range, so optimised JavaScript functions show up beside V8's builtins.
# Figures are instructions per operation (3 OLTP replays at capacity 1,000), self cost only;
# the trace loading (RegExpSplit, parsing) is in there too and is the same for every run.
# Caveat: V8 reuses code space, so a hot range may be named after a function that lived there
# earlier; the two most recent names for a range are shown. Needs valgrind.
set -euo pipefail
cd "$(dirname "$0")/.."
implementation=${1:-tenure}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
touch "$work/started"
IMPLEMENTATION=$implementation valgrind --tool=callgrind --callgrind-out-file="$work/callgrind.out" \
  node --single-threaded --perf-basic-prof --import tsx bench/cache-replay.ts >/dev/null 2>&1
callgrind_annotate "$work/callgrind.out" 2>/dev/null | grep -E '^ *[0-9,]+ ' > "$work/top.txt"
# V8 writes /tmp/perf-<pid>.map; take the one this run wrote, and remove it afterwards.
map=$(find /tmp -maxdepth 1 -name 'perf-*.map' -newer "$work/started" | head -1)
trap 'rm -rf "$work" "$map"' EXIT
python3 - "$work/top.txt" "$map" <<'PY'
import re, sys
ranges = []
for path in sys.argv[2:]:
    for line in open(path):
        start, size, name = line.rstrip('\n').split(' ', 2)
        ranges.append((int(start, 16), int(size, 16), name))
operations = 3 * 914145
for line in open(sys.argv[1]):
    match = re.search(r'([\d,]+) .*?\?\?\?:(0x[0-9a-f]+|\S+)', line)
    if not match:
        continue
    per_op = int(match.group(1).replace(',', '')) / operations
    if per_op < 5:
        continue
    what = match.group(2)
    if what.startswith('0x'):
        address = int(what, 16)
        names = [name for start, size, name in ranges if start <= address < start + size]
        what = ' / '.join(names[-2:]) if names else 'unnamed JIT code'
    print(f'{per_op:8.1f}  {what[:140]}')
PY
