/**
 * The weekly digest goes once a week: the week (Monday to Sunday, Vietnam time) of the last send is remembered, and a
 * second send in the same week is refused. A digest the quota held back is left due, for the pending trigger to send
 * when the quota allows.
 */
export const DIGEST_SENT_PROPERTY = 'DIGEST_SENT_WEEK';
export const DIGEST_DUE_PROPERTY = 'DIGEST_DUE_WEEK';

const OFFSET_MS = 7 * 3600 * 1000;

/** The local Monday of `now`'s week, "yyyy-mm-dd". */
export function digestWeek(now: Date): string {
  const local = new Date(now.getTime() + OFFSET_MS);
  const back = (local.getUTCDay() + 6) % 7;
  return new Date(local.getTime() - back * 86_400_000).toISOString().slice(0, 10);
}

/** "30/11/2026": the week's Monday as the ward writes dates. */
export function weekText(week: string): string {
  return week.split('-').reverse().join('/');
}

export function alreadySentMessage(week: string): string {
  return `Tổng hợp của tuần bắt đầu ngày ${weekText(week)} đã được gửi; mỗi tuần chỉ gửi một lần.`;
}
