/**
 * What is left of the account's daily email recipients: probed with MailApp.getRemainingDailyQuota() (it counts the
 * same pool GmailApp.sendEmail draws from; scope script.send_mail), and the box's record of it in a script property
 * (the last probe, a block learned from Gmail's "too many times" error, the batch share saved up).
 */
import { MAIL_QUOTA_PROPERTY, parseQuota, type MailShares, type QuotaState } from '../core/mail/budget';
import { consoleLogger } from './services';

/** Recipients left today, or null when the probe itself fails (the box then goes by what Gmail's errors teach it). */
export function probeRemaining(): number | null {
  try {
    const n = MailApp.getRemainingDailyQuota();
    return typeof n === 'number' && Number.isFinite(n) ? n : null;
  } catch (e) {
    consoleLogger.warn('mail.quota-probe-failed', { error: String(e) });
    return null;
  }
}

export function readQuota(shares: MailShares, now: number, props = PropertiesService.getScriptProperties()): QuotaState {
  return parseQuota(props.getProperty(MAIL_QUOTA_PROPERTY), shares, now);
}

export function writeQuota(q: QuotaState, props = PropertiesService.getScriptProperties()): void {
  try {
    props.setProperty(MAIL_QUOTA_PROPERTY, JSON.stringify(q));
  } catch (e) {
    consoleLogger.error('mail.quota-write-failed', e);
  }
}
