// Unit tests of what the conformance suite does not reach: ids, bad input, options, browser storage.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';

import { Client, LocalStorageStore, retryAfterMs, uuid7 } from '../index.js';

const dir = mkdtempSync(join(tmpdir(), 'telemetrydesk-js-'));
after(() => rmSync(dir, { recursive: true, force: true }));
// Port 9 on loopback: nothing listens there, and nothing here waits for it.
const client = (name, options = {}) => new Client({ url: 'http://127.0.0.1:9', queue: join(dir, name), ...options });

test('ids are UUIDv7 in time order', () => {
  const before = Date.now();
  const ids = new Set();
  for (let i = 0; i < 1000; i++) {
    const id = uuid7();
    assert.match(id, /^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    const ms = parseInt(id.replace(/-/g, '').slice(0, 12), 16);
    assert.ok(ms >= before && ms <= Date.now());
    ids.add(id);
  }
  assert.equal(ids.size, 1000);
});

test('bad input is refused at once and queues nothing', async () => {
  const c = client('bad');
  await c.ready;
  for (const name of ['', 'x'.repeat(201), 'bad\nname', 'ümlaut', 'a"b', undefined, 42]) {
    assert.throws(() => c.track(name), RangeError, String(name));
  }
  assert.throws(() => c.track('ok', ['not', 'an', 'object']), TypeError);
  assert.throws(() => c.track('ok', 'text'), TypeError);
  assert.throws(() => c.track('ok', { big: 'x'.repeat(33 * 1024) }), RangeError);
  const cyclic = {};
  cyclic.self = cyclic;
  assert.throws(() => c.track('ok', cyclic), TypeError);
  assert.equal(c.stats().queued, 0);
  await c.close(0);
});

test('props are taken when tracked', async () => {
  const c = client('props');
  const props = { n: 1 };
  c.track('ok', props);
  props.n = 2;
  await c.flush(50);
  const { FileStore } = await import('../index.js');
  const chunks = await new FileStore(join(dir, 'props')).load();
  assert.match(chunks[0].lines[0], /"m":\{"n":1\}/);
  await c.close(0);
});

test('Retry-After in seconds or as a date, at most an hour', () => {
  const now = Date.parse('Wed, 02 Dec 2026 20:00:00 GMT');
  assert.equal(retryAfterMs('7', now), 7000);
  assert.equal(retryAfterMs(' 2 ', now), 2000);
  assert.equal(retryAfterMs('99999999999', now), 3600 * 1000);
  assert.equal(retryAfterMs('Wed, 02 Dec 2026 20:00:30 GMT', now), 30000);
  assert.equal(retryAfterMs('soon', now), 0);
  assert.equal(retryAfterMs(undefined, now), 0);
});

test('bad options are refused', () => {
  for (const options of [{ url: 'ftp://h' }, { url: 'not a url' }, { url: 'http://h', batchSize: 0 },
    { url: 'http://h', batchSize: 1001 }, { url: 'http://h', maxQueue: 0 }]) {
    assert.throws(() => new Client(options), /url|batchSize|maxQueue/, JSON.stringify(options));
  }
});

test('opt-out deletes the queue in storage, and the user id stays across restarts', async () => {
  const first = client('optout');
  for (let i = 0; i < 50; i++) first.track('ok');
  await first.flush(50); // nothing listens: the events wait in storage
  assert.equal(first.stats().queued, 50);
  await first.setEnabled(false);
  assert.equal(first.track('ok'), undefined);
  assert.equal(first.stats().queued, 0);
  await first.close(0);
  const again = client('optout');
  await again.ready;
  assert.equal(again.stats().queued, 0);
  assert.notEqual(again.sessionId, first.sessionId);
  await again.close(0);
});

test('a browser queue in localStorage survives a reload', async () => {
  const items = new Map();
  const storage = {
    get length() { return items.size; },
    key: (i) => [...items.keys()][i] ?? null,
    getItem: (k) => items.get(k) ?? null,
    setItem: (k, v) => items.set(k, String(v)),
    removeItem: (k) => items.delete(k),
  };
  const first = new Client({ url: 'http://127.0.0.1:9', queue: new LocalStorageStore('td:', storage) });
  first.track('a');
  first.track('b');
  await first.close(50);
  const again = new Client({ url: 'http://127.0.0.1:9', queue: new LocalStorageStore('td:', storage) });
  await again.ready;
  assert.equal(again.stats().queued, 2);
  await again.close(0);
});
