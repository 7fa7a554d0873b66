/**
 * The box's own sent mail that carries personal data: the committee email of each opinion (the sender's contact and
 * text), the batched announcement (the start of each text, masked) and the reply to the sender (their name and the
 * reply). Which threads those are, the Gmail searches that
 * find them past the retention period or by tracking code, and how many the nightly run handles at most.
 */
import { COMMITTEE_SUBJECT_MARK } from '../mail/committee-email';
import { REPLY_SUBJECT_MARK, replyCodeLine } from '../mail/reply-email';

export type BoxMailKind = 'committee' | 'reply' | 'batch';

/** Threads the nightly run examines at most per search term (bounded work; a backlog drains over nights). */
export const SENT_MAIL_PER_RUN = 200;
/** GmailApp.moveThreadsToTrash takes at most 100 threads. */
export const SENT_MAIL_BATCH = 100;

const CODE = /^[A-Z]{1,6}-[0-9A-Z]{7}$/;

/** The rest of a batched announcement's subject after the mark: "3 ý kiến mới – đợt …" (batchSubject). */
const BATCH_REST = /^\d+ ý kiến mới\b/;

/**
 * What a thread's first subject says it is: the committee email of one opinion (with its code), a batched
 * announcement of several (their codes and the start of each text), a reply to a sender, or null for anything else
 * (the weekly digest, a platform check, mail the owner wrote by hand).
 */
export function boxMailKind(subject: string): { kind: 'committee'; code: string } | { kind: 'reply' } | { kind: 'batch' } | null {
  const s = String(subject ?? '').trim();
  if (s.startsWith(`${COMMITTEE_SUBJECT_MARK} `)) {
    const rest = s.slice(COMMITTEE_SUBJECT_MARK.length + 1);
    const code = rest.split(' ')[0];
    if (CODE.test(code)) return { kind: 'committee', code };
    return BATCH_REST.test(rest.normalize('NFC')) ? { kind: 'batch' } : null;
  }
  if (s.startsWith(REPLY_SUBJECT_MARK)) return { kind: 'reply' };
  return null;
}

/** Gmail's epoch-seconds date bound: exact whatever the account's time zone (plain dates are read in PST). */
function seconds(d: Date): number {
  return Math.floor(d.getTime() / 1000);
}

/** The searches for the box's mail sent before `cutoff`: one per subject mark. */
export function expiredMailQueries(cutoff: Date): string[] {
  return [COMMITTEE_SUBJECT_MARK.replace(/^\[|\]$/g, ''), REPLY_SUBJECT_MARK].map(
    (mark) => `in:sent before:${seconds(cutoff)} subject:"${mark}"`,
  );
}

/** The search for the box's mail about one opinion: its code is in the committee email's subject and the reply's body. */
export function codeMailQuery(code: string): string {
  return `in:sent "${code.replace(/"/g, '')}"`;
}

/**
 * Whether a thread found by codeMailQuery is the box's mail about this opinion: its committee email, a batched
 * announcement that lists this code, or a reply whose body names it (`body` is read only for the last two). A batch
 * goes whole: it lists other opinions too, which the sheet still holds.
 */
export function isMailAbout(code: string, subject: string, body: () => string): boolean {
  const kind = boxMailKind(subject);
  if (!kind) return false;
  if (kind.kind === 'committee') return kind.code === code;
  const lines = body().split(/\r?\n/);
  if (kind.kind === 'batch')
    return lines.some((line) =>
      line
        .trim()
        .replace(/^\d+\. /, '')
        .startsWith(`${code} – `),
    );
  return lines.some((line) => line.trim() === replyCodeLine(code));
}
