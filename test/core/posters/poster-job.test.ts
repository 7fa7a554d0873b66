import fc from 'fast-check';
import type { PosterContent } from '../../../src/core/posters/poster';
import {
  LEASE_MS,
  MAX_FAILED_RUNS,
  continuationFailed,
  decodeJob,
  encodeJob,
  newJob,
  recordFailure,
  takeLease,
  type PosterJob,
} from '../../../src/core/posters/poster-job-state';
import {
  NOTE,
  combinedFingerprint,
  driveIdFromUrl,
  mergeNote,
  posterFileName,
  posterStamp,
  stampFromNote,
  type PosterSettings,
} from '../../../src/core/posters/poster-stamp';
import { checkPosterBase } from '../../../src/core/posters/poster';
import { executionsNeeded, mayStartStep, runPosterJob, type PosterPorts } from '../../../src/core/posters/poster-job';
import { planPosters, usableLocations, type PosterRow } from '../../../src/core/posters/poster-plan';

const BASE = 'https://script.google.com/macros/s/AKfycbTEST/exec';
const SETTINGS: PosterSettings = {
  base: BASE,
  wardName: 'Phường Hòa Bình',
  committeeName: 'Ủy ban MTTQ Việt Nam phường Hòa Bình',
  retentionMonths: 24,
};

function row(r: number, code: string, name: string, over: Partial<PosterRow> = {}): PosterRow {
  return {
    row: r,
    code,
    name,
    type: '',
    address: '',
    active: true,
    posterDoc: '',
    posterPdf: '',
    generatedAt: '',
    note: '',
    madeAt: null,
    ...over,
  };
}

