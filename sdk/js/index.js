// Telemetry Desk client for Node (18+), VS Code extensions and browsers. No dependencies.
//
// track() validates, stamps the event with a UUIDv7 and returns; the rest happens later on the
// event loop: events go to a queue that outlives the process (files in Node, localStorage in a
// browser), are sent in batches to the collector's POST /t, and leave the queue only once the
// collector has answered for them. A batch sent again after a lost answer is stored once: the
// collector counts it as a duplicate by its ids.

const VERSION = '0.1.0';
const EVENT_NAME = /^[A-Za-z0-9._:\-/$ ]{1,200}$/;
const MAX_PROPS_BYTES = 32 * 1024;
const MAX_BATCH_BYTES = 512 * 1024; // half the collector's default body limit
const CHUNK_EVENTS = 1000;
// Tracked events wait for the queue as UTF-8 JSON lines in byte slabs outside the JS heap: a
// slab holds a chunk (CHUNK_EVENTS events or SLAB_BYTES), and is written to storage as it is.
// Kept as strings, 200,000 events of a burst cost 270 MB of heap and made every young-generation
// collection copy them (a 5 ms pause inside a track() call was seen).
const SLAB_BYTES = 128 * 1024;
const NEWLINE = 10;
// Slabs kept for reuse once written out (1 MiB): a new one each time would make the runtime
// collect for the outside memory it takes.
const POOL_SLABS = 8;

// Writes a non-negative integer's decimal digits into bytes at `at`; returns where it ends.
function digits(bytes, at, value) {
  let end = at;
  for (let v = value; v >= 10; v = Math.floor(v / 10)) end++;
  for (let i = end, v = value; i >= at; i--, v = Math.floor(v / 10)) bytes[i] = 48 + (v % 10);
  return end + 1;
}

// Writes a string of ASCII characters into bytes at `at`; returns where it ends.
function ascii(bytes, at, text) {
  for (let i = 0; i < text.length; i++) bytes[at++] = text.charCodeAt(i);
  return at;
}

// Writes a string as UTF-8 into bytes at `at` (room for 3 bytes a character); returns where it ends.
function utf8(bytes, at, text) {
  for (let i = 0; i < text.length; i++) {
    let c = text.charCodeAt(i);
    if (c < 0x80) {
      bytes[at++] = c;
    } else if (c < 0x800) {
      bytes[at++] = 0xc0 | (c >> 6);
      bytes[at++] = 0x80 | (c & 0x3f);
    } else {
      if (c >= 0xd800 && c <= 0xdbff && i + 1 < text.length) {
        const low = text.charCodeAt(i + 1);
        if (low >= 0xdc00 && low <= 0xdfff) {
          c = 0x10000 + ((c - 0xd800) << 10) + (low - 0xdc00);
          i++;
          bytes[at++] = 0xf0 | (c >> 18);
          bytes[at++] = 0x80 | ((c >> 12) & 0x3f);
          bytes[at++] = 0x80 | ((c >> 6) & 0x3f);
          bytes[at++] = 0x80 | (c & 0x3f);
          continue;
        }
      }
      if (c >= 0xd800 && c <= 0xdfff) c = 0xfffd; // a lone surrogate (JSON.stringify escapes them)
      bytes[at++] = 0xe0 | (c >> 12);
      bytes[at++] = 0x80 | ((c >> 6) & 0x3f);
      bytes[at++] = 0x80 | (c & 0x3f);
    }
  }
  return at;
}
const isNode = typeof process !== 'undefined' && !!process.versions?.node;
// Node 18 has Web Crypto as a global only behind a flag; its module has it always.
const webcrypto = globalThis.crypto ?? (isNode ? (await import('node:crypto')).webcrypto : undefined);

/** A UUIDv7 (RFC 9562): 48 bits of Unix milliseconds, then 74 random bits. */
// Random bytes are drawn 4 KiB at a time; the id is written as bytes, so that track() makes
// almost no garbage and the garbage collector rarely pauses inside it.
const pool = new Uint8Array(4096);
let poolAt = pool.length;

