#!/usr/bin/env bash
# Times `smb queue next` and `smb pick` on a 1,000,000-case database (100,000 open) against
# the cost of starting sqlite3 on the same file. Needs hyperfine and sqlite3
# (apt-get install -y hyperfine sqlite3). Usage: bench/queue.sh [TOTAL] [OPEN]
set -euo pipefail
cd "$(dirname "$0")/.."
total=${1:-1000000}
open=${2:-100000}
target=${CARGO_TARGET_DIR:-target}
dir=$(mktemp -d)
trap 'rm -rf "$dir"' EXIT
db="$dir/bench.db"

cargo build --release --quiet --bin smb --example bench_cases
time "$target/release/examples/bench_cases" "$db" "$total" "$open"
smb="$target/release/smb"
export SMB_DB="$db" SMB_NOW=2026-03-02T14:00:00Z SMB_USER=Bench

"$smb" queue next
hyperfine --warmup 3 --runs 50 --export-markdown "$dir/read.md" \
  "sqlite3 $db 'SELECT 1'" \
  "$smb queue next" \
  "$smb --format json queue next --queue EMEA"
# every pick takes the next head, so each run does the full claim
hyperfine --warmup 3 --runs 50 --export-markdown "$dir/pick.md" \
  "$smb --format json pick"
cat "$dir/read.md" "$dir/pick.md"