describe('stamps and notes', () => {
  test('the stamp is code|name|#hash with the name cleaned as printed', () => {
    expect(posterStamp(SETTINGS, 'KDC01', '  Nhà  văn hóa\nsố 1 ')).toMatch(/^KDC01\|Nhà văn hóa số 1\|#[0-9a-f]{8}$/);
    expect(posterStamp(SETTINGS, 'KDC01', '  Nhà  văn hóa\nsố 1 ')).toBe(posterStamp(SETTINGS, 'KDC01', 'Nhà văn hóa số 1'));
    // NFD input gives the same stamp as NFC.
    expect(posterStamp(SETTINGS, 'A', 'Hòa'.normalize('NFD'))).toBe(posterStamp(SETTINGS, 'A', 'Hòa'));
  });

  test('the stamp changes with everything printed on the poster: link, ward, committee, retention line', () => {
    const s = posterStamp(SETTINGS, 'KDC01', 'Nhà văn hóa số 1');
    expect(posterStamp({ ...SETTINGS }, 'KDC01', 'Nhà văn hóa số 1')).toBe(s);
    for (const other of [
      { ...SETTINGS, base: 'https://gopy.example.org/p' },
      { ...SETTINGS, base: BASE.replace('TEST', 'TEST2') },
      { ...SETTINGS, wardName: 'Phường Hòa Bình Mới' },
      { ...SETTINGS, committeeName: 'Ban Thường trực Ủy ban MTTQ Việt Nam phường Hòa Bình' },
      { ...SETTINGS, retentionMonths: 12 },
    ]) {
      const t = posterStamp(other, 'KDC01', 'Nhà văn hóa số 1');
      expect(t).not.toBe(s);
      // Staff still read the code and name at the start of the line.
      expect(t.startsWith('KDC01|Nhà văn hóa số 1|#')).toBe(true);
    }
  });

  test('stampFromNote finds the last stamp line, null when none', () => {
    expect(stampFromNote('')).toBeNull();
    expect(stampFromNote('Cột đèn ở cổng')).toBeNull();
    expect(stampFromNote(`Cột đèn\n${NOTE.made}KDC01|Nhà văn hóa | số 1`)).toBe('KDC01|Nhà văn hóa | số 1');
  });

  test("mergeNote keeps the ward's own lines and replaces the job's line", () => {
    const a = mergeNote('Cột đèn ở cổng', `${NOTE.waiting}…`);
    expect(a).toBe(`Cột đèn ở cổng\n${NOTE.waiting}…`);
    const b = mergeNote(a, `${NOTE.made}KDC01|X`);
    expect(b).toBe(`Cột đèn ở cổng\n${NOTE.made}KDC01|X`);
    expect(mergeNote(`${NOTE.skipped}mã sai`, `${NOTE.made}A|B`)).toBe(`${NOTE.made}A|B`);
    expect(mergeNote('', '')).toBe('');
  });

  test('driveIdFromUrl reads Docs and Drive links', () => {
    expect(driveIdFromUrl('https://docs.google.com/document/d/1AbC_dEf-123/edit')).toBe('1AbC_dEf-123');
    expect(driveIdFromUrl('https://drive.google.com/file/d/1XyZ987654/view?usp=sharing')).toBe('1XyZ987654');
    expect(driveIdFromUrl('https://drive.google.com/open?id=1XyZ987654')).toBe('1XyZ987654');
    expect(driveIdFromUrl('')).toBeNull();
    expect(driveIdFromUrl('không có')).toBeNull();
  });

  test('file names have no dots (PDF export would cut there) and long names are clipped', () => {
    expect(posterFileName('TDP5', 'Tổ 5, P. Hòa Bình')).toBe('Poster QR – TDP5 – Tổ 5, P· Hòa Bình');
    expect(posterFileName('X', '')).toBe('Poster QR – X');
    const long = posterFileName('X', 'a'.repeat(500));
    expect(long.length).toBeLessThan(150);
    expect(long.endsWith('…')).toBe(true);
  });
});

describe('checkPosterBase', () => {
  test('the configured address wins over the service URL', () => {
    expect(checkPosterBase('https://gopy.example.org/x', 'https://script.google.com/macros/s/A/dev')).toEqual({
      ok: true,
      base: 'https://gopy.example.org/x',
    });
    expect(checkPosterBase('', BASE)).toEqual({ ok: true, base: BASE });
  });
  test('refuses none, /dev and non-https with a Vietnamese message naming where to fix it', () => {
    for (const [cfg, svc] of [
      ['', null],
      ['', 'https://script.google.com/macros/s/A/dev'],
      ['', 'http://x.example/exec'],
    ] as const) {
      const r = checkPosterBase(cfg, svc);
      expect(r.ok).toBe(false);
      if (!r.ok) expect(r.message).toMatch(/Đường dẫn cho poster/);
    }
    const dev = checkPosterBase('', 'https://script.google.com/macros/s/A/dev');
    expect(!dev.ok && dev.message).toMatch(/\/dev/);
  });
});

describe('continuationFailed', () => {
  test("Apps Script's trigger limit: named, the job kept, and what to press to go on", () => {
    const text = continuationFailed(
      new Error('This script has too many triggers. Triggers must be deleted from the script before more can be added.'),
    );
    expect(text).toMatch(/^Không đặt được lịch tự chạy tiếp/);
    expect(text).toMatch(/20 trình kích hoạt/);
    expect(text).toMatch(/các poster đã tạo được giữ nguyên/);
    expect(text).toMatch(/bấm lại "Tạo poster QR" để làm tiếp từ chỗ đã dừng/);
    expect(text).toBe(text.normalize('NFC'));
  });

  test('another refusal: said as it came, with the same way to go on', () => {
    const text = continuationFailed(new Error('Service error: Script'));
    expect(text).toMatch(/^Không đặt được lịch tự chạy tiếp \(Service error: Script\)/);
    expect(text).not.toMatch(/20 trình kích hoạt/);
    expect(text).toMatch(/bấm lại "Tạo poster QR" để làm tiếp từ chỗ đã dừng/);
  });
});

describe('planPosters', () => {
  const made = (code: string, name: string, settings = SETTINGS) => ({
    posterDoc: `https://docs.google.com/document/d/docid-${code.toLowerCase()}/edit`,
    posterPdf: `https://drive.google.com/file/d/pdfid-${code.toLowerCase()}/view`,
    note: `${NOTE.made}${posterStamp(settings, code, name)}`,
  });
  const rows = [
    row(2, 'NEW', 'Chưa có poster'),
    row(3, 'OK', 'Đã có', made('OK', 'Đã có')),
    row(4, 'REN', 'Tên mới', made('REN', 'Tên cũ')),
    row(5, 'GONE', 'Doc bị xóa', made('GONE', 'Doc bị xóa')),
    row(6, 'OFF', 'Tạm dừng', { active: false }),
    row(7, 'KDC 1', 'Mã có dấu cách'),
    row(8, 'dup', 'Trùng 1'),
    row(9, 'DUP', 'Trùng 2'),
  ];
  const alive = (id: string) => id !== 'docid-gone';

  test('"missing": new, renamed and trashed posters; bad codes skipped with a note; inactive ignored', () => {
    const asked: string[] = [];
    const plan = planPosters(rows, 'missing', SETTINGS, (id) => {
      asked.push(id);
      return alive(id);
    });
    expect(plan.todo).toEqual([
      { code: 'NEW', row: 2, reason: 'new' },
      { code: 'REN', row: 4, reason: 'changed' },
      { code: 'GONE', row: 5, reason: 'doc-gone' },
    ]);
    // Drive is asked only about posters that would otherwise be kept (the PDF only when the doc is there).
    expect(asked.sort()).toEqual(['docid-gone', 'docid-ok', 'pdfid-ok']);
    expect(plan.pages).toEqual(['NEW', 'OK', 'REN', 'GONE']);
    expect(plan.skipped.map((s) => s.row)).toEqual([7, 8, 9]);
    expect(plan.skipped[0].note).toMatch(/^Không tạo poster: Mã có dấu cách/);
    // Duplicates name the other sheet row, not the position in the active list.
    expect(plan.skipped[1].note).toMatch(/dòng 9/);
    expect(plan.skipped[2].note).toMatch(/dòng 8/);
  });

  test('"missing": posters made with other settings (a new short link, ward, committee or retention) are out of date', () => {
    const shortLink = { ...SETTINGS, base: 'https://gopy.example.org/p' };
    // Made for /exec, now asked for the short link: every poster is remade; made for the short link: kept.
    expect(planPosters(rows, 'missing', shortLink, alive).todo).toEqual([
      { code: 'NEW', row: 2, reason: 'new' },
      { code: 'OK', row: 3, reason: 'changed' },
      { code: 'REN', row: 4, reason: 'changed' },
      { code: 'GONE', row: 5, reason: 'changed' },
    ]);
    const current = [row(2, 'A', 'Một', made('A', 'Một', shortLink))];
    expect(planPosters(current, 'missing', shortLink, () => true).todo).toEqual([]);
    for (const s of [
      { ...SETTINGS, wardName: 'Phường Mới' },
      { ...SETTINGS, committeeName: 'Ủy ban MTTQ Việt Nam phường Mới' },
      { ...SETTINGS, retentionMonths: 36 },
    ]) {
      expect(planPosters(current, 'missing', s, () => true).todo).toEqual([{ code: 'A', row: 2, reason: 'changed' }]);
    }
  });

  test('"missing": a deleted or trashed PDF (or an emptied PDF cell) is made again even when its doc is there', () => {
    const twoRows = [row(2, 'A', 'Một', made('A', 'Một')), row(3, 'B', 'Hai', { ...made('B', 'Hai'), posterPdf: '' })];
    const plan = planPosters(twoRows, 'missing', SETTINGS, (id) => id !== 'pdfid-a');
    expect(plan.todo).toEqual([
      { code: 'A', row: 2, reason: 'pdf-gone' },
      { code: 'B', row: 3, reason: 'pdf-gone' },
    ]);
    expect(planPosters(twoRows.slice(0, 1), 'missing', SETTINGS, () => true).todo).toEqual([]);
  });

  test('"all": every usable row, Drive not asked', () => {
    const plan = planPosters(rows, 'all', SETTINGS, () => {
      throw new Error('not asked');
    });
    expect(plan.todo.map((t) => [t.code, t.reason])).toEqual([
      ['NEW', 'all'],
      ['OK', 'all'],
      ['REN', 'all'],
      ['GONE', 'all'],
    ]);
  });

  test('usableLocations never changes a code', () => {
    const { usable, skipped } = usableLocations(rows);
    expect([...usable.map((r) => r.code), ...skipped.map((s) => s.code)].sort()).toEqual(
      rows
        .filter((r) => r.active)
        .map((r) => r.code)
        .sort(),
    );
  });
});

describe('job state', () => {
  test('encode/decode round trip, split below the property size limit', () => {
    const todo = Array.from({ length: 400 }, (_, i) => ({ code: `TO-DAN-PHO-${i}-${'X'.repeat(20)}`, row: i + 2, reason: 'new' as const }));
    const job = newJob('all', 123, SETTINGS, todo);
    const parts = encodeJob(job, 8000);
    expect(parts.length).toBeGreaterThan(1);
    expect(parts.every((p) => p.length <= 8000)).toBe(true);
    expect(decodeJob(parts)).toEqual(job);
    expect(decodeJob(parts.slice(1))).toBeNull();
    expect(decodeJob([parts[0], null])).toBeNull();
    expect(decodeJob([])).toBeNull();
    expect(decodeJob(['{"v":2}'])).toBeNull();
  });

  test('recordFailure counts attempts on the poster being made, and gives up after repeated failed runs', () => {
    const job = newJob('missing', 0, SETTINGS, [{ code: 'A', row: 2, reason: 'new' }]);
    // A failure outside poster making (say, reading the sheet) does not count against the next poster.
    expect(recordFailure(job, 'x').giveUp).toBe(false);
    expect(job.attempts).toBe(0);
    job.working = 0;
    recordFailure(job, 'x');
    expect([job.failedAt, job.attempts, job.working]).toEqual([0, 1, -2]);
    job.working = 0;
    recordFailure(job, 'y');
    expect(job.attempts).toBe(2);
    expect(job.failedRuns).toBe(3);
    job.failedRuns = 0;
    for (let i = 1; i < MAX_FAILED_RUNS; i++) expect(recordFailure(job, 'z').giveUp).toBe(false);
    expect(recordFailure(job, 'z').giveUp).toBe(true);
  });

  test('lease: free, own, live or expired', () => {
    expect(takeLease(null, 'a', 1000)).toEqual({ token: 'a', since: 1000, until: 1000 + LEASE_MS });
    const held = { token: 'b', since: 0, until: 5000 };
    expect(takeLease(held, 'a', 1000)).toBeNull();
    expect(takeLease(held, 'b', 1000)?.token).toBe('b');
    expect(takeLease(held, 'a', 5000)?.token).toBe('a');
  });
});

describe('budget', () => {
  test('the first step always runs; later ones only if the slowest step still fits', () => {
    expect(mayStartStep({ elapsedMs: 999_999, budgetMs: 1, stepsDone: 0, slowestStepMs: 0 })).toBe(true);
    expect(mayStartStep({ elapsedMs: 268_000, budgetMs: 270_000, stepsDone: 5, slowestStepMs: 1_500 })).toBe(true);
    expect(mayStartStep({ elapsedMs: 269_000, budgetMs: 270_000, stepsDone: 5, slowestStepMs: 1_500 })).toBe(false);
  });

  test('executionsNeeded', () => {
    expect(executionsNeeded(15, 95, 270_000, 100)).toBe(1); // 1.5 s a poster: 180 a run
    expect(executionsNeeded(48, 95, 270_000, 100)).toBe(2); // with the combined page and overhead
    expect(executionsNeeded(15, 0)).toBe(0);
    expect(executionsNeeded(0, 10)).toBe(1);
    expect(executionsNeeded(10_000, 3, 270_000, 100)).toBe(3); // a step longer than the budget: one a run
    expect(executionsNeeded(15, 180, 270_000, 100)).toBe(1);
    expect(executionsNeeded(15, 181, 270_000, 100)).toBe(2);
    expect(executionsNeeded(15, 180, 270_000, 100, 100)).toBe(2); // 10 s of overhead a run
  });

  test('agrees with the runner: a uniform step of s ms gives floor(budget / s) steps a run', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 40 }),
        fc.integer({ min: 1, max: 30 }),
        fc.integer({ min: 1, max: 60 }),
        (calls, n, budgetCalls) => {
          const w = new FakeWorld(Array.from({ length: n }, (_, i) => row(i + 2, `L${i}`, `Điểm ${i}`)));
          w.callsPerPoster = calls;
          w.callsPerPage = 0; // posters only
          w.skipCombined = true;
          const runs = w.runToEnd('missing', budgetCalls * 100);
          expect(runs).toBe(executionsNeeded(calls, n, budgetCalls * 100, 100));
        },
      ),
      { numRuns: 150 },
    );
  });
});

