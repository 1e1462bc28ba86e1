#!/usr/bin/env python3
"""The PostgreSQL benchmark's runs and report (issue 10); scripts/bench-postgres.sh builds and calls it.

On a throwaway PostgreSQL 15 cluster of its own (tests/postgres-cluster.sh, fsync on as a real server
runs), with the same load generator and traffic (a pool of 50,000 users, UUIDv7 ids):
  batches:         100-event batches into the collector on PostgreSQL, against a plain COPY of the same
                   rows (exported from what the collector stored) into the same table and indexes;
  single events:   32 connections, the collector on PostgreSQL against the collector on SQLite with
                   the same durability (--sync full: a COMMIT survives a power cut, as PostgreSQL's
                   does with fsync on), alternated over rounds; SQLite's default (--sync normal) beside;
  two collectors:  two collector processes on one database, each loaded by its own load generator at
                   once, against one collector's batch throughput.
With each: p99 latency and the collectors' peak RSS. A benchmark, not a test: exits 0 whatever the figures.
"""
import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import bench_ingest as ingest  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
COLUMNS = "project_id, ts, received_ms, event_id, user_hash, session_id, name, os, ext, vscode, country, region, city, lat, lon, props"


def psql(url, sql):
    return subprocess.run(["psql", url, "-v", "ON_ERROR_STOP=1", "-qAt", "-c", sql], check=True, capture_output=True,
                          text=True).stdout.strip()


