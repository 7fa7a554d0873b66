/**
 * What the core needs from the outside world. src/gas implements these over Apps Script services;
 * tests and the preview run the same adapters against the fakes.
 */
import type { Cell, FeedbackRecord } from '../records/feedback-record';
import type { ChangeOutcome, RowChange } from '../records/row-changes';

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
   * The row already made for this request id, if any: one read of the request-id column (every row, hidden or
   * filtered ones too), then that row, read again should a sort have moved it in between.
   */
  findRequest(requestId: string): { row: number; record: FeedbackRecord } | null;
  /** Row number and record of this tracking code, if any (one read of the code column, then the row). */
  findByTrackingCode(code: string): { row: number; record: FeedbackRecord } | null;
  /** One column (COL), every row from row 1, hidden or filtered ones too, in one read. */
  readColumn(column: number): unknown[];
  /**
   * Appends one row of already-literal cells, then reads the code column once: the row now holding this tracking
   * code, and how many rows hold it (more than one: the code was already taken).
   */
  append(cells: Cell[], trackingCode: string): { row: number; holders: number };
  /** Changes rows named by tracking code (or by request id, or by their cells), following rows staff move. */
  change(changes: RowChange[]): ChangeOutcome;
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