// Writes a new UUIDv7's 36 characters into bytes at `at` (no garbage); returns where it ends.
function uuid7Into(bytes, at) {
  if (poolAt + 10 > pool.length) {
    webcrypto.getRandomValues(pool);
    poolAt = 0;
  }
  const r = poolAt;
  poolAt += 10;
  const ms = Date.now();
  const high = Math.floor(ms / 2 ** 16) >>> 0; // the top 32 of 48 bits
  const low = ms % 2 ** 16;
  for (let shift = 28; shift >= 0; shift -= 4) bytes[at++] = HEX_DIGITS[(high >>> shift) & 15];
  bytes[at++] = 45; // -
  for (let shift = 12; shift >= 0; shift -= 4) bytes[at++] = HEX_DIGITS[(low >>> shift) & 15];
  bytes[at++] = 45;
  at = hexByte(bytes, at, 0x70 | (pool[r] & 0x0f));
  at = hexByte(bytes, at, pool[r + 1]);
  bytes[at++] = 45;
  at = hexByte(bytes, at, 0x80 | (pool[r + 2] & 0x3f));
  at = hexByte(bytes, at, pool[r + 3]);
  bytes[at++] = 45;
  for (let i = 4; i < 10; i++) at = hexByte(bytes, at, pool[r + i]);
  return at;
}

const HEX_DIGITS = Uint8Array.from('0123456789abcdef', (c) => c.charCodeAt(0));
function hexByte(bytes, at, value) {
  bytes[at++] = HEX_DIGITS[value >> 4];
  bytes[at++] = HEX_DIGITS[value & 15];
  return at;
}

const idBytes = new Uint8Array(36);
const latin1 = isNode ? null : new TextDecoder('latin1');

export function uuid7() {
  uuid7Into(idBytes, 0);
  // One string, made straight from the bytes.
  return latin1 ? latin1.decode(idBytes) : Buffer.prototype.latin1Slice.call(idBytes, 0, 36);
}

const MAX_RETRY_AFTER_MS = 3600 * 1000; // a longer Retry-After is taken as an hour

/** The wait a Retry-After value asks for (seconds or an HTTP date), at most an hour. */
export function retryAfterMs(value, now = Date.now()) {
  if (!value) return 0;
  if (/^\d+$/.test(value.trim())) return Math.min(Number(value.trim()) * 1000, MAX_RETRY_AFTER_MS);
  const when = Date.parse(value);
  return Number.isNaN(when) ? 0 : Math.min(Math.max(0, when - now), MAX_RETRY_AFTER_MS);
}

// The queue: chunks of events (JSON strings), oldest first. Only their sizes stay in memory, and
// the chunk being sent: memory is bounded by what waits in the buffer. Every change is written
// before it counts, one at a time (the client runs one operation after another).
class ChunkQueue {
  constructor(store) {
    this.store = store;
    this.chunks = []; // { seq, n }
    this.count = 0;
    this.cached = null; // { seq, lines }
  }

  async load() {
    this.chunks = (await this.store.load()).map(({ seq, lines }) => ({ seq, n: lines.length }));
    this.count = this.chunks.reduce((n, c) => n + c.n, 0);
  }

  async meta(key, fallback) {
    return this.store.meta(key, fallback);
  }

  async lines(chunk) {
    if (this.cached?.seq !== chunk.seq) this.cached = { seq: chunk.seq, lines: await this.store.read(chunk.seq) };
    return this.cached.lines;
  }

  /** Adds a chunk of n events (JSON lines, as a string or UTF-8 bytes); drops the oldest beyond
   * cap and returns how many. */
  async append(data, n, cap) {
    const seq = (this.chunks.at(-1)?.seq ?? 0) + 1;
    await this.store.write(seq, data);
    this.chunks.push({ seq, n });
    this.count += n;
    const dropped = Math.max(0, this.count - cap);
    if (dropped) await this.remove((await this.oldest(dropped, Infinity)).taken);
    return dropped;
  }

  async oldest(limit, maxBytes) {
    const events = [];
    const taken = [];
    let size = 0;
    for (const chunk of this.chunks) {
      const lines = await this.lines(chunk);
      let n = 0;
      while (n < lines.length && events.length < limit && (!events.length || size + lines[n].length < maxBytes)) {
        size += lines[n].length + 1;
        events.push(lines[n++]);
      }
      if (n) taken.push({ chunk, n, rest: lines.slice(n) });
      if (n < lines.length || events.length >= limit) break;
    }
    return { events, taken };
  }

