"""Conformance host for the Python SDK: an app that tracks what the driver asks for (see ../README.md)."""

import argparse
import ctypes
import json
import os
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
    runq = RunQueue()
    reply({"ready": True, "session": client.session_id})
    for line in sys.stdin:
        words = line.split()
        if not words:
            continue
        command = words[0]
        if command == "track":
            count, tag, pad = int(words[1]), words[2], int(words[3]) if len(words) > 3 else 0
            reply(track(client, count, tag, pad, runq))
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


class RunQueue:
    """This thread's time spent waiting for a CPU (ns), from /proc/thread-self/schedstat (its second
    field; the kernel adds to it whenever the thread gets a CPU back). Read through a ctypes.PyDLL
    call, which keeps the GIL: os.read would release it, and the SDK's thread could take it in
    between, which a real app that tracks in a tight loop would not give it."""

    def __init__(self) -> None:
        self._fd = os.open("/proc/thread-self/schedstat", os.O_RDONLY)
        self._pread = ctypes.PyDLL(None).pread
        self._buffer = ctypes.create_string_buffer(128)

    def ns(self) -> int:
        n = self._pread(self._fd, self._buffer, 127, ctypes.c_long(0))
        return int(self._buffer.raw[:n].split()[1])


def track(client: Client, count: int, tag: str, pad: int, runq: RunQueue) -> dict:
    """Tracks events tagged for the driver, timing each call on this (the caller's) thread. A call
    over 1 ms is "held" (it counts against the SDK) when, less the time this thread waited for a
    CPU, it still took over 1 ms: it ran or slept (on the GIL, a lock, I/O) that long. Otherwise
    the OS preempted it (the machine was busy): counted apart, not held against the SDK."""
    durations = []
    held = preempted = 0
    held_at = []  # (index, µs) of the first few held calls, to tell a warm-up from a steady cost
    held_max = 0
    filler = "x" * pad
    for seq in range(count):
        props = {"tag": tag, "seq": seq}
        if pad:
            props["pad"] = filler
        queued = runq.ns()
        start = time.perf_counter_ns()
        client.track("conformance.event", props)
        elapsed = time.perf_counter_ns() - start
        queued = runq.ns() - queued
        durations.append(elapsed)
        if elapsed > 1_000_000:
            own = elapsed - min(queued, elapsed)
            if own > 1_000_000:
                held += 1
                held_max = max(held_max, own // 1000)
                if len(held_at) < 5:
                    held_at.append((seq, elapsed // 1000, own // 1000))
            else:
                preempted += 1
    durations.sort()
    return {"tracked": count, "max_us": durations[-1] / 1000 if durations else 0,
            "p99_us": durations[int(len(durations) * 0.99)] / 1000 if durations else 0,
            "held": held, "held_at": held_at, "held_max_us": held_max, "preempted": preempted}


def reply(value: dict) -> None:
    sys.stdout.write(json.dumps(value) + "\n")
    sys.stdout.flush()


if __name__ == "__main__":
    main()
