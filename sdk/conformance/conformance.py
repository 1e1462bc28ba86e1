#!/usr/bin/env python3
"""SDK conformance driver: runs an SDK's host app against a real telemetry-collector and injects faults.

Every scenario starts a collector on an ephemeral loopback port with a fresh SQLite database, puts a
fault proxy in front of it (answers 503 or 429 itself, closes connections, loses answers, refuses
connections while "down"), drives the SDK's host process over stdin, and then reads the collector's
database: every event the host tracked must be stored exactly once, and no track() call may have
blocked its caller for over 1 ms. The host protocol is in README.md.
"""

import argparse
import collections
import json
import os
import re
import shlex
import shutil
import signal
import socket
import sqlite3
import subprocess
import sys
import tempfile
import threading
import time
import traceback

UUID7 = re.compile(r"^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$")


class Failure(Exception):
    pass


def check(condition, message):
    if not condition:
        raise Failure(message)


def wait_until(predicate, timeout, what):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if predicate():
            return
        time.sleep(0.02)
    raise Failure(f"timed out after {timeout} s waiting for {what}")


class Collector:
    """A real telemetry-collector process on an ephemeral loopback port."""

    def __init__(self, binary, workdir, args=()):
        self.binary, self.db, self.args = binary, os.path.join(workdir, "telemetry.db"), list(args)
        self.process = None
        self.port = None

    def start(self):
        env = dict(os.environ, RATE_LIMIT_MAX="0")
        self.process = subprocess.Popen([self.binary, "--listen", "127.0.0.1:0", "--db", self.db] + self.args,
                                        stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, env=env, text=True)
        deadline = time.monotonic() + 15
        while time.monotonic() < deadline:
            line = self.process.stdout.readline()
            if not line:
                break
            match = re.search(r"listening on [^ ]+:(\d+)", line)
            if match:
                self.port = int(match.group(1))
                # Keep reading its output so that the collector never blocks on a full pipe.
                threading.Thread(target=self.process.stdout.read, daemon=True).start()
                return self.port
        raise Failure("the collector did not start")

    def kill9(self):
        if self.process and self.process.poll() is None:
            self.process.send_signal(signal.SIGKILL)
            self.process.wait()

    def stop(self):
        if self.process and self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(10)
            except subprocess.TimeoutExpired:
                self.kill9()

    def stored(self):
        """(tag, seq) → how many times stored, and every stored row's id and session."""
        db = sqlite3.connect(f"file:{self.db}?mode=ro", uri=True, timeout=10)
        try:
            rows = db.execute("SELECT json_extract(props, '$.tag'), json_extract(props, '$.seq'), event_id,"
                              " session_id, os, ext, vscode, name FROM events").fetchall()
        finally:
            db.close()
        return rows


