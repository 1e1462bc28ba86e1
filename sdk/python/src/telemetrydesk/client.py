"""The Telemetry Desk client: track() hands an event to a background thread and returns.

The thread writes events to an SQLite queue on disk (so a crash or restart of the app loses
nothing that reached it), sends them in batches to the collector's POST /t, and deletes them only
once the collector has answered for them. Every event carries a UUIDv7 id made at track() time, so
a batch sent again after a lost answer is stored once (the collector counts it as a duplicate).
"""

from __future__ import annotations

import atexit
import bisect
import collections
import datetime
import email.utils
import functools
import http.client
import itertools
import json
import logging
import os
import platform
import random
import re
import sqlite3
import sys
import threading
import time
import urllib.parse
import weakref
from dataclasses import dataclass
from typing import Any, Deque, List, Mapping, Optional, Tuple

__all__ = ["Client", "Stats", "uuid7"]

log = logging.getLogger("telemetrydesk")

_EVENT_NAME = re.compile(r"[A-Za-z0-9._:\-/$ ]{1,200}")
_MAX_PROPS_BYTES = 32 * 1024
_MAX_BATCH_BYTES = 512 * 1024  # half the collector's default body limit
_SDK_VERSION = "0.1.0"
_MAX_RETRY_AFTER = 3600.0  # seconds: a longer Retry-After is taken as an hour
_STORE_PAUSE = 0.02  # seconds tracked events may wait in memory (a crash loses them) before disk


# Ids need to be unique, not secret: a generator of our own, seeded from the OS and again in a forked
# child, and never a call that releases the GIL in track() (os.urandom does, and the worker thread
# may then hold the caller up for a whole switch interval, 5 ms).
_random = random.Random()
if hasattr(os, "register_at_fork"):
    os.register_at_fork(after_in_child=_random.seed)


def uuid7() -> str:
    """A UUIDv7 (RFC 9562): 48 bits of Unix milliseconds, then 74 random bits."""
    value = (time.time_ns() // 1_000_000) << 80 | _random.getrandbits(80)
    value = (value & ~(0xF << 76)) | (0x7 << 76)  # version 7
    value = (value & ~(0x3 << 62)) | (0x2 << 62)  # variant 10
    h = "%032x" % value
    return f"{h[:8]}-{h[8:12]}-{h[12:16]}-{h[16:20]}-{h[20:]}"


@dataclass(frozen=True)
class Stats:
    """What the client has done since it was created (``queued`` is what waits, memory and disk)."""

    queued: int
    sent: int  # events the collector answered for with 200 (accepted, duplicate or skipped)
    accepted: int
    duplicates: int
    skipped: int  # answered 200 but not stored, with a per-event reason (logged)
    dropped: int  # refused as a whole (400, 401, 403, 413 for a single event): never retried
    overflow: int  # dropped oldest-first because the queue was full
    retries: int  # sends that failed and were tried again (429, 5xx, network)
    buffered: int  # tracked but not yet written to the disk queue


def _close_at_exit(client: "weakref.ref[Client]") -> None:
    alive = client()
    if alive is not None:
        alive.close()


def _dumps(value: Any) -> str:
    return json.dumps(value, separators=(",", ":"), ensure_ascii=False, allow_nan=False)


def _default_queue_path(name: str) -> str:
    if sys.platform == "win32":
        base = os.environ.get("LOCALAPPDATA") or os.path.expanduser("~")
    elif sys.platform == "darwin":
        base = os.path.expanduser("~/Library/Application Support")
    else:
        base = os.environ.get("XDG_DATA_HOME") or os.path.expanduser("~/.local/share")
    return os.path.join(base, "telemetrydesk-sdk", f"{name}.queue.sqlite3")


def _retry_after_seconds(value: Optional[str]) -> float:
    """The wait a Retry-After value asks for (seconds or an HTTP date), at most an hour."""
    if not value:
        return 0.0
    value = value.strip()
    if value.isdigit():
        return min(float(value), _MAX_RETRY_AFTER)
    try:
        when = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError, IndexError, OverflowError):
        return 0.0
    if when.tzinfo is None:  # an HTTP date is GMT
        when = when.replace(tzinfo=datetime.timezone.utc)
    return min(max(0.0, when.timestamp() - time.time()), _MAX_RETRY_AFTER)


