#!/usr/bin/env bash
# Trigger-run benchmark (issue #3): N accounts and N opportunities from examples/gen.rs,
# imported, then `smb trigger run` twice (the second run finds every case already made).
# Prints wall time, CPU time and peak RSS of each step, and the load average (the machine is
# shared: other processes' load shows up in the wall times).
# Usage: bash bench/trigger.sh [ROWS]   (default 1000000; needs GNU time: apt-get install time)
set -euo pipefail
cd "$(dirname "$0")/.."
rows=${1:-1000000}
out=bench/out/trigger
target=${CARGO_TARGET_DIR:-target}
mkdir -p "$out"
cargo build --release --quiet --example gen
cargo build --release --quiet
smb=$target/release/smb
gen=$target/release/examples/gen
export SMB_NOW=2026-03-02T14:00:00Z SMB_USER=bench

measure() { # label, command...
  local label=$1; shift
  /usr/bin/time -f "%e %U %S %M" -o "$out/time.txt" "$@" >"$out/stdout.txt" 2>"$out/stderr.txt" \
    || { cat "$out/stderr.txt"; exit 1; }
  read -r secs user sys kib < "$out/time.txt"
  printf '%-36s %7.2f s wall %7.2f s cpu %7.1f MB  (load %s)\n' "$label" "$secs" \
    "$(echo "$user+$sys" | bc -l)" "$(echo "$kib/1024" | bc -l)" "$(cut -d' ' -f1 /proc/loadavg)"
}

rm -rf "$out/data"; mkdir -p "$out/data"
$gen --accounts "$rows" --opportunities "$rows" --out "$out/data" >/dev/null
db="$out/smb.db"
rm -f "$db"*
$smb --db "$db" init --model digital >/dev/null
echo "== $rows accounts, $rows opportunities"
measure "smb import accounts" $smb --db "$db" import accounts "$out/data/accounts.csv"
measure "smb import opportunities" $smb --db "$db" import opportunities "$out/data/opportunities.csv"
measure "smb trigger run (first)" $smb --db "$db" trigger run
tail -n 1 "$out/stdout.txt"
measure "smb trigger run (second, nothing new)" $smb --db "$db" trigger run
tail -n 1 "$out/stdout.txt"
