/**
 * A ready-to-use box in the sandbox, set up as a ward sets up the standalone project: the box's own account owns the
 * script and runs setup once (which creates the spreadsheet), shares the Sheet with a staff member as an editor and
 * the script project with them as a viewer, and configures the committee's mailbox.
 * Tests, the preview and the benchmark all start from here.
 */
import { Sandbox, type PushedProject } from './vm';
import { PROP_CHALLENGE_MIN_BITS, TEST_MIN_BITS, boxChallengeSettings, newRequestId, withWork } from './challenge';
import type { WorldOptions } from './fakes/world-state';
import { COL } from '../src/core/records/feedback-record';
import type { FakeSheet, FakeSpreadsheet } from './fakes/spreadsheet';

/** The box's own Google account: owns the script project, deployed it, ran the first setup. */
export const ADMIN = 'admin@example.org';
/** A staff member: an editor of the Sheet and a viewer of the script project. */
export const STAFF = 'can.bo.mttq@example.org';
export const COMMITTEE = 'mttq.hoabinh@example.org';
/** The handlers of the triggers setup installs, sorted. */
export const BOX_TRIGGER_HANDLERS: readonly string[] = [
  'buildMonthlyReport',
  'onStaffEdit',
  'purgeExpiredPersonalData',
  'refreshPublicResults',
  'sendPendingEmails',
  'sendWeeklyDigest',
];
export const SERVICE_URL = 'https://script.google.com/macros/s/SANDBOX-DEPLOYMENT/exec';

export interface BoxOptions extends WorldOptions {
  project?: PushedProject;
  /** Skip setup (for tests of setup itself). */
  bare?: boolean;
  /**
   * The bot-cost challenge's bits at normal load (the script property CHALLENGE_MIN_BITS): TEST_MIN_BITS unless
   * given; null leaves it unset, for the production curve (the preview).
   */
  challengeMinBits?: number | null;
}

/** The box payload() solves its challenge for: the one made last. */
let currentBox: Sandbox | null = null;

/** The n-th tracking code of a planted row: n written in the codes' alphabet (no 0, 1, O, I, L), seven characters. */
export function nthCode(n: number, prefix = 'HB'): string {
  const alphabet = '23456789ABCDEFGHJKMNPQRSTUVWXYZ';
  let s = '';
  for (let i = 0; i < 7; i++, n = Math.floor(n / alphabet.length)) s = alphabet[n % alphabet.length] + s;
  return `${prefix}-${s}`;
}

export function newBox(opts: BoxOptions = {}): Sandbox {
  const sb = new Sandbox({ serviceUrl: SERVICE_URL, ...opts });
  sb.world.script.ownerEmail = ADMIN;
  const minBits = opts.challengeMinBits === undefined ? TEST_MIN_BITS : opts.challengeMinBits;
  if (minBits !== null) sb.world.script.properties.set(PROP_CHALLENGE_MIN_BITS, String(minBits));
  currentBox = sb;
  if (!opts.bare) {
    sb.run('setup', [], { user: ADMIN });
    boxSpreadsheet(sb).addEditor(STAFF);
    sb.world.script.viewers.add(STAFF);
    setConfigValue(sb, 'Email nhận ý kiến', COMMITTEE);
  }
  return sb;
}

/** The spreadsheet setup made (or adopted) for the box. */
export function boxSpreadsheet(sb: Sandbox): FakeSpreadsheet {
  const ss = sb.world.boxSpreadsheet();
  if (!ss) throw new Error('the box has no spreadsheet yet: run setup');
  return ss;
}

/** One sheet of the box's spreadsheet. */
export function boxSheet(sb: Sandbox, name: string): FakeSheet {
  const sheet = boxSpreadsheet(sb).getSheetByName(name);
  if (!sheet) throw new Error(`the box's spreadsheet has no sheet ${name}`);
  return sheet;
}

/** The row number (1-based) in Góp ý that holds this tracking code now; throws when none does. */
export function rowOfCode(sb: Sandbox, code: string): number {
  const sheet = boxSheet(sb, 'Góp ý');
  const codes = sheet.getRange(1, COL.trackingCode, sheet.getLastRow(), 1).getValues();
  const i = codes.findIndex((r) => r[0] === code);
  if (i < 0) throw new Error(`no row ${code}`);
  return i + 1;
}

/** Types a value into the Cấu hình sheet, as the owner would, and forgets the cached configuration. */
export function setConfigValue(sb: Sandbox, label: string, value: string): void {
  const sheet = boxSheet(sb, 'Cấu hình');
  const rows = sheet.getDataRange().getValues();
  const i = rows.findIndex((r) => r[0] === label);
  if (i < 0) throw new Error(`no config row ${label}`);
  // Typed by the owner in the Sheet: the edit trigger reads the configuration again, as it does for staff.
  sb.editSheet(sb.world.script.ownerEmail, { sheet: 'Cấu hình', row: i + 1, column: 2 }, [[`'${value}`]]);
  sb.world.script.cache.clear();
}

/**
 * A valid payload as the page sends it: a new UUID request id, and the bot-cost work done for it against the box
 * made last (its own secret, as a page opened a minute ago would have it). Fields in `over` replace the defaults;
 * the work is done for the final requestId unless `over` names `token` or `nonce` itself.
 */
export function payload(over: Record<string, unknown> = {}): Record<string, unknown> {
  const p = {
    requestId: newRequestId(),
    location: 'KDC01',
    category: 'Vệ sinh môi trường',
    kind: 'Phản ánh',
    content: 'Rác thải đổ bừa bãi ở đầu ngõ 12 đã ba ngày chưa được thu gom.',
    name: '',
    phone: '',
    email: '',
    address: '',
    consent: false,
    website: '',
    elapsedMs: 25000,
    ...over,
  };
  if ('token' in over || 'nonce' in over || !currentBox || !boxChallengeSettings(currentBox)) return p;
  return withWork(currentBox, p);
}

/** The rows of Nhật ký below its header, as "kind | message". */
export function logRows(sb: Sandbox): string[] {
  return boxSheet(sb, 'Nhật ký')
    .getDataRange()
    .getValues()
    .slice(1)
    .map((r) => `${r[1]} | ${r[2]}`);
}