test('combinedFingerprint changes with any printed input', () => {
  const pages = [
    { code: 'A', name: 'Một' },
    { code: 'B', name: 'Hai' },
  ];
  const f = combinedFingerprint(SETTINGS, pages);
  expect(f).toMatch(/^[0-9a-f]{16}$/);
  expect(combinedFingerprint(SETTINGS, [...pages])).toBe(f);
  expect(combinedFingerprint(SETTINGS, [pages[1], pages[0]])).not.toBe(f);
  expect(combinedFingerprint(SETTINGS, [pages[0], { code: 'B', name: 'Hai.' }])).not.toBe(f);
  expect(combinedFingerprint({ ...SETTINGS, base: BASE + '2' }, pages)).not.toBe(f);
  expect(combinedFingerprint({ ...SETTINGS, committeeName: 'Khác' }, pages)).not.toBe(f);
});

// ---------------------------------------------------------------------------------------------------------------
// The runner against a fake world: a sheet, Drive files, a clock that moves 100 ms per service call.

interface FakeFileRec {
  id: string;
  kind: 'poster' | 'pdf' | 'template' | 'combined' | 'combined-pdf';
  code?: string;
  trashed: boolean;
  pages?: string[];
}

class FakeWorld {
  clock = 0;
  seq = 0;
  files = new Map<string, FakeFileRec>();
  combinedRecord: { docId: string; pdfId: string; fingerprint: string } | null = null;
  callsPerPoster = 15;
  callsPerPage = 26;
  skipCombined = false;
  /** Throws from inside a port when it returns true: (event, n-th time this event). */
  fault: ((event: string, n: number) => boolean) | null = null;
  /** makePoster always fails for this code. */
  failCode = '';
  private counts = new Map<string, number>();
  private open: FakeFileRec | null = null;
  made: string[] = [];
  /** The QR link of each poster made, in order. */
  urls: string[] = [];
  job: PosterJob | null = null;
  /** The job as last put on record by the saveJob port (what a killed execution leaves). */
  saved: PosterJob | null = null;
  settings: PosterSettings = SETTINGS;

