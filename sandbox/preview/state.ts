/**
 * The preview's persistence: the fake Google world saved to and loaded from a folder (`.local/` by default).
 *
 *   spreadsheet.xlsx        the bound spreadsheet, one worksheet per sheet: values, formulas, dates, text
 *   spreadsheets/<id>.xlsx  any other spreadsheet the script created
 *   outbox/*.eml            every email the script sent, as a real RFC 5322 message (never sent anywhere)
 *   drive/<id>_<name>       Drive files: images and PDFs as they are, Docs rendered as printable .html
 *   state.json              what xlsx cannot hold: script properties, cache, triggers, sheet metadata,
 *                           the Drive index, Docs structure, sent-mail records, recent logs
 *
 * This file loads it: cell values from the xlsx (so edits made in LibreOffice or Excel are picked up) and everything
 * else from state.json. Saving is persist.ts; the folder's layout is local-files.ts, the xlsx side xlsx.ts.
 */
import { SNAPSHOT_PROPERTY } from '../../src/core/config/snapshot';
import { randomUUID } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { GoogleWorld } from '../fakes/world';
import { FakeBlob, FakeFile, FakeFolder } from '../fakes/drive';
import { DOC_MIME, type FakeDocument, type FakeParagraph } from '../fakes/docs';
import { SHEET_MIME } from '../fakes/spreadsheet';
import {
  STATE_VERSION,
  localPaths,
  type SpreadsheetMeta,
  type DocJson,
  type ParagraphJson,
  type BodyExtras,
  type StateJson,
  LocalStateError,
  sha256,
} from './local-files';
import { readWorkbook, restoreSpreadsheet } from './xlsx';

/**
 * Recreates a Document under its saved id. FakeDocs offers no way to register a document with a given id, so the
 * drive's id source is pointed at the saved id for the one create() call.
 */
function restoreDocument(world: GoogleWorld, d: DocJson): void {
  const drive = world.drive;
  drive.nextId = () => d.id;
  let doc: FakeDocument;
  try {
    doc = world.docs.create(d.name);
  } finally {
    Reflect.deleteProperty(drive, 'nextId');
  }
  const body = doc.body;
  // A new document starts with one empty paragraph; the saved body brings its own.
  body.clear();
  body.setMarginTop(d.margins.top).setMarginBottom(d.margins.bottom).setMarginLeft(d.margins.left).setMarginRight(d.margins.right);
  const extras = body as BodyExtras;
  if (d.page && extras.setPageWidth && extras.setPageHeight) {
    extras.setPageWidth.call(body, d.page.width);
    extras.setPageHeight.call(body, d.page.height);
  }
  const fill = (p: FakeParagraph, j: ParagraphJson) => {
    p.setHeading(j.heading).setAlignment(j.alignment).setAttributes(j.attrs);
    for (const im of j.images) {
      p.appendInlineImage(new FakeBlob(new Uint8Array(Buffer.from(im.base64, 'base64')), im.contentType, im.name))
        .setWidth(im.width)
        .setHeight(im.height);
    }
  };
  for (const e of d.elements) {
    if (e.type === 'pagebreak') body.appendPageBreak();
    else if (e.type === 'table') {
      const t = body.appendTable(e.rows);
      if (typeof e.border === 'number') t.setBorderWidth(e.border);
      e.widths?.forEach((w, i) => w > 0 && i < t.widths.length && t.setColumnWidth(i, w));
      e.cells?.forEach((r, ri) =>
        r.forEach((ps, ci) => {
          const cell = t.rows[ri]?.cells[ci];
          if (!cell) return;
          cell.paragraphs.length = 0;
          for (const j of ps) fill(cell.appendParagraph(j.text), j);
        }),
      );
    } else fill(body.appendParagraph(e.text), e);
  }
}

export function seqOfId(id: string): number {
  const m = /^[a-z]+-(\d+)-/.exec(id);
  return m ? Number(m[1]) : 0;
}

// ---------------------------------------------------------------------------------------------------------------
// Loading

