/**
 * A box whose Địa điểm sheet has no active place: the residents' form takes opinions without a place, on the built
 * script, from the page's boot data to the row, the committee email and the lookup.
 */
import { boxSheet, logRows, newBox, payload } from '../../sandbox/box';
import type { FakeHtmlOutput } from '../../sandbox/fakes/script';
import { COL } from '../../src/core/records/feedback-record';
import type { BootData, LookupResult, SubmitResult } from '../../src/shared/types';

type Box = ReturnType<typeof newBox>;

/** Staff untick "Hoạt động" on the given places (every place when none is named), in one edit as a person makes it. */
function untick(sb: Box, codes?: string[]): void {
  const places = boxSheet(sb, 'Địa điểm');
  const rows = places.getDataRange().getValues();
  for (let i = 1; i < rows.length; i++) {
    if (!rows[i][0] || (codes && !codes.includes(String(rows[i][0])))) continue;
    sb.editSheet(sb.world.script.ownerEmail, { sheet: 'Địa điểm', row: i + 1, column: 5 }, [[false]]);
  }
}

function bootOf(sb: Box, parameter: Record<string, string> = {}): BootData {
  const html = sb.run<FakeHtmlOutput>('doGet', [{ parameter }]).value.getContent();
  return JSON.parse(/id="boot">([\s\S]*?)<\/script>/.exec(html)![1]) as BootData;
}

function responseRows(sb: Box): unknown[][] {
  return boxSheet(sb, 'Góp ý').getDataRange().getValues().slice(1);
}

describe('a box with no active place', () => {
  test('the form takes an opinion without a place: a code, a row with empty place cells, an email that reads well, a lookup', () => {
    const sb = newBox();
    untick(sb);
    // Staff are told, and the cache the edit trigger refreshed is what the next visitor reads.
    expect(logRows(sb).join('\n')).toContain('Chưa có địa điểm nào đang hoạt động');
    sb.world.script.cache.clear();

    for (const parameter of [{}, { loc: 'KDC01' }] as Record<string, string>[]) {
      const boot = bootOf(sb, parameter);
      expect(boot.view).toBe('form');
      expect(boot.locations).toEqual([]);
      expect(boot.location).toBeNull();
      expect(boot.categories).toContain('Vệ sinh môi trường');
    }

    const sent = sb.run<SubmitResult>('submitFeedback', [payload({ location: '' })]).value;
    if (!sent.ok) throw new Error(JSON.stringify(sent.errors));
    expect(sent.trackingCode).toMatch(/^HB-[2-9A-HJKMNP-Z]{7}$/);
    const rows = responseRows(sb);
    expect(rows).toHaveLength(1);
    expect(rows[0][COL.trackingCode - 1]).toBe(sent.trackingCode);
    expect(rows[0][COL.locationCode - 1]).toBe('');
    expect(rows[0][COL.locationName - 1]).toBe('');
    expect(rows[0][COL.content - 1]).toBe('Rác thải đổ bừa bãi ở đầu ngõ 12 đã ba ngày chưa được thu gom.');

    expect(sb.world.gmail.sent).toHaveLength(1);
    const mail = sb.world.gmail.sent[0];
    expect(mail.subject).toBe(`[Hòm thư góp ý] ${sent.trackingCode} – Chưa xác định – Vệ sinh môi trường`);
    expect(mail.body).toContain('\nĐịa điểm: Chưa xác định\n');
    expect(mail.htmlBody).toContain('Chưa xác định');
    expect(mail.body + (mail.htmlBody ?? '')).not.toContain('()');

    const found = sb.run<LookupResult>('lookupFeedback', [sent.trackingCode]).value;
    expect(found).toMatchObject({ found: true, trackingCode: sent.trackingCode, status: 'Mới' });
  });

  test('a page opened while the place was active sends it: the opinion is kept, without the place', () => {
    const sb = newBox();
    untick(sb);
    const sent = sb.run<SubmitResult>('submitFeedback', [payload({ location: 'KDC01' })]).value;
    expect(sent.ok).toBe(true);
    const [row] = responseRows(sb);
    expect([row[COL.locationCode - 1], row[COL.locationName - 1]]).toEqual(['', '']);
  });

  test('while another place is active, a poster of an unticked place keeps the chooser and a missing place is refused', () => {
    const sb = newBox();
    untick(sb, ['KDC01']);
    sb.world.script.cache.clear();
    const boot = bootOf(sb, { loc: 'KDC01' });
    expect(boot.location).toBeNull();
    expect(boot.unknownLocation).toBe(true);
    expect(boot.locations.length).toBeGreaterThan(0);
    expect(boot.locations.map((l) => l.code)).not.toContain('KDC01');
    for (const location of ['', 'KDC01']) {
      const refused = sb.run<SubmitResult>('submitFeedback', [payload({ location })]).value;
      expect(refused).toMatchObject({ ok: false, errors: [{ field: 'location' }] });
    }
    expect(responseRows(sb)).toHaveLength(0);
  });
});
