#!/usr/bin/env bash
# npm run bench:cache:instructions — instructions per cache operation, under callgrind.
# Repeatable to ~0.3% (V8 in --single-threaded mode), unlike wall-clock time on a shared VM.
# Needs valgrind. Each implementation takes about a minute.
set -euo pipefail
cd "$(dirname "$0")/.."
npx tsc -p tsconfig.build.json >/dev/null
count() {
  IMPLEMENTATION=$1 valgrind --tool=callgrind --callgrind-out-file=/dev/null \
    node --single-threaded --import tsx bench/cache-replay.ts 2>&1 | grep -E 'I\s+refs' | sed 's/.*refs: *//; s/,//g'
}
operations=$((3 * 914145))
baseline=$(count none)
for implementation in lru-cache tenure-lru tenure; do
  total=$(count "$implementation")
  echo "$implementation: $(( (total - baseline) / operations )) instructions per operation"
done