export interface LoadResult {
  world: GoogleWorld;
  /** The spreadsheet read from spreadsheet.xlsx: the box's own (without state.json, setup adopts it). */
  mainSpreadsheetId: string;
  /** True when nothing was saved yet (no spreadsheet.xlsx): the caller sets up a new box. */
  fresh: boolean;
  /** Whether a state.json was found alongside the xlsx. */
  hadState: boolean;
  /** Things worth telling the person starting the preview. */
  notes: string[];
  /** Sent messages → their .eml in outbox/. */
  emlFiles: Map<string, string>;
  /** Per spreadsheet id: the number formats its xlsx was written with, and each sheet's worksheet name there. */
  books: Map<string, { numFmts: Record<string, string>; xlsxNames: Map<number, string> }>;
  /** PDFs exported from a Doc that were not made (no Chromium): Drive id → why. */
  notPrinted: Map<string, string>;
}

export interface LoadOptions {
  htmlFiles: Record<string, string>;
  serviceUrl?: string;
}

function readStateJson(file: string): StateJson {
  let parsed: unknown;
  try {
    parsed = JSON.parse(readFileSync(file, 'utf8'));
  } catch (e) {
    throw new LocalStateError(file, `not valid JSON (${e instanceof Error ? e.message : String(e)})`);
  }
  const s = parsed as Partial<StateJson>;
  if (!s || typeof s !== 'object' || s.version !== STATE_VERSION || !s.script || !s.sheets) {
    throw new LocalStateError(file, `not a preview state file of version ${STATE_VERSION}`);
  }
  return s as StateJson;
}

/**
 * Loads the world saved in `dir`. Returns `fresh: true` with an empty world when there is no spreadsheet.xlsx yet.
 * Throws LocalStateError for a file that exists but cannot be read.
 */