  async remove(taken) {
    for (const { chunk, n, rest } of taken) {
      if (!this.chunks.includes(chunk)) continue; // cleared meanwhile
      if (rest.length) await this.store.write(chunk.seq, rest.join('\n'));
      else await this.store.delete(chunk.seq);
      if (this.cached?.seq === chunk.seq) this.cached = rest.length ? { seq: chunk.seq, lines: rest } : null;
      if (rest.length) chunk.n = rest.length;
      else this.chunks.splice(this.chunks.indexOf(chunk), 1);
      this.count -= n;
    }
  }

  async clear() {
    const seqs = this.chunks.map((c) => c.seq);
    this.chunks = [];
    this.count = 0;
    this.cached = null;
    for (const seq of seqs) await this.store.delete(seq);
  }
}

// Node: one file per chunk in a directory, written to a temporary name and renamed, so that a
// crash leaves each chunk whole or absent.
class FileStore {
  constructor(dir) {
    this.dir = dir;
  }

  async init() {
    this.fs = await import('node:fs/promises');
    this.path = await import('node:path');
    await this.fs.mkdir(this.dir, { recursive: true });
  }

  file(seq) {
    return this.path.join(this.dir, `${String(seq).padStart(12, '0')}.jsonl`);
  }

  async load() {
    await this.init();
    const names = (await this.fs.readdir(this.dir)).filter((n) => /^\d{12}\.jsonl$/.test(n)).sort();
    const chunks = [];
    for (const name of names) {
      const text = await this.fs.readFile(this.path.join(this.dir, name), 'utf8');
      const lines = text.split('\n').filter(Boolean);
      if (lines.length) chunks.push({ seq: Number(name.slice(0, 12)), lines });
    }
    return chunks;
  }

  async read(seq) {
    return (await this.fs.readFile(this.file(seq), 'utf8')).split('\n').filter(Boolean);
  }

  async write(seq, data) {
    const tmp = `${this.file(seq)}.${process.pid}.tmp`;
    await this.fs.writeFile(tmp, data);
    await this.fs.rename(tmp, this.file(seq));
  }

  async delete(seq) {
    await this.fs.rm(this.file(seq), { force: true });
  }

  async meta(key, fallback) {
    const file = this.path.join(this.dir, `${key}.meta`);
    try {
      return await this.fs.readFile(file, 'utf8');
    } catch {
      await this.fs.writeFile(file, fallback);
      return fallback;
    }
  }
}

// Browsers: chunks in localStorage under one prefix.
class LocalStorageStore {
  constructor(prefix, storage = globalThis.localStorage) {
    this.prefix = prefix;
    this.storage = storage;
  }

  async load() {
    const chunks = [];
    for (let i = 0; i < this.storage.length; i++) {
      const key = this.storage.key(i);
      if (key?.startsWith(`${this.prefix}chunk:`)) {
        chunks.push({ seq: Number(key.slice(this.prefix.length + 6)), lines: this.storage.getItem(key).split('\n').filter(Boolean) });
      }
    }
    return chunks.sort((a, b) => a.seq - b.seq);
  }

  async read(seq) {
    return (this.storage.getItem(`${this.prefix}chunk:${seq}`) ?? '').split('\n').filter(Boolean);
  }

  async write(seq, data) {
    this.storage.setItem(`${this.prefix}chunk:${seq}`, typeof data === 'string' ? data : new TextDecoder().decode(data));
  }

  async delete(seq) {
    this.storage.removeItem(`${this.prefix}chunk:${seq}`);
  }

  async meta(key, fallback) {
    const value = this.storage.getItem(`${this.prefix}${key}`);
    if (value !== null) return value;
    this.storage.setItem(`${this.prefix}${key}`, fallback);
    return fallback;
  }
}

