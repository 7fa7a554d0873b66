/**
 * Saving the fake Google world into the preview folder after each execution: the spreadsheets as xlsx, sent mail as
 * .eml files, Drive files (Docs as printable HTML), and state.json for everything xlsx cannot hold.
 */
import { existsSync, readFileSync, rmSync } from 'node:fs';
import path from 'node:path';
import ExcelJS from 'exceljs';
import { GoogleWorld } from '../fakes/world';
import { type FakeSpreadsheet } from '../fakes/spreadsheet';
import { FakeFile, type DriveItem } from '../fakes/drive';
import { DOC_MIME, type FakeDocument, type FakeParagraph } from '../fakes/docs';
import type { SentMessage } from '../fakes/gmail';
import {
  STATE_VERSION,
  MAX_LOGS,
  type LocalPaths,
  localPaths,
  type SpreadsheetMeta,
  type DriveItemJson,
  type DocElementJson,
  type DocJson,
  type ParagraphJson,
  type BodyExtras,
  type StateJson,
  isDate,
  sha256,
  safeFileName,
  driveFilePathOf,
  isGoogleType,
  writeAtomic,
} from './local-files';
import { SHEET_MIME } from '../fakes/spreadsheet';
import { spreadsheetToWorkbook, sheetMeta } from './xlsx';
import { seqOfId, type LoadResult } from './state';
import type { PdfPrinter } from './pdf-printer';

// nodemailer ships CommonJS under dist/cjs; this path is exported for require().
const MailComposer = require('nodemailer/lib/mail-composer') as typeof import('nodemailer/lib/mail-composer').default;

// ---------------------------------------------------------------------------------------------------------------
// Drive and Docs

function paragraphToJson(p: FakeParagraph): ParagraphJson {
  return {
    text: p.text,
    heading: p.heading,
    alignment: p.alignment,
    attrs: { ...p.attrs },
    images: p.images.map((im) => ({
      contentType: im.blob.contentType,
      name: im.blob.name,
      base64: Buffer.from(im.blob.bytes).toString('base64'),
      width: im.width,
      height: im.height,
    })),
  };
}

function docToJson(doc: FakeDocument): DocJson {
  return {
    id: doc.id,
    name: doc.name,
    margins: { ...doc.body.margins },
    page: (doc.body as BodyExtras).page ? { ...(doc.body as BodyExtras).page! } : undefined,
    elements: doc.body.elements.map((e): DocElementJson => {
      if (e.type === 'pagebreak') return { type: 'pagebreak' };
      if (e.type === 'table') {
        const t = e.table;
        return {
          type: 'table',
          rows: t.texts(),
          cells: t.rows.map((r) => r.cells.map((c) => c.paragraphs.map(paragraphToJson))),
          widths: [...t.widths],
          border: t.borderWidth,
        };
      }
      return { type: 'paragraph', ...paragraphToJson(e.p) };
    }),
  };
}

// ---------------------------------------------------------------------------------------------------------------
// Saving

/** An RFC 5322 message for one sent email, as Gmail would have sent it from the script owner's account. */
export function composeEml(msg: SentMessage, ownerEmail: string): Promise<Buffer> {
  const composer = new MailComposer({
    from: { name: msg.name ?? '', address: ownerEmail },
    to: msg.to,
    replyTo: msg.replyTo,
    subject: msg.subject,
    text: msg.body,
    html: msg.htmlBody,
    date: new Date(msg.at),
    messageId: `<${msg.id}.${msg.at}@preview.invalid>`,
    // RFC 5322 lines end in CRLF, in the bodies too.
    newline: 'windows',
    headers: { 'X-Preview': 'Hom thu so gop y local preview: this message was not sent' },
  });
  return new Promise((resolve, reject) => {
    composer.compile().build((err: Error | null, message: Buffer) => (err ? reject(err) : resolve(message)));
  });
}

function emlName(msg: SentMessage): string {
  const at = new Date(msg.at).toISOString().replace(/[:.]/g, '-');
  return `${at}_${safeFileName(msg.id, 40)}.eml`;
}

export interface SaveReport {
  wroteXlsx: boolean;
  emails: number;
  driveFiles: number;
}

/**
 * Keeps `dir` in step with a world: call save() after each execution (saves are serialised and coalesced;
 * each one writes a consistent snapshot taken when it starts).
 */
