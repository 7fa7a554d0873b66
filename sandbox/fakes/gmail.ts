/**
 * A fake GmailApp: an outbox that keeps every sent message (each its own thread), a daily recipient quota that runs
 * out with Apps Script's own error text and comes back 24 hours after its first use, and a search over sent mail
 * that finds a message as soon as it is sent (assumptions.ts: gmail.sent-search): `in:sent`, `subject:` words, plain
 * or quoted words in the subject or the body (gmail.body-search), `before:`/`after:` in epoch seconds and
 * `older_than:` (gmail.date-search). Threads moved to the trash, one by one or up to 100 at once, are no longer found
 * (gmail.trashed-not-found).
 */
import { unwrap } from './counted';
import type { WorldState } from './world-state';

export interface SentMessage {
  id: string;
  to: string[];
  subject: string;
  body: string;
  htmlBody?: string;
  replyTo?: string;
  name?: string;
  at: number;
  /** Moved to the trash (GmailThread.moveToTrash): no longer found by a search. */
  trashed?: boolean;
}

/** Apps Script's message when the daily email quota is used up. */
export const QUOTA_ERROR = 'Service invoked too many times for one day: email.';

export class FakeGmailState {
  readonly sent: SentMessage[] = [];
  /**
   * Recipients used in the current quota window, which opens at the first send and lasts 24 hours ("Quotas are per
   * user and reset 24 hours after the first request", Apps Script's quotas page).
   */
  private used = 0;
  private windowStart: number | null = null;
  /** The words Gmail refuses with when the day's quota is used up (they follow the account's language). */
  quotaMessage = QUOTA_ERROR;
  /** Listeners, e.g. the preview writing .eml files. */
  readonly onSend: ((m: SentMessage) => void)[] = [];
  constructor(
    readonly world: WorldState,
    public dailyQuota: number,
  ) {}

  private roll(): void {
    if (this.windowStart !== null && this.world.now() >= this.windowStart + 86_400_000) {
      this.windowStart = null;
      this.used = 0;
    }
  }
  remaining(): number {
    this.roll();
    return Math.max(0, this.dailyQuota - this.used);
  }
  /** Test helper: pretend the day's quota is used up, or restore it. */
  exhaust(): void {
    this.roll();
    if (this.windowStart === null) this.windowStart = this.world.now();
    this.used = this.dailyQuota;
  }
  restore(): void {
    this.used = 0;
    this.windowStart = null;
  }
  send(to: string, subject: string, body: string, opts: Record<string, unknown> = {}): void {
    const recipients = String(to)
      .split(',')
      .map((s) => s.trim())
      .filter(Boolean);
    if (recipients.length === 0) throw new Error('Invalid argument: recipient');
    for (const r of recipients) {
      if (!/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(r)) throw new Error(`Invalid email: ${r}`);
    }
    if (this.remaining() < recipients.length) throw new Error(this.quotaMessage);
    if (this.windowStart === null) this.windowStart = this.world.now();
    this.used += recipients.length;
    const msg: SentMessage = {
      id: `msg-${this.sent.length + 1}`,
      to: recipients,
      subject: String(subject),
      body: String(body),
      htmlBody: typeof opts.htmlBody === 'string' ? opts.htmlBody : undefined,
      replyTo: typeof opts.replyTo === 'string' ? opts.replyTo : undefined,
      name: typeof opts.name === 'string' ? opts.name : undefined,
      at: this.world.now(),
    };
    this.sent.push(msg);
    for (const l of this.onSend) l(msg);
  }
  search(query: string): SentMessage[] {
    // Supports what the box uses; every term must hold. Newest first, as Gmail lists threads.
    const tests: ((m: SentMessage) => boolean)[] = [];
    const now = this.world.now();
    for (const raw of query.match(/(?:subject:)?"[^"]*"|\S+/g) ?? []) {
      if (raw === 'in:sent') continue;
      const date = /^(before|after):(\d+)$/.exec(raw);
      if (date) {
        const at = Number(date[2]) * 1000;
        tests.push(date[1] === 'before' ? (m) => m.at < at : (m) => m.at >= at);
        continue;
      }
      const older = /^older_than:(\d+)([dmy])$/.exec(raw);
      if (older) {
        const days = Number(older[1]) * { d: 1, m: 30, y: 365 }[older[2] as 'd' | 'm' | 'y'];
        tests.push((m) => m.at < now - days * 86400_000);
        continue;
      }
      if (/^[a-z_]+:/.test(raw) && !raw.startsWith('subject:')) throw new Error(`fake Gmail: unsupported search term ${raw}`);
      const inSubject = raw.startsWith('subject:');
      const word = raw
        .replace(/^subject:/, '')
        .replace(/^"|"$/g, '')
        .toLowerCase();
      if (!word) continue;
      tests.push(inSubject ? (m) => m.subject.toLowerCase().includes(word) : (m) => `${m.subject}\n${m.body}`.toLowerCase().includes(word));
    }
    return this.sent.filter((m) => !m.trashed && tests.every((t) => t(m))).reverse();
  }
}

export class FakeGmailApp {
  readonly serviceType = 'GmailApp';
  constructor(private readonly state: FakeGmailState) {}
  sendEmail(recipient: string, subject: string, body: string, options?: Record<string, unknown>): FakeGmailApp {
    this.state.send(recipient, subject, body, options);
    return this;
  }
  search(query: string, start = 0, max = 500): FakeGmailThread[] {
    if (max > 500) throw new Error('Invalid argument: max');
    return this.state
      .search(query)
      .slice(start, start + max)
      .map((m) => new FakeGmailThread(m));
  }
  /** As GmailApp: at most 100 threads per call. */
  moveThreadsToTrash(threads: FakeGmailThread[]): FakeGmailApp {
    if (!Array.isArray(threads) || threads.length > 100) throw new Error('Invalid argument: threads (at most 100)');
    for (const t of threads) unwrap(t).moveToTrash();
    return this;
  }
}

export class FakeGmailThread {
  readonly serviceType = 'GmailThread';
  constructor(private readonly msg: SentMessage) {}
  getFirstMessageSubject(): string {
    return this.msg.subject;
  }
  getId(): string {
    return this.msg.id;
  }
  getLastMessageDate(): Date {
    return new Date(this.msg.at);
  }
  getMessages(): FakeGmailMessage[] {
    return [new FakeGmailMessage(this.msg)];
  }
  moveToTrash(): FakeGmailThread {
    this.msg.trashed = true;
    return this;
  }
}

export class FakeGmailMessage {
  readonly serviceType = 'GmailMessage';
  constructor(private readonly msg: SentMessage) {}
  getId(): string {
    return this.msg.id;
  }
  getSubject(): string {
    return this.msg.subject;
  }
  getPlainBody(): string {
    return this.msg.body;
  }
  getDate(): Date {
    return new Date(this.msg.at);
  }
}
