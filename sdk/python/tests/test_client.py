"""Unit tests of what the conformance suite does not reach: ids, bad input, Retry-After, options."""

import email.utils
import os
import tempfile
import time
import unittest

from telemetrydesk import Client, uuid7
from telemetrydesk.client import _retry_after_seconds


class ClientTest(unittest.TestCase):
    def setUp(self):
        self.dir = tempfile.TemporaryDirectory()
        # Port 9 on loopback: nothing listens there, and nothing here waits for it.
        self.client = Client("http://127.0.0.1:9", queue_path=os.path.join(self.dir.name, "q"))

    def tearDown(self):
        self.client.close(0)
        self.dir.cleanup()

    def test_ids_are_uuidv7_in_time_order(self):
        before = time.time_ns() // 1_000_000
        ids = [uuid7() for _ in range(1000)]
        self.assertEqual(len(set(ids)), 1000)
        for value in ids:
            self.assertRegex(value, r"^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$")
            ms = int(value.replace("-", "")[:12], 16)
            self.assertGreaterEqual(ms, before)
            self.assertLessEqual(ms, time.time_ns() // 1_000_000)

    def test_bad_input_is_refused_at_once_and_queues_nothing(self):
        for name in ["", "x" * 201, "bad\nname", "ümlaut", None, 42]:
            with self.assertRaises(ValueError, msg=repr(name)):
                self.client.track(name)
        with self.assertRaises(TypeError):
            self.client.track("ok", ["not", "a", "mapping"])
        with self.assertRaises(TypeError):
            self.client.track("ok", {"x": object()})
        with self.assertRaises(TypeError):
            self.client.track("ok", {"x": float("nan")})
        with self.assertRaises(ValueError):
            self.client.track("ok", {"big": "x" * (33 * 1024)})
        self.assertEqual(self.client.stats().queued, 0)

    def test_props_are_taken_when_tracked(self):
        props = {"n": 1}
        self.assertIsNotNone(self.client.track("ok", props))
        props["n"] = 2  # a later change must not reach the queued event
        self.assertIn('"m":{"n":1}', self.client._buffer[-1] if self.client._buffer else self._on_disk())

    def _on_disk(self):
        self.client.flush(0.2)
        with self.client._disk_lock:
            return "\n".join(self.client._queue.oldest(10, 1 << 20)[0])

    def test_bad_options_are_refused(self):
        for kwargs in [dict(url="ftp://x"), dict(url="http://"), dict(url="http://h", batch_size=0),
                       dict(url="http://h", batch_size=1001), dict(url="http://h", max_queue=0)]:
            with self.assertRaises(ValueError, msg=repr(kwargs)):
                Client(queue_path=os.path.join(self.dir.name, "other"), **kwargs)

    def test_disabled_client_tracks_nothing(self):
        self.client.enabled = False
        self.assertIsNone(self.client.track("ok"))
        self.assertEqual(self.client.stats().queued, 0)

    def test_retry_after_in_seconds_or_as_a_date(self):
        self.assertEqual(_retry_after_seconds("7"), 7)
        self.assertEqual(_retry_after_seconds("99999999999"), 3600)  # at most an hour
        self.assertEqual(_retry_after_seconds("Mon, 99 Foo 2026 99:99:99 GMT"), 0)
        self.assertEqual(_retry_after_seconds(None), 0)
        self.assertEqual(_retry_after_seconds("soon"), 0)
        later = email.utils.formatdate(time.time() + 30, usegmt=True)
        self.assertAlmostEqual(_retry_after_seconds(later), 30, delta=2)

    def test_same_user_across_restarts_of_one_queue(self):
        path = os.path.join(self.dir.name, "again")
        first = Client("http://127.0.0.1:9", queue_path=path)
        anon = first._envelope["anon"]
        first.close(0)
        second = Client("http://127.0.0.1:9", queue_path=path)
        self.assertEqual(second._envelope["anon"], anon)
        self.assertNotEqual(second.session_id, first.session_id)
        second.close(0)

    def test_unwritable_queue_fails_in_the_constructor(self):
        with self.assertRaises(OSError):
            Client("http://127.0.0.1:9", queue_path="/proc/telemetrydesk/q")


if __name__ == "__main__":
    unittest.main()
