/**
 * What the core needs from the outside world. src/gas implements these over Apps Script services;
 * tests and the preview run the same adapters against the fakes.
 */
import type { Cell, FeedbackRecord } from '../records/feedback-record';

export interface ScriptLock {
  /** Waits up to ms for the script lock; false when another execution kept it. */
  acquire(ms: number): boolean;
  release(): void;
}

export interface KeyValueCache {
  getAll(keys: string[]): Record<string, string>;
  putAll(values: Record<string, string>, ttlSeconds: number): void;
  remove(key: string): void;
}

export interface FeedbackStore {
  /**
   * One search for both: the tracking code of a row already made for this request id (idempotency),
   * and whether a freshly drawn tracking code is already taken (uniqueness).
   */
  findExisting(requestId: string, candidateCode: string): { existingCode: string | null; codeTaken: boolean };
  /** Row number and record of this tracking code, if any. */
  findByTrackingCode(code: string): { row: number; record: FeedbackRecord } | null;
  /** The last `limit` data rows, oldest first, in one bounded read (never the whole sheet). */
  recent(limit: number): FeedbackRecord[];
  /** Appends one row of already-literal cells; returns its row number. */
  append(cells: Cell[]): number;
  /** Writes one system cell of a row (email status, photo links). */
  setCell(row: number, key: 'emailStatus' | 'photos', value: string): void;
  /** A link that opens the sheet at this row. */
  rowLink(row: number): string;
}

/** The script properties: counters and state that must outlive the evictable cache. */
export interface ScriptProperties {
  /** Every property in one call. */
  getAll(): Record<string, string>;
  set(key: string, value: string): void;
}

export interface OutgoingEmail {
  to: string[];
  subject: string;
  text: string;
  html: string;
  replyTo?: string;
  senderName?: string;
}

export interface Mailer {
  send(mail: OutgoingEmail): void;
  /** True when a message whose subject contains this text was already sent (survives a crash after sending). */
  wasSent(subjectText: string): boolean;
}

export interface Logger {
  info(event: string, data?: Record<string, unknown>): void;
  warn(event: string, data?: Record<string, unknown>): void;
  error(event: string, error: unknown, data?: Record<string, unknown>): void;
}

export interface Clock {
  now(): Date;
}

/** Apps Script errors come from another realm in tests, and are sometimes strings: read them defensively. */
export function errorMessage(e: unknown): string {
  if (e && typeof e === 'object' && 'message' in e) return String((e as { message: unknown }).message);
  return String(e);
}
