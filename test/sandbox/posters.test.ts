/**
 * QR posters on the built script: one Google Doc + PDF per active location and a combined document, QR images that
 * decode to the location's link, a resumable job that survives a crash, bad codes reported and skipped, repair of
 * trashed docs and folders, and refusals (anonymous caller, no link in Cấu hình, a /dev link).
 */
import { ADMIN, SERVICE_URL, logRows, newBox as newSetUpBox, payload, setConfigValue } from '../../sandbox/box';
import type { Sandbox } from '../../sandbox/vm';
import { DOC_MIME, type FakeDocument } from '../../sandbox/fakes/docs';
import type { FakeFile, FakeFolder } from '../../sandbox/fakes/drive';
import type { FakeHtmlOutput, TriggerRecord } from '../../sandbox/fakes/script';
import type { FakeSheet } from '../../sandbox/fakes/spreadsheet';
import { POSTER_BOX_TITLE, POSTER_LINK_MISSING, POSTER_QR_WIDTH_PX } from '../../src/core/posters/poster';
import { qrPng } from '../../src/core/posters/qr-png';
import { pdfImagePlacements, pointsToCm } from '../../src/core/platform/pdf-images';
import { inflateRawSync } from 'node:zlib';
import { PNG, jsQR } from '../helpers/image-libs';
import { SMALL_PRINT_PX, readGray, resample, scanGray } from '../helpers/qr-images';
import type { PosterRunReport } from '../../src/server/posters';

type Report = PosterRunReport;

const SAMPLE = ['TRUSO', 'KDC01', 'KDC02', 'KDC03'];
const POSTER_LINK = 'Đường dẫn cho poster (tùy chọn)';

/** A set-up box whose owner has pasted the residents' address (the sandbox's deployment) into Cấu hình. */
function newBox(): Sandbox {
  const sb = newSetUpBox();
  setConfigValue(sb, POSTER_LINK, SERVICE_URL);
  return sb;
}

function locSheet(sb: Sandbox): FakeSheet {
  return sb.world.boxSpreadsheet()!.getSheetByName('Địa điểm')!;
}

/** Rows 2.. of Địa điểm as objects. */
function locRows(sb: Sandbox) {
  const values = locSheet(sb).getDataRange().getValues().slice(1);
  return values.map((r, i) => ({
    row: i + 2,
    code: String(r[0]),
    name: String(r[1]),
    active: r[4] === true,
    doc: String(r[5] ?? ''),
    pdf: String(r[6] ?? ''),
    at: r[7],
    note: String(r[8] ?? ''),
  }));
}

function addLocations(sb: Sandbox, rows: [string, string, boolean?][]): void {
  const sheet = locSheet(sb);
  const start = sheet.getLastRow() + 1;
  sheet
    .getRange(start, 1, rows.length, 5)
    .setValues(rows.map(([code, name, active]) => [`'${code}`, `'${name}`, "'nhà văn hóa", '', active ?? true]));
}

function postersFolder(sb: Sandbox): FakeFolder {
  return sb.world.drive.get(sb.world.script.properties.get('POSTERS_FOLDER_ID')!) as FakeFolder;
}

function liveFiles(sb: Sandbox, folder: FakeFolder, mime?: string): FakeFile[] {
  return sb.world.drive.files().filter((f) => f.parentId === folder.id && !f.isTrashed() && (!mime || f.mimeType === mime));
}

const idOf = (url: string) => /\/d\/([^/]+)/.exec(url)![1];

function docOf(sb: Sandbox, url: string): FakeDocument {
  const d = sb.world.docs.get(idOf(url));
  if (!d) throw new Error(`no doc ${url}`);
  return d;
}

function decodeQr(png: Uint8Array): string | null {
  const img = PNG.sync.read(Buffer.from(png));
  const r = jsQR(new Uint8ClampedArray(img.data.buffer, img.data.byteOffset, img.data.length), img.width, img.height, {
    inversionAttempts: 'dontInvert',
  });
  return r ? r.data : null;
}

/** The PNG shrunk to size×size px by area averaging, then read by jsQR. */
function decodeQrDownscaled(png: Uint8Array, size = SMALL_PRINT_PX): string | null {
  return scanGray(resample(readGray(png), size, size))?.data ?? null;
}

function gen(sb: Sandbox, fn = 'generatePosters') {
  return sb.run<Report>(fn, [], { user: ADMIN });
}

/** Fires the continuation trigger until the job has none left; returns how many executions that took. */
function drain(sb: Sandbox, max = 200): number {
  let n = 0;
  for (;;) {
    const t = sb.world.script.triggers.find((x) => x.handler === 'continuePosters');
    if (!t) return n;
    if (++n > max) throw new Error('job never finished');
    sb.fireTrigger(t.uid);
  }
}

/** Every active sample row has exactly one live poster doc, and no other poster doc is alive in the folder. */
function expectOnePosterPerLocation(sb: Sandbox, codes: string[], allowOrphans = 0) {
  const rows = locRows(sb).filter((r) => codes.includes(r.code));
  expect(rows.map((r) => r.code).sort()).toEqual([...codes].sort());
  const folder = postersFolder(sb);
  const liveDocs = liveFiles(sb, folder, DOC_MIME);
  const combinedId = JSON.parse(sb.world.script.properties.get('POSTER_COMBINED')!).docId;
  const posterDocs = liveDocs.filter((f) => f.id !== combinedId);
  for (const r of rows) {
    expect(r.doc).toMatch(/^https:\/\/docs\.google\.com\/document\/d\/.+\/edit$/);
    expect(posterDocs.some((f) => f.id === idOf(r.doc))).toBe(true);
    expect(r.note).toContain(`Poster làm cho: ${r.code}|${r.name}`);
  }
  const linked = new Set(rows.map((r) => idOf(r.doc)));
  const orphans = posterDocs.filter((f) => !linked.has(f.id));
  expect(orphans.length).toBeLessThanOrEqual(allowOrphans);
  // No template left behind, and every PDF in the folder is a current one (or the combined one).
  expect(liveDocs.some((f) => f.name.startsWith('Mẫu poster'))).toBe(false);
  return { posterDocs, orphans };
}