class Proxy:
    """A loopback HTTP proxy in front of the collector that can be told to misbehave.

    Scripted actions apply to the next requests, in order: ("status", code, retry_after),
    ("close",) hangs up without an answer, ("lose_answer",) forwards, lets the collector commit
    and hangs up before the answer reaches the client, ("hold", seconds) forwards and holds the
    answer. With no action left it forwards. down() refuses connections; up() listens again on
    the same port."""

    def __init__(self):
        self.backend_port = None
        self.actions = collections.deque()
        self.log = []  # (monotonic time, events in the request, what happened, status)
        self.lock = threading.Lock()
        self.forwarded = threading.Event()
        self.clients = set()
        self.listener = None
        self.port = 0
        self.up()

    def up(self):
        listener = socket.socket()
        listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        listener.bind(("127.0.0.1", self.port))
        listener.listen(64)
        self.port = listener.getsockname()[1]
        self.listener = listener
        threading.Thread(target=self._accept, args=(listener,), daemon=True).start()

    def down(self):
        listener, self.listener = self.listener, None
        if listener:
            listener.shutdown(socket.SHUT_RDWR)  # wakes the accept() in progress; close() alone would not
            listener.close()
        with self.lock:
            clients = list(self.clients)
        for c in clients:
            try:
                c.shutdown(socket.SHUT_RDWR)
            except OSError:
                pass

    def script(self, *actions):
        with self.lock:
            self.actions.extend(actions)

    def requests(self):
        with self.lock:
            return list(self.log)

    def _accept(self, listener):
        while True:
            try:
                conn, _ = listener.accept()
            except OSError:
                return
            with self.lock:
                self.clients.add(conn)
            threading.Thread(target=self._serve, args=(conn,), daemon=True).start()

    def _serve(self, conn):
        try:
            while self._one(conn):
                pass
        except OSError:
            pass
        finally:
            with self.lock:
                self.clients.discard(conn)
            conn.close()

    def _one(self, conn):
        request = read_http(conn)
        if request is None:
            return False
        head, body = request
        try:
            batch = json.loads(body).get("batch", [None])
            events = len(batch)
            tags = sorted({(e.get("m") or {}).get("tag") for e in batch if e})
        except ValueError:
            events, tags = -1, []
        with self.lock:
            action = self.actions.popleft() if self.actions else ("forward",)
            entry = [time.monotonic(), events, action[0], 0, tags]
            self.log.append(entry)
        if action[0] == "status":
            code, retry_after = action[1], action[2]
            text = {503: "unavailable", 429: "rate_limited"}.get(code, "error")
            payload = json.dumps({"ok": False, "error": text}).encode()
            conn.sendall(b"HTTP/1.1 %d %s\r\nContent-Type: application/json\r\nRetry-After: %d\r\n"
                         b"Content-Length: %d\r\n\r\n%s" % (code, text.encode(), retry_after, len(payload), payload))
            entry[3] = code
            return True
        if action[0] == "close":
            return False
        try:
            backend = socket.create_connection(("127.0.0.1", self.backend_port), timeout=30)
        except (OSError, TypeError):
            return False  # the collector is down: the client sees its connection closed
        with backend:
            backend.sendall(head + body)
            answer = read_http(backend)
        if answer is None:
            return False
        entry[3] = int(answer[0].split(b" ")[1])
        if action[0] == "lose_answer":
            self.forwarded.set()
            return False
        if action[0] == "hold":
            self.forwarded.set()
            time.sleep(action[1])
        conn.sendall(answer[0] + answer[1])
        return b"connection: close" not in answer[0].lower()


def read_http(sock):
    """One HTTP/1.1 message with a Content-Length body: (head, body), or None at end of stream."""
    data = b""
    while b"\r\n\r\n" not in data:
        chunk = sock.recv(65536)
        if not chunk:
            return None
        data += chunk
    end = data.index(b"\r\n\r\n") + 4
    head, body = data[:end], data[end:]
    match = re.search(rb"(?im)^content-length:\s*(\d+)", head)
    length = int(match.group(1)) if match else 0
    while len(body) < length:
        chunk = sock.recv(65536)
        if not chunk:
            break
        body += chunk
    return head, body[:length]


class Host:
    """The SDK's conformance host: an app process that tracks what it is told (README.md)."""

    def __init__(self, command, url, queue, options):
        args = [f"--url={url}", f"--queue={queue}"] + [f"--{k}={v}" for k, v in options.items()]
        self.process = subprocess.Popen(command + args, stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                                        text=True, bufsize=1)
        self.replies = collections.deque()
        self.arrived = threading.Condition()
        threading.Thread(target=self._read, daemon=True).start()
        ready = self._reply(30)
        check(ready.get("ready"), f"host did not start: {ready}")

    def _read(self):
        for line in self.process.stdout:
            with self.arrived:
                self.replies.append(line)
                self.arrived.notify_all()
        with self.arrived:
            self.replies.append(None)
            self.arrived.notify_all()

    def _reply(self, timeout):
        with self.arrived:
            if not self.arrived.wait_for(lambda: self.replies, timeout):
                raise Failure(f"host gave no answer in {timeout} s")
            line = self.replies.popleft()
        if line is None:
            raise Failure(f"host exited ({self.process.wait()})")
        try:
            return json.loads(line)
        except ValueError:
            raise Failure(f"host answered {line!r}") from None

    def command(self, line, timeout=60):
        self.process.stdin.write(line + "\n")
        self.process.stdin.flush()
        return self._reply(timeout)

    def track(self, count, tag, pad=0):
        result = self.command(f"track {count} {tag} {pad}")
        check(result.get("tracked") == count, f"host tracked {result}")
        Scenario.current.timings.append(result)
        return result

    def stats(self):
        return self.command("stats")

    def wait_on_disk(self):
        wait_until(lambda: self.stats()["buffered"] == 0, 10, "the tracked events to reach the disk queue")

    def flush(self, seconds):
        return self.command(f"flush {int(seconds * 1000)}", timeout=seconds + 30)["flushed"]

    def close(self, seconds=5):
        result = self.command(f"close {int(seconds * 1000)}", timeout=seconds + 30)
        self.process.wait(10)
        return result

    def kill9(self):
        self.process.send_signal(signal.SIGKILL)
        self.process.wait()