  constructor(public rows: PosterRow[]) {}

  private tick(event: string, calls = 1) {
    const n = (this.counts.get(event) ?? 0) + 1;
    this.counts.set(event, n);
    if (this.fault?.(event, n)) throw new Error(`fault at ${event} #${n}`);
    this.clock += calls * 100;
  }

  private add(kind: FakeFileRec['kind'], code?: string): FakeFileRec {
    const f: FakeFileRec = { id: `file-${String(++this.seq).padStart(6, '0')}`, kind, code, trashed: false };
    this.files.set(f.id, f);
    return f;
  }

  alive(kind: FakeFileRec['kind']): FakeFileRec[] {
    return [...this.files.values()].filter((f) => f.kind === kind && !f.trashed);
  }

  ports(): PosterPorts {
    return {
      now: () => this.clock,
      ensureTemplate: (job) => {
        const t = job.templateId ? this.files.get(job.templateId) : undefined;
        if (t && !t.trashed) return t.id;
        this.tick('template', 0);
        return this.add('template').id;
      },
      makePoster: (p) => {
        if (p.code === this.failCode) throw new Error(`Drive refused ${p.code}`);
        this.tick('makePoster', this.callsPerPoster - 1);
        const doc = this.add('poster', p.code);
        this.tick('exportPdf', 0);
        const pdf = this.add('pdf', p.code);
        this.made.push(p.code);
        this.urls.push(p.url);
        return { docId: doc.id, pdfId: pdf.id };
      },
      writeRows: (updates) => {
        this.tick('writeRows');
        for (const u of updates) {
          const r = this.rows.find((x) => x.row === u.row)!;
          if (u.docUrl !== undefined) r.posterDoc = u.docUrl;
          if (u.pdfUrl !== undefined) r.posterPdf = u.pdfUrl;
          if (u.madeAt !== undefined) r.madeAt = u.madeAt;
          r.note = u.note;
        }
      },
      trash: (ids) => {
        for (const id of ids) {
          const f = this.files.get(id);
          if (f) f.trashed = true;
        }
        return [];
      },
      saveJob: (job) => {
        this.saved = decodeJob(encodeJob(job));
      },
      combinedStatus: () =>
        this.skipCombined
          ? {
              fingerprint: combinedFingerprint(
                this.settings,
                this.rows.filter((r) => r.active),
              ),
              alive: true,
            }
          : this.combinedRecord
            ? { fingerprint: this.combinedRecord.fingerprint, alive: !this.files.get(this.combinedRecord.docId)!.trashed }
            : null,
      combined: {
        create: () => {
          this.tick('combinedCreate');
          const f = this.add('combined');
          f.pages = [];
          this.open = f;
          return f.id;
        },
        open: (id) => {
          const f = this.files.get(id);
          if (!f || f.trashed) return null;
          this.open = f;
          return f.pages!.length;
        },
        appendPage: (p) => {
          this.tick('appendPage', Math.max(0, this.callsPerPage - 1));
          this.open!.pages!.push(p.code);
        },
        checkpoint: () => this.open!.pages!.length,
        finish: (docId, fingerprint) => {
          this.tick('combinedFinish');
          const pdf = this.add('combined-pdf');
          if (this.combinedRecord) {
            this.files.get(this.combinedRecord.docId)!.trashed = true;
            this.files.get(this.combinedRecord.pdfId)!.trashed = true;
          }
          this.combinedRecord = { docId, pdfId: pdf.id, fingerprint };
          return { docUrl: `https://docs.google.com/document/d/${docId}/edit`, pdfUrl: `https://drive.google.com/file/d/${pdf.id}/view` };
        },
      },
      progress: () => undefined,
    };
  }