export async function loadWorld(dir: string, opts: LoadOptions): Promise<LoadResult> {
  const p = localPaths(dir);
  const world = new GoogleWorld({ serviceUrl: opts.serviceUrl ?? '', htmlFiles: opts.htmlFiles });
  const notes: string[] = [];
  const emlFiles = new Map<string, string>();
  const books: LoadResult['books'] = new Map();
  const notPrinted = new Map<string, string>();
  if (!existsSync(p.xlsx)) {
    if (existsSync(p.state))
      notes.push(`${p.xlsx} is missing: starting a new box (the old ${path.basename(p.state)} will be overwritten).`);
    return { world, mainSpreadsheetId: '', fresh: true, hadState: false, notes, emlFiles, books: new Map(), notPrinted };
  }
  const state = existsSync(p.state) ? readStateJson(p.state) : null;
  if (existsSync(path.join(p.dir, '.~lock.spreadsheet.xlsx#'))) {
    notes.push('spreadsheet.xlsx looks open in LibreOffice: close it there first, or saving it will undo what the preview writes.');
  }
  if (!state) notes.push(`No ${p.state}: using ${p.xlsx} as the box's spreadsheet; setup will adopt it, run by the owner.`);

  // Spreadsheets.
  const metas: SpreadsheetMeta[] = state?.sheets.spreadsheets.length
    ? state.sheets.spreadsheets
    : [
        {
          id: `ss-preview-${randomUUID().slice(0, 8)}`,
          name: 'Hòm thư số góp ý',
          file: 'spreadsheet.xlsx',
          sheets: [],
          numFmts: {},
          sha256: '',
        },
      ];
  let editedOutside = false;
  for (const m of metas) {
    const file = path.join(p.dir, m.file);
    if (!existsSync(file)) {
      notes.push(`${file} is missing: spreadsheet "${m.name}" is left out.`);
      continue;
    }
    const buf = readFileSync(file);
    const loaded = await readWorkbook(buf, file, m.numFmts);
    if (state && m.sha256 && sha256(buf) !== m.sha256) {
      editedOutside = true;
      notes.push(`${file} was edited outside the preview: its values are used.`);
    }
    const ss = restoreSpreadsheet(world, m.id, m.name, loaded, m.sheets, notes);
    ss.owner = m.owner ?? '';
    for (const e of m.editors ?? []) ss.editors.add(e);
    if (m.locale) ss.locale = m.locale;
    if (m.timeZone) ss.timeZone = m.timeZone;
    books.set(ss.id, { numFmts: { ...m.numFmts }, xlsxNames: new Map(ss.sheetList.map((sh, i) => [sh.sheetId, loaded[i].xlsxName])) });
  }
  const main = metas.find((m) => m.file === 'spreadsheet.xlsx') ?? metas[0];
  if (!world.sheets.get(main.id)) throw new LocalStateError(p.xlsx, "the box's spreadsheet could not be restored");

  if (state) {
    // Script state.
    const sc = world.script;
    sc.ownerEmail = state.script.ownerEmail || sc.ownerEmail;
    for (const [k, v] of Object.entries(state.script.properties ?? {})) sc.properties.set(k, v);
    for (const [k, v] of Object.entries(state.script.userProperties ?? {})) sc.userProperties.set(k, v);
    const now = world.now();
    if (!editedOutside) {
      for (const e of state.script.cache ?? []) if (e.expires > now) sc.cache.set(e.key, { value: e.value, expires: e.expires });
    } else {
      // Like a staff edit in Sheets: nothing cached from the old values (the configuration above all) may be served,
      // and the configuration's snapshot in script properties is read again from the sheets.
      for (const k of [...sc.properties.keys()]) if (k.startsWith(SNAPSHOT_PROPERTY)) sc.properties.delete(k);
      notes.push('Script cache cleared, so the edited values are read again.');
    }
    // Saved before triggers recorded their creator: the owner's.
    for (const t of state.script.triggers ?? []) sc.triggers.push({ ...t, owner: t.owner ?? sc.ownerEmail });
    for (const v of state.script.viewers ?? []) sc.viewers.add(v);

    // Drive: first bring the id counter back to where it was, then the items.
    const drive = world.drive;
    const maxSeq = Math.max(
      state.drive?.seq ?? 0,
      ...(state.drive?.items ?? []).map((i) => seqOfId(i.id)),
      ...(state.docs ?? []).map((d) => seqOfId(d.id)),
    );
    for (let n = 0; n < 100000; n++) {
      if (seqOfId(drive.nextId('seq')) >= maxSeq) break;
    }
    for (const d of state.docs ?? []) restoreDocument(world, d);
    for (const it of state.drive?.items ?? []) {
      if (it.id === drive.root.id) continue;
      if (it.kind === 'folder') {
        const f = new FakeFolder(drive, it.id, it.name, it.parentId);
        f.trashed = it.trashed;
        f.shareableByEditors = it.shareableByEditors ?? f.shareableByEditors;
        drive.items.set(it.id, f);
        continue;
      }
      const existing = drive.get(it.id);
      // Docs and spreadsheets were restored above (their files with them): only their place in Drive is taken.
      if (existing instanceof FakeFile && (it.mimeType === DOC_MIME || it.mimeType === SHEET_MIME)) {
        existing.name = it.name;
        existing.parentId = it.parentId;
        existing.trashed = it.trashed;
        existing.sharing = it.sharing ?? existing.sharing;
        existing.shareableByEditors = it.shareableByEditors ?? existing.shareableByEditors;
        existing.owner = it.owner ?? existing.owner;
        existing.createdAt = it.created ?? existing.createdAt;
        continue;
      }
      let bytes = new Uint8Array(0);
      if (it.pdfNotMade) notPrinted.set(it.id, it.pdfNotMade);
      else if (it.file && it.mimeType !== DOC_MIME) {
        const full = path.join(p.dir, it.file);
        if (existsSync(full)) bytes = new Uint8Array(readFileSync(full));
        else notes.push(`Drive file ${it.file} is missing: "${it.name}" is empty now.`);
      }
      const f = new FakeFile(drive, it.id, it.name, it.mimeType ?? 'application/octet-stream', bytes, it.parentId);
      f.trashed = it.trashed;
      f.sharing = it.sharing ?? f.sharing;
      f.shareableByEditors = it.shareableByEditors ?? f.shareableByEditors;
      f.owner = it.owner ?? f.owner;
      f.createdAt = it.created ?? f.createdAt;
      drive.items.set(it.id, f);
    }

    // Mail already sent (GmailApp.search looks there) and the recent logs.
    for (const m of state.gmail?.sent ?? []) {
      const { file, ...msg } = m;
      world.gmail.sent.push({ ...msg, to: [...msg.to] });
      if (file) emlFiles.set(msg.id, file);
    }
    world.logs.push(...(state.logs ?? []));
  }
  return { world, mainSpreadsheetId: main.id, fresh: false, hadState: Boolean(state), notes, emlFiles, books, notPrinted };
}
