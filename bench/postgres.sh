#!/usr/bin/env bash
# PostgreSQL benchmarks (issue #13), each beside SQLite in the same run, on a throwaway local
# server (.ci/with-postgres starts it; this script re-runs itself inside it):
#   - floors: `psql -c 'SELECT 1'` and `sqlite3 FILE 'SELECT 1'` (start a client, connect, one
#     query), and `smb init` on an existing database (smb's connect and open checks, no change);
#   - `smb import accounts` of ROWS rows vs `psql \copy` of the same file into a table with the
#     same primary key (and SQLite's import beside it);
#   - `smb trigger run` on ROWS accounts and ROWS opportunities, SQLite vs PostgreSQL;
#   - `smb pick` as a whole process (connect included), PICKS runs each, on the trigger run's
#     cases, right after the trigger run and again after `ANALYZE`; its round trips, counted by bench/delay_proxy.py; and its latency through that
#     proxy adding 2 ms each way;
#   - peak RSS of every smb step (GNU time).
# A step that fails (a command not yet available on PostgreSQL) prints "n/a" and its error,
# and the script goes on.
# Usage: bash bench/postgres.sh [ROWS] [PICKS]   (defaults 1000000 and 30; needs psql, sqlite3,
# python3 and GNU time: apt-get install postgresql-client sqlite3 time)
set -euo pipefail
cd "$(dirname "$0")/.."
if [ -z "${SMB_BENCH_INSIDE:-}" ]; then
    exec env SMB_BENCH_INSIDE=1 bash .ci/with-postgres bash bench/postgres.sh "$@"
fi
rows=${1:-1000000}
picks=${2:-30}
target=${CARGO_TARGET_DIR:-target}
out=$PWD/bench/out/postgres
rm -rf "$out"
mkdir -p "$out"
cargo build --release --quiet --example gen
cargo build --release --quiet
smb=$PWD/$target/release/smb
gen=$PWD/$target/release/examples/gen
proxy_py=$PWD/bench/delay_proxy.py
export SMB_NOW=2026-03-02T14:00:00Z SMB_USER=bench SMB_BUSY_TIMEOUT=60
unset SMB_DB
# smb runs in a scratch folder (each PostgreSQL step also checks the server got the rows, so a
# step that silently did nothing there is not counted).
mkdir -p "$out/cwd"
cd "$out/cwd"

