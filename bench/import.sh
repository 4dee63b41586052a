#!/usr/bin/env bash
# Import benchmark (issue #2): smb import vs the sqlite3 shell's .import of the same
# 1,000,000-row accounts export, in id order and shuffled; re-import of the unchanged file;
# `smb tier --summary`. Prints wall time and peak RSS of each step.
# Usage: bash bench/import.sh [ROWS]   (needs sqlite3 and GNU time: apt-get install sqlite3 time)
set -euo pipefail
cd "$(dirname "$0")/.."
rows=${1:-1000000}
out=bench/out
mkdir -p "$out"
cargo build --release --quiet --example gen
cargo build --release --quiet
smb=target/release/smb
gen=target/release/examples/gen
export SMB_NOW=2026-03-02T14:00:00Z

measure() { # label, command...
  local label=$1; shift
  /usr/bin/time -f "%e %M" -o "$out/time.txt" "$@" >/dev/null 2>"$out/stderr.txt" || { cat "$out/stderr.txt"; exit 1; }
  read -r secs kib < "$out/time.txt"
  printf '%-44s %8.2f s %8.1f MB\n' "$label" "$secs" "$(echo "$kib/1024" | bc -l)"
  echo "$secs" > "$out/last.txt"
}

schema="CREATE TABLE accounts (account_id TEXT PRIMARY KEY, account_name TEXT NOT NULL,
  region TEXT NOT NULL, carr REAL NOT NULL, country TEXT, employees INTEGER, lam INTEGER,
  has_ultimate TEXT, auto_renew TEXT, pte INTEGER, ptc INTEGER, deployment TEXT,
  email_domain TEXT, customer_type TEXT, owner TEXT, subscription_end_date TEXT, seats INTEGER,
  active_users INTEGER, overage_amount TEXT, qsr_enabled TEXT, auto_renew_changed_at TEXT,
  pte_updated_at TEXT, ptc_updated_at TEXT) WITHOUT ROWID;"

for order in sorted shuffled; do
  flag=""; [ "$order" = shuffled ] && flag="--shuffle"
  rm -rf "$out/$order"; mkdir -p "$out/$order"
  $gen --accounts "$rows" --opportunities 0 $flag --out "$out/$order" >/dev/null
  csv="$out/$order/accounts.csv"
  echo "== $rows accounts, $order ($(du -h "$csv" | cut -f1))"
  rm -f "$out/shell.db"
  sqlite3 "$out/shell.db" "PRAGMA journal_mode=WAL;" >/dev/null
  measure "sqlite3 .import (typed table, PK)" sqlite3 "$out/shell.db" "$schema" ".import --csv --skip 1 $csv accounts"
  shell=$(cat "$out/last.txt")
  rm -f "$out/smb.db"*
  measure "smb import accounts (new)" $smb --db "$out/smb.db" import accounts "$csv"
  first=$(cat "$out/last.txt")
  measure "smb import accounts (unchanged re-import)" $smb --db "$out/smb.db" import accounts "$csv"
  again=$(cat "$out/last.txt")
  measure "smb tier --summary" $smb --db "$out/smb.db" tier --summary
  printf 'ratio smb/shell: import %.2f, re-import %.2f\n' "$(echo "$first/$shell" | bc -l)" "$(echo "$again/$shell" | bc -l)"
done
