/**
 * A ready-to-use box in the sandbox: a bound spreadsheet, setup run by the admin, a committee mailbox configured.
 * Tests, the preview and the benchmark all start from here.
 */
import { Sandbox, type PushedProject } from './vm';
import type { WorldOptions } from './fakes/world-state';

export const ADMIN = 'admin@example.org';
export const COMMITTEE = 'mttq.hoabinh@example.org';
export const SERVICE_URL = 'https://script.google.com/macros/s/SANDBOX-DEPLOYMENT/exec';

export interface BoxOptions extends WorldOptions {
  project?: PushedProject;
  /** Skip setup (for tests of setup itself). */
  bare?: boolean;
}

export function newBox(opts: BoxOptions = {}): Sandbox {
  const sb = new Sandbox({ serviceUrl: SERVICE_URL, ...opts });
  sb.world.script.ownerEmail = ADMIN;
  const ss = sb.world.sheets.create('Hòm thư số góp ý – Phường Hòa Bình');
  ss.insertSheet('Trang tính1');
  sb.world.sheets.boundId = ss.id;
  if (!opts.bare) {
    sb.run('setup', [], { user: ADMIN });
    setConfigValue(sb, 'Email nhận ý kiến', COMMITTEE);
  }
  return sb;
}

/** Types a value into the Cấu hình sheet, as staff would, and forgets the cached configuration. */
export function setConfigValue(sb: Sandbox, label: string, value: string): void {
  const ss = sb.world.sheets.bound()!;
  const sheet = ss.getSheetByName('Cấu hình')!;
  const rows = sheet.getDataRange().getValues();
  const i = rows.findIndex((r) => r[0] === label);
  if (i < 0) throw new Error(`no config row ${label}`);
  sheet.getRange(i + 1, 2).setValue(`'${value}`);
  sb.world.script.cache.clear();
}

let seq = 0;
/** A valid payload as the page sends it. */
export function payload(over: Record<string, unknown> = {}): Record<string, unknown> {
  seq++;
  return {
    requestId: `req-${Date.now().toString(36)}-${seq}-${Math.random().toString(36).slice(2, 10)}`,
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
}

/** The rows of Nhật ký below its header, as "kind | message". */
export function logRows(sb: Sandbox): string[] {
  return sb.world.sheets
    .bound()!
    .getSheetByName('Nhật ký')!
    .getDataRange()
    .getValues()
    .slice(1)
    .map((r) => `${r[1]} | ${r[2]}`);
}