export class Persister {
  readonly paths: LocalPaths;
  /** Sent message id → .eml file name in outbox/. */
  readonly emlFiles: Map<string, string>;
  private pendingMail: SentMessage[] = [];
  private dirtyDrive = new Set<string>();
  /** Drive id → path written on disk and, for Docs, the HTML written. */
  private written = new Map<string, { file: string; html?: string }>();
  private lastSheetsKey = new Map<string, string>();
  private lastSha = new Map<string, string>();
  /** The metadata saved with each workbook, reused while the workbook does not change. */
  private lastMeta = new Map<string, SpreadsheetMeta>();
  private lastStateText = '';
  private running: Promise<SaveReport> | null = null;
  private queued: Promise<SaveReport> | null = null;
  private readonly unsubscribe: (() => void)[] = [];
  lastError: Error | null = null;
  /** PDFs exported from a Doc that have no file on disk, with the reason (no Chromium): Drive id → reason. */
  readonly notPrinted: Map<string, string>;
  private readonly printer: PdfPrinter | null;

  constructor(
    readonly world: GoogleWorld,
    dir: string,
    emlFiles: Map<string, string> = new Map(),
    opts: { printer?: PdfPrinter | null; notPrinted?: Map<string, string> } = {},
  ) {
    this.paths = localPaths(dir);
    this.emlFiles = emlFiles;
    this.printer = opts.printer ?? null;
    this.notPrinted = new Map(opts.notPrinted);
    // What is on disk already (from loading) counts as written, and so does a PDF that could not be made then.
    for (const f of world.drive.files()) {
      if (f.mimeType === SHEET_MIME) continue;
      const file = driveFilePathOf(f);
      if (existsSync(path.join(this.paths.dir, file)) || this.notPrinted.has(f.id)) this.written.set(f.id, { file });
      else this.dirtyDrive.add(f.id);
    }
    for (const m of world.gmail.sent) {
      const file = this.emlFiles.get(m.id);
      if (!file || !existsSync(path.join(this.paths.outbox, file))) this.pendingMail.push(m);
    }
  }

  /** Listens to the world: mail sent and Drive items changed are written at the next save. */
  attach(): void {
    const onSend = (m: SentMessage) => void this.pendingMail.push(m);
    const onChange = (item: DriveItem) => void this.dirtyDrive.add(item.id);
    this.world.gmail.onSend.push(onSend);
    this.world.drive.onChange.push(onChange);
    this.unsubscribe.push(
      () => remove(this.world.gmail.onSend, onSend),
      () => remove(this.world.drive.onChange, onChange),
    );
  }

  detach(): void {
    for (const u of this.unsubscribe.splice(0)) u();
  }

  /** Saves now, or right after the save in progress. Never rejects: a failure is logged and kept in lastError. */
  save(): Promise<SaveReport> {
    if (!this.running) return this.start();
    if (!this.queued) {
      this.queued = this.running.then(() => {
        this.queued = null;
        return this.start();
      });
    }
    return this.queued;
  }

  /** Resolves when every save asked for so far is on disk. */
  async idle(): Promise<void> {
    while (this.running || this.queued) await (this.queued ?? this.running);
  }

  private start(): Promise<SaveReport> {
    const p = this.saveSnapshot()
      .then((r) => {
        this.lastError = null;
        return r;
      })
      .catch((e: unknown) => {
        this.lastError = e instanceof Error ? e : new Error(String(e));
        console.error(`[preview] could not save to ${this.paths.dir}: ${this.lastError.message}`);
        return { wroteXlsx: false, emails: 0, driveFiles: 0 };
      })
      .finally(() => {
        if (this.running === p) this.running = null;
      });
    this.running = p;
    return p;
  }

