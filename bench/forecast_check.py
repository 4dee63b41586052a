#!/usr/bin/env python3
"""How `smb forecast` was checked (README "Forecast"): a digital team's history is played day by
day through the CLI from the sample export (fixtures/): every day a trigger run; on weekdays
inbound manual cases (a fixed pseudo-random 0-6 a day), a lean team of three advocates (two on
the AMER queue, one on EMEA) each picking one case a day and closing what they picked three
days earlier, so that the queues grow and cases breach.
At a past moment (MOMENT) the forecast is taken as the team would have taken it, then the
history goes on, and the forecast's prediction is compared with what happened: per day and
queue the cases that arrived, the cases waiting at the day's end (23:00 UTC) and the pick-up SLA
breaches (a case still waiting when its due instant passed).

Usage: bench/forecast_check.py [SMB_BINARY]   (default target/release/smb)
"""
import json
import os
import subprocess
import sys
import tempfile
from datetime import date, datetime, timedelta, timezone

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
SMB = sys.argv[1] if len(sys.argv) > 1 else os.path.join(ROOT, "target/release/smb")
START = date(2026, 1, 5)
MOMENT = date(2026, 3, 2)  # the forecast is taken at 07:00 UTC that day
DAYS = 14
ADVOCATES = [("Dana", "AMER"), ("Fay", "APAC"), ("Lena", "EMEA")]
TARGET_HOURS = {"High": 24, "Medium": 48, "Low": 168}

work = tempfile.mkdtemp(prefix="smb-forecast-check-")
env = dict(os.environ, SMB_DB=os.path.join(work, "smb.db"), SMB_USER="Sam Support")


def smb(now, *args, as_=None, check=True):
    cmd = [SMB, "--now", now, "--format", "json"] + (["--as", as_] if as_ else []) + list(args)
    p = subprocess.run(cmd, env=env, capture_output=True, text=True)
    if check and p.returncode != 0:
        raise SystemExit(f"{' '.join(cmd)}: {p.stderr}")
    return json.loads(p.stdout) if p.returncode == 0 and p.stdout.strip() else None


def at(d, hh, mm=0):
    return f"{d.isoformat()}T{hh:02d}:{mm:02d}:00Z"


class Lcg:
    def __init__(self, seed):
        self.s = seed

    def next(self, n):
        self.s = (self.s * 6364136223846793005 + 1442695040888963407) % 2**64
        return (self.s >> 33) % n


rng = Lcg(2026)
smb(at(START, 6), "init", "--model", "digital")
for kind in ["accounts", "opportunities", "contacts"]:
    smb(at(START, 6), "import", kind, os.path.join(ROOT, "fixtures", f"{kind}.csv"))
for name, region in ADVOCATES:
    smb(at(START, 6), "advocate", "add", name, "--region", region)
accounts = [
    line.split(",")[0]
    for line in open(os.path.join(ROOT, "fixtures/accounts.csv")).read().splitlines()[1:]
]

forecast = None
depth = {}  # (date, queue) -> waiting at 23:00
d = START
while d < MOMENT + timedelta(days=DAYS):
    if d == MOMENT:
        forecast = smb(at(d, 7), "forecast", "--days", str(DAYS), "--runs", "1000", "--seed", "1")
    smb(at(d, 7, 30), "trigger", "run")
    if d.weekday() < 5:
        for i in range(rng.next(7)):
            p = ["High", "Medium", "Low"][rng.next(3)]
            acc = accounts[rng.next(len(accounts))]
            smb(at(d, 10, i), "case", "new", "--account", acc, "--subject", "Inbound question",
                "--priority", p.lower())
        for name, _ in ADVOCATES:
            smb(at(d, 11), "pick", as_=name, check=False)
        for name, _ in ADVOCATES:
            mine = smb(at(d, 16), "case", "list", "--owner", name, "--status", "in-progress") or []
            for c in mine:
                picked = datetime.fromisoformat(c["picked_at"].replace("Z", "+00:00")).date()
                if c["category"] != "High Value" and (d - picked).days >= 3:
                    smb(at(d, 16), "close", str(c["id"]), "--status", "resolved",
                        "--action", "Answered Question", as_=name)
    for q in ("AMER", "EMEA"):
        depth[(d, q)] = len(smb(at(d, 23), "queue", "list", "--queue", q) or [])
    d += timedelta(days=1)

cases = smb(at(d, 0), "case", "list", "--all-owners", "--status", "any")


def ts(s):
    return datetime.fromisoformat(s.replace("Z", "+00:00")) if s else None


arrived = {}
breached = {}
for c in cases:
    q = c["queue"] or "(assigned)"
    if q == "AMER,EMEA":
        q = "AMER"
    created = ts(c["created_at"])
    arrived[(created.date(), q)] = arrived.get((created.date(), q), 0) + 1
    if c["queued_at"]:
        due = (ts(c["queued_at"]) or created) + timedelta(hours=TARGET_HOURS[c["priority"]])
        picked = ts(c["picked_at"])
        if (picked is None or picked > due) and due.date() >= MOMENT:
            breached[(due.date(), q)] = breached.get((due.date(), q), 0) + 1

print(f"History {START} to {d - timedelta(days=1)}; forecast taken at {MOMENT}T07:00Z "
      f"(14 days, 1000 runs, seed 1); {len(cases)} cases in all.\n")
print("date        queue  arrivals: forecast p50 (p10-p90) / actual   "
      "waiting at day end: p50 (p10-p90) / actual   breaches: p50 (p10-p90) / actual")
totals = {}
for q in ("AMER", "EMEA"):
    for r in forecast:
        if r["queue"] != q or r["priority"] != "all":
            continue
        day = date.fromisoformat(r["date"])
        a, w, b = r["arrivals"], r["depth"], r["breaches"]
        act = (arrived.get((day, q), 0), depth[(day, q)], breached.get((day, q), 0))
        inside = [s["p10"] <= v <= s["p90"] for s, v in zip((a, w, b), act)]
        for k, ok in zip(("arrivals", "depth", "breaches"), inside):
            totals[k] = totals.get(k, 0) + ok
        print(f"{r['date']}  {q:5}  {a['p50']:3} ({a['p10']}-{a['p90']}) / {act[0]:<3}"
              f"{'':20}{w['p50']:3} ({w['p10']}-{w['p90']}) / {act[1]:<3}"
              f"{'':20}{b['p50']:3} ({b['p10']}-{b['p90']}) / {act[2]}")
n = 2 * DAYS
print("\nActual inside the forecast's p10-p90: " +
      ", ".join(f"{k} {v}/{n}" for k, v in totals.items()))
