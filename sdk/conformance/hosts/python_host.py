"""Conformance host for the Python SDK: an app that tracks what the driver asks for (see ../README.md)."""

import argparse
import json
import resource
import sys
import time

from telemetrydesk import Client


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--url", required=True)
    parser.add_argument("--queue", required=True)
    parser.add_argument("--batch-size", type=int, default=100)
    parser.add_argument("--flush-interval-ms", type=int, default=200)
    parser.add_argument("--max-queue", type=int, default=100_000)
    parser.add_argument("--max-backoff-ms", type=int, default=2000)
    args = parser.parse_args()
    client = Client(args.url, queue_path=args.queue, batch_size=args.batch_size, app_version="conformance",
                    flush_interval=args.flush_interval_ms / 1000, max_queue=args.max_queue,
                    max_backoff=args.max_backoff_ms / 1000)
    reply({"ready": True, "session": client.session_id})
    for line in sys.stdin:
        words = line.split()
        if not words:
            continue
        command = words[0]
        if command == "track":
            count, tag, pad = int(words[1]), words[2], int(words[3]) if len(words) > 3 else 0
            reply(track(client, count, tag, pad))
        elif command == "burst":
            count, tag = int(words[1]), words[2]
            start = time.perf_counter()
            for seq in range(count):
                client.track("conformance.event", {"tag": tag, "seq": seq})
            reply({"tracked": count, "seconds": time.perf_counter() - start})
        elif command == "flush":
            reply({"flushed": client.flush(int(words[1]) / 1000)})
        elif command == "stats":
            reply(client.stats().__dict__)
        elif command == "optout":
            client.enabled = False
            reply({})
        elif command == "optin":
            client.enabled = True
            reply({})
        elif command == "close":
            reply({"empty": client.close(int(words[1]) / 1000)})
            return
        else:
            reply({"error": f"unknown command {command}"})


def track(client: Client, count: int, tag: str, pad: int) -> dict:
    """Tracks events tagged for the driver, timing each call on this (the caller's) thread. A call
    over 1 ms counts as slow unless the OS preempted this thread during it and it never waited (an
    involuntary context switch and no voluntary one: the machine was busy, the SDK did not block)."""
    durations = []
    slow = preempted = 0
    slow_at = []  # (index, µs) of the first few slow calls, to tell a warm-up from a steady cost
    slow_max = 0
    filler = "x" * pad
    for seq in range(count):
        props = {"tag": tag, "seq": seq}
        if pad:
            props["pad"] = filler
        before = resource.getrusage(resource.RUSAGE_THREAD)
        start = time.perf_counter_ns()
        client.track("conformance.event", props)
        elapsed = time.perf_counter_ns() - start
        after = resource.getrusage(resource.RUSAGE_THREAD)
        durations.append(elapsed)
        if elapsed > 1_000_000:
            if after.ru_nivcsw != before.ru_nivcsw and after.ru_nvcsw == before.ru_nvcsw:
                preempted += 1
            else:
                slow += 1
                slow_max = max(slow_max, elapsed // 1000)
                if len(slow_at) < 5:
                    slow_at.append((seq, elapsed // 1000))
    durations.sort()
    return {"tracked": count, "max_us": durations[-1] / 1000 if durations else 0,
            "p99_us": durations[int(len(durations) * 0.99)] / 1000 if durations else 0,
            "slow": slow, "slow_at": slow_at, "slow_max_us": slow_max,
            "preempted": preempted}


def reply(value: dict) -> None:
    sys.stdout.write(json.dumps(value) + "\n")
    sys.stdout.flush()


if __name__ == "__main__":
    main()