class Scenario:
    current = None

    def __init__(self, driver, name, collector_args=()):
        self.driver, self.name = driver, name
        self.dir = tempfile.mkdtemp(prefix=f"tdesk-conformance-{name}-")
        self.collector = Collector(driver.collector_bin, self.dir, collector_args)
        self.proxy = Proxy()
        self.queue = os.path.join(self.dir, "queue")
        self.hosts = []
        self.timings = []
        Scenario.current = self

    @property
    def url(self):
        return f"http://127.0.0.1:{self.proxy.port}"

    def start_collector(self):
        self.proxy.backend_port = self.collector.start()

    def host(self, **options):
        options.setdefault("batch-size", 50)
        options.setdefault("flush-interval-ms", 100)
        options.setdefault("max-backoff-ms", 1000)
        host = Host(self.driver.host_command, self.url, self.queue, options)
        self.hosts.append(host)
        return host

    def expect_stored(self, expected):
        """expected: tag → the set of seqs that must be stored, each exactly once; nothing else."""
        rows = self.collector.stored()
        counts = collections.Counter((tag, seq) for tag, seq, *_ in rows)
        for tag, seqs in expected.items():
            missing = [s for s in seqs if counts[(tag, s)] == 0]
            doubled = [s for s in seqs if counts[(tag, s)] > 1]
            check(not missing, f"{len(missing)} tracked '{tag}' events never stored (first: {missing[:5]})")
            check(not doubled, f"{len(doubled)} '{tag}' events stored more than once (first: {doubled[:5]})")
        unexpected = [(t, s) for (t, s) in counts if s not in expected.get(t, ())]
        check(not unexpected, f"stored events that should not be: {unexpected[:5]}")
        for tag, seq, event_id, session, os_name, ext, vscode, name in rows:
            check(event_id and UUID7.match(event_id), f"event id {event_id!r} is not a UUIDv7")
            check(session and os_name and ext == "conformance" and vscode and name == "conformance.event",
                  f"common fields missing: session={session!r} os={os_name!r} ext={ext!r} host={vscode!r}")
        return len(rows)

    def finish(self, keep=False):
        """Stops everything; the database and queues stay for a look only when asked to."""
        for host in self.hosts:
            if host.process.poll() is None:
                host.kill9()
        self.proxy.down()
        self.collector.stop()
        if keep:
            print(f"     database and queue kept in {self.dir}", flush=True)
        else:
            shutil.rmtree(self.dir, ignore_errors=True)


def s_down_then_up(s):
    """The collector is down when the app starts and tracks; it comes up; everything arrives once."""
    s.proxy.down()
    host = s.host()
    host.track(300, "a")
    time.sleep(1.5)  # several refused attempts
    check(host.stats()["retries"] >= 1, "the SDK did not try while the collector was down")
    s.proxy.up()
    s.start_collector()
    check(host.flush(20), "flush did not empty the queue once the collector was up")
    return s.expect_stored({"a": range(300)})


def s_503_burst(s):
    """Bursts of 503 with Retry-After: nothing is lost, nothing doubled."""
    s.start_collector()
    s.proxy.script(*[("status", 503, 1)] * 3)
    host = s.host()
    host.track(400, "a")
    check(host.flush(30), "flush did not empty the queue after the 503 burst")
    s.proxy.script(*[("status", 503, 0)] * 4)
    host.track(200, "b")
    check(host.flush(30), "flush did not empty the queue after the second 503 burst")
    check(host.stats()["retries"] >= 7, f"expected a retry per 503: {host.stats()}")
    return s.expect_stored({"a": range(400), "b": range(200)})


