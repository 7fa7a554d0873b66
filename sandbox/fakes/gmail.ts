/**
 * A fake GmailApp: an outbox that keeps every sent message, a daily recipient quota that runs out with
 * Apps Script's own error text and comes back 24 hours after its first use, and a search over sent mail (subject words and `in:sent`) that finds a message as
 * soon as it is sent (assumptions.ts: gmail.sent-search). Threads can be moved to the trash.
 */
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
    if (this.remaining() < recipients.length) throw new Error(QUOTA_ERROR);
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
    // Supports what the box uses: in:sent plus quoted or bare words that must all appear in the subject.
    const words = (query.match(/"[^"]*"|\S+/g) ?? [])
      .map((w) => w.replace(/^subject:/, '').replace(/^"|"$/g, ''))
      .filter((w) => w && w !== 'in:sent');
    return this.sent.filter((m) => !m.trashed && words.every((w) => m.subject.toLowerCase().includes(w.toLowerCase())));
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
    return this.state
      .search(query)
      .slice(start, start + max)
      .map((m) => new FakeGmailThread(m));
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
  moveToTrash(): FakeGmailThread {
    this.msg.trashed = true;
    return this;
  }
}