function defaultStore(queue) {
  if (queue && typeof queue === 'object') return queue;
  if (typeof queue === 'string') return isNode ? new FileStore(queue) : new LocalStorageStore(queue);
  if (isNode) {
    const home = process.env.XDG_DATA_HOME || `${process.env.HOME || process.env.USERPROFILE || '.'}/.local/share`;
    return new FileStore(`${home}/telemetrydesk-sdk/default`);
  }
  return new LocalStorageStore('telemetrydesk:');
}

function osName() {
  if (isNode) return `${process.platform} ${process.arch}`;
  return globalThis.navigator?.userAgentData?.platform || globalThis.navigator?.platform || 'web';
}

export class Client {
  #options;
  #endpoint;
  #slabs = []; // tracked, not yet in the queue: { bytes, start, used, n }, oldest first
  #buffered = 0; // events in #slabs
  #sessionBytes;
  #pool = [new Uint8Array(SLAB_BYTES), new Uint8Array(SLAB_BYTES)].map((bytes) => ({ bytes, start: 0, used: 0, n: 0 })); // slabs written out, for reuse
  #moving = 0;
  #queue;
  #ready;
  #envelope = '';
  #enabled;
  #closing = false;
  #pumping = false;
  #again = false;
  #scheduled = false;
  #timer = null;
  #failures = 0;
  #retryAt = 0;
  #nextSendAt = 0;
  #batchLimit;
  #flushWaiters = 0;
  #waiters = new Set();
  #inFlight = null;
  #counts = { sent: 0, accepted: 0, duplicates: 0, skipped: 0, dropped: 0, overflow: 0, retries: 0 };

