// Conformance host for the JavaScript SDK: an app that tracks what the driver asks for (../README.md).
// Usage: node node_host.mjs [--sdk=PATH_OR_PACKAGE] --url=… --queue=… [options]

import { openSync, readSync } from 'node:fs';
import { getHeapSpaceStatistics, setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { createInterface } from 'node:readline';

const args = Object.fromEntries(process.argv.slice(2).map((a) => {
  const [k, ...v] = a.replace(/^--/, '').split('=');
  return [k, v.join('=')];
}));
const { Client } = await import(args.sdk ?? 'telemetrydesk');
const client = new Client({
  url: args.url, queue: args.queue, appVersion: 'conformance',
  batchSize: Number(args['batch-size'] ?? 100), flushIntervalMs: Number(args['flush-interval-ms'] ?? 200),
  maxQueue: Number(args['max-queue'] ?? 100000), maxBackoffMs: Number(args['max-backoff-ms'] ?? 2000),
});
await client.ready;
// A fresh process's first scavenges copy everything loaded at start (Node's own modules, the
// app's, the SDK's), 1 to 2 ms whoever allocates at that moment. An app tracks after it has been
// running a while; so does the host: one full collection first, then what is measured is the
// SDK's own garbage.
setFlagsFromString('--expose-gc');
runInNewContext('gc')();
const reply = (value) => process.stdout.write(`${JSON.stringify(value)}\n`);
reply({ ready: true, session: client.sessionId });

// This (the main) thread's time spent waiting for a CPU (ns): the second field of its schedstat,
// which the kernel adds to whenever the thread gets a CPU back. Read into one buffer: the
// measuring itself should not make garbage.
const schedstat = openSync(`/proc/self/task/${process.pid}/schedstat`, 'r');
const buffer = Buffer.alloc(128);
function runQueueNs() {
  const length = readSync(schedstat, buffer, 0, buffer.length, 0);
  let at = buffer.indexOf(32) + 1;
  let value = 0;
  for (; at < length && buffer[at] >= 48 && buffer[at] <= 57; at++) value = value * 10 + buffer[at] - 48;
  return value;
}
// Whether the young generation was collected during a call: its use drops. Told apart in the
// answer ("gc": how many held calls had a collection in them), still held against the SDK: its
// garbage is what makes the runtime collect.
function youngUsed() {
  return getHeapSpaceStatistics().find((s) => s.space_name === 'new_space').space_used_size;
}

// Tracks events tagged for the driver, timing each call on the caller's thread. A call over 1 ms
// is "held" (it counts against the SDK) when, less the time this thread waited for a CPU, it still
// took over 1 ms: it ran (its own work, a garbage collection) or slept that long. Otherwise the OS
// preempted it (the machine was busy): counted apart, not held against the SDK.
function track(count, tag, pad) {
  const durations = new Float64Array(count);
  let held = 0;
  let preempted = 0;
  let gc = 0;
  const heldAt = [];
  let heldMax = 0;
  const filler = 'x'.repeat(pad);
  for (let seq = 0; seq < count; seq++) {
    const props = pad ? { tag, seq, pad: filler } : { tag, seq };
    const young = youngUsed();
    let queued = runQueueNs();
    const start = process.hrtime.bigint();
    client.track('conformance.event', props);
    const elapsed = Number(process.hrtime.bigint() - start);
    queued = runQueueNs() - queued;
    const collected = youngUsed() < young;
    durations[seq] = elapsed;
    if (elapsed > 1e6) {
      const own = elapsed - Math.min(queued, elapsed);
      if (own > 1e6) {
        held++;
        if (collected) gc++;
        heldMax = Math.max(heldMax, Math.round(own / 1000));
        if (heldAt.length < 5) heldAt.push([seq, Math.round(elapsed / 1000), Math.round(own / 1000)]);
      } else preempted++;
    }
  }
  durations.sort();
  return {
    tracked: count, max_us: (durations.at(-1) ?? 0) / 1000, p99_us: (durations[Math.floor(count * 0.99)] ?? 0) / 1000,
    held, held_at: heldAt, held_max_us: heldMax, preempted, gc,
  };
}

for await (const line of createInterface({ input: process.stdin })) {
  const [command, ...words] = line.split(/\s+/);
  if (command === 'track') reply(track(Number(words[0]), words[1], Number(words[2] ?? 0)));
  else if (command === 'burst') {
    const [count, tag] = [Number(words[0]), words[1]];
    const start = process.hrtime.bigint();
    for (let seq = 0; seq < count; seq++) client.track('conformance.event', { tag, seq });
    reply({ tracked: count, seconds: Number(process.hrtime.bigint() - start) / 1e9 });
  } else if (command === 'flush') reply({ flushed: await client.flush(Number(words[0])) });
  else if (command === 'stats') reply(client.stats());
  else if (command === 'optout' || command === 'optin') {
    await client.setEnabled(command === 'optin');
    reply({});
  } else if (command === 'close') {
    reply({ empty: await client.close(Number(words[0])) });
    process.exit(0);
  } else if (command) reply({ error: `unknown command ${command}` });
}
