#!/usr/bin/env python3
"""The ingest benchmark's runs and report; scripts/bench-ingest.sh builds and calls it.

Three traffic shapes (one user; a pool of 50,000 users; a new user on every event), each with UUIDv7,
UUIDv4 and no event ids, as single events and as 100-event batches. Every figure is set against a
baseline measured in the same run on the same machine, with the same traffic:
  single events: the no-op Qt HttpServer route (parses the JSON, stores nothing), alternated with the
                 collector for several rounds on fresh servers (the machine is shared and noisy: the
                 ratio is the median of the rounds' ratios);
  batches:       bench-sqlite-baseline, raw prepared inserts of the same rows into the events table.
For each collector run: CPU per event by thread (HTTP, writer, checkpointer, other, and the load
generator), p99 latency, peak RSS. A benchmark, not a test: it exits 0 whatever the figures.
"""
import argparse
import json
import os
import re
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

SHAPES = {"one user": "1", "pool of 50,000": "50000", "new user each": "new"}
ID_KINDS = ["v7", "v4", "none"]
TICK = os.sysconf("SC_CLK_TCK")


class Server:
    """A server started on 127.0.0.1:0; the port is read from its "listening on HOST:PORT" line."""

    def __init__(self, command, log, env=None):
        self.log = log
        with open(log, "w") as out:
            self.process = subprocess.Popen(command, stdout=out, stderr=subprocess.STDOUT,
                                            env={**os.environ, **(env or {})})
        for _ in range(100):
            found = re.search(r"listening on \S*:(\d+)", Path(log).read_text())
            if found:
                self.port = int(found.group(1))
                return
            if self.process.poll() is not None:
                break
            time.sleep(0.1)
        sys.exit(f"server did not start: {' '.join(command)}\n{Path(log).read_text()}")

    def thread_cpu(self):
        """CPU seconds by thread name, so far."""
        seconds = {}
        for stat in Path(f"/proc/{self.process.pid}/task").glob("*/stat"):
            try:
                text = stat.read_text()
            except OSError:
                continue  # the thread ended
            name = text[text.index("(") + 1:text.rindex(")")]
            fields = text[text.rindex(")") + 2:].split()
            seconds[name] = seconds.get(name, 0.0) + (int(fields[11]) + int(fields[12])) / TICK
        return seconds

    def peak_rss_mb(self):
        status = Path(f"/proc/{self.process.pid}/status").read_text()
        return int(re.search(r"VmHWM:\s+(\d+)", status).group(1)) / 1024

    def stop(self):
        self.process.terminate()
        self.process.wait(timeout=60)


def loadgen(args, port, users, ids, batch, seconds=None, events=None):
    command = [args.loadgen, "--url", f"http://127.0.0.1:{port}/t", "--connections", str(args.connections),
               "--users", users, "--id-kind", ids, "--batch", str(batch), "--json"]
    command += ["--events", str(events)] if events else ["--duration", str(seconds or args.seconds)]
    return json.loads(subprocess.run(command, check=True, capture_output=True, text=True).stdout)


def collector(args, tmp, name):
    for suffix in ("", "-wal", "-shm"):
        Path(f"{tmp}/{name}.db{suffix}").unlink(missing_ok=True)
    return Server([args.collector, "--listen", "127.0.0.1:0", "--db", f"{tmp}/{name}.db", "--sync", "normal"],
                  f"{tmp}/{name}.log", env={"RATE_LIMIT_MAX": "0"})


def cpu_split(server, result):
    """µs of CPU per stored event: HTTP (the main thread), writer, checkpointer, other threads, load generator."""
    events = max(result["events_ok"], 1)
    split = {"http": 0.0, "writer": 0.0, "checkpt": 0.0, "other": 0.0}
    main_name = Path(server.process.args[0]).name[:15]
    for name, seconds in server.thread_cpu().items():
        key = "http" if name == main_name else "writer" if name == "tdesk-writer" else \
            "checkpt" if name == "tdesk-checkpt" else "other"
        split[key] += seconds * 1e6 / events
    split["loadgen"] = result["cpu_s"] * 1e6 / events
    return split