  docAlive = (id: string) => Boolean(this.files.get(id) && !this.files.get(id)!.trashed);

  /** One execution as the server does it: start or continue, run, save (also on failure). Returns the status. */
  execute(mode: 'missing' | 'all', budgetMs: number): 'finished' | 'paused' | 'failed' {
    const startedAt = this.clock;
    if (!this.job) this.job = newJob(mode, startedAt, this.settings, planPosters(this.rows, mode, this.settings, this.docAlive).todo);
    const job = this.job;
    try {
      const r = runPosterJob(
        job,
        this.rows.map((x) => ({ ...x })),
        this.ports(),
        { startedAt, budgetMs },
      );
      if (r.status === 'finished') this.job = null;
      else this.job = decodeJob(encodeJob(job));
      return r.status;
    } catch (e) {
      recordFailure(job, String(e));
      this.job = decodeJob(encodeJob(job));
      return 'failed';
    }
  }

  runToEnd(mode: 'missing' | 'all', budgetMs: number, max = 1000): number {
    let runs = 0;
    for (;;) {
      runs++;
      if (runs > max) throw new Error('never finished');
      this.clock += 60_000; // the trigger's minute
      if (this.execute(mode, budgetMs) === 'finished') return runs;
    }
  }
}

function sample(n: number): PosterRow[] {
  return Array.from({ length: n }, (_, i) => row(i + 2, `TDP${i + 1}`, `Tổ dân phố ${i + 1}`));
}

