#!/usr/bin/env bash
# `smb import accounts` on PostgreSQL against `psql \copy` of the same file (issue #16 item 5),
# on a throwaway local server (.ci/with-postgres; this script re-runs itself inside it).
# RUNS alternating pairs, each on a fresh database: `\copy` into a typed table with the same
# primary key (no checks), then `smb init` + `smb import accounts`; then an unchanged
# re-import, and `tier --summary` on the imported book (the kept summary, then every account
# read). Prints wall seconds, the client's CPU (GNU time user+sys) and the server's CPU for
# the step (the backends' user+sys, read from the postmaster's reaped-children times).
# Usage: bash bench/pg_import.sh [ROWS] [RUNS]   (defaults 1000000 and 3)
set -euo pipefail
cd "$(dirname "$0")/.."
if [ -z "${SMB_BENCH_INSIDE:-}" ]; then
    exec env SMB_BENCH_INSIDE=1 bash .ci/with-postgres bash bench/pg_import.sh "$@"
fi
rows=${1:-1000000}
runs=${2:-3}
target=${CARGO_TARGET_DIR:-target}
out=$PWD/bench/out/pg_import
rm -rf "$out"
mkdir -p "$out/cwd"
cargo build --release --quiet --example gen
cargo build --release --quiet
smb=$PWD/$target/release/smb
gen=$PWD/$target/release/examples/gen
export SMB_NOW=2026-03-02T14:00:00Z SMB_USER=bench SMB_BUSY_TIMEOUT=60
unset SMB_DB
lib=$PWD/bench/pg_lib.sh
cd "$out/cwd"
# shellcheck source=bench/pg_lib.sh
. "$lib"
echo "== PostgreSQL $(psql -tA "$admin" -c 'SHOW server_version'), $rows accounts, $runs runs; $(nproc) cores, load $(cut -d' ' -f1-3 /proc/loadavg)"
$gen --accounts "$rows" --opportunities 0 --out "$out/data" >/dev/null
csv=$out/data/accounts.csv
for i in $(seq "$runs"); do
    db=$(newdb bench_copy)
    psql -q "$db" -c "$copy_table"
    step "psql \\copy (run $i)" psql -q "$db" -c "\\copy copy_accounts FROM '$csv' WITH (FORMAT csv, HEADER true)"
    psql -q "$admin" -c "DROP DATABASE bench_copy WITH (FORCE)"
    db=$(newdb bench_smb)
    "$smb" --db "$db" init --model digital >/dev/null
    step "smb import accounts (run $i)" "$smb" --db "$db" import accounts "$csv"
    test "$(psql -qtA "$db" -c 'SELECT count(*) FROM accounts')" = "$rows"
    if [ "$i" = "$runs" ]; then
        step "smb import accounts, unchanged re-import" "$smb" --db "$db" import accounts "$csv"
        # `tier --summary` reads the summary the imports kept (issue #16 item 3), then, marked
        # stale as another writer would, every account: both must print the same.
        for k in 1 2 3; do
            step "smb tier --summary (kept, $k)" "$smb" --db "$db" tier --summary
        done
        cp "$out/stdout.txt" "$out/summary_kept.txt"
        psql -q "$db" -c "UPDATE standing_summary SET fresh = false"
        step "smb tier --summary (every account read)" "$smb" --db "$db" tier --summary
        cmp "$out/summary_kept.txt" "$out/stdout.txt"
        # The import after another writer counts every stored account again (once).
        step "smb import accounts after another writer (counting again)" "$smb" --db "$db" import accounts "$csv"
        test "$(psql -qtA "$db" -c 'SELECT fresh FROM standing_summary')" = t
    fi
    psql -q "$admin" -c "DROP DATABASE bench_smb WITH (FORCE)"
done
python3 - "$out/results.txt" <<'PY'
import statistics, sys
rows = [l.rstrip("\n").split("|") for l in open(sys.argv[1])]
def med(prefix, col):
    v = [float(r[col]) for r in rows if r[0].startswith(prefix)]
    return statistics.median(v) if v else float("nan")
c, s = med("psql", 1), med("smb import accounts (run", 1)
print(f"median wall: \\copy {c:.2f} s, smb import {s:.2f} s: {s / c:.2f}x")
again = med("smb import accounts, unchanged", 1)
print(f"unchanged re-import (once, after the last run): {again:.2f} s: {again / c:.2f}x \\copy (target <= 0.5x)")
kept, full = med("smb tier --summary (kept", 1), med("smb tier --summary (every", 1)
print(f"tier --summary (median of 3): {kept:.2f} s, cpu {med('smb tier --summary (kept', 2):.2f} s "
      f"(target < 0.3 s); reading every account: {full:.2f} s")
recount = med("smb import accounts after another writer", 1)
print(f"unchanged re-import counting the summary again (after another writer): {recount:.2f} s: {recount / c:.2f}x \\copy")
print(f"median cpu:  \\copy client {med('psql', 2):.2f} + server {med('psql', 3):.2f} s; "
      f"smb client {med('smb import accounts (run', 2):.2f} + server {med('smb import accounts (run', 3):.2f} s")
PY
rm -rf "$out/data"
