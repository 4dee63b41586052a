#!/usr/bin/env bash
# `smb import --plan` against the import itself (issue #15, target: within 1.5x) on the
# deterministic world of examples/gen.rs: the first import of N accounts and N opportunities
# (a first import's plan includes the first trigger run, so the plan is also set against the
# import and the run together), then the nightly re-import of the accounts with 1% changed.
# Usage: bash bench/plan.sh [ROWS]   (default 1000000; needs GNU time and bc)
set -euo pipefail
cd "$(dirname "$0")/.."
rows=${1:-1000000}
out=bench/out/plan
target=${CARGO_TARGET_DIR:-target}
mkdir -p "$out"
cargo build --release --quiet --example gen
cargo build --release --quiet
smb=$target/release/smb
gen=$target/release/examples/gen
export SMB_NOW=2026-03-02T14:00:00Z SMB_USER="Bench Advocate" SMB_BUSY_TIMEOUT=600

measure() { # label, command...
  local label=$1; shift
  /usr/bin/time -f "%e %M" -o "$out/time.txt" "$@" >"$out/stdout.txt" 2>"$out/stderr.txt" \
    || { cat "$out/stderr.txt"; exit 1; }
  read -r secs kib < "$out/time.txt"
  printf '%-44s %8.2f s %8.1f MB  (load %s)\n' "$label" "$secs" "$(echo "$kib/1024" | bc -l)" \
    "$(cut -d' ' -f1 /proc/loadavg)"
  echo "$secs" > "$out/last.txt"
}
last() { cat "$out/last.txt"; }

rm -rf "$out/base" "$out/changed"; mkdir -p "$out/base" "$out/changed"
$gen --accounts "$rows" --opportunities "$rows" --out "$out/base" >/dev/null
$gen --accounts "$rows" --opportunities "$rows" --change-percent 1 --out "$out/changed" >/dev/null
db="$out/smb.db"
rm -f "$db"*
echo "== import --plan: $rows accounts, $rows opportunities"
$smb --db "$db" init --model digital >/dev/null
$smb --db "$db" advocate add "Bench Advocate" --region AMER >/dev/null

measure "plan: import accounts (first)" $smb --db "$db" import accounts "$out/base/accounts.csv" --plan
plan_a=$(last)
measure "import accounts (first)" $smb --db "$db" import accounts "$out/base/accounts.csv"
imp_a=$(last)
measure "plan: import opportunities (first)" $smb --db "$db" import opportunities "$out/base/opportunities.csv" --plan
plan_o=$(last)
head -n 1 "$out/stdout.txt"
measure "import opportunities (first)" $smb --db "$db" import opportunities "$out/base/opportunities.csv"
imp_o=$(last)
measure "trigger run (first)" $smb --db "$db" trigger run
run1=$(last)
tail -n 1 "$out/stdout.txt"
measure "plan: import accounts (1% changed)" $smb --db "$db" import accounts "$out/changed/accounts.csv" --plan
plan_n=$(last)
head -n 1 "$out/stdout.txt"
measure "import accounts (1% changed)" $smb --db "$db" import accounts "$out/changed/accounts.csv"
imp_n=$(last)
measure "trigger run (after the changes)" $smb --db "$db" trigger run
run2=$(last)
tail -n 1 "$out/stdout.txt"
r() { echo "$1/$2" | bc -l; }
printf 'first accounts: plan / import %.2f\n' "$(r "$plan_a" "$imp_a")"
printf 'first opportunities: plan / import %.2f, plan / (import + run) %.2f\n' \
  "$(r "$plan_o" "$imp_o")" "$(r "$plan_o" "$(echo "$imp_o+$run1" | bc -l)")"
printf 'nightly accounts: plan / import %.2f, plan / (import + run) %.2f\n' \
  "$(r "$plan_n" "$imp_n")" "$(r "$plan_n" "$(echo "$imp_n+$run2" | bc -l)")"
