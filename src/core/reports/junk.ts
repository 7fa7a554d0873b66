/**
 * Junk from a flood ("Rác / spam", always the last status) is no one's opinion: the report (its counts, its issues and
 * its trend), the digest, the notices, the Thống kê sheet and the public page all leave it out.
 */
import type { FeedbackRecord } from '../records/feedback-record';
import { FEEDBACK_STATUSES } from '../../shared/types';
import { canonicalStatus } from '../records/status';

export const SPAM_STATUS: string = FEEDBACK_STATUSES[FEEDBACK_STATUSES.length - 1];

export function isJunk(r: Pick<FeedbackRecord, 'status'>): boolean {
  return canonicalStatus(r.status) === SPAM_STATUS;
}