describe('generatePosters', () => {
  test('makes one A4 doc with a PNG QR and the right texts per active location, PDFs in the posters folder, links in the sheet', () => {
    const sb = newBox();
    addLocations(sb, [['KDC09', 'Nhà văn hóa tạm dừng', false]]);
    const run = gen(sb, 'generatePosters');
    expect(run.value.status).toBe('finished');
    expect(run.value.made).toBe(4);
    const folder = postersFolder(sb);
    const rows = locRows(sb);
    for (const r of rows.filter((x) => x.active)) {
      const doc = docOf(sb, r.doc);
      const text = doc.text();
      expect(text).toContain(POSTER_BOX_TITLE);
      expect(text).toContain(`Địa điểm: ${r.name}`);
      expect(text).toContain(`${SERVICE_URL}?loc=${r.code}`);
      expect(text).toContain('Mặt trận Tổ quốc');
      expect(text).toMatch(/không công khai/);
      expect(doc.body.page).toEqual({ width: 595.28, height: 841.89 });
      const images = doc.body.getImages();
      expect(images).toHaveLength(1);
      expect(images[0].blob.contentType).toBe('image/png');
      expect(images[0].width).toBe(POSTER_QR_WIDTH_PX);
      expect(images[0].height).toBe(POSTER_QR_WIDTH_PX);
      const qrPara = doc.body.getParagraphs().find((p) => p.images.length)!;
      expect(qrPara.alignment).toBe('CENTER');
      // The template's formatting survives filling in the location and the link (the fake's setText drops it).
      const para = (text: string) => doc.body.getParagraphs().find((p) => p.text === text)!;
      expect(para(`Địa điểm: ${r.name}`).attrs).toMatchObject({ BOLD: true, FONT_SIZE: 18 });
      expect(para(`${SERVICE_URL}?loc=${r.code}`).attrs).toMatchObject({ BOLD: true, FONT_SIZE: 11 });
      const docFile = sb.world.drive.get(idOf(r.doc)) as FakeFile;
      expect(docFile.parentId).toBe(folder.id);
      const pdf = sb.world.drive.get(idOf(r.pdf)) as FakeFile;
      expect(pdf.mimeType).toBe('application/pdf');
      expect(pdf.parentId).toBe(folder.id);
      expect(pdf.name).toBe(`${docFile.name}.pdf`);
      expect(Buffer.from(pdf.bytes.slice(0, 5)).toString()).toBe('%PDF-');
      // Printed at least 8 cm wide, as read back from the PDF's image placement.
      const [placed] = pdfImagePlacements(pdf.bytes, (d) => new Uint8Array(inflateRawSync(d)));
      expect(pointsToCm(placed.widthPt)).toBeGreaterThanOrEqual(8);
      expect(Object.prototype.toString.call(r.at)).toBe('[object Date]');
    }
    // The inactive row gets nothing.
    const off = rows.find((r) => r.code === 'KDC09')!;
    expect(off.doc).toBe('');
    // The combined document: every poster on its own page, and its PDF.
    const combined = docOf(sb, run.value.combinedDocUrl!);
    expect(combined.body.elements.filter((e) => e.type === 'pagebreak')).toHaveLength(3);
    expect(combined.body.getImages()).toHaveLength(4);
    for (const code of SAMPLE) expect(combined.text()).toContain(`${SERVICE_URL}?loc=${code}`);
    for (const p of combined.body.getParagraphs().filter((x) => x.text.startsWith('Địa điểm: '))) {
      expect(p.attrs).toMatchObject({ BOLD: true, FONT_SIZE: 18 });
    }
    expect((sb.world.drive.get(idOf(run.value.combinedPdfUrl!)) as FakeFile).parentId).toBe(folder.id);
    expect(liveFiles(sb, folder, DOC_MIME)).toHaveLength(5);
    expect(liveFiles(sb, folder, 'application/pdf')).toHaveLength(5);
    // The owner is told where things are, as text and links; no continuation is left behind.
    expect(run.value).toMatchObject({ title: 'Poster QR', ok: true });
    expect(run.value.lines.join('\n')).toMatch(/Đã tạo 4 poster/);
    expect(run.value.lines).toContain(
      `Mã QR trên poster dẫn tới ${SERVICE_URL} (thêm ?loc=<mã địa điểm>): hãy thử quét một poster trước khi in.`,
    );
    expect(run.value.links).toEqual([
      { label: 'Tài liệu in chung (Google Docs)', url: run.value.combinedDocUrl },
      { label: 'Tài liệu in chung (PDF)', url: run.value.combinedPdfUrl },
    ]);
    expect(sb.world.script.triggers.some((t) => t.handler === 'continuePosters')).toBe(false);
    expect([...sb.world.script.properties.keys()].some((k) => k.startsWith('POSTER_JOB'))).toBe(false);
    expectOnePosterPerLocation(sb, SAMPLE);
  });

  test('every QR image (posters and combined document) decodes to exactly <service url>?loc=<code>, also shrunk to a 2.5 cm print at 300 dpi', () => {
    expect(SMALL_PRINT_PX).toBe(295);
    const sb = newBox();
    addLocations(sb, [
      ['TDP-07', 'Tổ dân phố 7'],
      ['cho_hb', 'Chợ Hòa Bình'],
    ]);
    const run = gen(sb);
    const rows = locRows(sb).filter((r) => r.active);
    for (const r of rows) {
      const [img] = docOf(sb, r.doc).body.getImages();
      expect(decodeQr(img.blob.bytes)).toBe(`${SERVICE_URL}?loc=${r.code}`);
      expect(decodeQrDownscaled(img.blob.bytes)).toBe(`${SERVICE_URL}?loc=${r.code}`);
    }
    const images = docOf(sb, run.value.combinedDocUrl!).body.getImages();
    expect(images.map((im) => decodeQr(im.blob.bytes))).toEqual(rows.map((r) => `${SERVICE_URL}?loc=${r.code}`));
    expect(images.map((im) => decodeQrDownscaled(im.blob.bytes))).toEqual(rows.map((r) => `${SERVICE_URL}?loc=${r.code}`));
  });

  test('the downscaled check is not a formality: a QR too fine for a 2.5 cm print does not decode', () => {
    // A 1,500-character link needs a version-40 symbol (177 modules + quiet zone): under 2 px a module at 295 px.
    const { png } = qrPng(`https://hom-thu.example.org/${'g'.repeat(1500)}`, { level: 'M', quietZone: 4 });
    expect(decodeQr(png)).toMatch(/^https:\/\/hom-thu/);
    expect(decodeQrDownscaled(png)).toBeNull();
  });

  test('a second run makes nothing; a new row, a renamed row and a trashed doc get new posters, old ones trashed', () => {
    const sb = newBox();
    gen(sb);
    const before = locRows(sb);
    const again = gen(sb);
    expect(again.value.made).toBe(0);
    expect(again.value.lines.join('\n')).toMatch(/không cần tạo thêm/);
    expect(locRows(sb).map((r) => r.doc)).toEqual(before.map((r) => r.doc));

    addLocations(sb, [['KDC04', 'Nhà văn hóa khu dân cư số 4']]);
    locSheet(sb).getRange(4, 2).setValue("'Nhà văn hóa khu dân cư số 2 (mới)");
    const kdc03 = before.find((r) => r.code === 'KDC03')!;
    (sb.world.drive.get(idOf(kdc03.doc)) as FakeFile).setTrashed(true);
    const run = gen(sb);
    expect(run.value.made).toBe(3);
    const after = locRows(sb);
    const byCode = (rows: typeof after, c: string) => rows.find((r) => r.code === c)!;
    expect(byCode(after, 'TRUSO').doc).toBe(byCode(before, 'TRUSO').doc);
    expect(byCode(after, 'KDC02').doc).not.toBe(byCode(before, 'KDC02').doc);
    expect(docOf(sb, byCode(after, 'KDC02').doc).text()).toContain('Nhà văn hóa khu dân cư số 2 (mới)');
    expect((sb.world.drive.get(idOf(byCode(before, 'KDC02').doc)) as FakeFile).isTrashed()).toBe(true);
    expect((sb.world.drive.get(idOf(byCode(before, 'KDC02').pdf)) as FakeFile).isTrashed()).toBe(true);
    expect(byCode(after, 'KDC03').doc).not.toBe(kdc03.doc);
    expect(byCode(after, 'KDC04').doc).not.toBe('');
    // The combined document was rebuilt (names changed) and the previous one trashed.
    expect(run.value.combinedDocUrl).toBeDefined();
    expect(docOf(sb, run.value.combinedDocUrl!).body.getImages()).toHaveLength(5);
    expectOnePosterPerLocation(sb, [...SAMPLE, 'KDC04']);
    expect(liveFiles(sb, postersFolder(sb), DOC_MIME)).toHaveLength(6);
    expect(liveFiles(sb, postersFolder(sb), 'application/pdf')).toHaveLength(6);
  });

  test('only a trashed doc: that poster is made again and the combined document is kept', () => {
    const sb = newBox();
    const first = gen(sb);
    const kdc01 = locRows(sb).find((r) => r.code === 'KDC01')!;
    (sb.world.drive.get(idOf(kdc01.doc)) as FakeFile).setTrashed(true);
    const run = gen(sb);
    expect(run.value.made).toBe(1);
    expect(run.value.lines.join('\n')).toMatch(/không thay đổi/);
    expect(JSON.parse(sb.world.script.properties.get('POSTER_COMBINED')!).docId).toBe(idOf(first.value.combinedDocUrl!));
    expectOnePosterPerLocation(sb, SAMPLE);
  });

  test('a trashed posters folder is taken back out with every poster in it, and nothing is made twice', () => {
    const sb = newBox();
    gen(sb);
    const old = postersFolder(sb);
    old.setTrashed(true);
    const run = gen(sb);
    expect(run.value.status).toBe('finished');
    expect(run.value.made).toBe(0);
    const back = postersFolder(sb);
    expect(back.id).toBe(old.id);
    expect(back.isTrashed()).toBe(false);
    expect(liveFiles(sb, back, DOC_MIME)).toHaveLength(5);
    expectOnePosterPerLocation(sb, SAMPLE);
  });

  test('a posters folder deleted for good is made again with every poster in it', () => {
    const sb = newBox();
    gen(sb);
    const old = postersFolder(sb);
    for (const f of sb.world.drive.files()) if (f.parentId === old.id) sb.world.drive.items.delete(f.id);
    sb.world.drive.items.delete(old.id);
    const run = gen(sb);
    expect(run.value.status).toBe('finished');
    expect(run.value.made).toBe(4);
    const fresh = postersFolder(sb);
    expect(fresh.id).not.toBe(old.id);
    expect(liveFiles(sb, fresh, DOC_MIME)).toHaveLength(5);
    expectOnePosterPerLocation(sb, SAMPLE);
  });

  test('bad codes (space, Vietnamese letter, duplicate) are reported in Ghi chú and skipped, never changed; a long name is kept whole', () => {
    const sb = newBox();
    const longName = `Nhà văn hóa ${'khu dân cư liên tổ dân phố số một hai ba bốn năm sáu bảy tám chín mười '.repeat(4)}Hòa Bình`.trim();
    addLocations(sb, [
      ['KDC 05', 'Có dấu cách'],
      ['Chợ01', 'Chợ có dấu'],
      ['kdc01', 'Trùng mã khác chữ hoa'],
      ['DAI', longName],
    ]);
    locSheet(sb).getRange(7, 9).setValue("'Ghi chú của phường: cột đèn ở cổng");
    const run = gen(sb);
    expect(run.value.status).toBe('finished');
    const rows = locRows(sb);
    const row = (c: string) => rows.find((r) => r.code === c)!;
    expect(row('KDC 05').note).toMatch(/^Không tạo poster: Mã có dấu cách/);
    expect(row('Chợ01').note).toMatch(/Không tạo poster: .*tiếng Việt có dấu/);
    expect(row('Chợ01').note).toContain('Ghi chú của phường: cột đèn ở cổng');
    expect(row('kdc01').note).toMatch(/Không tạo poster: .*trùng với dòng 3/);
    expect(row('KDC01').note).toMatch(/Không tạo poster: .*trùng với dòng 8/);
    for (const c of ['KDC 05', 'Chợ01', 'kdc01', 'KDC01']) expect(row(c).doc).toBe('');
    // Codes are never altered.
    expect(rows.map((r) => r.code)).toEqual(['TRUSO', 'KDC01', 'KDC02', 'KDC03', 'KDC 05', 'Chợ01', 'kdc01', 'DAI']);
    expect(docOf(sb, row('DAI').doc).text()).toContain(`Địa điểm: ${longName}`);
    expect(run.value.made).toBe(4);
    expect(run.value.lines.join('\n')).toMatch(/4 địa điểm có mã không dùng được/);
  });

  test('a code with spaces at either end (or a pasted non-breaking space) is reported and skipped, never trimmed; the form does not offer it', () => {
    const sb = newBox();
    addLocations(sb, [
      [' KDC05 ', 'Nhà văn hóa khu dân cư số 5'],
      ['KDC06\u00a0', 'Nhà văn hóa khu dân cư số 6'],
    ]);
    sb.world.script.cache.clear();
    const run = gen(sb);
    expect(run.value.status).toBe('finished');
    expect(run.value.made).toBe(4);
    const rows = locRows(sb);
    // The codes stay exactly as typed.
    expect(rows.map((r) => r.code)).toEqual([...SAMPLE, ' KDC05 ', 'KDC06\u00a0']);
    for (const r of rows.slice(4)) {
      expect(r.note).toMatch(/^Không tạo poster: Mã có dấu cách \(ở đầu hoặc cuối mã\)/);
      expect(r.note).toContain('Có thể dùng "KDC0');
      expect(r.doc).toBe('');
      expect(r.pdf).toBe('');
    }
    expect(run.value.lines.join('\n')).toMatch(/2 địa điểm có mã không dùng được/);
    // No poster and no page in the combined document names them.
    const combined = docOf(sb, run.value.combinedDocUrl!);
    expect(combined.body.getImages()).toHaveLength(4);
    expect(combined.text()).not.toMatch(/KDC0[56]/);
    // The form neither offers them nor takes an opinion for them.
    const page = sb.run<FakeHtmlOutput>('doGet', [{ parameter: { loc: 'KDC05' } }]).value.getContent();
    const boot = JSON.parse(/id="boot">([\s\S]*?)<\/script>/.exec(page)![1]);
    expect(boot.locations.map((l: { code: string }) => l.code)).toEqual(SAMPLE);
    expect(boot.unknownLocation).toBe(true);
    for (const location of ['KDC05', ' KDC05 ', 'KDC06', 'KDC06\u00a0']) {
      expect(sb.run<{ ok: boolean }>('submitFeedback', [payload({ location })]).value.ok).toBe(false);
    }
    expect(sb.run<{ ok: boolean }>('submitFeedback', [payload({ location: 'KDC01' })]).value.ok).toBe(true);
  });

  test('"Tạo poster QR" after the short link is set remakes every poster (and the combined document) with it', () => {
    const sb = newBox();
    const first = gen(sb);
    const before = locRows(sb);
    const SHORT = 'https://hom-thu.example.org/gop-y';
    setConfigValue(sb, 'Đường dẫn cho poster (tùy chọn)', SHORT);
    const run = gen(sb);
    expect(run.value.made).toBe(4);
    const after = locRows(sb);
    for (const r of after) {
      const doc = docOf(sb, r.doc);
      expect(decodeQr(doc.body.getImages()[0].blob.bytes)).toBe(`${SHORT}?loc=${r.code}`);
      expect(doc.text()).toContain(`${SHORT}?loc=${r.code}`);
      expect(doc.text()).not.toContain(SERVICE_URL);
      const old = before.find((b) => b.code === r.code)!;
      expect((sb.world.drive.get(idOf(old.doc)) as FakeFile).isTrashed()).toBe(true);
      expect((sb.world.drive.get(idOf(old.pdf)) as FakeFile).isTrashed()).toBe(true);
    }
    expect(run.value.combinedDocUrl).toBeDefined();
    expect(run.value.combinedDocUrl).not.toBe(first.value.combinedDocUrl);
    expectOnePosterPerLocation(sb, SAMPLE);
    // Now current: a second run makes nothing. A new committee name (printed on every poster) makes them all again.
    expect(gen(sb).value.made).toBe(0);
    setConfigValue(sb, 'Tên cơ quan tiếp nhận', 'Ban Thường trực Ủy ban MTTQ Việt Nam phường Hòa Bình');
    const renamed = gen(sb);
    expect(renamed.value.made).toBe(4);
    for (const r of locRows(sb)) expect(docOf(sb, r.doc).text()).toContain('Ban Thường trực Ủy ban MTTQ Việt Nam phường Hòa Bình');
    expectOnePosterPerLocation(sb, SAMPLE);
  });

  test('a trashed or deleted PDF whose document is still there: that poster (doc and PDF) is made again', () => {
    const sb = newBox();
    gen(sb);
    const before = locRows(sb);
    const kdc02 = before.find((r) => r.code === 'KDC02')!;
    (sb.world.drive.get(idOf(kdc02.pdf)) as FakeFile).setTrashed(true);
    const run = gen(sb);
    expect(run.value.made).toBe(1);
    const now = locRows(sb).find((r) => r.code === 'KDC02')!;
    expect(now.doc).not.toBe(kdc02.doc);
    expect(now.pdf).not.toBe(kdc02.pdf);
    expect((sb.world.drive.get(idOf(now.pdf)) as FakeFile).isTrashed()).toBe(false);
    expect((sb.world.drive.get(idOf(kdc02.doc)) as FakeFile).isTrashed()).toBe(true);
    for (const r of locRows(sb).filter((x) => x.code !== 'KDC02')) expect(r.doc).toBe(before.find((b) => b.code === r.code)!.doc);
    expectOnePosterPerLocation(sb, SAMPLE);
  });

  test('a trashed combined PDF whose document is still there: the combined document is made again', () => {
    const sb = newBox();
    gen(sb);
    const before = JSON.parse(sb.world.script.properties.get('POSTER_COMBINED')!);
    (sb.world.drive.get(before.pdfId) as FakeFile).setTrashed(true);
    const run = gen(sb);
    expect(run.value.made).toBe(0);
    expect(run.value.lines.join('\n')).not.toMatch(/không thay đổi/);
    const pdf = sb.world.drive.get(idOf(run.value.combinedPdfUrl!)) as FakeFile;
    expect(pdf.isTrashed()).toBe(false);
    expect((sb.world.drive.get(before.docId) as FakeFile).isTrashed()).toBe(true);
    expectOnePosterPerLocation(sb, SAMPLE);
  });
});

