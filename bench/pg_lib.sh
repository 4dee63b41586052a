# Shared by bench/pg_import.sh and bench/pg_trigger.sh, sourced inside .ci/with-postgres once
# "$out" exists: the throwaway server's databases, the server's CPU and the timed step, and the
# `\copy` yardstick's typed table (the same primary key as `accounts`, no checks).
admin=$SMB_TEST_DB
server=${admin%/*}
url() { echo "$server/$1?sslmode=disable"; }
drop() { psql -q "$admin" -c "SET client_min_messages = warning" -c "DROP DATABASE IF EXISTS $1 WITH (FORCE)" >/dev/null; }
newdb() { # NAME [TEMPLATE]
    drop "$1"
    psql -q "$admin" -c "CREATE DATABASE $1${2:+ TEMPLATE $2}" >/dev/null
    url "$1"
}
# The postmaster: its reaped children's CPU (clock ticks) is the server's work of a finished
# connection.
pm=$(psql -qtA "$admin" -c "SELECT pid FROM pg_stat_activity WHERE backend_type = 'checkpointer'")
pm=$(awk '/^PPid:/ {print $2}' "/proc/$pm/status")
hz=$(getconf CLK_TCK)
server_ticks() { awk '{print $16 + $17}' "/proc/$pm/stat"; }
# step LABEL CMD...: wall, client user+sys, server user+sys (s), peak RSS (MB).
step() {
    local label=$1 t0 t1
    shift
    t0=$(server_ticks)
    /usr/bin/time -f "%e %U %S %M" -o "$out/time.txt" "$@" >"$out/stdout.txt" 2>"$out/stderr.txt" ||
        { echo "$label failed:"; cat "$out/stderr.txt"; exit 1; }
    sleep 0.3 # the backends are reaped
    t1=$(server_ticks)
    read -r wall u s kib <"$out/time.txt"
    srv=$(python3 -c "print(f'{($t1 - $t0) / $hz:.2f}')")
    cpu=$(python3 -c "print(f'{$u + $s:.2f}')")
    printf '%-44s wall %6.2f s  client cpu %6.2f s  server cpu %6.2f s  rss %4d MB  [load %s]\n' \
        "$label" "$wall" "$cpu" "$srv" "$((kib / 1024))" "$(cut -d' ' -f1 /proc/loadavg)"
    echo "$label|$wall|$cpu|$srv|$kib" >>"$out/results.txt"
}

copy_table="CREATE TABLE copy_accounts (account_id text COLLATE \"C\" PRIMARY KEY,
  account_name text NOT NULL, region text NOT NULL, carr numeric NOT NULL, country text,
  employees bigint, lam bigint, has_ultimate text, auto_renew text, pte bigint, ptc bigint,
  deployment text, email_domain text, customer_type text, owner text,
  subscription_end_date text, seats bigint, active_users bigint, overage_amount text,
  qsr_enabled text, auto_renew_changed_at text, pte_updated_at text, ptc_updated_at text)"
