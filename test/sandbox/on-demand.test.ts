/**
 * Code.js carries the residents' three functions; everything else runs code Code.js reads from OnDemand.html when it
 * is called. Checked on the pushed files: what a resident's execution needs never reads that file, the other public
 * functions do and run it, and a file that is not what the build wrote is refused with a message that says so.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { ADMIN, newBox, payload } from '../../sandbox/box';
import { ROOT } from '../../sandbox/vm';

const ON_DEMAND = 'OnDemand';

function codeJs(): string {
  return readFileSync(path.join(ROOT, 'build/Code.js'), 'utf8');
}

describe('the code read on demand', () => {
  test("a resident's page, opinion, lookup and the results page need only Code.js", () => {
    const sb = newBox();
    delete sb.world.htmlFiles[ON_DEMAND];
    const page = sb.run<{ getContent(): string }>('doGet', [{ parameter: { loc: 'KDC01' } }]);
    expect(page.value.getContent()).toContain('Nhà văn hóa khu dân cư số 1');
    const sent = sb.run<{ ok: boolean; trackingCode: string }>('submitFeedback', [payload()]);
    expect(sent.value.ok).toBe(true);
    const found = sb.run<{ found: boolean }>('lookupFeedback', [sent.value.trackingCode]);
    expect(found.value.found).toBe(true);
    const results = sb.run<{ getContent(): string }>('doGet', [{ parameter: { view: 'results' } }]);
    expect(results.value.getContent()).toMatch(/kết quả/i);
    for (const r of [page, sent, found, results]) expect(r.calls['HtmlOutput.getContent'] ?? 0).toBeLessThanOrEqual(1);
    // Without the file, a function whose code is there says which file is missing.
    expect(() => sb.run('sendPendingEmails', [], { user: ADMIN })).toThrow(/OnDemand/);
  });

  test('the other public functions run the code read from OnDemand.html, once per execution', () => {
    const sb = newBox();
    const run = sb.run<{ ok: boolean }>('sendPendingEmails', [], { user: ADMIN });
    expect(run.value.ok).toBe(true);
    expect(run.calls['HtmlService.createHtmlOutputFromFile']).toBe(1);
    // The admin page is built there too, from doGet.
    const admin = sb.run<{ getContent(): string }>('doGet', [{ parameter: { view: 'admin' } }], { user: ADMIN });
    expect(admin.value.getContent()).toContain('<!doctype html');
    expect(admin.calls['HtmlService.createHtmlOutputFromFile']).toBe(2);
  });

  test('a file that is not the one this Code.js was built with is refused, naming the file and what to do', () => {
    const sb = newBox();
    const built = sb.world.htmlFiles[ON_DEMAND];
    const refusal =
      /OnDemand\.html is not the file this Code\.js was built with \(checksum \d+-[0-9a-f]{16}, expected \d+-[0-9a-f]{16}\): push build\/ again/;
    // A line added, a cut, one word changed in the middle (the same length: another build could be that), a lone CR.
    const middle = built.indexOf('function ', built.length >> 1);
    const edits = [
      `${built}\n// edited`,
      built.slice(0, built.length - 200),
      `${built.slice(0, middle)}Function${built.slice(middle + 'function'.length)}`,
      // A lone carriage return is a line break in JavaScript ("return\r x" returns nothing): only CR before LF is forgiven.
      built.replace('return ', 'return\r '),
    ];
    expect(edits[2]).toHaveLength(built.length);
    for (const edited of edits) {
      sb.world.htmlFiles[ON_DEMAND] = edited;
      expect(() => sb.run('setup', [], { user: ADMIN })).toThrow(refusal);
    }
    sb.world.htmlFiles[ON_DEMAND] = built;
    expect(() => sb.run('setup', [], { user: ADMIN })).not.toThrow();
  });

  test('the file still runs after gaining a byte-order mark, Windows line endings or losing its last newline', () => {
    const built = newBox().world.htmlFiles[ON_DEMAND];
    for (const copy of [`\uFEFF${built}`, built.replace(/\n/g, '\r\n'), built.trimEnd(), `${built}\n\n`]) {
      const sb = newBox();
      sb.world.htmlFiles[ON_DEMAND] = copy;
      const run = sb.run<{ ok: boolean }>('sendPendingEmails', [], { user: ADMIN });
      expect(run.value.ok).toBe(true);
    }
  });

  test('the on-demand code adds no global and its errors name the file', () => {
    const sb = newBox();
    const before = sb.topLevelFunctions();
    sb.run('sendPendingEmails', [], { user: ADMIN });
    expect(sb.topLevelFunctions()).toEqual(before);
    // A refusal thrown inside the on-demand code: another account running the project as itself (an anonymous
    // visitor is refused by Code.js before the file is read).
    let stack = '';
    try {
      sb.run('generatePosters', [], { user: 'nguoi.khac@example.org', effectiveUser: 'nguoi.khac@example.org' });
    } catch (e) {
      stack = String((e as Error).stack);
    }
    expect(stack).toMatch(/chủ sở hữu/);
    expect(stack).toMatch(/at \w+ \(OnDemand:\d+:\d+\)/);
  });

  test('Code.js holds no code only the other functions need (the QR encoder, the report grouping)', () => {
    const code = codeJs();
    const onDemand = readFileSync(path.join(ROOT, 'build/OnDemand.html'), 'utf8');
    for (const marker of ['single_source_shortest_paths', 'function matchConcepts', 'function makePosterDoc(']) {
      expect(onDemand).toContain(marker);
      expect(code).not.toContain(marker);
    }
  });
});