def database(admin, name):
    psql(admin, f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
    psql(admin, f'CREATE DATABASE "{name}"')
    return admin.rsplit("/", 1)[0] + "/" + name


def pg_collector(args, tmp, url, name):
    return ingest.Server([args.collector, "--listen", "127.0.0.1:0", "--db", url], f"{tmp}/{name}.log",
                         env={"RATE_LIMIT_MAX": "0", "SPOOL_FILE": f"{tmp}/{name}-spool.db"})


def sqlite_collector(args, tmp, name, sync):
    for suffix in ("", "-wal", "-shm"):
        Path(f"{tmp}/{name}.db{suffix}").unlink(missing_ok=True)
    return ingest.Server([args.collector, "--listen", "127.0.0.1:0", "--db", f"{tmp}/{name}.db", "--sync", sync],
                         f"{tmp}/{name}.log", env={"RATE_LIMIT_MAX": "0"})


def run_collector(server, args, batch, connections=None):
    saved = args.connections
    args.connections = connections or saved
    try:
        result = ingest.loadgen(args, server.port, "50000", "v7", batch)
    finally:
        args.connections = saved
    result["rss_mb"] = server.peak_rss_mb()
    return result


def measure_pg(args, tmp, url, name, batch):
    """One load-generator run against a fresh collector on the database `url`."""
    server = pg_collector(args, tmp, url, name)
    try:
        return run_collector(server, args, batch)
    finally:
        server.stop()


def copy_baseline(args, admin, source, tmp):
    """rows/s of COPY of the rows the collector stored into a fresh database's events table."""
    rows_file = f"{tmp}/rows.csv"
    psql(source, f"\\copy (SELECT {COLUMNS} FROM events) TO '{rows_file}' WITH (FORMAT csv)")
    target = database(admin, "bench_copy")
    subprocess.run([args.collector, "--db", target, "projects", "list"], check=True, capture_output=True)  # the schema
    # The partitions the rows need, as the collector made them.
    for (name, bounds) in [line.split("|") for line in psql(source, "SELECT c.relname, pg_get_expr(c.relpartbound, c.oid)"
                                                                     " FROM pg_inherits i JOIN pg_class c ON c.oid = i.inhrelid"
                                                                     " WHERE i.inhparent = 'events'::regclass").splitlines()]:
        psql(target, f"CREATE TABLE {name} PARTITION OF events {bounds}")
    rows = int(psql(source, "SELECT count(*) FROM events"))
    started = time.monotonic()
    psql(target, f"\\copy events({COLUMNS}) FROM '{rows_file}' WITH (FORMAT csv)")
    return rows / (time.monotonic() - started), rows


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--build", required=True)
    parser.add_argument("--quick", action="store_true", help="one round of 3-second phases, a smoke run")
    parser.add_argument("--connections", type=int, default=int(os.environ.get("CONNECTIONS", 32)))
    args = parser.parse_args()
    build = Path(args.build)
    args.collector = str(build / "collector/telemetry-collector")
    args.loadgen = str(build / "collector/loadgen/telemetry-loadgen")
    args.seconds, rounds = (3, 1) if args.quick else (6, 3)

    with tempfile.TemporaryDirectory() as tmp:
        cluster = f"{tmp}/cluster"
        started = subprocess.run(["bash", str(ROOT / "tests/postgres-cluster.sh"), "start", cluster],
                                 env={**os.environ, "TDESK_PG_FSYNC": "on", "TDESK_REQUIRE_POSTGRESQL": "1"},
                                 capture_output=True, text=True)
        if started.returncode != 0:
            sys.exit(f"no PostgreSQL cluster: {started.stderr}")
        print(started.stdout.strip(), file=sys.stderr)
        admin = Path(f"{cluster}/url").read_text().strip()
        try:
            report(args, tmp, admin, rounds)
        finally:
            subprocess.run(["bash", str(ROOT / "tests/postgres-cluster.sh"), "stop", cluster], capture_output=True)
    return 0


def report(args, tmp, admin, rounds):
    version = psql(admin, "SHOW server_version")
    print(f"PostgreSQL benchmark: PostgreSQL {version} (fsync on), {os.cpu_count()} cores, {args.connections} connections, "
          f"pool of 50,000 users, UUIDv7 ids, {time.strftime('%Y-%m-%dT%H:%M:%SZ', time.gmtime())}")

    # 100-event batches against COPY of the same rows.
    print("batches: the collector on PostgreSQL, then COPY of the rows it stored", file=sys.stderr)
    url = database(admin, "bench_batches")
    batch = measure_pg(args, tmp, url, "batches", 100)
    copy_rate, rows = copy_baseline(args, admin, url, tmp)
    print(f"\n100-event batches: {batch['events_per_sec']:.0f} events/s, p99 {batch['p99_ms']:.1f} ms, peak RSS "
          f"{batch['rss_mb']:.1f} MB ({ingest.answers(batch)}); COPY of the same {rows} rows: {copy_rate:.0f} rows/s; "
          f"ratio {batch['events_per_sec'] / copy_rate:.2f} (target >= 0.6)")

    # Single events: PostgreSQL against SQLite (same durability, and SQLite's default), alternated.
    ratios, pg_runs, full_runs, normal_runs = [], [], [], []
    for r in range(rounds):
        print(f"round {r + 1}/{rounds}: single events on SQLite (full, normal), then on PostgreSQL", file=sys.stderr)
        for runs, sync in ((full_runs, "full"), (normal_runs, "normal")):
            sqlite = sqlite_collector(args, tmp, f"single-sqlite-{sync}", sync)
            try:
                runs.append(run_collector(sqlite, args, 1))
            finally:
                sqlite.stop()
        pg_runs.append(measure_pg(args, tmp, database(admin, f"bench_single_{r}"), f"single-{r}", 1))
        ratios.append(pg_runs[-1]["requests_per_sec"] / full_runs[-1]["requests_per_sec"])
    pg, full, normal = ingest.median_run(pg_runs), ingest.median_run(full_runs), ingest.median_run(normal_runs)
    print(f"single events: PostgreSQL {pg['requests_per_sec']:.0f} requests/s (p99 {pg['p99_ms']:.1f} ms, peak RSS "
          f"{pg['rss_mb']:.1f} MB, {ingest.answers(pg)}); SQLite --sync full {full['requests_per_sec']:.0f} requests/s "
          f"(p99 {full['p99_ms']:.1f} ms), --sync normal {normal['requests_per_sec']:.0f} (p99 {normal['p99_ms']:.1f} ms); "
          f"ratio to SQLite full {statistics.median(ratios):.2f} (rounds {' '.join(f'{x:.2f}' for x in ratios)}), "
          f"to SQLite normal {pg['requests_per_sec'] / normal['requests_per_sec']:.2f} (target >= 0.5, p99 <= 10 ms)")

    # Two collectors on one database, each with its own load generator, against one.
    print("two collectors on one database, then one", file=sys.stderr)
    url = database(admin, "bench_two")
    servers = [pg_collector(args, tmp, url, f"two-{i}") for i in range(2)]
    results = [None, None]
    try:
        def load(i):
            results[i] = run_collector(servers[i], args, 100, max(1, args.connections // 2))
        threads = [threading.Thread(target=load, args=(i,)) for i in range(2)]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
    finally:
        for s in servers:
            s.stop()
    two = sum(r["events_per_sec"] for r in results)
    one = measure_pg(args, tmp, database(admin, "bench_one"), "one", 100)
    print(f"two collectors: {two:.0f} events/s together (p99 {max(r['p99_ms'] for r in results):.1f} ms, peak RSS "
          f"{max(r['rss_mb'] for r in results):.1f} MB); one collector: {one['events_per_sec']:.0f} events/s; "
          f"ratio {two / one['events_per_sec']:.2f} (target >= 1.3)")


if __name__ == "__main__":
    sys.exit(main())
