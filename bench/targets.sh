#!/usr/bin/env bash
# Issue #16's targets side by side with their yardsticks, in the same run, alternating, and
# the median of RUNS runs of each (the machine is shared: ratios, not absolute times, and the
# load average with each line). Prints one line per target with the ratio.
# Usage: bash bench/targets.sh [ROWS] [RUNS] [CASES]   (defaults 1,000,000, 3, 1,000,000)
# Needs sqlite3, GNU time and hyperfine.
set -euo pipefail
cd "$(dirname "$0")/.."
rows=${1:-1000000}
runs=${2:-3}
cases=${3:-1000000}
out=bench/out/targets
rm -rf "$out"; mkdir -p "$out"
cargo build --release --quiet --example gen --example bench_cases
cargo build --release --quiet
smb=$PWD/target/release/smb
export SMB_NOW=2026-03-02T14:00:00Z

schema="PRAGMA journal_mode=WAL;
CREATE TABLE accounts (account_id TEXT PRIMARY KEY, account_name TEXT NOT NULL,
  region TEXT NOT NULL, carr REAL NOT NULL, country TEXT, employees INTEGER, lam INTEGER,
  has_ultimate TEXT, auto_renew TEXT, pte INTEGER, ptc INTEGER, deployment TEXT,
  email_domain TEXT, customer_type TEXT, owner TEXT, subscription_end_date TEXT, seats INTEGER,
  active_users INTEGER, overage_amount TEXT, qsr_enabled TEXT, auto_renew_changed_at TEXT,
  pte_updated_at TEXT, ptc_updated_at TEXT) WITHOUT ROWID;"

secs() { # command... -> prints wall seconds, peak KiB
  /usr/bin/time -f "%e %M" -o "$out/t" "$@" >/dev/null 2>"$out/err" || { cat "$out/err" >&2; exit 1; }
  cat "$out/t"
}
median() { sort -g | awk '{a[NR]=$1} END {print (NR%2 ? a[(NR+1)/2] : (a[NR/2]+a[NR/2+1])/2)}'; }
ratio() { echo "scale=2; $1 / $2" | bc; }
load() { cut -d' ' -f1-3 /proc/loadavg; }

shell_import() { rm -f "$out/shell.db"*; secs sqlite3 "$out/shell.db" "$schema" ".import --csv --skip 1 $1 accounts"; }

gen=target/release/examples/gen
$gen --accounts "$rows" --opportunities "$rows" --out "$out/sorted" >/dev/null
$gen --accounts "$rows" --opportunities 0 --shuffle --out "$out/shuffled" >/dev/null

for order in sorted shuffled; do
  csv="$out/$order/accounts.csv"
  : > "$out/sh"; : > "$out/first"; : > "$out/again"; : > "$out/rss"
  for _ in $(seq "$runs"); do
    shell_import "$csv" | cut -d' ' -f1 >> "$out/sh"
    rm -f "$out/smb.db"*
    read -r s k < <(secs "$smb" --db "$out/smb.db" import accounts "$csv"); echo "$s" >> "$out/first"; echo "$k" >> "$out/rss"
    secs "$smb" --db "$out/smb.db" import accounts "$csv" | cut -d' ' -f1 >> "$out/again"
  done
  sh=$(median < "$out/sh"); first=$(median < "$out/first"); again=$(median < "$out/again")
  rss=$(sort -g "$out/rss" | tail -1)
  echo "import $order: shell .import ${sh}s, smb ${first}s ($(ratio "$first" "$sh")x), unchanged re-import ${again}s ($(ratio "$again" "$sh")x), peak RSS $((rss / 1024)) MB  [load $(load)]"
done

# tier --summary on the last import (1M accounts, shuffled)
: > "$out/tier"
for _ in $(seq $((runs * 2 + 1))); do secs "$smb" --db "$out/smb.db" tier --summary | cut -d' ' -f1 >> "$out/tier"; done
echo "tier --summary: median $(median < "$out/tier")s (target < 0.3 s)  [load $(load)]"

