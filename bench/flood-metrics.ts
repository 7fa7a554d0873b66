/**
 * Figures of the box under load, on the built script in the sandbox: committee emails per 100 opinions at normal load
 * and during a flood, the largest pending-trigger run with a 5,000-row backlog (service calls and modelled seconds),
 * the largest nightly run after a photo flood, and the modelled trigger minutes a day against a free account's 90
 * (see sandbox/time-model.ts).
 */
import { COMMITTEE, boxSheet, newBox, nthCode, payload } from '../sandbox/box';
import { modelledMs, roundTrips } from '../sandbox/time-model';
import type { Sandbox } from '../sandbox/vm';
import { COL } from '../src/core/records/feedback-record';
import { FakeBlob, type FakeFolder } from '../sandbox/fakes/drive';
import { structuralJpeg } from '../test/helpers/jpeg';
import { fillRows } from './sandbox-metrics';

const MIN = 60_000;
const HOUR = 60 * MIN;
/** Monday 07/12/2026 08:00 in Vietnam. */
const START = Date.UTC(2026, 11, 7, 1, 0, 0);

interface Day {
  opinions: number;
  committeeEmails: number;
  triggerMs: number;
  maxRunCalls: number;
  maxRunMs: number;
}

/** Runs the project's time triggers due up to `t` (pending every 15 minutes, the purge nightly, the digest weekly). */
class TriggerClock {
  ms = 0;
  maxCalls = 0;
  maxMs = 0;
  private nextPending: number;
  private nextPurge: number;
  private nextDigest: number;
  constructor(
    private readonly sb: Sandbox,
    private readonly setClock: (t: number) => void,
    start: number,
  ) {
    this.nextPending = start + 7 * MIN;
    this.nextPurge = Date.UTC(2026, 11, 7, 19, 0, 0);
    this.nextDigest = START + 7 * 24 * HOUR;
  }
  advanceTo(t: number): void {
    for (;;) {
      const next = Math.min(this.nextPending, this.nextPurge, this.nextDigest);
      if (next > t) break;
      this.setClock(next);
      if (next === this.nextPending) {
        this.fire('sendPendingEmails');
        this.nextPending += 15 * MIN;
      } else if (next === this.nextPurge) {
        this.fire('purgeExpiredPersonalData');
        this.nextPurge += 24 * HOUR;
      } else {
        this.fire('sendWeeklyDigest');
        this.nextDigest += 7 * 24 * HOUR;
      }
    }
    this.setClock(t);
  }
  private fire(handler: string): void {
    for (const r of this.sb.fireHandler(handler)) {
      const ms = modelledMs(r);
      this.ms += ms;
      this.maxCalls = Math.max(this.maxCalls, r.callCount);
      this.maxMs = Math.max(this.maxMs, ms);
    }
  }
}

function committeeEmails(sb: Sandbox): number {
  return sb.world.gmail.sent.filter((m) => m.to.includes(COMMITTEE)).length;
}

/** Normal load: `perDay` opinions a day, spread over the ward's day (7:00–21:00), for `days` days. */
export function normalLoad(perDay = 20, days = 5): Day {
  let clock = START;
  const sb = newBox({ now: () => clock, emailQuota: 100 });
  const triggers = new TriggerClock(sb, (t) => (clock = t), START);
  let opinions = 0;
  for (let d = 0; d < days; d++) {
    for (let i = 0; i < perDay; i++) {
      triggers.advanceTo(START + d * 24 * HOUR + Math.floor((i * 14 * HOUR) / perDay));
      if (sb.run<{ ok: boolean }>('submitFeedback', [payload()]).value.ok) opinions++;
    }
  }
  triggers.advanceTo(START + days * 24 * HOUR);
  return {
    opinions,
    committeeEmails: committeeEmails(sb),
    triggerMs: triggers.ms / days,
    maxRunCalls: triggers.maxCalls,
    maxRunMs: triggers.maxMs,
  };
}