class _DiskQueue:
    """Events waiting to be sent, oldest first, on disk. Each row holds a chunk of events as JSON
    lines, written in one statement: per event, almost no Python code runs (see _store)."""

    def __init__(self, path: str) -> None:
        if os.path.dirname(path):
            os.makedirs(os.path.dirname(path), exist_ok=True)
        self._db = sqlite3.connect(path, isolation_level=None, check_same_thread=False)
        self._db.execute("PRAGMA journal_mode=WAL")
        self._db.execute("PRAGMA synchronous=NORMAL")  # a committed row survives a crash of the app
        self._db.execute("PRAGMA busy_timeout=5000")
        # skip: how many of the chunk's events were sent already (a batch may take part of a chunk)
        self._db.execute("CREATE TABLE IF NOT EXISTS chunks(seq INTEGER PRIMARY KEY AUTOINCREMENT,"
                         " n INTEGER NOT NULL, skip INTEGER NOT NULL DEFAULT 0, lines TEXT NOT NULL)")
        self._db.execute("CREATE TABLE IF NOT EXISTS meta(key TEXT PRIMARY KEY, value TEXT NOT NULL)")
        self.count = self._db.execute("SELECT coalesce(sum(n - skip), 0) FROM chunks").fetchone()[0]
        self._cached: Tuple[int, List[str]] = (-1, [])  # the chunk read last, split

    def meta(self, key: str, default: str) -> str:
        self._db.execute("INSERT OR IGNORE INTO meta(key, value) VALUES (?, ?)", (key, default))
        return self._db.execute("SELECT value FROM meta WHERE key = ?", (key,)).fetchone()[0]

    # Each statement releases the GIL while SQLite works and takes it back after: a moment the
    # caller's track() may have to wait for it. So the common cases are one statement each (one
    # transaction of its own), and the rest one transaction.

    def append(self, bodies: List[str], cap: int) -> int:
        """Adds events (JSON without a newline); drops the oldest beyond cap and returns how many."""
        if self.count + len(bodies) <= cap:
            self._db.execute("INSERT INTO chunks(n, lines) VALUES (?, ?)", (len(bodies), "\n".join(bodies)))
            self.count += len(bodies)
            return 0
        with self._db:
            self._db.execute("BEGIN IMMEDIATE")
            self._db.execute("INSERT INTO chunks(n, lines) VALUES (?, ?)", (len(bodies), "\n".join(bodies)))
            self.count += len(bodies)
            dropped = max(0, self.count - cap)
            if dropped:
                self._take(self._first(dropped, 1 << 62)[1])
        return dropped

    def oldest(self, limit: int, max_bytes: int) -> Tuple[List[str], list]:
        """Up to limit events (and about max_bytes), and what remove() needs to delete just those."""
        return self._first(limit, max_bytes)

    def remove(self, taken: list) -> None:
        if len(taken) == 1:
            self._take(taken)
            return
        with self._db:
            self._db.execute("BEGIN IMMEDIATE")
            self._take(taken)

    def _first(self, limit: int, max_bytes: int) -> Tuple[List[str], list]:
        events: List[str] = []
        taken = []  # (seq, events taken, how many of the chunk are sent with them, the whole chunk?)
        size = 0
        for seq, skip in self._db.execute("SELECT seq, skip FROM chunks ORDER BY seq").fetchall():
            if self._cached[0] != seq:
                row = self._db.execute("SELECT lines FROM chunks WHERE seq = ?", (seq,)).fetchone()
                self._cached = (seq, row[0].split("\n") if row else [])
            chunk = self._cached[1]
            part = chunk[skip:skip + limit - len(events)]
            # As many as fit in max_bytes, counted in C (bisect over running sums), at least one.
            n = max(1 if not events else 0, bisect.bisect_right(list(itertools.accumulate(map(len, part))), max_bytes - size))
            n = min(n, len(part))
            events += part[:n]
            size += sum(map(len, part[:n]))
            if n:
                taken.append((seq, n, skip + n, skip + n == len(chunk)))
            if skip + n < len(chunk) or len(events) >= limit:
                break
        return events, taken

    def _take(self, taken: list) -> None:
        for seq, n, sent, whole in taken:
            if whole:
                changed = self._db.execute("DELETE FROM chunks WHERE seq = ?", (seq,)).rowcount
            else:  # only from where the batch began: the same batch removed twice changes nothing
                changed = self._db.execute("UPDATE chunks SET skip = ? WHERE seq = ? AND skip = ?",
                                           (sent, seq, sent - n)).rowcount
            self.count -= n if changed else 0

    def clear(self) -> None:
        self._db.execute("DELETE FROM chunks")
        self.count = 0
        self._cached = (-1, [])

    def close(self) -> None:
        self._db.close()


