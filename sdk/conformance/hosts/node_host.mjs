// Conformance host for the JavaScript SDK: an app that tracks what the driver asks for (../README.md).
// Usage: node node_host.mjs [--sdk=PATH_OR_PACKAGE] --url=… --queue=… [options]

import { openSync, readSync } from 'node:fs';
import { getHeapSpaceStatistics } from 'node:v8';
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
const reply = (value) => process.stdout.write(`${JSON.stringify(value)}\n`);
reply({ ready: true, session: client.sessionId });

// This (the main) thread's context switches (Node's other threads would blur the process's),
// read into one buffer: the measuring itself should not make garbage.
const status = openSync(`/proc/self/task/${process.pid}/status`, 'r');
const buffer = Buffer.alloc(4096);
const VOLUNTARY = Buffer.from('\nvoluntary_ctxt_switches:');
const INVOLUNTARY = Buffer.from('\nnonvoluntary_ctxt_switches:');
function numberAfter(label, length) {
  let at = buffer.indexOf(label) + label.length;
  let value = 0;
  for (; at < length && buffer[at] !== 10; at++) if (buffer[at] >= 48 && buffer[at] <= 57) value = value * 10 + buffer[at] - 48;
  return value;
}
function switches() {
  const length = readSync(status, buffer, 0, buffer.length, 0);
  return [numberAfter(VOLUNTARY, length), numberAfter(INVOLUNTARY, length)];
}
// Whether the young generation was collected: its use drops. A collection pauses every caller
// of the runtime, whatever the SDK does; such calls are counted apart ("gc"), not excused silently.
function youngUsed() {
  return getHeapSpaceStatistics().find((s) => s.space_name === 'new_space').space_used_size;
}

// Tracks events tagged for the driver, timing each call on the caller's thread. A call over 1 ms
// counts as slow unless the OS preempted this thread during it and it never waited, or the
// runtime collected garbage during it.
function track(count, tag, pad) {
  const durations = [];
  let slow = 0;
  let preempted = 0;
  let gc = 0;
  const slowAt = [];
  let slowMax = 0;
  const filler = 'x'.repeat(pad);
  for (let seq = 0; seq < count; seq++) {
    const props = pad ? { tag, seq, pad: filler } : { tag, seq };
    const [voluntary, involuntary] = switches();
    const young = youngUsed();
    const start = process.hrtime.bigint();
    client.track('conformance.event', props);
    const elapsed = Number(process.hrtime.bigint() - start);
    const collected = youngUsed() < young;
    const [voluntaryAfter, involuntaryAfter] = switches();
    durations.push(elapsed);
    if (elapsed > 1e6) {
      if (collected) gc++;
      else if (involuntaryAfter !== involuntary && voluntaryAfter === voluntary) preempted++;
      else {
        slow++;
        slowMax = Math.max(slowMax, Math.round(elapsed / 1000));
        if (slowAt.length < 5) slowAt.push([seq, Math.round(elapsed / 1000)]);
      }
    }
  }
  durations.sort((a, b) => a - b);
  return {
    tracked: count, max_us: (durations.at(-1) ?? 0) / 1000, p99_us: (durations[Math.floor(count * 0.99)] ?? 0) / 1000,
    slow, slow_at: slowAt, slow_max_us: slowMax, preempted, gc,
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
