/**
 * The preview's PDFs, made as the owner makes them on the admin page in Debian's Chromium: the posters' PDF is a real
 * PDF of the same document the Doc shows (fonts embedded, every location's name readable with its diacritics, a QR
 * image per poster that opens the preview itself), and a period typed on the admin page reaches the action whose
 * PDF then covers that period.
 */
import jsQR from 'jsqr';
import type { Page } from 'playwright-core';
import { payload } from '../../sandbox/box';
import { browserTest, openAdmin, startRig, type BrowserRig } from './helpers';
import { embeddedFonts, pdfImages, pdfPageTexts } from './pdf-read';

jest.setTimeout(180_000);

let rig: BrowserRig = undefined as unknown as BrowserRig;
beforeAll(async () => {
  rig = (await startRig()) as BrowserRig;
});
afterAll(async () => {
  await rig?.close();
});

/** Runs an owner action from its button and gives back the result's links (label → href). */
async function run(page: Page, button: string): Promise<Map<string, string>> {
  await page.getByRole('button', { name: button, exact: true }).click();
  await page.locator('#result:not([hidden]):not(.running)').waitFor();
  expect(await page.locator('#result').getAttribute('class')).not.toBe('failed');
  const links = new Map<string, string>();
  for (const a of await page.locator('#result-links a').all()) links.set(await a.innerText(), (await a.getAttribute('href'))!);
  return links;
}

async function pdfAt(href: string): Promise<Uint8Array> {
  expect(href).toMatch(/^\/__preview\/files\/drive\/.+\.pdf$/);
  const res = await fetch(`${rig.preview.url}${href}`);
  expect(res.status).toBe(200);
  expect(res.headers.get('content-type')).toBe('application/pdf');
  return new Uint8Array(await res.arrayBuffer());
}

/** The locations of the sample box, as the Địa điểm sheet lists them. */
function locations(): { code: string; name: string }[] {
  const sheet = rig.preview.sandbox.world.boxSpreadsheet()!.getSheetByName('Địa điểm')!;
  return sheet
    .getDataRange()
    .getValues()
    .slice(1)
    .filter((r) => r[0] && r[4] === true)
    .map((r) => ({ code: String(r[0]), name: String(r[1]) }));
}

/** Text without its white space: lines wrap where the page is full, and a wrap drops the space it replaces. */
const squash = (s: string) => s.replace(/\s+/g, '');

browserTest(
  'the posters PDF is a real PDF of the posters: embedded fonts, names with diacritics, QR codes opening the preview',
  async () => {
    expect(rig.preview.pdfUnavailable()).toBeNull();
    const page = await openAdmin(rig);
    const links = await run(page, 'Tạo poster QR');
    const pdf = await pdfAt(links.get('Tài liệu in chung (PDF)')!);
    expect(Buffer.from(pdf.subarray(0, 5)).toString('latin1')).toBe('%PDF-');
    expect(embeddedFonts(pdf).length).toBeGreaterThan(0);

    const places = locations();
    expect(places.length).toBeGreaterThanOrEqual(3);
    const pages = pdfPageTexts(pdf);
    expect(pages).toHaveLength(places.length);
    // One poster a page, in the order of the sheet: the location's name with its diacritics, and its address.
    places.forEach(({ code, name }, i) => {
      expect(squash(pages[i])).toContain(squash(`Địa điểm: ${name}`));
      expect(squash(pages[i])).toContain(`${rig.preview.url}/exec?loc=${code}`);
    });
    expect(places.some((p) => /[ăâđêôơưạảấầẩẫậắằẳẵặẹẻẽếềểễệỉịọỏốồổỗộớờởỡợụủứừửữựỳỵỷỹ]/i.test(p.name))).toBe(true);
    // The QR images themselves: each one opens this preview at its location.
    const decoded = pdfImages(pdf).map((im) => jsQR(im.rgba, im.width, im.height)?.data);
    expect(decoded.sort()).toEqual(places.map((p) => `${rig.preview.url}/exec?loc=${p.code}`).sort());

    // The Doc the PDF was printed from is the same document: it opens locally and says the same.
    const doc = await (await fetch(`${rig.preview.url}${links.get('Tài liệu in chung (Google Docs)')!}`)).text();
    for (const { name } of places) expect(doc).toContain(`Địa điểm: ${name}`);
    await page.context().close();
  },
);

browserTest('a period typed on the admin page reaches the action: the notices PDF covers that month', async () => {
  // One opinion this month at KDC01; last month (the default) has none.
  const sent = rig.preview.sandbox.run('submitFeedback', [payload()], { user: '' }).value as { ok: boolean };
  expect(sent.ok).toBe(true);
  await rig.preview.persister.idle();
  const now = new Date(Date.now() + 7 * 3600_000);
  const month = now.getUTCMonth() + 1;
  const period = `${String(month).padStart(2, '0')}/${now.getUTCFullYear()}`;

  const page = await openAdmin(rig);
  const input = page.locator('#in-buildLocationNotices-period');
  expect(await input.inputValue()).not.toBe(period);
  await input.fill(period);
  const links = await run(page, 'In kết quả theo địa điểm');
  const pdf = await pdfAt(links.get('Mở bản PDF để in')!);
  const pages = pdfPageTexts(pdf).map(squash);
  const kdc01 = pages.find((t) => t.includes('(KDC01)'));
  expect(kdc01).toBeDefined();
  expect(kdc01).toContain(squash(`qua Hòm thư số góp ý – tháng ${month}/${now.getUTCFullYear()}`));
  expect(kdc01).toContain(squash('Tổng số ý kiến tiếp nhận 1'));
  await page.context().close();
});
