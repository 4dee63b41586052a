#!/usr/bin/env bash
# The nightly job end to end (issue #6) on a deterministic world of N accounts and N
# opportunities (examples/gen.rs): import accounts and opportunities, a second import with 1%
# of the accounts changed, trigger run, queue next, pick, report sla. Prints each step's wall
# time and peak RSS, and the account import's ratio to the sqlite3 shell's .import of the same
# file in the same run.
# Usage: bash bench/nightly.sh [ROWS]   (default 1000000; needs sqlite3, GNU time and bc:
#        apt-get install sqlite3 time bc)
set -euo pipefail
cd "$(dirname "$0")/.."
rows=${1:-1000000}
out=bench/out/nightly
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
  printf '%-40s %8.2f s %8.1f MB  (load %s)\n' "$label" "$secs" "$(echo "$kib/1024" | bc -l)" \
    "$(cut -d' ' -f1 /proc/loadavg)"
  echo "$secs" > "$out/last.txt"
}

rm -rf "$out/base" "$out/changed"; mkdir -p "$out/base" "$out/changed"
$gen --accounts "$rows" --opportunities "$rows" --out "$out/base" >/dev/null
$gen --accounts "$rows" --opportunities "$rows" --change-percent 1 --out "$out/changed" >/dev/null
db="$out/smb.db"
rm -f "$db"* "$out/shell.db"*
echo "== nightly job: $rows accounts, $rows opportunities"

sqlite3 "$out/shell.db" "PRAGMA journal_mode=WAL;" >/dev/null
measure "sqlite3 .import accounts (typed, PK)" sqlite3 "$out/shell.db" \
  "CREATE TABLE accounts (account_id TEXT PRIMARY KEY, account_name TEXT NOT NULL, region TEXT NOT NULL, carr REAL NOT NULL, country TEXT, employees INTEGER, lam INTEGER, has_ultimate TEXT, auto_renew TEXT, pte INTEGER, ptc INTEGER, deployment TEXT, email_domain TEXT, customer_type TEXT, owner TEXT, subscription_end_date TEXT, seats INTEGER, active_users INTEGER, overage_amount TEXT, qsr_enabled TEXT, auto_renew_changed_at TEXT, pte_updated_at TEXT, ptc_updated_at TEXT) WITHOUT ROWID;" \
  ".import --csv --skip 1 $out/base/accounts.csv accounts"
shell=$(cat "$out/last.txt")

$smb --db "$db" init --model digital >/dev/null
$smb --db "$db" advocate add "Bench Advocate" --region AMER >/dev/null
measure "smb import accounts" $smb --db "$db" import accounts "$out/base/accounts.csv"
first=$(cat "$out/last.txt")
measure "smb import opportunities" $smb --db "$db" import opportunities "$out/base/opportunities.csv"
measure "smb trigger run" $smb --db "$db" trigger run
tail -n 1 "$out/stdout.txt"
measure "smb import accounts (1% changed)" $smb --db "$db" import accounts "$out/changed/accounts.csv"
cat "$out/stdout.txt"
measure "smb trigger run (after the changes)" $smb --db "$db" trigger run
tail -n 1 "$out/stdout.txt"
measure "smb queue next" $smb --db "$db" queue next
measure "smb pick" $smb --db "$db" pick --next-steps "call" --next-steps-date 2026-03-03
measure "smb report sla" $smb --db "$db" report sla
printf 'account import / sqlite3 .import: %.2f\n' "$(echo "$first/$shell" | bc -l)"