  /** Takes the whole snapshot synchronously, then writes it. */
  private async saveSnapshot(): Promise<SaveReport> {
    const world = this.world;
    const p = this.paths;
    const report: SaveReport = { wroteXlsx: false, emails: 0, driveFiles: 0 };

    // Mail.
    const mails = this.pendingMail.splice(0).map((m) => {
      let file = this.emlFiles.get(m.id) ?? emlName(m);
      const names = new Set(this.emlFiles.values());
      for (let i = 2; !this.emlFiles.has(m.id) && names.has(file); i++) file = emlName(m).replace(/\.eml$/, `-${i}.eml`);
      this.emlFiles.set(m.id, file);
      return { msg: { ...m, to: [...m.to] }, file };
    });
    const owner = world.script.ownerEmail;

    // Drive.
    const driveWrites: { id: string; file: string; data: Uint8Array | string; print?: boolean; old?: string }[] = [];
    for (const f of world.drive.files()) {
      // A spreadsheet is written as its xlsx below.
      if (f.mimeType === SHEET_MIME) continue;
      const file = driveFilePathOf(f);
      const prev = this.written.get(f.id);
      if (f.mimeType === DOC_MIME) {
        const doc = world.docs.all().find((d) => d.id === f.id);
        if (!doc) continue;
        const html = doc.toHtml();
        if (prev && prev.file === file && prev.html === html && !this.dirtyDrive.has(f.id)) continue;
        driveWrites.push({ id: f.id, file, data: html, old: prev && prev.file !== file ? prev.file : undefined });
        this.written.set(f.id, { file, html });
      } else {
        if (prev && prev.file === file && !this.dirtyDrive.has(f.id)) continue;
        // A PDF exported from a Doc: Chromium prints the Doc's HTML as it was at the export (see pdf-printer.ts).
        const print = Boolean(f.exportedFrom) && f.mimeType === 'application/pdf';
        const data = print ? f.exportedFrom!.html : f.bytes.slice();
        driveWrites.push({ id: f.id, file, data, print, old: prev && prev.file !== file ? prev.file : undefined });
        this.written.set(f.id, { file });
      }
    }
    this.dirtyDrive.clear();

    // Spreadsheets.
    const books: { meta: SpreadsheetMeta; workbook: ExcelJS.Workbook | null }[] = [];
    for (const ss of world.sheets.all()) {
      const file = xlsxFileOf(ss, world);
      const key = sheetsKey(ss);
      const unchanged = this.lastSheetsKey.get(ss.id) === key && this.lastMeta.has(ss.id) && existsSync(path.join(p.dir, file));
      if (unchanged) {
        books.push({ meta: { ...this.lastMeta.get(ss.id)!, name: ss.name, file, ...spreadsheetSettings(ss) }, workbook: null });
        continue;
      }
      const { workbook, sheets, numFmts } = spreadsheetToWorkbook(ss);
      const meta = { id: ss.id, name: ss.name, file, sheets, numFmts, sha256: this.lastSha.get(ss.id) ?? '', ...spreadsheetSettings(ss) };
      books.push({ meta, workbook });
      this.lastSheetsKey.set(ss.id, key);
      this.lastMeta.set(ss.id, meta);
    }

    const driveIndex: DriveItemJson[] = [...world.drive.items.values()]
      .filter((i) => i.id !== world.drive.root.id)
      .map((i) =>
        i instanceof FakeFile
          ? {
              kind: 'file' as const,
              id: i.id,
              name: i.name,
              parentId: i.parentId,
              trashed: i.trashed,
              mimeType: i.mimeType,
              sharing: i.sharing,
              shareableByEditors: i.shareableByEditors,
              owner: i.owner || undefined,
              created: i.createdAt,
              file: i.mimeType === SHEET_MIME ? undefined : driveFilePathOf(i),
              size: isGoogleType(i) ? undefined : i.bytes.length,
              pdfNotMade: this.notPrinted.get(i.id),
            }
          : {
              kind: 'folder' as const,
              id: i.id,
              name: i.name,
              parentId: i.parentId,
              trashed: i.trashed,
              shareableByEditors: i.shareableByEditors,
            },
      );
    const stateBase: Omit<StateJson, 'savedAt' | 'sheets'> = {
      version: STATE_VERSION,
      script: {
        ownerEmail: owner,
        properties: Object.fromEntries(world.script.properties),
        userProperties: Object.fromEntries(world.script.userProperties),
        cache: [...world.script.cache.entries()].map(([key, e]) => ({ key, value: e.value, expires: e.expires })),
        triggers: world.script.triggers.map((t) => ({ ...t })),
        viewers: [...world.script.viewers],
      },
      drive: { seq: Math.max(0, ...[...world.drive.items.keys()].map(seqOfId)), items: driveIndex },
      docs: world.docs.all().map(docToJson),
      gmail: {
        sent: world.gmail.sent.map((m) => ({ ...m, to: [...m.to], file: this.emlFiles.get(m.id) })),
      },
      logs: world.logs.slice(-MAX_LOGS),
    };

    // ---- writes (async from here on) ----
    for (const { msg, file } of mails) {
      await writeAtomic(path.join(p.outbox, file), await composeEml(msg, owner));
      report.emails++;
    }
    for (const w of driveWrites) {
      if (w.old) rmSync(path.join(p.dir, w.old), { force: true });
      if (w.print) {
        const reason = await this.printPdf(w.id, w.file, w.data as string);
        const item = driveIndex.find((i) => i.id === w.id);
        if (item) item.pdfNotMade = reason ?? undefined;
        if (reason) continue;
      } else await writeAtomic(path.join(p.dir, w.file), w.data);
      report.driveFiles++;
    }
    for (const b of books) {
      if (!b.workbook) continue;
      const buf = Buffer.from(await b.workbook.xlsx.writeBuffer());
      await writeAtomic(path.join(p.dir, b.meta.file), buf);
      b.meta.sha256 = sha256(buf);
      this.lastMeta.set(b.meta.id, b.meta);
      this.lastSha.set(b.meta.id, b.meta.sha256);
      report.wroteXlsx = true;
    }
    const body = { ...stateBase, sheets: { spreadsheets: books.map((b) => b.meta) } };
    const text = JSON.stringify(body, null, 1);
    if (text !== this.lastStateText || !existsSync(p.state)) {
      await writeAtomic(p.state, JSON.stringify({ ...body, savedAt: new Date().toISOString() }, null, 1));
      this.lastStateText = text;
    }
    return report;
  }