describe('resumable job', () => {
  function bigBox(n: number) {
    const sb = newBox();
    addLocations(
      sb,
      Array.from({ length: n }, (_, i): [string, string] => [`TDP${String(i + 1).padStart(2, '0')}`, `Tổ dân phố ${i + 1}`]),
    );
    return sb;
  }
  const codesOf = (sb: Sandbox) =>
    locRows(sb)
      .filter((r) => r.active)
      .map((r) => r.code);

  test('"Tạo poster QR" after the poster link changed mid-job starts again with the new link instead of finishing the old one', () => {
    const sb = bigBox(2);
    sb.world.script.properties.set('POSTER_BUDGET_MS', '1');
    expect(gen(sb).value.status).toBe('paused');
    sb.world.script.properties.delete('POSTER_BUDGET_MS');
    const SHORT = 'https://hom-thu.example.org/gop-y';
    setConfigValue(sb, 'Đường dẫn cho poster (tùy chọn)', SHORT);
    const run = gen(sb);
    expect(run.value.status).toBe('finished');
    expect(run.value.lines.join('\n')).not.toMatch(/Tiếp tục lần tạo poster trước/);
    for (const r of locRows(sb).filter((x) => x.active)) {
      expect(decodeQr(docOf(sb, r.doc).body.getImages()[0].blob.bytes)).toBe(`${SHORT}?loc=${r.code}`);
    }
    expect(gen(sb).value.made).toBe(0);
    expectOnePosterPerLocation(sb, codesOf(sb));
  });

  /** Other work of the owner's account takes every trigger Apps Script allows it on the script (20 per user). */
  function takeEveryTrigger(sb: Sandbox): void {
    for (let i = 0; sb.world.script.triggersOf(ADMIN).length < 20; i++) {
      sb.world.script.triggers.push({
        uid: `9${i}`,
        handler: `otherWork${i}`,
        eventType: 'CLOCK',
        source: 'CLOCK',
        schedule: 'every hour',
        owner: ADMIN,
      });
    }
  }

  test('every trigger taken: the run stops where it is and says so; "Tạo poster QR" again goes on from there', () => {
    const sb = bigBox(4);
    takeEveryTrigger(sb);
    sb.world.script.properties.set('POSTER_BUDGET_MS', '1');
    const first = gen(sb);
    expect(first.value).toMatchObject({ status: 'stopped', ok: false, made: 1 });
    const text = first.value.lines.join('\n');
    expect(text).toMatch(/Không đặt được lịch tự chạy tiếp/);
    expect(text).toMatch(/20 trình kích hoạt/);
    expect(text).toMatch(/bấm lại "Tạo poster QR" để làm tiếp từ chỗ đã dừng/);
    expect(text).not.toMatch(/sẽ tự chạy tiếp|tự thử lại/);
    expect(text).toBe(text.normalize('NFC'));
    // The job is kept as it was; Nhật ký and the execution log say what happened.
    expect([...sb.world.script.properties.keys()].some((k) => k.startsWith('POSTER_JOB'))).toBe(true);
    expect(sb.world.script.triggers.some((t) => t.handler === 'continuePosters')).toBe(false);
    expect(logRows(sb).some((l) => l.includes('Không đặt được lịch tự chạy tiếp'))).toBe(true);
    expect(sb.world.logs.some((l) => l.level === 'error' && l.message.includes('posters.continuation-failed'))).toBe(true);
    const made = locRows(sb).filter((r) => r.doc !== '').length;
    expect(made).toBe(1);

    // Pressed again, each run goes on from where the last one stopped: nothing is made twice.
    let runs = 1;
    let last = first.value;
    while (last.status === 'stopped') {
      if (++runs > 40) throw new Error('never finished');
      last = gen(sb).value;
      expect(last.lines.join('\n')).toMatch(/Tiếp tục lần tạo poster trước/);
    }
    expect(last.status).toBe('finished');
    expect(runs).toBe(16); // 8 posters + 8 combined pages, one per run
    const { posterDocs } = expectOnePosterPerLocation(sb, codesOf(sb));
    expect(posterDocs).toHaveLength(8);
    expect(sb.world.script.triggers).toHaveLength(20);
  });

  test('every trigger taken and an error mid-run: no promise of a retry by itself; "Tạo poster QR" again finishes the job', () => {
    const sb = bigBox(3);
    takeEveryTrigger(sb);
    let n = 0;
    sb.world.faultHook = (call) => {
      if (call === 'File.makeCopy' && ++n === 3) throw new Error('Service error: Drive');
    };
    const first = gen(sb);
    sb.world.faultHook = null;
    expect(first.value).toMatchObject({ status: 'failed', ok: false });
    const text = first.value.lines.join('\n');
    expect(text).toMatch(/Có lỗi khi tạo poster: Service error: Drive/);
    expect(text).toMatch(/bấm lại "Tạo poster QR" để làm tiếp từ chỗ đã dừng/);
    expect(text).not.toMatch(/tự thử lại|sẽ tự chạy tiếp/);
    expect(logRows(sb).some((l) => l.includes('Không đặt được lịch tự chạy tiếp'))).toBe(true);
    const again = gen(sb);
    expect(again.value.status).toBe('finished');
    expect(again.value.lines.join('\n')).toMatch(/Tiếp tục lần tạo poster trước/);
    const { posterDocs } = expectOnePosterPerLocation(sb, codesOf(sb), 1);
    expect(posterDocs.length).toBeLessThanOrEqual(8);
  });

  test('a tiny time budget: one step per execution, continued by its one-off trigger until done', () => {
    const sb = bigBox(4);
    sb.world.script.properties.set('POSTER_BUDGET_MS', '1');
    const first = gen(sb);
    expect(first.value.status).toBe('paused');
    expect(first.value.made).toBe(1);
    const pending = sb.world.script.triggers.filter((t) => t.handler === 'continuePosters');
    expect(pending).toHaveLength(1);
    expect(pending[0].at).toBeDefined();
    // Progress shows in Ghi chú: made rows have their stamp, the rest are waiting.
    const notes = locRows(sb).map((r) => r.note);
    expect(notes.filter((n) => n.startsWith('Poster làm cho'))).toHaveLength(1);
    expect(notes.filter((n) => n.startsWith('Đang chờ tạo poster'))).toHaveLength(7);
    const runs = drain(sb);
    // 8 posters + 8 combined pages, one per execution.
    expect(runs).toBe(15);
    expect(sb.world.script.triggers.some((t) => t.handler === 'continuePosters')).toBe(false);
    expect([...sb.world.script.properties.keys()].some((k) => k.startsWith('POSTER_JOB'))).toBe(false);
    const { posterDocs } = expectOnePosterPerLocation(sb, codesOf(sb));
    expect(posterDocs).toHaveLength(8);
    const combinedId = JSON.parse(sb.world.script.properties.get('POSTER_COMBINED')!).docId;
    expect(sb.world.docs.get(combinedId)!.body.getImages()).toHaveLength(8);
  });

  test.each([1, 2, 3, 4, 5, 6])(
    'an error at poster %i: the run reports it, its trigger resumes, one poster per location, nothing orphaned',
    (k) => {
      const sb = bigBox(3);
      let n = 0;
      sb.world.faultHook = (call) => {
        if (call === 'File.makeCopy' && ++n === k) throw new Error('Service error: Drive');
      };
      const first = gen(sb);
      expect(first.value.status).toBe('failed');
      expect(first.value.lines[0]).toMatch(/Có lỗi khi tạo poster: Service error: Drive/);
      sb.world.faultHook = null;
      expect(drain(sb)).toBe(1);
      const { orphans } = expectOnePosterPerLocation(sb, codesOf(sb));
      expect(orphans).toHaveLength(0);
    },
  );

  // At each of the 8 posters the job makes.
  test.each([1, 2, 3, 4, 5, 6, 7, 8])(
    'a crash after poster %i was made but before its links were written: at most one orphan, redone once',
    (k) => {
      const sb = bigBox(4);
      let writes = 0;
      sb.world.faultHook = (call) => {
        // Range.setValues: the first one writes the "waiting" notes, then one per poster.
        if (call === 'Range.setValues' && ++writes === k + 1) throw new Error('Exceeded maximum execution time');
      };
      const first = gen(sb);
      expect(first.value.status).toBe('failed');
      sb.world.faultHook = null;
      drain(sb);
      const { orphans, posterDocs } = expectOnePosterPerLocation(sb, codesOf(sb), 1);
      expect(orphans).toHaveLength(1);
      expect(posterDocs).toHaveLength(9);
    },
  );

  test('a run killed without saving its place (lease left behind) redoes at most the poster it was making', () => {
    const sb = bigBox(4);
    sb.world.script.properties.set('POSTER_BUDGET_MS', '1');
    gen(sb); // one poster, state saved, trigger scheduled
    const saved = new Map(sb.world.script.properties);
    // The next execution makes two posters, then dies without its catch or finally: put the saved state back.
    sb.world.script.properties.delete('POSTER_BUDGET_MS');
    let made = 0;
    sb.world.faultHook = (call) => {
      if (call === 'File.makeCopy' && ++made === 3) throw new Error('killed');
    };
    const t = sb.world.script.triggers.find((x) => x.handler === 'continuePosters')!;
    sb.fireTrigger(t.uid);
    sb.world.faultHook = null;
    for (const [key, v] of saved) if (key.startsWith('POSTER_JOB')) sb.world.script.properties.set(key, v);
    sb.world.script.properties.delete('POSTER_LEASE'); // it runs out after 6.5 minutes
    const before = sb.world.docs.all().length;
    drain(sb);
    // Of the 7 posters left after the first run, 2 were written before the "kill": only the other 5 are made.
    const newPosterDocs = sb.world.docs
      .all()
      .slice(before)
      .filter((d) => /^Poster QR – (?!tất cả)/.test(d.name));
    expect(newPosterDocs).toHaveLength(5);
    expectOnePosterPerLocation(sb, codesOf(sb));
  });

  /**
   * Runs `run` and kills its execution at the first service call `when` accepts, as the 6-minute limit does: no catch
   * or finally runs, so script properties and triggers are left as they were at that moment (the lease too), and no
   * later call reaches Google (Drive and Docs stay as they were too).
   */
  function killAt(sb: Sandbox, when: (call: string) => boolean, run: () => unknown): void {
    let left: { props: [string, string][]; triggers: TriggerRecord[] } | null = null;
    sb.world.faultHook = (call) => {
      if (!left && !when(call)) return;
      left ??= { props: [...sb.world.script.properties], triggers: sb.world.script.triggers.map((t) => ({ ...t })) };
      throw new Error('Exceeded maximum execution time');
    };
    try {
      run();
    } catch {
      // The execution's own catch and finally reached no service either: what it threw is not the point.
    } finally {
      sb.world.faultHook = null;
    }
    if (!left) throw new Error('the execution never reached the kill point');
    const { props, triggers } = left as { props: [string, string][]; triggers: TriggerRecord[] };
    sb.world.script.properties.clear();
    for (const [k, v] of props) sb.world.script.properties.set(k, v);
    sb.world.script.triggers.splice(0, sb.world.script.triggers.length, ...triggers);
  }
  /** Moves the clock past the lease a killed run left behind (LEASE_MS, 6.5 minutes). */
  function leaseRunsOut(sb: Sandbox): void {
    const at = Date.now() + 7 * 60_000;
    sb.world.setClock(() => at);
  }
  const newPosterDocs = (sb: Sandbox, from: number) =>
    sb.world.docs
      .all()
      .slice(from)
      .filter((d) => /^Poster QR – (?!tất cả)/.test(d.name));

  // A kill before poster k is copied (k - 1 written), or after it is made but before its links are written.
  test.each([
    [1, 'File.makeCopy', 0],
    [3, 'File.makeCopy', 0],
    [8, 'File.makeCopy', 0],
    [3, 'Range.setValues', 1],
    [8, 'Range.setValues', 1],
  ] as const)(
    'a first execution killed at poster %i (%s): re-running "Tạo lại toàn bộ" redoes at most that one poster',
    (k, call, redone) => {
      const sb = bigBox(4);
      gen(sb); // the posters to replace
      let n = 0;
      // Range.setValues: the first one writes the "waiting" notes, then one per poster.
      const at = call === 'Range.setValues' ? k + 1 : k;
      const before = sb.world.docs.all().length;
      killAt(
        sb,
        (c) => c === call && ++n === at,
        () => gen(sb, 'regenerateAllPosters'),
      );
      // The job is on record with a trigger to continue it.
      expect(sb.world.script.properties.has('POSTER_JOB_PARTS')).toBe(true);
      expect(sb.world.script.triggers.filter((t) => t.handler === 'continuePosters')).toHaveLength(1);
      const madeBeforeKill = newPosterDocs(sb, before).length;
      expect(madeBeforeKill).toBe(k - 1 + redone);
      leaseRunsOut(sb);
      const mid = sb.world.docs.all().length;
      const again = gen(sb, 'regenerateAllPosters');
      expect(again.value.status).toBe('finished');
      expect(again.value.lines.join('\n')).toMatch(/Tiếp tục lần tạo poster trước/);
      expect(newPosterDocs(sb, mid)).toHaveLength(8 - (k - 1));
      expectOnePosterPerLocation(sb, codesOf(sb), redone);
      // Every location got a new poster.
      expect(newPosterDocs(sb, before)).toHaveLength(8 + redone);
      expect(sb.world.script.triggers.some((t) => t.handler === 'continuePosters')).toBe(false);
      expect([...sb.world.script.properties.keys()].some((key) => key.startsWith('POSTER_JOB'))).toBe(false);
    },
  );

  test('a first execution killed mid-job is finished by the trigger it left, without redoing what was written', () => {
    const sb = bigBox(4);
    let n = 0;
    const before = sb.world.docs.all().length;
    killAt(
      sb,
      (c) => c === 'File.makeCopy' && ++n === 4,
      () => gen(sb),
    );
    const [t] = sb.world.script.triggers.filter((x) => x.handler === 'continuePosters');
    // It fires once the lease the killed run left behind has run out.
    const lease = JSON.parse(sb.world.script.properties.get('POSTER_LEASE')!) as { until: number };
    expect(t.at!).toBeGreaterThanOrEqual(lease.until);
    leaseRunsOut(sb);
    expect(drain(sb)).toBe(1);
    expect(newPosterDocs(sb, before)).toHaveLength(8);
    expectOnePosterPerLocation(sb, codesOf(sb));
  });

  test('a continuation killed mid-run also leaves a trigger that finishes the job', () => {
    const sb = bigBox(4);
    sb.world.script.properties.set('POSTER_BUDGET_MS', '1');
    gen(sb); // one poster, paused
    sb.world.script.properties.delete('POSTER_BUDGET_MS');
    const t = sb.world.script.triggers.find((x) => x.handler === 'continuePosters')!;
    let n = 0;
    const before = sb.world.docs.all().length;
    killAt(
      sb,
      (c) => c === 'File.makeCopy' && ++n === 3,
      () => sb.fireTrigger(t.uid),
    );
    expect(sb.world.script.triggers.filter((x) => x.handler === 'continuePosters' && x.uid !== t.uid)).toHaveLength(1);
    leaseRunsOut(sb);
    expect(drain(sb)).toBe(1);
    // 7 left after the first run, 2 written before the kill: 5 more.
    expect(newPosterDocs(sb, before)).toHaveLength(7);
    expectOnePosterPerLocation(sb, codesOf(sb));
  });

  /** Live files the job makes for itself (templates, combined documents and their PDFs) anywhere, but the ones on record. */
  const strayJobFiles = (sb: Sandbox) => {
    const rec = JSON.parse(sb.world.script.properties.get('POSTER_COMBINED') ?? '{}') as { docId?: string; pdfId?: string };
    return sb.world.drive
      .files()
      .filter((f) => !f.isTrashed() && /^(Mẫu poster|Poster QR – tất cả)/.test(f.name) && f.id !== rec.docId && f.id !== rec.pdfId)
      .map((f) => f.name);
  };

  test.each([
    ['the template', 'Body.setPageWidth', 1],
    ['the template', 'Paragraph.setAttributes', 1],
    ['the template', 'File.moveTo', 1],
    ['the combined document', 'Body.setPageWidth', 2],
    ['the combined document', 'File.moveTo', 2],
  ] as const)('an error while %s is set up (%s): the half-made document is not left behind', (_what, call, nth) => {
    const sb = bigBox(2);
    let n = 0;
    sb.world.faultHook = (c) => {
      if (c === call && ++n === nth) throw new Error('Service error: Docs');
    };
    expect(gen(sb).value.status).toBe('failed');
    sb.world.faultHook = null;
    expect(drain(sb)).toBe(1);
    expect(strayJobFiles(sb)).toEqual([]);
    expectOnePosterPerLocation(sb, codesOf(sb));
  });

  test('an error while the combined document is put on record: its PDF is not left behind', () => {
    const sb = bigBox(2);
    const combinedPdfMade = () => sb.world.drive.files().some((f) => /^Poster QR – tất cả.*\.pdf$/.test(f.name));
    let failed = false;
    sb.world.faultHook = (c) => {
      if (!failed && c === 'Properties.setProperty' && combinedPdfMade()) {
        failed = true;
        throw new Error('Service error: Properties');
      }
    };
    expect(gen(sb).value.status).toBe('failed');
    sb.world.faultHook = null;
    expect(failed).toBe(true);
    drain(sb);
    expect(strayJobFiles(sb)).toEqual([]);
    expectOnePosterPerLocation(sb, codesOf(sb));
  });

  test('an execution killed while the template is filled in: the template goes when the job finishes', () => {
    const sb = bigBox(2);
    killAt(
      sb,
      (c) => c === 'Paragraph.setAttributes',
      () => gen(sb),
    );
    expect(strayJobFiles(sb)).toEqual(['Mẫu poster QR (tạm thời, sẽ tự xóa)']);
    leaseRunsOut(sb);
    expect(drain(sb)).toBe(1);
    expect(strayJobFiles(sb)).toEqual([]);
    expectOnePosterPerLocation(sb, codesOf(sb));
  });

  test('two runs at once: the second reports "đang chạy" and changes nothing', () => {
    const sb = bigBox(2);
    let inner: Report | null = null;
    sb.world.faultHook = (call) => {
      if (call === 'File.makeCopy' && !inner) {
        sb.world.faultHook = null;
        inner = sb.run<Report>('generatePosters', [], { user: ADMIN }).value;
      }
    };
    const outer = gen(sb);
    expect(inner!.status).toBe('busy');
    expect(inner!.lines.join(' ')).toMatch(/đang chạy/);
    expect(outer.value.status).toBe('finished');
    expectOnePosterPerLocation(sb, codesOf(sb));
  });

  test('service calls per poster (measured, not asserted on time)', () => {
    const N = 20;
    const sb = bigBox(N - SAMPLE.length);
    const log: string[] = [];
    sb.world.faultHook = (call) => void log.push(call);
    const run = gen(sb);
    sb.world.faultHook = null;
    expect(run.value.made).toBe(N);
    // Poster: from the template copy to the sheet write. Page: from one page break to the next.
    const segments = (start: string, end: string) => {
      const out: number[] = [];
      let from = -1;
      log.forEach((c, i) => {
        if (c === start) from = i;
        else if (c === end && from >= 0) {
          out.push(i - from + 1);
          from = -1;
        }
      });
      return out;
    };
    const perPoster = segments('File.makeCopy', 'Range.setValues');
    expect(perPoster).toHaveLength(N);
    const maxPoster = Math.max(...perPoster);
    // The figures themselves are reported by npm run bench (BENCHMARKS.md).
    expect(maxPoster).toBeLessThanOrEqual(16);
    // Replacing posters also trashes the old doc and PDF (two calls each).
    const again = gen(sb, 'regenerateAllPosters');
    expect(again.value.made).toBe(N);
  });
});

