#!/usr/bin/env bash
# `--as-of` on a year of history of N cases (issue #15, target: under 1 s on 1,000,000 cases):
# examples/bench_history.rs builds the cases through the store's own operations (created,
# picked, closed, each with its entries and clocks); then `queue list`, `case show` and
# `report sla` now and as of a day, a week and a month before.
# Usage: bash bench/asof.sh [TOTAL]   (default 1000000; needs hyperfine)
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
hyperfine --warmup 1 --runs 5 --export-markdown "$out/asof.md" \
  "$smb --format json queue list --queue AMER" \
  "$smb --format json queue list --queue AMER --as-of $day" \
  "$smb --format json queue list --queue AMER --as-of $week" \
  "$smb --format json queue list --queue AMER --as-of $month" \
  "$smb --format json case show 500000 --as-of $week" \
  "$smb --format json report sla" \
  "$smb --format json report sla --as-of $day" \
  "$smb --format json report sla --as-of $month"
cat "$out/asof.md"