def s_429_retry_after(s):
    """429 with Retry-After: 2 — the SDK waits at least that long before it sends again."""
    s.start_collector()
    s.proxy.script(("status", 429, 2))
    host = s.host()
    host.track(100, "a")
    check(host.flush(30), "flush did not empty the queue after a 429")
    log = s.proxy.requests()
    check(log[0][3] == 429 and len(log) >= 2, f"proxy saw {log}")
    waited = log[1][0] - log[0][0]
    check(waited >= 2.0, f"the SDK sent again {waited:.2f} s after 'Retry-After: 2'")
    return s.expect_stored({"a": range(100)})


def s_collector_kill9(s):
    """kill -9 of the collector while batches are in flight, then a restart on the same database."""
    s.start_collector()
    host = s.host(**{"batch-size": 20})
    host.track(400, "a")
    wait_until(lambda: len(s.proxy.requests()) >= 3, 10, "batches in flight")
    s.collector.kill9()
    host.track(400, "b")
    time.sleep(0.5)
    s.start_collector()
    # An answer lost on the way back after the commit: the SDK sends again, the collector counts duplicates.
    s.proxy.script(("lose_answer",))
    host.track(200, "c")
    check(host.flush(30), "flush did not empty the queue after the collector restarted")
    check(host.stats()["duplicates"] >= 1, f"a batch whose answer was lost was not sent again: {host.stats()}")
    return s.expect_stored({"a": range(400), "b": range(400), "c": range(200)})


def s_host_kill9(s):
    """kill -9 of the app with a full queue and again with a batch in flight; restarts send all, once."""
    s.proxy.down()
    host = s.host()
    host.track(3000, "a")
    host.wait_on_disk()
    host.kill9()
    s.proxy.up()
    s.start_collector()
    s.proxy.forwarded.clear()
    s.proxy.script(("hold", 30))
    host = s.host()
    check(s.proxy.forwarded.wait(10), "the restarted app did not send its queue")
    host.kill9()  # the collector has committed that batch; the app never heard
    host = s.host()
    check(host.flush(30), "flush did not empty the queue after two crashes")
    check(host.stats()["duplicates"] >= 1, f"the batch in flight at the crash was not sent again: {host.stats()}")
    host.close()
    return s.expect_stored({"a": range(3000)})


def s_body_limit(s):
    """A collector with an 8 KiB body and 20-event batch limit: batches split on 413; a single event
    over the limit is dropped and counted, never retried."""
    s.start_collector()
    host = s.host(**{"batch-size": 200})
    host.track(300, "a", pad=200)
    host.track(1, "huge", pad=10000)
    host.track(100, "b", pad=10)
    check(host.flush(30), "flush did not empty the queue with batches over the limit")
    stats = host.stats()
    check(stats["dropped"] == 1, f"the over-limit event should be dropped and counted once: {stats}")
    statuses = collections.Counter(entry[3] for entry in s.proxy.requests())
    check(statuses[413] >= 2, f"expected 413s from the collector: {statuses}")
    return s.expect_stored({"a": range(300), "b": range(100), "huge": ()})


def s_queue_cap(s):
    """A full queue drops its oldest events and counts them."""
    s.proxy.down()
    host = s.host(**{"max-queue": 100})
    host.track(300, "a")
    host.wait_on_disk()
    s.proxy.up()
    s.start_collector()
    check(host.flush(20), "flush did not empty the capped queue")
    check(host.stats()["overflow"] == 200, f"expected 200 dropped oldest-first: {host.stats()}")
    return s.expect_stored({"a": range(200, 300)})


def s_opt_out(s):
    """Opting out deletes the queue (disk included) and tracks nothing until opted in again."""
    s.proxy.down()
    host = s.host()
    host.track(50, "a")
    host.wait_on_disk()
    host.command("optout")
    host.track(50, "b")
    host.command("optin")
    host.kill9()  # the queue on disk must be empty, not just the memory
    s.proxy.up()
    s.start_collector()
    host = s.host()
    host.track(20, "c")
    check(host.flush(20), "flush did not empty the queue after opting in")
    host.close()
    return s.expect_stored({"a": (), "b": (), "c": range(20)})


