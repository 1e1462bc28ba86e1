#!/usr/bin/env python3
"""What a live dashboard of eight insights costs the collector's ingest; scripts/bench-dashboard.sh calls it.

One collector, fed flat out by telemetry-loadgen (100-event batches from a pool of 50,000 users), in
rounds that alternate: the load alone, and the load while a client refreshes eight insights over the
Query API every 10 seconds, as the Insights view's dashboard does (a refresh that takes longer than
10 seconds is followed by the next at once, never queued twice). The cost is 1 - (events/s with the
dashboard) / (events/s without), the median over the rounds, measured in this run on this machine.
With --db, the collector writes into a copy of that database (the dashboard then reads its events
too); without, into a fresh one filled by a warm-up. A benchmark, not a test: exits 0 whatever the
figures.
"""
import argparse
import json
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.request
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))
from bench_ingest import Server, loadgen  # noqa: E402

DAY_MS = 86_400_000
REFRESH_S = 10


def insights(names, now_ms):
    """The eight: (label, method, path, body), over the last 7 days in Berlin days."""
    span = f"from={now_ms - 7 * DAY_MS}&to={now_ms}&tz=Europe/Berlin"
    first, second, third = (names + [""] * 3)[:3]
    funnel = json.dumps({"steps": [first, second, third], "window_seconds": 86400, "from": now_ms - 7 * DAY_MS,
                         "to": now_ms, "tz": "Europe/Berlin"}).encode()
    return [
        ("events per day by OS", "GET", f"trends?interval=day&breakdown=os&{span}", None),
        ("active users", "GET", f"active-users?{span}", None),
        (f"{first} per day, with the week before", "GET", f"trends?interval=day&event={first}&compare=previous&{span}", None),
        (f"funnel {first} → {second} → {third}", "POST", "funnels", funnel),
        ("sessions per day", "GET", f"sessions?interval=day&{span}", None),
        ("daily retention", "GET", f"retention?window=day&windows=7&{span}", None),
        ("users per hour", "GET", f"trends?interval=hour&metric=users&{span}", None),
        (f"{second} by country", "GET", f"trends?interval=day&event={second}&breakdown=country&{span}", None),
    ]


def request(port, key, method, path, body=None):
    req = urllib.request.Request(f"http://127.0.0.1:{port}/api/v1/{path}", data=body, method=method,
                                 headers={"Authorization": f"Bearer {key}", "Content-Type": "application/json"})
    with urllib.request.urlopen(req, timeout=300) as answer:
        return json.loads(answer.read())


class Dashboard(threading.Thread):
    """Refreshes the eight insights every REFRESH_S seconds until stopped; keeps each one's time."""

    def __init__(self, port, key, names):
        super().__init__(daemon=True)
        self.port, self.key, self.names = port, key, names
        self.stopping = threading.Event()
        self.times = {}
        self.refreshes = []

    def run(self):
        while not self.stopping.is_set():
            started = time.monotonic()
            for label, method, path, body in insights(self.names, int(time.time() * 1000)):
                t0 = time.monotonic()
                request(self.port, self.key, method, path, body)
                self.times.setdefault(label, []).append((time.monotonic() - t0) * 1000)
                if self.stopping.is_set():
                    return
            self.refreshes.append(time.monotonic() - started)
            self.stopping.wait(max(0.0, REFRESH_S - (time.monotonic() - started)))

    def stop(self):
        self.stopping.set()
        self.join()


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--build", required=True)
    parser.add_argument("--db", help="a SQLite database to copy and write into (default: a fresh one)")
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--seconds", type=int, default=20, help="of each phase")
    parser.add_argument("--connections", type=int, default=32)
    args = parser.parse_args()
    args.collector = f"{args.build}/collector/telemetry-collector"
    args.loadgen = f"{args.build}/collector/loadgen/telemetry-loadgen"
    tmp = Path(tempfile.mkdtemp(prefix="tdesk-dashboard-"))
    db = tmp / "dashboard.db"
    if args.db:
        for suffix in ("", "-wal"):
            if Path(args.db + suffix).exists():
                shutil.copyfile(args.db + suffix, str(db) + suffix)
    key = subprocess.run([args.collector, "--db", str(db), "keys", "create", "--project", "default", "--kind", "private"],
                         check=True, capture_output=True, text=True).stdout.strip().splitlines()[-1]
    server = Server([args.collector, "--listen", "127.0.0.1:0", "--db", str(db), "--sync", "normal"],
                    str(tmp / "collector.log"), env={"RATE_LIMIT_MAX": "0"})
    try:
        if not args.db:
            loadgen(args, server.port, "50000", "v7", 100, seconds=30)
        now = int(time.time() * 1000)
        found = request(server.port, key, "GET", f"properties?from={now - 7 * DAY_MS}&to={now}")
        names = found["events"][:3]
        events = request(server.port, key, "GET", f"overview?from={now - 7 * DAY_MS}&to={now}&extras=false")["events"]
        print(f"database: {'a copy of ' + args.db if args.db else 'fresh, 30 s of warm-up'}; {events:,} events in the "
              f"dashboard's last 7 days; load: 100-event batches, {args.connections} connections, pool of 50,000 users")
        rates = {"alone": [], "dashboard": []}
        dashboards = []
        for r in range(args.rounds):
            for mode in (["alone", "dashboard"] if r % 2 == 0 else ["dashboard", "alone"]):
                dashboard = Dashboard(server.port, key, names) if mode == "dashboard" else None
                if dashboard:
                    dashboard.start()
                result = loadgen(args, server.port, "50000", "v7", 100, seconds=args.seconds)
                if dashboard:
                    dashboard.stop()
                    dashboards.append(dashboard)
                rates[mode].append(result["events_per_sec"])
                print(f"  round {r + 1}, {mode:9}: {result['events_per_sec']:>9,.0f} events/s")
        ratios = [d / a for a, d in zip(rates["alone"], rates["dashboard"])]
        print(f"ingest with the dashboard / alone, per round: {' '.join(f'{x:.3f}' for x in ratios)}; "
              f"median {statistics.median(ratios):.3f} (cost {100 * (1 - statistics.median(ratios)):.1f} %, target < 5 %)")
        times = {}
        for d in dashboards:
            for label, ms in d.times.items():
                times.setdefault(label, []).extend(ms)
        refreshes = [s for d in dashboards for s in d.refreshes]
        print(f"refreshes under load: {len(refreshes)}, median {statistics.median(refreshes) if refreshes else 0:.2f} s each")
        for label, ms in times.items():
            print(f"  {label:45} median {statistics.median(ms):>8.0f} ms, worst {max(ms):>8.0f} ms")
    finally:
        server.stop()
        shutil.rmtree(tmp)


if __name__ == "__main__":
    main()