class Client:
    """Sends events to a Telemetry Desk collector without ever blocking the caller.

    ``url`` is the collector (``http://127.0.0.1:8088``) or its ingest URL (``…/t``); ``key`` a
    public key (``tdp_…``) or None for the default project. Use it as a context manager, or call
    ``close()``; at interpreter exit it flushes for at most ``shutdown_timeout`` seconds, and what
    is left is sent by the next client on the same queue.
    """

    def __init__(
        self,
        url: str,
        key: Optional[str] = None,
        *,
        app_version: Optional[str] = None,
        host_version: Optional[str] = None,
        user_id: Optional[str] = None,
        queue_path: Optional[str] = None,
        batch_size: int = 200,
        flush_interval: float = 1.0,
        max_queue: int = 100_000,
        max_backoff: float = 60.0,
        timeout: float = 10.0,
        shutdown_timeout: float = 3.0,
        enabled: bool = True,
    ) -> None:
        parsed = urllib.parse.urlsplit(url)
        if parsed.scheme not in ("http", "https") or not parsed.hostname:
            raise ValueError(f"url must be http(s)://host[:port][/t], got {url!r}")
        if not 1 <= batch_size <= 1000:
            raise ValueError("batch_size must be 1..1000 (the collector's batch limit)")
        if max_queue < 1 or flush_interval <= 0 or max_backoff <= 0 or timeout <= 0:
            raise ValueError("max_queue, flush_interval, max_backoff and timeout must be positive")
        self._scheme = parsed.scheme
        self._host = parsed.hostname
        self._port = parsed.port
        path = parsed.path.rstrip("/")
        self._path = (path if path.endswith("/t") else path + "/t") + (f"?{parsed.query}" if parsed.query else "")
        self._key = key
        self._batch_size = batch_size
        self._flush_interval = flush_interval
        self._max_queue = max_queue
        self._max_backoff = max_backoff
        self._timeout = timeout
        self._shutdown_timeout = shutdown_timeout
        self._queue_path = queue_path or _default_queue_path("default")
        self._user_id = user_id
        self._envelope = {
            "os": f"{platform.system()} {platform.release()}".strip()[:64],
            "ext": app_version[:64] if app_version else None,
            "vscode": (host_version or f"Python {platform.python_version()}")[:64],
        }
        self.session_id = uuid7()

        self._buffer: Deque[str] = collections.deque(maxlen=max_queue)  # events as JSON
        # Wakes the worker. A bare lock, held while nobody has woken it: release() neither blocks
        # nor lets go of the GIL, so track() never waits (an Event's internal lock could make it
        # wait for the worker, and the GIL for a whole switch interval, 5 ms, after that).
        self._wake = threading.Lock()
        self._wake.acquire()
        self._state = threading.Condition()  # guards the counters below and wakes flush() waiters
        self._enabled = enabled
        self._closing = False
        self._closed = False
        self._flush_waiters = 0
        self._disk_lock = threading.Lock()  # the worker's disk queue, also cleared by an opt-out
        self._queue: Optional[_DiskQueue] = None
        self._disk_count = 0
        self._moving = 0  # taken from the buffer, not yet counted on disk (flush() must not miss them)
        self._ready = threading.Event()
        self._error: Optional[BaseException] = None
        self._counts = dict(sent=0, accepted=0, duplicates=0, skipped=0, dropped=0, overflow=0, retries=0)
        self._overflow_in_track = 0

        # The socket module encodes host names with the idna codec, imported on first use: a
        # millisecond of holding the GIL in the worker, while the caller's track() waits for it.
        self._host.encode("idna")
        self._thread = threading.Thread(target=self._run, name="telemetrydesk", daemon=True)
        self._thread.start()
        self._ready.wait()
        if self._error is not None:
            raise self._error
        # A weak reference: a client the app dropped is not kept alive for its exit.
        self._atexit = functools.partial(_close_at_exit, weakref.ref(self))
        atexit.register(self._atexit)

    # -- the caller's side: nothing here waits for the disk or the network -------------------

    def track(self, event: str, props: Optional[Mapping[str, Any]] = None) -> Optional[str]:
        """Queues one event and returns its id (None when disabled or closed)."""
        if not isinstance(event, str) or not _EVENT_NAME.fullmatch(event):
            raise ValueError(f"event name must be 1..200 of A-Z a-z 0-9 . _ : - / $ and space, got {event!r}")
        if props is not None and not isinstance(props, Mapping):
            raise TypeError(f"props must be a mapping, got {type(props).__name__}")
        if not self._enabled or self._closing:
            return None
        event_id = uuid7()
        item = {"id": event_id, "evt": event, "t": time.time_ns() // 1_000_000, "sessionId": self.session_id}
        if props:
            item["m"] = props
        try:  # now, so that the caller may change props afterwards, and hears of a mistake at once
            body = _dumps(item)
        except (TypeError, ValueError) as e:
            raise TypeError(f"props must be JSON-serialisable: {e}") from None
        if len(body) > _MAX_PROPS_BYTES and len(_dumps(props).encode()) > _MAX_PROPS_BYTES:
            raise ValueError("props must be at most 32 KiB as JSON")
        if len(self._buffer) == self._max_queue:
            self._overflow_in_track += 1  # the deque drops its oldest on append
        self._buffer.append(body)
        self._wake_worker()
        return event_id

    @property
    def enabled(self) -> bool:
        return self._enabled

    @enabled.setter
    def enabled(self, value: bool) -> None:
        """Opting out stops tracking and deletes every event still queued, on disk too, before it
        returns (a batch already on its way is not called back)."""
        self._enabled = bool(value)
        if not value:
            with self._disk_lock:
                self._buffer.clear()
                if self._queue is not None:
                    self._queue.clear()
                    self._publish(self._queue)

    def flush(self, timeout: Optional[float] = None) -> bool:
        """Sends everything queued now; True when the queue is empty before the timeout."""
        deadline = None if timeout is None else time.monotonic() + timeout
        with self._state:
            self._flush_waiters += 1
            try:
                self._wake_worker()
                while self._pending_locked() and self._thread.is_alive():
                    left = None if deadline is None else deadline - time.monotonic()
                    if left is not None and left <= 0:
                        return False
                    self._state.wait(left)
                return not self._pending_locked()
            finally:
                self._flush_waiters -= 1

    def close(self, timeout: Optional[float] = None) -> bool:
        """Flushes for at most ``timeout`` seconds (default shutdown_timeout) and stops the thread.

        Events not sent by then stay on disk for the next client. True when nothing was left."""
        if self._closed:
            return True
        atexit.unregister(self._atexit)
        self._closing = True
        empty = self.flush(self._shutdown_timeout if timeout is None else timeout)
        with self._state:
            self._closed = True
        self._wake_worker()
        self._thread.join()
        return empty

    def stats(self) -> Stats:
        with self._state:
            c = self._counts
            return Stats(queued=len(self._buffer) + self._moving + self._disk_count,
                         buffered=len(self._buffer) + self._moving,
                         overflow=c["overflow"] + self._overflow_in_track,
                         **{k: v for k, v in c.items() if k != "overflow"})

    def __enter__(self) -> "Client":
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def _pending_locked(self) -> bool:
        return bool(self._buffer) or self._moving > 0 or self._disk_count > 0

    def _wake_worker(self) -> None:
        if self._wake.locked():
            try:
                self._wake.release()
            except RuntimeError:  # another thread woke it in between
                pass

    # -- the worker thread -----------------------------------------------------------------

    def _run(self) -> None:
        try:
            queue = self._queue = _DiskQueue(self._queue_path)
            self._envelope["anon"] = self._user_id or queue.meta("anon", os.urandom(16).hex())
        except BaseException as e:  # the constructor raises it on the caller's thread
            self._error = e
            self._ready.set()
            return
        self._disk_count = queue.count
        self._ready.set()
        connection: Optional[http.client.HTTPConnection] = None
        failures = 0
        retry_at = 0.0
        batch_limit = self._batch_size
        next_send = time.monotonic() + self._flush_interval
        try:
            while True:
                try:
                    self._store(queue)
                except sqlite3.Error as e:  # a full or broken disk: keep what is in memory, try again
                    log.warning("telemetrydesk: cannot write the queue: %s", e)
                    self._wake.acquire(timeout=1.0)
                    continue
                now = time.monotonic()
                with self._state:
                    closed = self._closed
                    urgent = self._flush_waiters > 0 or self._closing
                if closed:
                    break
                due = queue.count >= batch_limit or urgent or now >= next_send
                if queue.count and due and now >= retry_at:
                    with self._disk_lock:
                        rows, taken = queue.oldest(batch_limit, _MAX_BATCH_BYTES)
                    if not rows:
                        continue
                    connection, outcome, wait = self._send(connection, rows)
                    if outcome == "done":
                        try:
                            with self._disk_lock:
                                queue.remove(taken)
                        except sqlite3.Error as e:  # sent again later: a duplicate, stored once
                            log.warning("telemetrydesk: cannot update the queue: %s", e)
                        failures = 0
                    elif outcome == "split":
                        batch_limit = max(1, len(rows) // 2)
                        log.info("telemetrydesk: batch too large for the collector, sending %d at a time", batch_limit)
                    else:  # retry later
                        failures += 1
                        with self._state:
                            self._counts["retries"] += 1
                        backoff = min(self._max_backoff, 0.25 * 2 ** min(failures, 16))
                        retry_at = time.monotonic() + max(wait, backoff / 2 + random.uniform(0, backoff / 2))
                    next_send = time.monotonic() + self._flush_interval
                    self._publish(queue)
                    continue
                self._publish(queue)
                timeout = max(0.0, (retry_at if queue.count and now < retry_at else next_send) - now)
                if not queue.count:
                    timeout = self._flush_interval
                self._wake.acquire(timeout=timeout)
                with self._state:
                    urgent = self._flush_waiters > 0 or self._closing
                if not urgent:
                    # Woken by track(): let more arrive first. Each time this thread runs it needs
                    # the GIL, and the caller may wait for it; fewer, larger turns mean fewer waits.
                    time.sleep(_STORE_PAUSE)
        finally:
            self._store(queue)
            self._publish(queue)
            if connection is not None:
                connection.close()
            with self._disk_lock:
                self._queue = None
                queue.close()
            with self._state:
                self._state.notify_all()

    def _store(self, queue: _DiskQueue) -> None:
        """Moves tracked events from memory to the disk queue. Little Python code runs here per
        event: the caller's thread waits for the GIL while it does."""
        while self._buffer:
            with self._disk_lock:
                self._store_some(queue, 1000)

    def _store_some(self, queue: _DiskQueue, limit: int) -> None:
        with self._state:
            bodies = [self._buffer.popleft() for _ in range(min(limit, len(self._buffer)))]
            self._moving = len(bodies)
        if not bodies:
            return
        dropped = queue.append(bodies, self._max_queue)
        with self._state:
            self._counts["overflow"] += dropped
            self._moving = 0
            self._disk_count = queue.count

    def _publish(self, queue: _DiskQueue) -> None:
        with self._state:
            self._disk_count = queue.count
            self._state.notify_all()

    def _body(self, rows: List[str]) -> bytes:
        envelope = "".join(f'"{k}":{json.dumps(v)},' for k, v in self._envelope.items() if v is not None)
        return ('{"schema":"jwc.v1",' + envelope + '"batch":[' + ",".join(rows) + "]}").encode()

    def _send(self, connection, rows):
        """Posts one batch. Returns (connection, "done" | "split" | "retry", seconds to wait at least)."""
        body = self._body(rows)
        headers = {"Content-Type": "application/json", "User-Agent": f"telemetrydesk-python/{_SDK_VERSION}"}
        if self._key:
            headers["Authorization"] = f"Bearer {self._key}"
        try:
            if connection is None:
                cls = http.client.HTTPSConnection if self._scheme == "https" else http.client.HTTPConnection
                connection = cls(self._host, self._port, timeout=self._timeout)
            connection.request("POST", self._path, body, headers)
            response = connection.getresponse()
            answer = response.read()
            status = response.status
            retry_after = _retry_after_seconds(response.getheader("Retry-After"))
            if response.getheader("Connection", "").lower() == "close":
                connection.close()
                connection = None
        except (OSError, http.client.HTTPException, ValueError) as e:
            log.debug("telemetrydesk: send failed: %s", e)
            if connection is not None:
                connection.close()
            return None, "retry", 0.0
        if status == 200:
            try:
                result = json.loads(answer)
            except ValueError:
                result = {}
            with self._state:
                self._counts["sent"] += len(rows)
                self._counts["accepted"] += int(result.get("accepted", 0))
                self._counts["duplicates"] += int(result.get("duplicates", 0))
                self._counts["skipped"] += int(result.get("skipped", 0))
            for error in result.get("errors", []):
                log.warning("telemetrydesk: collector skipped an event: %s", error.get("reason"))
            return connection, "done", 0.0
        if status == 413 and len(rows) > 1:
            return connection, "split", 0.0
        if status in (408, 425, 429) or status >= 500:
            return connection, "retry", retry_after
        # 400, 401, 403, a single event over the body limit, anything else: sending again cannot help.
        log.warning("telemetrydesk: collector refused %d event(s) with %d: %s", len(rows), status,
                    answer[:200].decode(errors="replace"))
        with self._state:
            self._counts["dropped"] += len(rows)
        return connection, "done", 0.0