# trigger run on ROWS accounts + ROWS opportunities against the shell's import of the accounts
rm -f "$out/trig.db"*
"$smb" --db "$out/trig.db" import accounts "$out/sorted/accounts.csv" >/dev/null
"$smb" --db "$out/trig.db" import opportunities "$out/sorted/opportunities.csv" >/dev/null
sqlite3 "$out/trig.db" "PRAGMA wal_checkpoint(TRUNCATE)" >/dev/null
: > "$out/sh"; : > "$out/first"; : > "$out/second"; : > "$out/rss"
for _ in $(seq "$runs"); do
  shell_import "$out/sorted/accounts.csv" | cut -d' ' -f1 >> "$out/sh"
  cp "$out/trig.db" "$out/run.db"
  read -r s k < <(secs "$smb" --db "$out/run.db" --format json trigger run); echo "$s" >> "$out/first"; echo "$k" >> "$out/rss"
  read -r s k < <(secs "$smb" --db "$out/run.db" --format json trigger run); echo "$s" >> "$out/second"; echo "$k" >> "$out/rss"
done
sh=$(median < "$out/sh"); first=$(median < "$out/first"); second=$(median < "$out/second")
rss=$(sort -g "$out/rss" | tail -1)
echo "trigger run --format json: shell .import of the accounts ${sh}s, first run ${first}s ($(ratio "$first" "$sh")x), nothing new ${second}s ($(ratio "$second" "$sh")x), peak RSS $((rss / 1024)) MB  [load $(load)]"
rm -f "$out/run.db"* "$out/trig.db"*

# queue next and pick against a bare sqlite3 process on a CASES-case database
db="$out/cases.db"
target/release/examples/bench_cases "$db" "$cases" $((cases / 10)) >/dev/null
# Write the new database out first: otherwise the kernel is still flushing its ~0.5 GB while
# the first commands below run, and every one of them shares the disk and a core with that.
sync
export SMB_DB="$db" SMB_USER=Bench
# The shell's write changes the row each run (an UPDATE that rewrites the same bytes leaves
# the page clean: SQLite writes and syncs nothing, which is not a durable write).
hyperfine -N --warmup 10 --runs 100 --export-json "$out/q.json" \
  "sqlite3 $db 'SELECT 1'" "$smb queue next" "$smb --format json pick" \
  "sqlite3 $db 'PRAGMA synchronous=NORMAL; UPDATE cases SET next_steps = hex(randomblob(8)) WHERE id = 1'" \
  "sqlite3 $db '.read bench/pick.sql'" \
  >/dev/null 2>&1
python3 - "$out/q.json" "$(load)" <<'PY'
import json, sys
r = {x["command"]: x["median"] for x in json.load(open(sys.argv[1]))["results"]}
base = next(v for k, v in r.items() if k.endswith("'SELECT 1'"))
write = next(v for k, v in r.items() if "UPDATE" in k)
shell_pick = next(v for k, v in r.items() if "pick.sql" in k)
for k, v in r.items():
    if not k.startswith("sqlite3"):
        print(f"{k.split('smb ', 1)[1]}: median {v*1000:.1f} ms, {v/base:.2f}x sqlite3 SELECT 1 ({base*1000:.1f} ms)  [load {sys.argv[2]}]")
print(f"  (the sqlite3 shell's own durable one-row UPDATE in the same WAL database: {write*1000:.1f} ms, {write/base:.2f}x SELECT 1)")
print(f"  (the sqlite3 shell running a pick's own statements, bench/pick.sql: {shell_pick*1000:.1f} ms, {shell_pick/base:.2f}x SELECT 1; smb pick / that: {r[next(k for k in r if k.endswith('pick'))]/shell_pick:.2f}x)")
PY

# PostgreSQL (item 5): `smb import accounts` against `psql \copy` of the same file, ROWS rows,
# RUNS alternating pairs on a throwaway server (skipped with SMB_BENCH_NO_POSTGRES=1).
if [ -z "${SMB_BENCH_NO_POSTGRES:-}" ]; then
  unset SMB_DB SMB_USER
  bash bench/pg_import.sh "$rows" "$runs" | grep -E '^median|^unchanged|^==' | sed "s/\$/  [load $(load)]/"
fi

# PostgreSQL (item 5): the first `trigger run` and a run with nothing new against `psql \copy` of
# the accounts file, ROWS accounts + ROWS opportunities (skipped with SMB_BENCH_NO_POSTGRES=1).
if [ -z "${SMB_BENCH_NO_POSTGRES:-}" ]; then
  bash bench/pg_trigger.sh "$rows" "$runs" | grep -E '^median|^==' | sed "s/\$/  [load $(load)]/"
fi
