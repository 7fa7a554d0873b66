/**
 * The box's sent mail that carries personal data, moved to Gmail's trash: threads past the retention period (the
 * nightly run, in bounded batches) and the threads about one opinion (erasure by tracking code). Only threads whose
 * first subject is the box's committee email or reply are touched (core/privacy/sent-mail.ts).
 */
import { CALL_COST, type CallBudget } from '../core/privacy/night-budget';
import { SENT_MAIL_BATCH, SENT_MAIL_PER_RUN, boxMailKind, codeMailQuery, expiredMailQueries, isMailAbout } from '../core/privacy/sent-mail';

type Thread = GoogleAppsScript.Gmail.GmailThread;

export interface ExpiredMailOutcome {
  /** Threads moved to the trash. */
  trashed: number;
  /** True when a search still had threads left when the run's bound was reached: the next night goes on. */
  more: boolean;
}

/**
 * Moves the box's committee emails and replies sent before `cutoff` to the trash: for each subject mark, pages of at
 * most 100 threads, at most SENT_MAIL_PER_RUN threads looked at, each page and thread paid from the night's `budget`
 * first (leaving `keep`). Trashed threads drop out of the search, so the next page starts after the threads left
 * alone (the digest, mail written by hand).
 */
export function trashExpiredBoxMail(cutoff: Date, budget: CallBudget, keep = 0, perQuery = SENT_MAIL_PER_RUN): ExpiredMailOutcome {
  const out: ExpiredMailOutcome = { trashed: 0, more: false };
  for (const query of expiredMailQueries(cutoff)) {
    let kept = 0;
    let looked = 0;
    while (looked < perQuery) {
      const size = Math.min(SENT_MAIL_BATCH, perQuery - looked, budget.fits(CALL_COST.mailThread, keep + CALL_COST.mailPage));
      if (size <= 0 || !budget.take(CALL_COST.mailPage + size * CALL_COST.mailThread, keep)) {
        out.more = true;
        break;
      }
      const threads = GmailApp.search(query, kept, size);
      budget.refund((size - threads.length) * CALL_COST.mailThread);
      looked += threads.length;
      const ours = threads.filter((t) => boxMailKind(t.getFirstMessageSubject()) !== null);
      kept += threads.length - ours.length;
      if (ours.length) GmailApp.moveThreadsToTrash(ours);
      out.trashed += ours.length;
      if (threads.length < size) break;
      if (looked >= perQuery) out.more = true;
    }
  }
  return out;
}

/** Moves the box's committee email and reply about this opinion to the trash; how many threads. */
export function trashMailAbout(code: string): number {
  const threads = GmailApp.search(codeMailQuery(code), 0, 50);
  const ours: Thread[] = threads.filter((t) =>
    isMailAbout(code, t.getFirstMessageSubject(), () => {
      const first = t.getMessages()[0];
      return first ? first.getPlainBody() : '';
    }),
  );
  for (let i = 0; i < ours.length; i += SENT_MAIL_BATCH) GmailApp.moveThreadsToTrash(ours.slice(i, i + SENT_MAIL_BATCH));
  return ours.length;
}
