#!/usr/bin/env bash
# Times `smb forecast --days 14 --runs 1000` on a year of 400 cases a month (4,800 cases over
# the year before 2026-03-02 14:00 UTC on 50,000 accounts, 40 advocates), built by
# examples/bench_reports.rs through the store's write path. Needs hyperfine
# (apt-get install -y hyperfine). Usage: bench/forecast.sh [TOTAL] [digital|pooled] [RUNS]
set -euo pipefail
cd "$(dirname "$0")/.."
total=${1:-4800}
model=${2:-digital}
runs=${3:-10}
target=${CARGO_TARGET_DIR:-target}
dir=$(mktemp -d)
trap 'rm -rf "$dir"' EXIT
db="$dir/forecast.db"

cargo build --release --quiet --bin smb --example bench_reports
"$target/release/examples/bench_reports" "$db" "$total" "$model"
smb="$target/release/smb"
export SMB_DB="$db" SMB_NOW=2026-03-02T14:00:00Z SMB_USER=Bench

"$smb" forecast --days 14 --runs 1000 | head -20
hyperfine --warmup 1 --runs "$runs" --export-markdown "$dir/forecast.md" \
  "$smb --format json forecast --days 14 --runs 1000" \
  "$smb forecast --days 14 --runs 1000" \
  "$smb report dashboard --out $dir/dashboard.html"
cat "$dir/forecast.md"