  /** Prints one exported PDF to its file; the reason when no PDF was made (then no file is left there). */
  private async printPdf(id: string, file: string, html: string): Promise<string | null> {
    const full = path.join(this.paths.dir, file);
    let reason: string | null;
    try {
      const pdf = this.printer ? await this.printer.print(html) : null;
      if (pdf) await writeAtomic(full, pdf);
      reason = pdf ? null : (this.printer?.unavailable ?? 'bản xem trước này không in PDF / this preview prints no PDFs');
    } catch (e) {
      reason = `Chromium không in được / Chromium could not print: ${e instanceof Error ? e.message.split('\n')[0] : String(e)}`;
      console.error(`[preview] ${file}: ${reason}`);
    }
    if (reason) {
      rmSync(full, { force: true });
      this.notPrinted.set(id, reason);
    } else this.notPrinted.delete(id);
    return reason;
  }

  /**
   * Takes the workbooks just loaded as already saved, so they are not rewritten until something changes
   * (an xlsx edited in LibreOffice keeps its own formatting until the box writes to it).
   */
  adoptLoaded(loaded: LoadResult['books']): void {
    for (const ss of this.world.sheets.all()) {
      const file = path.join(this.paths.dir, xlsxFileOf(ss, this.world));
      if (!existsSync(file)) continue;
      const sha = sha256(readFileSync(file));
      this.lastSha.set(ss.id, sha);
      this.lastSheetsKey.set(ss.id, sheetsKey(ss));
      // The metadata of the file as it is: its own worksheet names and the number formats it was written with.
      const book = loaded.get(ss.id);
      const sheets = ss.sheetList.map((sh) => sheetMeta(sh, book?.xlsxNames.get(sh.sheetId) ?? sh.name));
      this.lastMeta.set(ss.id, {
        id: ss.id,
        name: ss.name,
        file: xlsxFileOf(ss, this.world),
        sheets,
        numFmts: { ...book?.numFmts },
        sha256: sha,
        ...spreadsheetSettings(ss),
      });
    }
  }
}

/** The workbook of a spreadsheet, relative to the preview folder: the box's own is spreadsheet.xlsx. */
export function xlsxFileOf(ss: FakeSpreadsheet, world: GoogleWorld): string {
  return ss.id === world.boxSpreadsheet()?.id ? 'spreadsheet.xlsx' : `spreadsheets/${safeFileName(ss.id, 80)}.xlsx`;
}

/** What state.json keeps of a spreadsheet besides its sheets. */
function spreadsheetSettings(ss: FakeSpreadsheet): Pick<SpreadsheetMeta, 'owner' | 'editors' | 'locale' | 'timeZone'> {
  return { owner: ss.owner, editors: [...ss.editors], locale: ss.locale, timeZone: ss.timeZone };
}

function remove<T>(list: T[], item: T): void {
  const i = list.indexOf(item);
  if (i >= 0) list.splice(i, 1);
}

/** A cheap fingerprint of everything the xlsx holds for one spreadsheet. */
function sheetsKey(ss: FakeSpreadsheet): string {
  return JSON.stringify([
    ss.name,
    ss.sheetList.map((s) => [
      s.name,
      s.sheetId,
      s.frozenRows,
      s.maxRows,
      s.maxColumns,
      [...s.columnWidths],
      [...s.columnFormats],
      [...s.validations.entries()].map(([c, v]) => [c, v.list, v.allowInvalid, v.helpText, v.checkbox]),
      s.filterRange,
      s.conditionalRules,
      s.protections.map((p) => [p.type, p.a1, p.description, p.warningOnly, p.domainEdit, [...p.editors]]),
      s.rows.map((r) => (r ?? []).map((c) => (c ? [isDate(c.v) ? `D${c.v.getTime()}` : c.v, c.f ?? '', c.fmt ?? ''] : 0))),
    ]),
  ]);
}