/** The flood of the flood test: `junk` opinions in 10 minutes, 5 real ones after, 24 hours of triggers. */
export function floodDay(junk = 600): Day & { realDelayMinutes: number } {
  let clock = START;
  const sb = newBox({ now: () => clock, emailQuota: 100 });
  const triggers = new TriggerClock(sb, (t) => (clock = t), START);
  for (let i = 0; i < junk; i++) {
    triggers.advanceTo(START + Math.floor((i * 10 * MIN) / junk));
    sb.run('submitFeedback', [payload({ content: `Quảng cáo vay tiền nhanh số ${i}, gọi ngay hôm nay.` })]);
  }
  // UUID-shaped request ids, as the page makes them (the server refuses others).
  const real = Array.from({ length: 5 }, (_, i) => ({ id: `3f1c9a7e-0000-4000-8000-00000000000${i}`, code: '', at: 0 }));
  for (let t = START + 10 * MIN; t < START + 24 * HOUR && real.some((r) => !r.code); t += 5 * MIN) {
    triggers.advanceTo(t);
    for (const r of real.filter((x) => !x.code)) {
      const res = sb.run<{ ok: boolean; trackingCode?: string }>('submitFeedback', [
        payload({ requestId: r.id, content: `Ý kiến thật ${r.id}: cống thoát nước ngõ 3 bị tắc.` }),
      ]).value;
      if (res.ok) Object.assign(r, { code: res.trackingCode, at: clock });
    }
  }
  triggers.advanceTo(START + 24 * HOUR);
  let delay = 0;
  for (const r of real) {
    // Never accepted, or never announced: an endless wait.
    const mail = r.code
      ? sb.world.gmail.sent.find((m) => m.to.includes(COMMITTEE) && (m.subject.includes(r.code) || m.body.includes(r.code)))
      : undefined;
    delay = Math.max(delay, mail ? (mail.at - r.at) / MIN : Infinity);
  }
  const opinions = boxSheet(sb, 'Góp ý').getLastRow() - 1;
  return {
    opinions,
    committeeEmails: committeeEmails(sb),
    triggerMs: triggers.ms,
    maxRunCalls: triggers.maxCalls,
    maxRunMs: triggers.maxMs,
    realDelayMinutes: delay,
  };
}

/** The pending trigger with `backlog` opinions not yet announced: its largest run, and the runs to drain it. */
export function backlogRuns(backlog = 5000): { calls: number; roundTrips: number; modelledSeconds: number; runsToDrain: number } {
  let clock = START;
  const sb = newBox({ now: () => clock, emailQuota: 100 });
  fillRows(sb, backlog);
  const sheet = boxSheet(sb, 'Góp ý');
  for (let r = 2; r <= backlog + 1; r++) {
    sheet.getRange(r, COL.trackingCode).setValue(nthCode(r));
    sheet.getRange(r, COL.emailStatus).setValue('chờ gửi');
  }
  let worst = { calls: 0, roundTrips: 0, modelledSeconds: 0 };
  let runs = 0;
  for (; runs < 200; runs++) {
    const [r] = sb.fireHandler('sendPendingEmails');
    const s = { calls: r.callCount, roundTrips: roundTrips(r.calls), modelledSeconds: modelledMs(r) / 1000 };
    if (s.calls > worst.calls) worst = s;
    const left = (r.value as { pending: number }).pending;
    clock += 15 * MIN;
    if (left === 0) break;
  }
  return { ...worst, runsToDrain: runs + 1 };
}

/**
 * The nightly run after a photo flood: 200 opinions with 3 photos each, all linked (planted in the fakes: more files
 * than the day's photo budget lets through), then three nights. The largest run's service calls and modelled seconds.
 */
export function nightAfterPhotoFlood(opinions = 200): { calls: number; modelledSeconds: number } {
  let clock = START;
  const sb = newBox({ now: () => clock });
  const sheet = boxSheet(sb, 'Góp ý');
  const width = sheet.getLastColumn();
  const folder = sb.world.drive.folders().find((f) => f.name === 'Ảnh góp ý (riêng tư)') as FakeFolder;
  const jpeg = structuralJpeg();
  const rows = Array.from({ length: opinions }, (_, i) => {
    const code = nthCode(i + 100);
    const row: unknown[] = new Array(width).fill('');
    row[COL.trackingCode - 1] = code;
    row[COL.receivedAt - 1] = new Date(clock);
    row[COL.status - 1] = 'Mới';
    row[COL.photos - 1] = [1, 2, 3].map((k) => folder.createFile(new FakeBlob(jpeg, 'image/jpeg', `${code}-${k}.jpg`)).getUrl()).join('\n');
    return row;
  });
  sheet.getRange(sheet.getLastRow() + 1, 1, rows.length, width).setValues(rows);
  let worst = { calls: 0, modelledSeconds: 0 };
  for (let night = 0; night < 3; night++) {
    clock += 24 * 60 * MIN;
    const [r] = sb.fireHandler('purgeExpiredPersonalData');
    if (r.callCount > worst.calls) worst = { calls: r.callCount, modelledSeconds: modelledMs(r) / 1000 };
  }
  return worst;
}
