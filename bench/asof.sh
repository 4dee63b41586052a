#!/usr/bin/env bash
# `--as-of` on a year of history of N cases (issue #15, target: under 1 s on 1,000,000 cases):
# examples/bench_history.rs builds the cases through the store's own operations (created,
# picked, closed, each with its entries and clocks); then `queue list`, `case show` and
# `report sla` now and as of a day, a week and a month before.
# Each command runs 3 times; the best wall time is printed.
# Usage: bash bench/asof.sh [TOTAL]   (default 1000000; needs GNU time)
set -euo pipefail
cd "$(dirname "$0")/.."
total=${1:-1000000}
target=${CARGO_TARGET_DIR:-target}
out=bench/out/asof
mkdir -p "$out"
db="$out/history.db"
cargo build --release --quiet --bin smb --example bench_history
time "$target/release/examples/bench_history" "$db" "$total"
smb="$target/release/smb"
export SMB_DB="$db" SMB_NOW=2026-03-02T14:00:00Z SMB_USER=Dana
day=2026-03-01T14:00:00Z week=2026-02-23T14:00:00Z month=2026-02-02T14:00:00Z
best() { # label, command...: the best of 3 wall times
  local label=$1; shift
  local b=999999
  for _ in 1 2 3; do
    /usr/bin/time -f "%e" -o "$out/time.txt" "$@" >/dev/null 2>"$out/stderr.txt" \
      || { cat "$out/stderr.txt"; exit 1; }
    b=$(echo "t=$(cat "$out/time.txt"); if (t < $b) t else $b" | bc -l)
  done
  printf '%-44s %8.2f s  (load %s)\n' "$label" "$b" "$(cut -d' ' -f1 /proc/loadavg)"
}
best "queue list" $smb --format json queue list --queue AMER
best "queue list --as-of a day ago" $smb --format json queue list --queue AMER --as-of $day
best "queue list --as-of a week ago" $smb --format json queue list --queue AMER --as-of $week
best "queue list --as-of a month ago" $smb --format json queue list --queue AMER --as-of $month
best "case show --as-of a week ago" $smb --format json case show 500000 --as-of $week
best "report sla" $smb --format json report sla
best "report sla --as-of a day ago" $smb --format json report sla --as-of $day
best "report sla --as-of a month ago" $smb --format json report sla --as-of $month
