/**
 * User-facing text is Vietnamese in NFC: a decomposed letter typed into the source would show as two characters in
 * some fonts and would not match the same word typed by a resident.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';

const ROOT = path.resolve(__dirname, '../..');

function files(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const full = path.join(dir, name);
    return statSync(full).isDirectory() ? files(full) : /\.(ts|html|css|md|json)$/.test(name) ? [full] : [];
  });
}

test.each(
  [...files(path.join(ROOT, 'src')), path.join(ROOT, 'README.md'), path.join(ROOT, 'appsscript.json')].map((f) => [path.relative(ROOT, f)]),
)('%s is NFC', (rel) => {
  const text = readFileSync(path.join(ROOT, rel), 'utf8');
  const bad = [...text.matchAll(/[\p{L}\p{M}]+/gu)].map((m) => m[0]).filter((s) => s !== s.normalize('NFC'));
  expect(bad).toEqual([]);
});