describe('refusals', () => {
  test('an anonymous caller gets the access-denied error and nothing is made', () => {
    const sb = newBox();
    const docs = sb.world.docs.all().length;
    const files = sb.world.drive.files().length;
    const props = JSON.stringify([...sb.world.script.properties]);
    const triggers = sb.world.script.triggers.length;
    for (const fn of ['generatePosters', 'regenerateAllPosters', 'continuePosters']) {
      expect(() => sb.run(fn, [])).toThrow(/Không có quyền/);
      expect(() => sb.run(fn, [{ triggerUid: '1000001' }])).toThrow(/Không có quyền/);
    }
    expect(sb.world.docs.all()).toHaveLength(docs);
    expect(sb.world.drive.files()).toHaveLength(files);
    expect(JSON.stringify([...sb.world.script.properties])).toBe(props);
    expect(sb.world.script.triggers).toHaveLength(triggers);
    expect(locRows(sb).every((r) => r.doc === '' && r.note === '')).toBe(true);
  });

  test('no link in Cấu hình: refused, saying where to fill it in, even when the running app has an /exec address', () => {
    const sb = newSetUpBox();
    const docs = sb.world.docs.all().length;
    const props = JSON.stringify([...sb.world.script.properties]);
    const triggers = sb.world.script.triggers.length;
    // The running app's own address may be the admin page's or a test deployment's: never printed.
    for (const serviceUrl of [SERVICE_URL, 'https://script.google.com/macros/s/SANDBOX-DEPLOYMENT/dev', '']) {
      sb.world.script.serviceUrl = serviceUrl;
      for (const fn of ['generatePosters', 'regenerateAllPosters']) {
        const run = gen(sb, fn);
        expect(run.value).toMatchObject({ status: 'refused', ok: false, made: 0 });
        expect(run.value.lines).toEqual(['Chưa tạo poster.', POSTER_LINK_MISSING]);
      }
    }
    expect(sb.world.docs.all()).toHaveLength(docs);
    expect(JSON.stringify([...sb.world.script.properties])).toBe(props);
    expect(sb.world.script.triggers).toHaveLength(triggers);
    expect(locRows(sb).every((r) => r.doc === '')).toBe(true);

    setConfigValue(sb, POSTER_LINK, 'https://script.google.com/macros/s/SANDBOX-DEPLOYMENT/dev');
    const dev = gen(sb);
    expect(dev.value.status).toBe('refused');
    expect(dev.value.lines.join('\n')).toMatch(/thử nghiệm \(kết thúc bằng \/dev\)/);
    expect(dev.value.lines.join('\n')).toMatch(/Đường dẫn cho poster/);

    setConfigValue(sb, POSTER_LINK, 'https://hom-thu.example.org/gop-y');
    const ok = gen(sb);
    expect(ok.value.status).toBe('finished');
    const kdc01 = locRows(sb).find((r) => r.code === 'KDC01')!;
    expect(decodeQr(docOf(sb, kdc01.doc).body.getImages()[0].blob.bytes)).toBe('https://hom-thu.example.org/gop-y?loc=KDC01');
  });

  test('continuePosters with no job left removes its trigger and does nothing', () => {
    const sb = newBox();
    gen(sb);
    const docs = sb.world.docs.all().length;
    const run = sb.run<Report>('continuePosters', [], { user: ADMIN });
    expect(run.value.status).toBe('idle');
    expect(sb.world.docs.all()).toHaveLength(docs);
  });
});

