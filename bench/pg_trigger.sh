#!/usr/bin/env bash
# `smb trigger run` on PostgreSQL against `psql \copy` of the accounts file (issue #16 item 5),
# on a throwaway local server (.ci/with-postgres; this script re-runs itself inside it).
# One database is loaded once (`smb init`, `import accounts`, `import opportunities`: ROWS
# each, examples/gen); then RUNS rounds, alternating: `\copy` of the accounts file into a
# typed table with the same primary key (bench/pg_import.sh's yardstick) on a fresh database,
# a first `smb --format json trigger run` on a fresh copy of the loaded database (CREATE
# DATABASE ... TEMPLATE), then a run with nothing new on that copy. Prints wall seconds, the
# client's CPU (GNU time user+sys), the server's CPU for the step (the backends' user+sys,
# from the postmaster's reaped-children times) and peak RSS; then the medians and ratios.
# Usage: bash bench/pg_trigger.sh [ROWS] [RUNS]   (defaults 1000000 and 3)
# SMB_BENCH_BIN=PATH measures another smb binary (an A/B on the same data).
set -euo pipefail
cd "$(dirname "$0")/.."
if [ -z "${SMB_BENCH_INSIDE:-}" ]; then
    exec env SMB_BENCH_INSIDE=1 bash .ci/with-postgres bash bench/pg_trigger.sh "$@"
fi
rows=${1:-1000000}
runs=${2:-3}
target=${CARGO_TARGET_DIR:-target}
out=$PWD/bench/out/pg_trigger
rm -rf "$out"
mkdir -p "$out/cwd"
cargo build --release --quiet --example gen
cargo build --release --quiet
smb=${SMB_BENCH_BIN:-$PWD/$target/release/smb}
gen=$PWD/$target/release/examples/gen
export SMB_NOW=2026-03-02T14:00:00Z SMB_USER=bench SMB_BUSY_TIMEOUT=60
unset SMB_DB
lib=$PWD/bench/pg_lib.sh
cd "$out/cwd"
# shellcheck source=bench/pg_lib.sh
. "$lib"
echo "== PostgreSQL $(psql -tA "$admin" -c 'SHOW server_version'), $rows accounts + $rows opportunities, $runs runs; $(nproc) cores, load $(cut -d' ' -f1-3 /proc/loadavg)"
$gen --accounts "$rows" --opportunities "$rows" --out "$out/data" >/dev/null
csv=$out/data/accounts.csv
base=$(newdb bench_loaded)
"$smb" --db "$base" init --model digital >/dev/null
"$smb" --db "$base" import accounts "$csv" >/dev/null
"$smb" --db "$base" import opportunities "$out/data/opportunities.csv" >/dev/null
psql -q "$base" -c "VACUUM ANALYZE"
rm -rf "$out/data/opportunities.csv"
for i in $(seq "$runs"); do
    db=$(newdb bench_copy)
    psql -q "$db" -c "$copy_table"
    step "psql \\copy (run $i)" psql -q "$db" -c "\\copy copy_accounts FROM '$csv' WITH (FORMAT csv, HEADER true)"
    drop bench_copy
    db=$(newdb bench_run bench_loaded)
    step "smb trigger run, first (run $i)" "$smb" --db "$db" --format json trigger run
    cp "$out/stdout.txt" "$out/first.json"
    step "smb trigger run, nothing new (run $i)" "$smb" --db "$db" --format json trigger run
    cp "$out/stdout.txt" "$out/again.json"
    drop bench_run
done
echo "outputs (last run): first $(wc -c <"$out/first.json") bytes sha256 $(sha256sum <"$out/first.json" | cut -c1-16), nothing new $(wc -c <"$out/again.json") bytes sha256 $(sha256sum <"$out/again.json" | cut -c1-16)"
python3 - "$out/results.txt" <<'PY'
import statistics, sys
rows = [l.rstrip("\n").split("|") for l in open(sys.argv[1])]
def med(prefix, col):
    v = [float(r[col]) for r in rows if r[0].startswith(prefix)]
    return statistics.median(v) if v else float("nan")
def peak(prefix):
    return max(int(r[4]) for r in rows if r[0].startswith(prefix)) // 1024
c = med("psql", 1)
first, again = med("smb trigger run, first", 1), med("smb trigger run, nothing new", 1)
print(f"median wall: \\copy {c:.2f} s; first trigger run {first:.2f} s: {first / c:.2f}x (target <= 3x), "
      f"peak RSS {peak('smb trigger run, first')} MB (target < 256 MB); "
      f"nothing new {again:.2f} s: {again / c:.2f}x (target <= 0.5x)")
print(f"median cpu:  \\copy client {med('psql', 2):.2f} + server {med('psql', 3):.2f} s; "
      f"first run client {med('smb trigger run, first', 2):.2f} + server {med('smb trigger run, first', 3):.2f} s; "
      f"nothing new client {med('smb trigger run, nothing new', 2):.2f} + server {med('smb trigger run, nothing new', 3):.2f} s")
PY
drop bench_loaded
rm -rf "$out/data" "$out/first.json" "$out/again.json" "$out/stdout.txt"
