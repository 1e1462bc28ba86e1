/** Where queued events are kept: a directory (Node) or localStorage prefix (browser), or your own store. */
export interface QueueStore {
  load(): Promise<{ seq: number; lines: string[] }[]>;
  read(seq: number): Promise<string[]>;
  write(seq: number, lines: string[]): Promise<void>;
  delete(seq: number): Promise<void>;
  meta(key: string, fallback: string): Promise<string>;
}

export interface ClientOptions {
  /** The collector (http://127.0.0.1:8088) or its ingest URL (…/t). */
  url: string;
  /** A public key (tdp_…); none sends to the collector's default project. */
  key?: string;
  /** Node: a directory (default ~/.local/share/telemetrydesk-sdk/default); browser: a localStorage prefix. */
  queue?: string | QueueStore;
  /** Sent as `ext`. */
  appVersion?: string;
  /** Sent as `vscode` (the host's version, e.g. vscode.version). Default: "Node <version>" or "browser". */
  hostVersion?: string;
  /** Sent as `os`. Default: the platform. */
  os?: string;
  /** Sent as `anon`. Default: a random id made once and kept with the queue. */
  userId?: string;
  /** Events per request, 1..1000 (default 200). */
  batchSize?: number;
  /** Send what is queued at least this often (default 1000). */
  flushIntervalMs?: number;
  /** Events kept at most; the oldest go first (default 100000). */
  maxQueue?: number;
  /** Longest wait between retries (default 60000). */
  maxBackoffMs?: number;
  /** One request (default 10000). */
  timeoutMs?: number;
  /** False: track nothing until enabled (default true). */
  enabled?: boolean;
}

export interface ClientStats {
  /** Waiting, in memory and in the queue. */
  queued: number;
  /** Tracked, not yet in the queue. */
  buffered: number;
  /** Answered with 200 (accepted, duplicate or skipped). */
  sent: number;
  accepted: number;
  /** Sent again after a lost answer; stored once. */
  duplicates: number;
  /** Answered 200 but not stored, with a per-event reason (logged). */
  skipped: number;
  /** Refused as a whole (400, 401, 403, 413 for one event): never retried. */
  dropped: number;
  /** Dropped because the queue was full. */
  overflow: number;
  /** Sends that failed and are tried again (429, 5xx, network). */
  retries: number;
}

export declare class Client {
  /** @throws TypeError or RangeError for a bad url or option. */
  constructor(options: ClientOptions);
  readonly sessionId: string;
  /** Resolves once the queue is loaded; rejects when it cannot be read. */
  readonly ready: Promise<void>;
  readonly enabled: boolean;
  /**
   * Queues one event and returns its id (a UUIDv7), or undefined when disabled or closed.
   * @throws RangeError for a bad name (1..200 of A-Z a-z 0-9 . _ : - / $ and space) or props over 32 KiB;
   *         TypeError for props that are not a plain object.
   */
  track(event: string, props?: Record<string, unknown>): string | undefined;
  /** Sends what is queued; true when the queue is empty before the timeout. */
  flush(timeoutMs?: number): Promise<boolean>;
  /** Opting out stops tracking and deletes every queued event, in storage too. */
  setEnabled(enabled: boolean): Promise<void>;
  /** Flushes for at most timeoutMs and stops; what is left is sent by the next client on the queue. */
  close(timeoutMs?: number): Promise<boolean>;
  stats(): ClientStats;
}

export declare function uuid7(): string;
/** The wait a Retry-After value asks for (seconds or an HTTP date), in ms, at most an hour. */
export declare function retryAfterMs(value: string | null | undefined, now?: number): number;
export declare const VERSION: string;
export declare class FileStore implements QueueStore {
  constructor(dir: string);
  load(): Promise<{ seq: number; lines: string[] }[]>;
  read(seq: number): Promise<string[]>;
  write(seq: number, lines: string[]): Promise<void>;
  delete(seq: number): Promise<void>;
  meta(key: string, fallback: string): Promise<string>;
}
export declare class LocalStorageStore implements QueueStore {
  constructor(prefix: string, storage?: Storage);
  load(): Promise<{ seq: number; lines: string[] }[]>;
  read(seq: number): Promise<string[]>;
  write(seq: number, lines: string[]): Promise<void>;
  delete(seq: number): Promise<void>;
  meta(key: string, fallback: string): Promise<string>;
}
