/**
 * Every text that leaves the committee's inbox, on the built script: a resident's personal data, typed in the opinion
 * and in the contact fields, repeated by staff in the public reply, a status note and a typed row's place, reaches
 * none of the synthesis report (Doc, PDF), the location notices, the weekly digest, the monthly report and its email,
 * the lookup, the public results page, or the "Thống kê" sheet made for Looker Studio.
 */
import { inflateSync } from 'node:zlib';
import { ADMIN, COMMITTEE, newBox, nthCode, setConfigValue } from '../../sandbox/box';
import type { Sandbox } from '../../sandbox/vm';
import { rowToRecord, type FeedbackRecord } from '../../src/core/records/feedback-record';
import { recordToCells } from '../../src/core/intake/submit';
import { localMidnight } from '../../src/core/staff/deadline';
import type { LookupResult } from '../../src/shared/types';

const HOUR = 3600_000;
const LAN_CODE = nthCode(701);
const HUNG_CODE = nthCode(702);

const LAN = { name: 'Nguyễn Thị Lan', phone: '0912 345 678', email: 'lan.nguyen@example.com', address: 'Số 12 ngõ 34 Hàng Bông' };
const HUNG = { name: 'Trần Văn Hùng', phone: '+84 988 777 666', email: 'hung.tran@example.vn', address: '25 Lê Lợi, tổ 7' };

/** Folded for the search (no accents, lower case, spacing collapsed), so a secret is found in any spelling. */
function folded(s: string): string {
  return s
    .normalize('NFKD')
    .replace(/\p{M}/gu, '')
    .replace(/[đĐ]/g, 'd')
    .toLowerCase()
    .replace(/[\u2011\u00a0]/g, (c) => (c === '\u2011' ? '-' : ' '))
    .replace(/\s+/g, ' ');
}

/** What must appear nowhere, folded; digits also with every separator removed. */
const SECRETS = ['nguyen thi lan', 'thi lan', 'lan.nguyen', 'lan nguyen', 'hang bong', 'tran van hung', 'van hung', 'hung.tran', 'le loi'];
const SECRET_DIGITS = ['912345678', '988777666', '001099012345', '19036543210012', '123456789'];

function leaks(text: string): string[] {
  const f = folded(text);
  const found = SECRETS.filter((s) => f.includes(s));
  // Digit runs: compared on each line's digits alone, so two numbers side by side never make a false match.
  for (const line of f.split(/\n|\t|\|/)) {
    const d = line.replace(/[^0-9a-z]+/g, '').replace(/[a-z]+/g, ' ');
    for (const s of SECRET_DIGITS) if (d.split(' ').some((run) => run.includes(s))) found.push(s);
  }
  return [...new Set(found)];
}

/** The text of a PDF's content streams, each inflated. */
function pdfText(bytes: Uint8Array): string {
  const raw = Buffer.from(bytes).toString('latin1');
  const out: string[] = [];
  for (const m of raw.matchAll(/stream\r?\n([\s\S]*?)endstream/g)) {
    try {
      out.push(inflateSync(Buffer.from(m[1], 'latin1')).toString('latin1'));
    } catch {
      // An image stream that is not deflated text.
    }
  }
  return out.join('\n');
}

function plant(sb: Sandbox, r: Partial<FeedbackRecord>): void {
  sb.world
    .boxSpreadsheet()!
    .getSheetByName('Góp ý')!
    .appendRow(recordToCells({ ...rowToRecord([]), emailStatus: 'đã gửi', status: 'Mới', ...r } as FeedbackRecord));
}