def measure_collector(args, tmp, users, ids, batch, name):
    server = collector(args, tmp, name)
    try:
        result = loadgen(args, server.port, users, ids, batch)
        result["cpu"] = cpu_split(server, result)
        result["rss_mb"] = server.peak_rss_mb()
    finally:
        server.stop()
    return result


def median_run(runs):
    ordered = sorted(runs, key=lambda r: r["events_per_sec"])
    return ordered[len(ordered) // 2]


def answers(result):
    status = " ".join(f"{code}:{count}" for code, count in sorted(result["status"].items()))
    return f"{status} err:{result['errors']}"


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--build", required=True)
    parser.add_argument("--quick", action="store_true", help="one round of 3-second phases, a smoke run")
    parser.add_argument("--many-users", type=int, metavar="N",
                        help="instead: N events from N new users in 100-event batches; peak RSS through the run")
    parser.add_argument("--connections", type=int, default=int(os.environ.get("CONNECTIONS", 32)))
    args = parser.parse_args()
    build = Path(args.build)
    args.collector = str(build / "collector/telemetry-collector")
    args.loadgen = str(build / "collector/loadgen/telemetry-loadgen")
    noop = str(build / "tests/bench/bench-noop-server")
    baseline = str(build / "tests/bench/bench-sqlite-baseline")
    args.seconds, rounds, baseline_rows = (3, 1, 100000) if args.quick else (6, 3, 500000)

    with tempfile.TemporaryDirectory() as tmp:
        if args.many_users:
            return many_users(args, tmp)
        print(f"ingest benchmark: {os.cpu_count()} cores, {rounds} rounds of {args.seconds} s for single events, "
              f"{args.connections} connections, {time.strftime('%Y-%m-%dT%H:%M:%SZ', time.gmtime())}", file=sys.stderr)
        combos = [(shape, ids) for shape in SHAPES for ids in ID_KINDS]
        single = {c: {"noop": [], "collector": [], "ratio": []} for c in combos}
        for round_ in range(rounds):
            for shape, ids in combos:
                print(f"round {round_ + 1}/{rounds}, single events, {shape}, ids {ids}", file=sys.stderr)
                server = Server([noop, "--listen", "127.0.0.1:0"], f"{tmp}/noop.log")
                try:
                    noop_run = loadgen(args, server.port, SHAPES[shape], ids, 1)
                    noop_run["cpu"] = cpu_split(server, noop_run)
                finally:
                    server.stop()
                run = measure_collector(args, tmp, SHAPES[shape], ids, 1, "single")
                entry = single[(shape, ids)]
                entry["noop"].append(noop_run)
                entry["collector"].append(run)
                entry["ratio"].append(run["events_per_sec"] / max(noop_run["requests_per_sec"], 1))
        batches = {}
        for shape, ids in combos:
            print(f"batches of 100, {shape}, ids {ids}: raw SQLite, then the collector", file=sys.stderr)
            raw = json.loads(subprocess.run(
                [baseline, "--db", f"{tmp}/baseline.db", "--rows", str(baseline_rows), "--per-transaction", "100",
                 "--sync", "normal", "--users", SHAPES[shape], "--id-kind", ids, "--json"],
                check=True, capture_output=True, text=True).stdout)
            for suffix in ("", "-wal", "-shm"):
                Path(f"{tmp}/baseline.db{suffix}").unlink(missing_ok=True)
            run = measure_collector(args, tmp, SHAPES[shape], ids, 100, "batch")
            batches[(shape, ids)] = (raw, run)
        report(single, batches)
    return 0


def report(single, batches):
    head = (f"{'traffic':<30} {'events/s':>9} {'baseline/s':>10} {'ratio':>6} {'target':>7} {'p99 ms':>7} "
            f"{'RSS MB':>7}   CPU µs/event: {'http':>5} {'writer':>6} {'ckpt':>5} {'other':>5} {'loadgen':>7}  answers")
    verdicts = []

    def line(label, run, base, ratio, target, p99_limit):
        cpu = run["cpu"]
        ok = (target is None or ratio >= target) and (p99_limit is None or run["p99_ms"] <= p99_limit) \
            and run["rss_mb"] <= 100
        goal = "-" if target is None else f">={target}"
        print(f"{label:<30} {run['events_per_sec']:>9.0f} {base:>10.0f} {ratio:>6.2f} {goal:>7} {run['p99_ms']:>7.2f} "
              f"{run['rss_mb']:>7.1f}                 {cpu['http']:>5.1f} {cpu['writer']:>6.1f} {cpu['checkpt']:>5.1f} "
              f"{cpu['other']:>5.1f} {cpu['loadgen']:>7.1f}  {answers(run)}")
        if target is not None or p99_limit is not None:
            limits = [f"ratio >= {target}"] if target is not None else []
            limits += [f"p99 <= {p99_limit} ms"] if p99_limit is not None else []
            verdicts.append(f"{label:<30} {', '.join(limits + ['RSS <= 100 MB']):<40} {'PASS' if ok else 'FAIL'}")

    print("\nsingle events (baseline: the no-op route's requests/s; the median round's run, the median of the rounds' ratios)")
    print(head)
    single_targets = {"pool of 50,000": (0.6, 5), "new user each": (0.45, 10)}
    for (shape, ids), entry in single.items():
        run = median_run(entry["collector"])
        target, p99 = single_targets.get(shape, (None, None))
        line(f"{shape}, ids {ids}", run, statistics.median(r["requests_per_sec"] for r in entry["noop"]),
             statistics.median(entry["ratio"]), target, p99)
        noop_cpu = median_run(entry["noop"])["cpu"]
        print(f"{'':<30} no-op route: http {noop_cpu['http']:.1f}, load generator {noop_cpu['loadgen']:.1f} µs/request; "
              f"ratios by round: {' '.join(f'{r:.2f}' for r in entry['ratio'])}")
    print("\n100-event batches (baseline: raw prepared SQLite inserts of the same rows, 100 a transaction)")
    print(head)
    for (shape, ids), (raw, run) in batches.items():
        line(f"{shape}, ids {ids}", run, raw["rows_per_sec"], run["events_per_sec"] / raw["rows_per_sec"], 0.5, None)
    print("\ntargets (issue 9)")
    print("\n".join(verdicts))


def many_users(args, tmp):
    """N events, each from a user never seen before, in 100-event batches, into one collector; the
    collector's peak RSS through the run, and the users the day's rollup holds at the end."""
    n = args.many_users
    print(f"{n} events from {n} new users, 100-event batches", file=sys.stderr)
    server = collector(args, tmp, "many")
    started = time.monotonic()
    try:
        result = loadgen(args, server.port, "new", "v7", 100, events=n)
        rss = server.peak_rss_mb()
        cpu = cpu_split(server, result)
    finally:
        server.stop()
    elapsed = time.monotonic() - started
    # Users of the day as the Overview counts them: the day's sample, scaled by its bound.
    day_users = subprocess.run(
        ["sqlite3", f"{tmp}/many.db", "SELECT day, count(DISTINCT user_hash), coalesce((SELECT below FROM rollup_user_samples s"
         " WHERE s.kind = 1 AND s.period = day), '10000') FROM day_users GROUP BY day"],
        check=True, capture_output=True, text=True).stdout.split()
    print(f"stored {result['events_ok']} events in {elapsed:.0f} s ({result['events_per_sec']:.0f} events/s), "
          f"p99 {result['p99_ms']:.1f} ms, answers {answers(result)}")
    for line in day_users:
        day, kept, below = line.split("|")
        print(f"UTC day {day}: {kept} users kept below {below}: about {int(kept) * 65536 / int(below, 16):,.0f} users")
    print(f"collector peak RSS: {rss:.1f} MB (limit 100 MB: {'PASS' if rss <= 100 else 'FAIL'})")
    print("CPU µs/event: " + ", ".join(f"{k} {v:.1f}" for k, v in cpu.items()))
    return 0


if __name__ == "__main__":
    sys.exit(main())