def s_close_flushes(s):
    """close() (and so the exit of the app) sends what is queued within its deadline."""
    s.start_collector()
    host = s.host(**{"flush-interval-ms": 60000})
    host.track(500, "a")
    check(host.close(10)["empty"], "close did not send the queue within its deadline")
    return s.expect_stored({"a": range(500)})


def s_steady(s):
    """The app tracks without a pause while the SDK stores and sends what it tracked before: its
    thread (and in Python the GIL, in C++ the allocator) is busy all the while the caller tracks.
    Every track() call of the suite is timed; this is where most of them are."""
    s.start_collector()
    host = s.host(**{"batch-size": 100, "flush-interval-ms": 20})
    for round in range(5):
        host.track(5000, f"r{round}")
    check(host.flush(30), "flush did not empty the queue after steady tracking")
    return s.expect_stored({f"r{round}": range(5000) for round in range(5)})


SCENARIOS = [s_steady, s_down_then_up, s_503_burst, s_429_retry_after, s_collector_kill9, s_host_kill9, s_body_limit,
             s_queue_cap, s_opt_out, s_close_flushes]
COLLECTOR_ARGS = {"s_body_limit": ["--max-body", "8192", "--max-batch", "20"]}


def peak_rss_mb(process):
    with open(f"/proc/{process.pid}/status") as status:
        return int(re.search(r"VmHWM:\s+(\d+)", status.read()).group(1)) / 1024


def bench(driver, events, caps=(10_000, 100_000)):
    """Speed and memory. First, in one run: track() p99 on the caller's thread (timed calls), then
    events per second from the first track() of an untimed burst until the collector has stored
    them all, and the host's peak memory (a queue cap above the burst: nothing dropped). Then,
    for each queue cap (100,000 is every SDK's default), a fresh host with the collector down
    tracks twice its cap in one burst and waits until all is on disk: its peak memory with the
    queue full, which the cap must bound."""
    s = Scenario(driver, "bench")
    try:
        s.start_collector()
        s.proxy.down()  # straight to the collector: the proxy would be the bottleneck
        host = Host(driver.host_command, f"http://127.0.0.1:{s.collector.port}", s.queue,
                    {"batch-size": 500, "flush-interval-ms": 200, "max-queue": events + 30000})
        timed = [host.command("track 10000 warm") for _ in range(3)]
        start = time.monotonic()
        tracked = host.command(f"burst {events} bench", timeout=600)
        check(tracked.get("tracked") == events, f"host answered {tracked}")
        check(host.flush(300), "the benchmark's events were not all sent")
        seconds = time.monotonic() - start
        rows = s.collector.stored()
        stored = sum(1 for tag, *_ in rows if tag == "bench")
        check(stored == events, f"{stored} of {events} stored")
        print(f"track() p99 {max(t['p99_us'] for t in timed):.1f} µs, max {max(t['max_us'] for t in timed):.0f} µs"
              f" (3 × 10,000 timed calls; {sum(t['held'] for t in timed)} held over 1 ms,"
              f" {sum(t['preempted'] for t in timed)} preempted); "
              f"{events:,} events tracked in {tracked['seconds']:.2f} s and stored in {seconds:.2f} s: "
              f"{events / seconds:,.0f} events/s; host peak RSS {peak_rss_mb(host.process):.1f} MB", flush=True)
        host.close()
        for cap in caps:
            queue = os.path.join(s.dir, f"queue-{cap}")
            host = Host(driver.host_command, s.url, queue, {"batch-size": 500, "max-queue": cap})
            idle = peak_rss_mb(host.process)
            host.command(f"burst {2 * cap} full", timeout=600)
            wait_until(lambda: host.stats()["buffered"] == 0, 120, "the burst to reach the disk queue")
            stats = host.stats()
            check(stats["queued"] == cap and stats["overflow"] == cap, f"a full queue of {cap}: {stats}")
            print(f"queue cap {cap:,}: {2 * cap:,} tracked with the collector down, {cap:,} kept, {cap:,} dropped"
                  f" oldest-first; host peak RSS {peak_rss_mb(host.process):.1f} MB ({idle:.1f} MB before)", flush=True)
            host.kill9()
    finally:
        s.finish()