  /**
   * @param {import('./index').ClientOptions} options
   */
  constructor(options) {
    const o = {
      key: '', batchSize: 200, flushIntervalMs: 1000, maxQueue: 100000, maxBackoffMs: 60000, timeoutMs: 10000,
      enabled: true, ...options,
    };
    let url;
    try {
      url = new URL(o.url);
    } catch {
      throw new TypeError(`url must be http(s)://host[:port][/t], got ${JSON.stringify(o.url)}`);
    }
    if (!/^https?:$/.test(url.protocol)) throw new TypeError(`url must be http(s)://host[:port][/t], got ${o.url}`);
    if (!(o.batchSize >= 1 && o.batchSize <= 1000)) throw new RangeError('batchSize must be 1..1000 (the collector\'s batch limit)');
    for (const name of ['flushIntervalMs', 'maxQueue', 'maxBackoffMs', 'timeoutMs']) {
      if (!(o[name] > 0)) throw new RangeError(`${name} must be positive`);
    }
    if (!url.pathname.replace(/\/+$/, '').endsWith('/t')) url.pathname = `${url.pathname.replace(/\/+$/, '')}/t`;
    this.#endpoint = url.toString();
    this.#options = o;
    this.#enabled = !!o.enabled;
    this.#batchLimit = o.batchSize;
    this.sessionId = uuid7();
    this.#sessionBytes = Uint8Array.from(`,"sessionId":"${this.sessionId}"`, (c) => c.charCodeAt(0));
    this.#nextSendAt = Date.now() + o.flushIntervalMs;
    this.#queue = new ChunkQueue(defaultStore(o.queue));
    this.#ready = this.#start();
    this.#ready.catch(() => {});
    if (isNode) {
      // Sends what is left when the app has nothing else to do (a flush with a deadline).
      this.#onBeforeExit = () => { if (this.#buffered || this.#queue.count) this.close(3000); };
      process.once('beforeExit', this.#onBeforeExit);
    } else if (typeof addEventListener === 'function') {
      addEventListener('pagehide', () => this.#beacon());
    }
  }

  #onBeforeExit = null;

  async #start() {
    await this.#queue.load();
    const anon = this.#options.userId || (await this.#queue.meta('anon', uuid7().replace(/-/g, '')));
    const common = { anon, os: (this.#options.os || osName()).slice(0, 64) };
    if (this.#options.appVersion) common.ext = String(this.#options.appVersion).slice(0, 64);
    common.vscode = String(this.#options.hostVersion || (isNode ? `Node ${process.versions.node}` : 'browser')).slice(0, 64);
    this.#envelope = JSON.stringify(common).slice(1, -1) + ',';
    // The runtime compiles hot code after a few thousand calls, and finishing a compilation pauses
    // the thread (1 to 3 ms were seen inside early track() calls on a busy machine): the line
    // writer runs that often here, into a scratch slab, before the app's calls reach it.
    const scratch = new Uint8Array(4096);
    for (let i = 0; i < 5000; i++) this.#encode(scratch, 0, 'warm.up', i % 2 ? null : `{"i":${i},"s":"é"}`);
    this.#schedule();
  }

  /** The client is ready (the queue loaded); rejects when the queue cannot be read. */
  get ready() {
    return this.#ready;
  }

  /**
   * Queues one event and returns its id (undefined when disabled or closed).
   * @throws {TypeError|RangeError} on a bad name or props, before anything is queued.
   */
  track(event, props) {
    if (typeof event !== 'string' || !EVENT_NAME.test(event)) {
      throw new RangeError(`event name must be 1..200 of A-Z a-z 0-9 . _ : - / $ and space, got ${JSON.stringify(event)}`);
    }
    if (props !== undefined && props !== null && (typeof props !== 'object' || Array.isArray(props))) {
      throw new TypeError('props must be a plain object');
    }
    if (!this.#enabled || this.#closing) return undefined;
    // The event as one JSON line, written now (later changes to props do not reach it) straight
    // into the slab: besides the id it returns and the props' JSON, track() makes no garbage, so the
    // runtime rarely collects inside it.
    const m = props ? JSON.stringify(props) : '{}';
    if (m.length > MAX_PROPS_BYTES) throw new RangeError('props must be at most 32 KiB as JSON');
    const hasProps = m !== '{}';
    const least = 140 + event.length + (hasProps ? 3 * m.length : 0);
    let slab = this.#slabs.at(-1);
    if (!slab || slab.n >= CHUNK_EVENTS || slab.bytes.length - slab.used < least) slab = this.#newSlab(least);
    const [id, at] = this.#encode(slab.bytes, slab.used, event, hasProps ? m : null);
    slab.used = at;
    slab.n++;
    if (++this.#buffered > this.#options.maxQueue) this.#dropOldest(); // the oldest go first
    this.#schedule();
    return id;
  }

  // Writes the event's JSON line into bytes at `at`: [its id, where the line ends].
  #encode(bytes, at0, event, m) {
    let at = ascii(bytes, at0, '{"id":"');
    const idAt = at;
    at = uuid7Into(bytes, at);
    const id = latin1 ? latin1.decode(bytes.subarray(idAt, at)) : Buffer.prototype.latin1Slice.call(bytes, idAt, at);
    at = ascii(bytes, at, '","evt":"');
    at = ascii(bytes, at, event);
    at = ascii(bytes, at, '","t":');
    at = digits(bytes, at, Date.now());
    bytes.set(this.#sessionBytes, at); // ,"sessionId":"…"
    at += this.#sessionBytes.length;
    if (m !== null) {
      at = ascii(bytes, at, ',"m":');
      const end = utf8(bytes, at, m);
      if (end - at > MAX_PROPS_BYTES) throw new RangeError('props must be at most 32 KiB as JSON');
      at = end;
    }
    bytes[at++] = 0x7d; // }
    bytes[at++] = NEWLINE;
    return [id, at];
  }

  #newSlab(least) {
    const pooled = least <= SLAB_BYTES ? this.#pool.pop() : undefined;
    const slab = pooled ? Object.assign(pooled, { start: 0, used: 0, n: 0 })
      : { bytes: new Uint8Array(Math.max(SLAB_BYTES, least)), start: 0, used: 0, n: 0 };
    this.#slabs.push(slab);
    return slab;
  }

  #dropOldest() {
    const slab = this.#slabs[0];
    slab.start = slab.bytes.indexOf(NEWLINE, slab.start) + 1;
    if (--slab.n === 0) {
      this.#slabs.shift();
      this.#recycle(slab); // the next slab: memory stays at the cap however long the burst
    }
    this.#buffered--;
    this.#counts.overflow++;
  }

  #recycle(slab) {
    if (slab.bytes.length === SLAB_BYTES && this.#pool.length < POOL_SLABS) this.#pool.push(slab);
  }

  /** The buffered events as JSON strings (for a beacon). */
  #bufferedLines() {
    const decoder = new TextDecoder();
    return this.#slabs.flatMap((slab) => decoder.decode(slab.bytes.subarray(slab.start, slab.used)).split('\n').filter(Boolean));
  }

  get enabled() {
    return this.#enabled;
  }

  /** Opting out stops tracking and deletes every queued event, in storage too. */
  async setEnabled(enabled) {
    this.#enabled = !!enabled;
    if (enabled) return;
    this.#slabs = [];
    this.#buffered = 0;
    await this.#ready;
    await this.#exclusive(() => this.#queue.clear());
    this.#notify();
  }

  /** Sends what is queued; resolves true when the queue is empty before the timeout. */
  async flush(timeoutMs = 10000) {
    const deadline = Date.now() + timeoutMs;
    this.#flushWaiters++;
    try {
      await this.#ready;
      this.#schedule(true);
      while (this.#pending()) {
        const left = deadline - Date.now();
        if (left <= 0) return false;
        await new Promise((resolve) => {
          const timer = setTimeout(resolve, left);
          this.#waiters.add(() => { clearTimeout(timer); resolve(); });
        });
      }
      return true;
    } finally {
      this.#flushWaiters--;
    }
  }

  /** Flushes for at most timeoutMs and stops; what is left is sent by the next client on the queue. */
  async close(timeoutMs = 3000) {
    if (this.#onBeforeExit) process.removeListener('beforeExit', this.#onBeforeExit);
    this.#closing = true;
    const empty = await this.flush(timeoutMs).catch(() => false);
    await this.#exclusive(() => this.#store());
    clearTimeout(this.#timer);
    this.#inFlight?.abort();
    return empty && !this.#pending();
  }

  stats() {
    return {
      ...this.#counts,
      queued: this.#buffered + this.#moving + this.#queue.count,
      buffered: this.#buffered + this.#moving,
    };
  }

  #pending() {
    return this.#buffered > 0 || this.#moving > 0 || this.#queue.count > 0;
  }

  #notify() {
    for (const wake of this.#waiters) wake();
    this.#waiters.clear();
  }

  // Runs queue operations one after another.
  #chain = Promise.resolve();
  #exclusive(operation) {
    const result = this.#chain.then(operation);
    this.#chain = result.catch(() => {});
    return result;
  }

  #schedule(now = false) {
    if (now) this.#nextSendAt = 0;
    if (this.#scheduled) return;
    this.#scheduled = true;
    queueMicrotask(() => {
      this.#scheduled = false;
      this.#pump();
    });
  }

  async #pump() {
    if (this.#pumping) {
      this.#again = true;
      return;
    }
    this.#pumping = true;
    try {
      await this.#ready;
      do {
        this.#again = false;
        await this.#exclusive(() => this.#store());
        this.#notify();
        await this.#maybeSend();
      } while (this.#again);
    } catch (error) {
      console.warn('telemetrydesk:', error?.message ?? error);
    } finally {
      this.#pumping = false;
      this.#arm();
      this.#notify();
    }
  }

  async #store() {
    while (this.#slabs.length) {
      // Taken out first: track() starts a new slab while this one is written.
      const slab = this.#slabs.shift();
      this.#buffered -= slab.n;
      this.#moving = slab.n; // on their way to storage: flush() must wait for them
      try {
        this.#counts.overflow += await this.#queue.append(slab.bytes.subarray(slab.start, slab.used), slab.n, this.#options.maxQueue);
      } catch (error) { // a full or broken disk: the events stay in memory, tried again later
        if (this.#enabled) {
          this.#slabs.unshift(slab);
          this.#buffered += slab.n;
        }
        throw error;
      } finally {
        this.#moving = 0;
      }
      this.#recycle(slab);
    }
  }

  #due(now) {
    return this.#queue.count >= this.#batchLimit || this.#flushWaiters > 0 || this.#closing || now >= this.#nextSendAt;
  }

  async #maybeSend() {
    while (this.#queue.count && Date.now() >= this.#retryAt && this.#due(Date.now())) {
      const { events, taken } = await this.#exclusive(() => this.#queue.oldest(this.#batchLimit, MAX_BATCH_BYTES));
      const outcome = await this.#send(events);
      this.#nextSendAt = Date.now() + this.#options.flushIntervalMs;
      if (outcome.done) await this.#exclusive(() => this.#queue.remove(taken));
      this.#notify();
      if (outcome.retry) break;
    }
  }

  // Wakes the pump for the next send or retry.
  #arm() {
    clearTimeout(this.#timer);
    if (!this.#queue.count || this.#closing && !this.#flushWaiters) return;
    const at = Math.max(this.#retryAt, this.#due(Date.now()) ? 0 : this.#nextSendAt);
    this.#timer = setTimeout(() => this.#pump(), Math.max(0, at - Date.now()));
    this.#timer.unref?.(); // never keeps a Node process alive
  }

  async #send(events) {
    const body = `{"schema":"jwc.v1",${this.#envelope}"batch":[${events.join(',')}]}`;
    const headers = { 'Content-Type': 'application/json' };
    if (this.#options.key) headers.Authorization = `Bearer ${this.#options.key}`;
    let response;
    let answer = '';
    this.#inFlight = new AbortController();
    const timer = setTimeout(() => this.#inFlight?.abort(), this.#options.timeoutMs);
    try {
      // keepalive lets a browser finish the request after the page is gone, for bodies up to 64 KiB.
      const keepalive = !isNode && body.length < 60 * 1024;
      response = await fetch(this.#endpoint, { method: 'POST', headers, body, signal: this.#inFlight.signal, keepalive });
      answer = await response.text();
    } catch {
      response = null;
    } finally {
      clearTimeout(timer);
      this.#inFlight = null;
    }
    const status = response?.status ?? 0;
    if (status === 200) {
      let result = {};
      try {
        result = JSON.parse(answer);
      } catch {}
      this.#failures = 0;
      this.#counts.sent += events.length;
      this.#counts.accepted += result.accepted ?? 0;
      this.#counts.duplicates += result.duplicates ?? 0;
      this.#counts.skipped += result.skipped ?? 0;
      for (const error of result.errors ?? []) console.warn(`telemetrydesk: the collector skipped an event: ${error.reason}`);
      return { done: true };
    }
    if (status === 413 && events.length > 1) {
      this.#batchLimit = Math.max(1, Math.floor(events.length / 2));
      return { done: false };
    }
    if (status === 0 || status === 408 || status === 425 || status === 429 || status >= 500) {
      this.#failures++;
      this.#counts.retries++;
      const backoff = Math.min(this.#options.maxBackoffMs, 250 * 2 ** Math.min(this.#failures, 16));
      const wait = Math.max(retryAfterMs(response?.headers.get('retry-after')), backoff / 2 + Math.random() * (backoff / 2));
      this.#retryAt = Date.now() + wait;
      return { done: false, retry: true };
    }
    // 400, 401, 403, one event over the body limit: sending again cannot help.
    this.#failures = 0;
    this.#counts.dropped += events.length;
    console.warn(`telemetrydesk: the collector refused ${events.length} event(s) with ${status}: ${answer.slice(0, 200)}`);
    return { done: true };
  }

  // A page going away: hand what is queued to the browser, which sends it after the page is gone.
  // The events stay queued; if they arrived, the next page's client sends them again as duplicates.
  async #beacon() {
    if (!globalThis.navigator?.sendBeacon) return;
    const stored = (await this.#exclusive(() => this.#queue.oldest(this.#batchLimit, 60 * 1024))).events;
    const events = [...stored, ...this.#bufferedLines()].slice(0, this.#batchLimit);
    if (!events.length) return;
    this.#exclusive(() => this.#store());
    const url = new URL(this.#endpoint);
    if (this.#options.key) url.searchParams.set('key', this.#options.key);
    const body = `{"schema":"jwc.v1",${this.#envelope}"batch":[${events.join(',')}]}`;
    navigator.sendBeacon(url.toString(), new Blob([body], { type: 'text/plain' }));
  }
}

export { VERSION, FileStore, LocalStorageStore };