test('an old poster Drive fails to trash is tried again at the end of the job, and named when it still cannot go', () => {
  const sb = newBox();
  gen(sb);
  const before = locRows(sb);
  // The first old poster's doc and PDF fail once: tried again at the end, they go.
  let calls = 0;
  sb.world.faultHook = (c) => {
    if (c === 'File.setTrashed' && ++calls <= 2) throw new Error('Service error: Drive');
  };
  const run = gen(sb, 'regenerateAllPosters');
  sb.world.faultHook = null;
  expect(run.value.status).toBe('finished');
  for (const r of before) {
    expect((sb.world.drive.get(idOf(r.doc)) as FakeFile).isTrashed()).toBe(true);
    expect((sb.world.drive.get(idOf(r.pdf)) as FakeFile).isTrashed()).toBe(true);
  }
  expectOnePosterPerLocation(sb, SAMPLE);
  // Drive refusing every time: the job still finishes, and the owner is told which old files to delete by hand.
  const current = locRows(sb);
  sb.world.faultHook = (c) => {
    if (c === 'File.setTrashed') throw new Error('Service error: Drive');
  };
  const stuck = gen(sb, 'regenerateAllPosters');
  sb.world.faultHook = null;
  expect(stuck.value.status).toBe('finished');
  const text = stuck.value.lines.join('\n');
  expect(text).toMatch(/Chưa chuyển được 8 tệp poster cũ vào thùng rác/);
  for (const r of current) {
    expect(text).toContain(idOf(r.doc));
    expect(text).toContain(idOf(r.pdf));
  }
});

test('regenerateAllPosters makes every poster again and trashes the old ones', () => {
  const sb = newBox();
  gen(sb);
  const before = locRows(sb);
  const run = gen(sb, 'regenerateAllPosters');
  expect(run.value.made).toBe(4);
  const after = locRows(sb);
  for (const r of before) {
    expect(after.find((a) => a.code === r.code)!.doc).not.toBe(r.doc);
    expect((sb.world.drive.get(idOf(r.doc)) as FakeFile).isTrashed()).toBe(true);
  }
  expect(liveFiles(sb, postersFolder(sb), DOC_MIME)).toHaveLength(5);
  expect(liveFiles(sb, postersFolder(sb), 'application/pdf')).toHaveLength(5);
  expectOnePosterPerLocation(sb, SAMPLE);
});