class Driver:
    def __init__(self, collector_bin, host_command):
        self.collector_bin, self.host_command = collector_bin, host_command


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--collector", required=True, help="the telemetry-collector binary")
    parser.add_argument("--host", required=True, help="the SDK's conformance host command line")
    parser.add_argument("--only", action="append", help="run only these scenarios (without the s_)")
    parser.add_argument("--bench", type=int, metavar="EVENTS", help="measure speed instead (see bench())")
    parser.add_argument("--held-per-10000", type=int, default=0, metavar="N",
                        help="track() calls in 10,000 that may hold their caller over 1 ms (see timing_verdict())")
    args = parser.parse_args()
    driver = Driver(args.collector, shlex.split(args.host))
    if args.bench:
        bench(driver, args.bench)
        return 0
    failed = 0
    timings = []
    for scenario in SCENARIOS:
        name = scenario.__name__[2:]
        if args.only and name not in args.only:
            continue
        s = Scenario(driver, name, COLLECTOR_ARGS.get(scenario.__name__, ()))
        start = time.monotonic()
        passed = False
        try:
            stored = scenario(s)
            worst = max((t["max_us"] for t in s.timings), default=0)
            p99 = max((t["p99_us"] for t in s.timings), default=0)
            preempted = sum(t["preempted"] for t in s.timings)
            held = sum(t["held"] for t in s.timings)
            collected = sum(t.get("gc", 0) for t in s.timings)
            where = [at for t in s.timings for at in t.get("held_at", [])]  # (call, µs, µs less CPU waits)
            print(f"PASS {name}: {stored} stored once, track() p99 {p99:.1f} µs, max {worst:.0f} µs"
                  f"{f', {held} calls held over 1 ms {where}' if held else ''}"
                  f"{f' ({collected} in a garbage collection)' if collected else ''}"
                  f"{f', {preempted} over 1 ms only while preempted by the OS' if preempted else ''}"
                  f" ({time.monotonic() - start:.1f} s)", flush=True)
            passed = True
        except Failure as e:
            failed += 1
            print(f"FAIL {name}: {e}", flush=True)
        except Exception:
            failed += 1
            print(f"FAIL {name}: driver error\n{traceback.format_exc()}", flush=True)
        finally:
            s.finish(keep=not passed)
            timings.extend(s.timings)
    if timings and not failed:
        failed += not timing_verdict(timings, args.held_per_10000)
    print("all scenarios passed" if not failed else f"{failed} scenario(s) failed", flush=True)
    return 1 if failed else 0


HELD_MAX_US = 20_000


def timing_verdict(timings, per_10000):
    """track() must never hold its caller up. A call over 1 ms is held against the SDK when, less
    the time its thread waited for a CPU (the run-queue delay the kernel keeps per thread in
    schedstat), it still took over 1 ms: it ran or slept (a lock, the GIL, the allocator, I/O, a
    garbage collection) that long. The C++ SDK may hold none. A runtime that pauses every caller
    now and then (Python's GIL, handed to the SDK's thread; a JavaScript engine's garbage
    collection or compilation) is given per_10000 held calls in 10,000, each under 20 ms: the
    figures behind that are in README.md. Calls over 1 ms only because the OS gave the CPU to
    another thread are counted and shown, not held against the SDK: the machine is shared."""
    calls = sum(t["tracked"] for t in timings)
    held = sum(t["held"] for t in timings)
    longest = max((t.get("held_max_us", 0) for t in timings), default=0)
    preempted = sum(t["preempted"] for t in timings)
    collected = sum(t.get("gc", 0) for t in timings)
    budget = calls * per_10000 // 10_000
    ok = held <= budget and longest <= HELD_MAX_US
    print(f"{'PASS' if ok else 'FAIL'} track() timing: {calls} calls, {held} held their caller over 1 ms"
          f"{f' (longest {longest / 1000:.1f} ms; {collected} in a garbage collection)' if held else ''};"
          f" allowed {budget}{f' ({per_10000} in 10,000), each under {HELD_MAX_US // 1000} ms' if per_10000 else ''};"
          f" {preempted} over 1 ms only while the OS ran something else", flush=True)
    return ok


if __name__ == "__main__":
    sys.exit(main())