admin=$SMB_TEST_DB # postgres://postgres@127.0.0.1:PORT/postgres
port=${admin##*:}
port=${port%%/*}
server=${admin%/*}
# A plain connection (no TLS): what a server on the same machine is usually given, and what lets
# the proxy read the protocol to tell connecting from working.
pgurl() { echo "$server/$1?sslmode=disable"; }
newdb() {
    psql -q "$admin" -c "DROP DATABASE IF EXISTS $1 WITH (FORCE)" -c "CREATE DATABASE $1" >/dev/null
    pgurl "$1"
}
sq=$out/smb.db
pg=$(newdb smb_bench)
# pgcount SQL: one number from the benchmark database (0 when the table is not there).
pgcount() { psql -qtA "$pg" -c "$1" 2>/dev/null || echo 0; }
# onpg SQL MIN: the step just measured counts only when SQL gives at least MIN on the server.
onpg() {
    local n
    n=$(pgcount "$1")
    if [ "${n:-0}" -lt "$2" ]; then
        echo "   (not on PostgreSQL: the server holds $n, not $2 or more; this smb does not run the step there yet)"
        secs=n/a mb=n/a ms=n/a
    fi
}

results=$out/results.md
echo "| step | SQLite | PostgreSQL | ratio |" >"$results"
echo "|---|---:|---:|---:|" >>"$results"
row() { echo "| $1 | $2 | $3 | $4 |" >>"$results"; }
ratio() { # a b -> b/a, or n/a
    if [[ $1 =~ ^[0-9.]+$ && $2 =~ ^[0-9.]+$ ]]; then
        python3 -c "import sys; a, b = map(float, sys.argv[1:]); print(f'{b / a:.2f}x' if a else 'n/a')" "$1" "$2"
    else
        echo n/a
    fi
}

# measure LABEL CMD... : wall seconds and peak RSS (MB) into $secs and $mb, or n/a.
measure() {
    local label=$1
    shift
    if /usr/bin/time -f "%e %M" -o "$out/time.txt" "$@" >"$out/stdout.txt" 2>"$out/stderr.txt"; then
        read -r secs kib <"$out/time.txt"
        mb=$(python3 -c "print(f'{$kib / 1024:.0f}')")
        printf '%-52s %8.2f s %6s MB\n' "$label" "$secs" "$mb"
    else
        secs=n/a mb=n/a
        printf '%-52s      n/a: %s\n' "$label" "$(grep -v '^Command exited' "$out/stderr.txt" | head -n 2 | tr '\n' ' ')"
    fi
}

# repeat LABEL N CMD... : runs CMD N times (after one warm-up), prints mean/median/min/max in
# ms; $ms is the median, or n/a when a run fails.
repeat() {
    local label=$1 n=$2
    shift 2
    if ms=$(python3 - "$n" "$@" <<'PY'
import statistics, subprocess, sys, time
n, cmd = int(sys.argv[1]), sys.argv[2:]
def run():
    t = time.perf_counter()
    p = subprocess.run(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    if p.returncode != 0:
        sys.stderr.write(p.stderr.decode(errors="replace").strip().splitlines()[0] if p.stderr else f"exit {p.returncode}")
        sys.exit(1)
    return (time.perf_counter() - t) * 1000
run()
ts = [run() for _ in range(n)]
print(f"{statistics.median(ts):.1f} {statistics.mean(ts):.1f} {min(ts):.1f} {max(ts):.1f}")
PY
    ); then
        read -r med mean min max <<<"$ms"
        printf '%-52s median %6.1f ms  mean %6.1f  min %6.1f  max %6.1f  (%d runs)\n' "$label" "$med" "$mean" "$min" "$max" "$n"
        ms=$med
    else
        printf '%-52s      n/a\n' "$label"
        ms=n/a
    fi
}

echo "== PostgreSQL $(psql -tA "$admin" -c 'SHOW server_version'), $rows rows, $picks picks; $(nproc) cores, load $(cut -d' ' -f1-3 /proc/loadavg)"
$gen --accounts "$rows" --opportunities "$rows" --out "$out/data" >/dev/null
csv=$out/data/accounts.csv
echo "   accounts.csv $(du -h "$csv" | cut -f1), opportunities.csv $(du -h "$out/data/opportunities.csv" | cut -f1)"

echo "== floors and connect"
sqlite3 "$out/floor.db" 'SELECT 1' >/dev/null
repeat "sqlite3 FILE 'SELECT 1'" 20 sqlite3 "$out/floor.db" 'SELECT 1'
a=$ms
repeat "psql URL -c 'SELECT 1'" 20 psql -qtA "$pg" -c 'SELECT 1'
row "client start + connect + \`SELECT 1\` (sqlite3 / psql), ms" "$a" "$ms" "$(ratio "$a" "$ms")"
measure "smb init (SQLite, new)" "$smb" --db "$sq" init --model digital
measure "smb init (PostgreSQL, new: migrations)" "$smb" --db "$pg" init --model digital
repeat "smb init (SQLite, existing: open checks only)" 20 "$smb" --db "$sq" init
a=$ms
repeat "smb init (PostgreSQL, existing: connect + checks)" 20 "$smb" --db "$pg" init
row "\`smb init\` on an existing database (connect, checks), ms" "$a" "$ms" "$(ratio "$a" "$ms")"

echo "== import of $rows accounts"
psql -q "$pg" -c "CREATE TABLE copy_accounts (account_id text COLLATE \"C\" PRIMARY KEY,
  account_name text NOT NULL, region text NOT NULL, carr numeric NOT NULL, country text,
  employees bigint, lam bigint, has_ultimate text, auto_renew text, pte bigint, ptc bigint,
  deployment text, email_domain text, customer_type text, owner text,
  subscription_end_date text, seats bigint, active_users bigint, overage_amount text,
  qsr_enabled text, auto_renew_changed_at text, pte_updated_at text, ptc_updated_at text)"
measure "psql \\copy (same primary key, no checks)" psql -q "$pg" -c "\\copy copy_accounts FROM '$csv' WITH (FORMAT csv, HEADER true)"
copy=$secs
psql -q "$pg" -c "DROP TABLE copy_accounts"
measure "smb import accounts (SQLite)" "$smb" --db "$sq" import accounts "$csv"
a=$secs a_mb=$mb
measure "smb import accounts (PostgreSQL)" "$smb" --db "$pg" import accounts "$csv"
onpg "SELECT count(*) FROM accounts" "$rows"
row "\`psql \\copy\` of the accounts file (yardstick), s" "" "$copy" ""
row "\`smb import accounts\`, s (ratio: PostgreSQL / \\copy)" "$a" "$secs" "$(ratio "$copy" "$secs")"
row "peak RSS of the import, MB" "$a_mb" "$mb" ""
measure "smb import opportunities (SQLite)" "$smb" --db "$sq" import opportunities "$out/data/opportunities.csv"
a=$secs
measure "smb import opportunities (PostgreSQL)" "$smb" --db "$pg" import opportunities "$out/data/opportunities.csv"
onpg "SELECT count(*) FROM opportunities" "$rows"
row "\`smb import opportunities\`, s" "$a" "$secs" "$(ratio "$a" "$secs")"

echo "== trigger run on $rows accounts"
measure "smb trigger run (SQLite)" "$smb" --db "$sq" trigger run
a=$secs a_mb=$mb
tail -n 1 "$out/stdout.txt"
measure "smb trigger run (PostgreSQL)" "$smb" --db "$pg" trigger run
tail -n 1 "$out/stdout.txt"
onpg "SELECT count(*) FROM cases" 1
row "\`smb trigger run\` (first), s" "$a" "$secs" "$(ratio "$a" "$secs")"
row "peak RSS of the trigger run, MB" "$a_mb" "$mb" ""

echo "== pick as a whole process"
for db in "$sq" "$pg"; do
    "$smb" --db "$db" advocate add Bench --region AMER --capacity 500 >/dev/null 2>&1 || true
done
repeat "smb pick (SQLite)" "$picks" "$smb" --db "$sq" --as Bench --format json pick
a=$ms
repeat "smb pick (PostgreSQL)" "$picks" "$smb" --db "$pg" --as Bench --format json pick
onpg "SELECT count(*) FROM cases WHERE owner = 'Bench' AND status = 'In Progress'" "$picks"
row "\`smb pick\`, whole process, median ms (right after the trigger run)" "$a" "$ms" "$(ratio "$a" "$ms")"
# The trigger run leaves 337,478 new cases that the planner has no statistics for until
# autovacuum analyzes the table; the picks above pay for that. Once analyzed:
psql -qtA "$pg" -c "SELECT 'cases: ' || n_mod_since_analyze || ' rows changed since analyzed, last autoanalyze ' || coalesce(last_autoanalyze::text, 'never') FROM pg_stat_user_tables WHERE relname = 'cases'"
psql -q "$pg" -c "ANALYZE"
repeat "smb pick (SQLite, again)" "$picks" "$smb" --db "$sq" --as Bench --format json pick
a=$ms
repeat "smb pick (PostgreSQL, after ANALYZE)" "$picks" "$smb" --db "$pg" --as Bench --format json pick
onpg "SELECT count(*) FROM cases WHERE owner = 'Bench' AND status = 'In Progress'" "$((picks * 2))"
row "\`smb pick\`, whole process, median ms (after \`ANALYZE\`)" "$a" "$ms" "$(ratio "$a" "$ms")"
measure "peak RSS of one pick (PostgreSQL)" "$smb" --db "$pg" --as Bench --format json pick
onpg "SELECT count(*) FROM cases WHERE owner = 'Bench' AND status = 'In Progress'" "$((picks * 2 + 2))"
row "peak RSS of one pick, MB" "" "$mb" ""

echo "== round trips and a 2 ms-each-way network (bench/delay_proxy.py)"
proxy() { # delay_ms log -> starts the proxy on a free port, prints the port
    local p
    for _ in 1 2 3 4 5 6 7 8; do
        p=$((40000 + RANDOM % 20000))
        (exec 3<>"/dev/tcp/127.0.0.1/$p") 2>/dev/null && continue
        python3 "$proxy_py" "$p" "$port" "$1" "$2" &
        echo "$! $p"
        return
    done
}
trips() { # log -> "total after-connect" of the last line
    tail -n 1 "$1" | sed -E 's/trips=([0-9]+) connect_trips=(-?[0-9]+)/\1 \2/'
}
read -r ppid pport < <(proxy 0 "$out/trips.log")
sleep 0.5
via=$(echo "$pg" | sed -E "s/:$port\//:$pport\//")
for cmd in "init" "--as Bench --format json queue next" "--as Bench --format json pick"; do
    # shellcheck disable=SC2086
    if "$smb" --db "$via" $cmd >/dev/null 2>"$out/stderr.txt"; then
        sleep 0.2
        read -r total connect < <(trips "$out/trips.log")
        printf '%-52s %s round trips: %s to connect, %s after\n' "smb $cmd" "$total" "$connect" "$((total - connect))"
        # (The pick's own transaction is 4 of its trips: tests/store/write.rs
        # a_pick_takes_four_round_trips_after_connecting; the rest is opening the store.)
        case $cmd in
        init) row "round trips of \`smb init\` (existing: open, one read transaction) after connecting (to connect)" "" "$((total - connect)) ($connect)" "" ;;
        *pick) row "round trips of a whole \`smb pick\` after connecting (to connect)" "" "$((total - connect)) ($connect)" "" ;;
        *queue*) row "round trips of a whole \`smb queue next\` after connecting (to connect)" "" "$((total - connect)) ($connect)" "" ;;
        esac
    else
        printf '%-52s n/a: %s\n' "smb $cmd" "$(head -n 1 "$out/stderr.txt")"
    fi
done
kill "$ppid"
read -r ppid pport < <(proxy 2 "$out/trips-2ms.log")
sleep 0.5
via=$(echo "$pg" | sed -E "s/:$port\//:$pport\//")
repeat "psql -c 'SELECT 1' through 2 ms each way" 10 psql -qtA "$via" -c 'SELECT 1'
row "\`psql -c 'SELECT 1'\` through 2 ms each way, ms" "" "$ms" ""
repeat "smb init (existing) through 2 ms each way" 10 "$smb" --db "$via" init
row "\`smb init\` (existing) through 2 ms each way, ms" "" "$ms" ""
before=$(pgcount "SELECT count(*) FROM cases WHERE owner = 'Bench'")
repeat "smb pick through 2 ms each way" 10 "$smb" --db "$via" --as Bench --format json pick
onpg "SELECT count(*) FROM cases WHERE owner = 'Bench'" "$((before + 11))"
row "\`smb pick\` through 2 ms each way, median ms" "" "$ms" ""
kill "$ppid"

echo
cat "$results"