describe('no channel out of the inbox carries the resident’s data', () => {
  test('report, notices, digest, monthly report, lookup and results page', () => {
    const now = { t: localMidnight(2026, 9, 3).getTime() + 6 * HOUR };
    const sb = newBox({ now: () => now.t });
    setConfigValue(sb, 'Ngày nghỉ lễ', '');
    const received = (day: number) => new Date(localMidnight(2026, 8, day).getTime() + 9 * HOUR);
    plant(sb, {
      trackingCode: LAN_CODE,
      receivedAt: received(10),
      source: 'QR',
      locationCode: 'KDC01',
      locationName: 'Nhà văn hóa khu dân cư số 1',
      kind: 'Phản ánh',
      category: 'Vệ sinh môi trường',
      ...LAN,
      content:
        'Tôi là NGUYEN THI LAN, nhà ở so 12 ngo 34 hang bong. Rác ở đầu ngõ 12 ba ngày chưa thu gom. Gọi 0912.345.678 ' +
        'hoặc zalo 0912 345 678, thư lan.nguyen (a) example chấm com, CCCD 001 099 012 345, STK 1903 6543 2100 12.',
      status: 'Đã trả lời',
      publicReply: 'Kính gửi bà Nguyễn Thị Lan (0912 345 678, lan.nguyen@example.com): đã thu gom rác trước Số 12 ngõ 34 Hàng Bông.',
      publish: true,
    });
    // A letter staff typed in: its place and a status note typed by hand, both naming the sender.
    plant(sb, {
      trackingCode: HUNG_CODE,
      receivedAt: received(12),
      source: 'Thư giấy',
      locationCode: 'NHA25',
      locationName: 'Trước nhà ông Trần Văn Hùng, 25 Lê Lợi, tổ 7',
      kind: 'Kiến nghị',
      category: 'Trật tự đô thị',
      ...HUNG,
      content: 'Tôi, tran van hung (CMND 123 456 789), đề nghị dẹp quán hát karaoke sau 22h.',
      status: 'Đã gọi lại cho ông Trần Văn Hùng',
      publicReply: 'Đã làm việc với chủ quán, cảm ơn ông Văn Hùng.',
      publish: true,
    });

    const outputs: Record<string, string> = {};
    const ran = (name: string, fn: string, args: unknown[]) => {
      const res = sb.run<{ ok: boolean; lines?: string[] }>(fn, args, { user: ADMIN });
      expect([name, res.value.ok]).toEqual([name, true]);
    };
    ran('report', 'buildSynthesisReport', [{ period: '08/2026' }]);
    ran('notices', 'buildLocationNotices', [{ period: '08/2026' }]);
    // The digest counts the last 7 days.
    now.t = localMidnight(2026, 8, 14).getTime() + 6 * HOUR;
    ran('digest', 'sendWeeklyDigest', []);
    now.t = localMidnight(2026, 9, 1).getTime() + 6 * HOUR;
    sb.fireHandler('buildMonthlyReport');
    sb.fireHandler('refreshPublicResults');
    // The "Thống kê" sheet the hourly run fills for Looker Studio, which may be shared beyond the committee.
    const stats = sb.world.boxSpreadsheet()!.getSheetByName('Thống kê')!;
    outputs['Thống kê'] = stats
      .getDataRange()
      .getValues()
      .map((r) => r.join('\t'))
      .join('\n');
    for (const [i, doc] of sb.world.docs.all().entries()) {
      outputs[`doc ${i} ${doc.getName()}`] = doc.text();
    }
    for (const f of sb.world.drive.files().filter((x) => x.mimeType === 'application/pdf')) {
      outputs[`pdf ${f.name}`] = pdfText(f.bytes);
    }
    const mails = sb.world.gmail.sent.filter((m) => !m.subject.includes(LAN_CODE) && !m.subject.includes(HUNG_CODE));
    for (const [i, m] of mails.entries()) outputs[`mail ${i} ${m.subject}`] = `${m.subject}\n${m.body}\n${m.htmlBody ?? ''}`;
    for (const code of [LAN_CODE, HUNG_CODE]) {
      const found = sb.run<LookupResult>('lookupFeedback', [code]).value;
      expect(found.found).toBe(true);
      outputs[`lookup ${code}`] = JSON.stringify(found);
    }
    for (const loc of ['', 'KDC01', 'NHA25']) {
      const page = sb.run<{ getContent(): string }>('doGet', [{ parameter: loc ? { view: 'results', loc } : { view: 'results' } }]);
      outputs[`results ${loc || 'index'}`] = page.value.getContent();
    }
    // Every channel was reached: a report, notices and a monthly report; the digest and the monthly email; replies.
    const names = Object.keys(outputs);
    expect(names.filter((n) => n.startsWith('doc ')).length).toBeGreaterThanOrEqual(3);
    expect(names.some((n) => n.startsWith('mail ') && n.includes('Tóm tắt tuần'))).toBe(true);
    expect(names.some((n) => n.startsWith('mail ') && n.includes('Báo cáo tổng hợp'))).toBe(true);
    expect(outputs[`lookup ${LAN_CODE}`]).toContain('đã thu gom rác');
    expect(Object.entries(outputs).find(([n]) => n.startsWith('pdf Báo cáo'))![1]).toMatch(/thu gom/);
    expect(outputs['results KDC01']).toContain('đã thu gom rác');
    expect(outputs['Thống kê']).toContain('Trật tự đô thị');
    expect(sb.world.gmail.sent.some((m) => m.to.includes(COMMITTEE))).toBe(true);
    const found: Record<string, string[]> = {};
    for (const [name, text] of Object.entries(outputs)) {
      const l = leaks(text);
      if (l.length > 0) found[name] = l;
    }
    expect(found).toEqual({});
  });
});
