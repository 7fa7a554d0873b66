/**
 * Telling Gmail's "quota used up" refusal from other failures: "Service invoked too many times for one day: email."
 * (matched loosely, as the text may change or be translated). A quota refusal stops sending until the quota comes
 * back (mail/budget); any other failure is the message's own.
 */
import { errorMessage } from '../common/ports';

export function isQuotaError(e: unknown): boolean {
  return /too many times for one day|quota/i.test(errorMessage(e));
}
