#!/usr/bin/env bash
# Times every `smb report` on a 1,000,000-case database with its SLA clocks, built by
# examples/bench_reports.rs through the store's write path. Needs hyperfine
# (apt-get install -y hyperfine). Usage: bench/reports.sh [TOTAL] [digital|pooled] [RUNS]
set -euo pipefail
cd "$(dirname "$0")/.."
total=${1:-1000000}
model=${2:-digital}
runs=${3:-10}
target=${CARGO_TARGET_DIR:-target}
dir=$(mktemp -d)
trap 'rm -rf "$dir"' EXIT
db="$dir/reports.db"

cargo build --release --quiet --bin smb --example bench_reports
time "$target/release/examples/bench_reports" "$db" "$total" "$model"
smb="$target/release/smb"
export SMB_DB="$db" SMB_NOW=2026-03-02T14:00:00Z SMB_USER=Bench

# what the reports say, once (JSON sizes show how much each one prints)
"$smb" report sla
for r in "report sla --by region" "report aging" "report capacity" "report volume" \
         "report hygiene" "report created-by Staff\ 1,Staff\ 2"; do
  printf '%s: %s bytes of JSON\n' "$r" "$(eval "$smb --format json $r" | wc -c)"
done

hyperfine --warmup 2 --runs "$runs" --export-markdown "$dir/reports.md" \
  "$smb --format json report sla" \
  "$smb --format json report sla --by region" \
  "$smb --format json report sla --by owner" \
  "$smb --format json report sla --by category" \
  "$smb --format json report sla --since 2026-02-01 --until 2026-02-28" \
  "$smb --format json report aging" \
  "$smb --format json report capacity" \
  "$smb --format json report volume --by month --by category" \
  "$smb --format json report hygiene" \
  "$smb --format json report created-by 'Staff 1,Staff 2'" \
  "$smb report sla"
cat "$dir/reports.md"