/** Each active row links a live poster of its own; at most `orphans` other live posters (cut by a crash). */
function expectOnePerLocation(w: FakeWorld, orphans = 0) {
  const codes = w.rows.filter((r) => r.active).map((r) => r.code);
  const linked = new Set<string>();
  for (const r of w.rows) {
    const id = driveIdFromUrl(r.posterDoc)!;
    expect(w.files.get(id)?.trashed).toBe(false);
    expect(w.files.get(id)?.code).toBe(r.code);
    expect(stampFromNote(r.note)).toBe(posterStamp(w.settings, r.code, r.name));
    linked.add(id);
  }
  const live = w.alive('poster');
  expect(live.filter((f) => linked.has(f.id))).toHaveLength(codes.length);
  expect(live.length - codes.length).toBeLessThanOrEqual(orphans);
  expect(w.alive('pdf').length - codes.length).toBeLessThanOrEqual(orphans);
  expect(w.alive('template')).toHaveLength(0);
  const combined = w.alive('combined');
  expect(combined).toHaveLength(1);
  expect(combined[0].pages).toEqual(codes);
}

describe('runPosterJob', () => {
  test('one run with room: every poster, links and stamps written, combined built, template trashed', () => {
    const w = new FakeWorld(sample(5));
    expect(w.execute('missing', 270_000)).toBe('finished');
    expect(w.made).toEqual(['TDP1', 'TDP2', 'TDP3', 'TDP4', 'TDP5']);
    expectOnePerLocation(w);
    // Nothing to do the second time; the combined document is kept.
    const before = w.combinedRecord;
    expect(w.execute('missing', 270_000)).toBe('finished');
    expect(w.made).toHaveLength(5);
    expect(w.combinedRecord).toBe(before);
  });

  test('a tight budget pauses and resumes: each poster and each page made exactly once', () => {
    const w = new FakeWorld(sample(12));
    const runs = w.runToEnd('missing', 5_000); // about three posters a run
    expect(runs).toBeGreaterThan(4);
    expect(w.made).toEqual(w.rows.map((r) => r.code));
    expectOnePerLocation(w);
  });

  test('regenerating all trashes the old posters once the new ones are written', () => {
    const w = new FakeWorld(sample(3));
    w.execute('missing', 270_000);
    const old = w.alive('poster').map((f) => f.id);
    w.execute('all', 270_000);
    expect(old.every((id) => w.files.get(id)!.trashed)).toBe(true);
    expect(w.made).toHaveLength(6);
    expectOnePerLocation(w);
  });

  test('"missing" after the settings change (a short link set): every poster and the combined document remade with it', () => {
    const w = new FakeWorld(sample(3));
    w.execute('missing', 270_000);
    const old = w.alive('poster').map((f) => f.id);
    const oldCombined = w.combinedRecord!.docId;
    w.settings = { ...SETTINGS, base: 'https://gopy.example.org/p' };
    expect(w.execute('missing', 270_000)).toBe('finished');
    expect(w.urls.slice(3)).toEqual([
      'https://gopy.example.org/p?loc=TDP1',
      'https://gopy.example.org/p?loc=TDP2',
      'https://gopy.example.org/p?loc=TDP3',
    ]);
    expect(old.every((id) => w.files.get(id)!.trashed)).toBe(true);
    expect(w.files.get(oldCombined)!.trashed).toBe(true);
    expectOnePerLocation(w);
    // Then current: nothing more to make.
    expect(w.execute('missing', 270_000)).toBe('finished');
    expect(w.made).toHaveLength(6);
    // A new committee name (printed in the header and privacy line) makes them out of date again.
    w.settings = { ...w.settings, committeeName: 'Ban Thường trực Ủy ban MTTQ Việt Nam phường Hòa Bình' };
    w.execute('missing', 270_000);
    expect(w.made).toHaveLength(9);
    expectOnePerLocation(w);
  });

  test('"missing": a trashed PDF whose doc is still there gets a new poster (doc and PDF), the old doc trashed', () => {
    const w = new FakeWorld(sample(3));
    w.execute('missing', 270_000);
    const doc = driveIdFromUrl(w.rows[1].posterDoc)!;
    w.files.get(driveIdFromUrl(w.rows[1].posterPdf)!)!.trashed = true;
    expect(w.execute('missing', 270_000)).toBe('finished');
    expect(w.made).toEqual(['TDP1', 'TDP2', 'TDP3', 'TDP2']);
    expect(w.files.get(doc)!.trashed).toBe(true);
    expect(w.files.get(driveIdFromUrl(w.rows[1].posterPdf)!)!.trashed).toBe(false);
    expectOnePerLocation(w);
  });

  test('a poster that keeps failing is skipped after two tries, with the error in its row', () => {
    const w = new FakeWorld(sample(3));
    w.failCode = 'TDP2';
    expect(w.execute('missing', 270_000)).toBe('failed');
    expect(w.execute('missing', 270_000)).toBe('failed');
    expect(w.execute('missing', 270_000)).toBe('finished');
    expect(w.made).toEqual(['TDP1', 'TDP3']);
    expect(w.rows[1].note).toBe('Lỗi khi tạo poster: Error: Drive refused TDP2 — đã bỏ qua; hãy chạy lại "Tạo poster QR".');
    // Asked to remake it for all locations, a poster that cannot be made keeps its old one.
    const oldDoc = driveIdFromUrl(w.rows[0].posterDoc)!;
    w.failCode = 'TDP1';
    w.runToEnd('all', 270_000);
    expect(w.rows[0].posterDoc).toContain(oldDoc);
    expect(w.files.get(oldDoc)!.trashed).toBe(false);
    // The combined document is built from the rows, so the location still has its page.
    expect(w.alive('combined')[0].pages).toEqual(['TDP1', 'TDP2', 'TDP3']);
  });

  test('a run that dies without saving its place redoes nothing already written', () => {
    const w = new FakeWorld(sample(6));
    w.execute('missing', 1); // one poster, place saved
    const saved = w.job!;
    w.fault = (event, n) => event === 'makePoster' && n === 4; // dies making the 4th poster
    w.execute('missing', 270_000);
    w.fault = null;
    w.job = saved; // the crashed run's own save is lost
    w.runToEnd('missing', 270_000);
    expect(w.made).toEqual(w.rows.map((r) => r.code));
    expectOnePerLocation(w);
  });

  test('a run killed (no catch runs) after making its template or combined document leaves them on record: reused or trashed', () => {
    // Killed making the 2nd poster: the job saved when the template was made knows it, and trashes it at the end.
    const w = new FakeWorld(sample(4));
    w.job = newJob('missing', w.clock, SETTINGS, planPosters(w.rows, 'missing', SETTINGS, w.docAlive).todo);
    w.fault = (event, n) => event === 'makePoster' && n === 2;
    w.execute('missing', 270_000);
    w.fault = null;
    expect(w.saved!.templateId).toBe(w.alive('template')[0].id);
    expect(w.saved!.working).toBe(-2);
    w.job = w.saved;
    w.runToEnd('missing', 270_000);
    expect(w.alive('template')).toHaveLength(0);
    expect([...w.files.values()].filter((f) => f.kind === 'template')).toHaveLength(1);
    expectOnePerLocation(w);

    // Killed on the 2nd page of the combined document: the next run trashes the half-built one and starts again.
    const v = new FakeWorld(sample(3));
    v.fault = (event, n) => event === 'appendPage' && n === 2;
    v.execute('missing', 270_000);
    v.fault = null;
    const half = v.saved!.combined!.docId;
    expect(half).toBe(v.alive('combined')[0].id);
    v.job = v.saved;
    v.runToEnd('missing', 270_000);
    expect(v.files.get(half)!.trashed).toBe(true);
    expect(v.made).toEqual(['TDP1', 'TDP2', 'TDP3']);
    expectOnePerLocation(v);
  });

  test('a combined document cut mid-page is thrown away and built again', () => {
    const w = new FakeWorld(sample(4));
    w.fault = (event, n) => event === 'appendPage' && n === 3;
    expect(w.execute('missing', 270_000)).toBe('failed');
    w.fault = null;
    expect(w.execute('missing', 270_000)).toBe('finished');
    expect([...w.files.values()].filter((f) => f.kind === 'combined' && f.trashed)).toHaveLength(1);
    expectOnePerLocation(w);
  });

  test('rows deleted or deactivated mid-job are skipped', () => {
    const w = new FakeWorld(sample(5));
    w.execute('missing', 1);
    w.rows = w.rows.filter((r) => r.code !== 'TDP3');
    w.rows.find((r) => r.code === 'TDP4')!.active = false;
    w.runToEnd('missing', 270_000);
    expect(w.made).toEqual(['TDP1', 'TDP2', 'TDP5']);
    expect(w.alive('combined')[0].pages).toEqual(['TDP1', 'TDP2', 'TDP5']);
  });

  test('property: any budget and any single crash point end with exactly one live poster per location', () => {
    const events = ['makePoster', 'writeRows', 'appendPage', 'combinedCreate', 'combinedFinish', 'template'];
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 9 }),
        fc.integer({ min: 1, max: 40_000 }),
        fc.constantFrom(...events),
        fc.integer({ min: 1, max: 10 }),
        (n, budget, event, at) => {
          const w = new FakeWorld(sample(n));
          let fired = false;
          w.fault = (e, k) => {
            if (!fired && e === event && k === at) {
              fired = true;
              return true;
            }
            return false;
          };
          w.runToEnd('missing', budget);
          expectOnePerLocation(w, event === 'writeRows' ? 1 : 0);
          // At most one poster made twice (the one a crash cut between making and writing).
          expect(w.made.length).toBeLessThanOrEqual(n + 1);
        },
      ),
      { numRuns: 300 },
    );
  });
});

test('the content handed to makePoster is the poster content for that row', () => {
  const w = new FakeWorld([row(2, 'KDC01', 'Nhà văn hóa khu dân cư số 1')]);
  let seen: { content: PosterContent; url: string } | null = null;
  const ports = w.ports();
  const make = ports.makePoster;
  ports.makePoster = (p) => {
    seen = { content: p.content, url: p.url };
    return make(p);
  };
  const job = newJob('missing', 0, SETTINGS, planPosters(w.rows, 'missing', SETTINGS, () => true).todo);
  runPosterJob(job, w.rows, ports, { startedAt: 0, budgetMs: 270_000 });
  expect(seen!.url).toBe(`${BASE}?loc=KDC01`);
  expect(seen!.content.location).toBe('Địa điểm: Nhà văn hóa khu dân cư số 1');
  expect(seen!.content.urlText).toBe(`${BASE}?loc=KDC01`);
  expect(seen!.content.committee).toBe('Ủy ban MTTQ Việt Nam phường Hòa Bình');
});

describe('encodeJob stays within what a script property holds', () => {
  test('parts are measured in UTF-8 bytes, never split a surrogate pair, and join back exactly', () => {
    const todo = Array.from({ length: 60 }, (_, i) => ({ row: i + 2, code: `TDP${i}`, reason: 'new' as const }));
    const settings = {
      base: 'https://example.org/gop-y',
      wardName: 'Phường Hòa Bình 🏠🏠🏠 Đông Đô',
      committeeName: 'Ủy ban Mặt trận Tổ quốc 😀 phường',
    };
    const job = newJob('all', 0, settings as never, todo);
    const parts = encodeJob(job, 40);
    expect(parts.length).toBeGreaterThan(5);
    for (const p of parts) {
      expect(Buffer.byteLength(p, 'utf8')).toBeLessThanOrEqual(40);
      expect(p).not.toMatch(/^[\uDC00-\uDFFF]|[\uD800-\uDBFF]$/);
    }
    expect(parts.join('')).toBe(JSON.stringify(job));
    expect(decodeJob(parts)).toEqual(JSON.parse(JSON.stringify(job)));
  });
});
