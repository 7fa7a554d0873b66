import { execFileSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { deflateSync, gzipSync, inflateSync } from 'node:zlib';
import fc from 'fast-check';
import { GZIP_FLAGS, adler32, gzipToZlib, parseGzipHeader } from '../../../src/core/posters/gzip';
import { crc32 } from '../../../src/core/posters/png';

const text = (s: string) => new Uint8Array(Buffer.from(s, 'utf8'));
const SAMPLE = text('Rác thải đổ bừa bãi ở đầu ngõ 12 đã ba ngày chưa được thu gom. '.repeat(40));

/** Node's gzip with optional header fields added after its 10 fixed bytes (FLG updated to match). */
function withFields(data: Uint8Array, f: { extra?: number[]; name?: string; comment?: string; hcrc?: boolean }): Uint8Array {
  const plain = gzipSync(data);
  const head = [...plain.subarray(0, 10)];
  const fields: number[] = [];
  if (f.extra) {
    head[3] |= GZIP_FLAGS.FEXTRA;
    fields.push(f.extra.length & 0xff, f.extra.length >> 8, ...f.extra);
  }
  if (f.name !== undefined) {
    head[3] |= GZIP_FLAGS.FNAME;
    fields.push(...Buffer.from(f.name, 'latin1'), 0);
  }
  if (f.comment !== undefined) {
    head[3] |= GZIP_FLAGS.FCOMMENT;
    fields.push(...Buffer.from(f.comment, 'latin1'), 0);
  }
  if (f.hcrc) {
    head[3] |= GZIP_FLAGS.FHCRC;
    const crc = crc32(Uint8Array.from([...head, ...fields]));
    fields.push(crc & 0xff, (crc >>> 8) & 0xff);
  }
  return Uint8Array.from([...head, ...fields, ...plain.subarray(10)]);
}

const inflates = (zlib: Uint8Array, want: Uint8Array) => expect(Buffer.from(inflateSync(zlib)).equals(Buffer.from(want))).toBe(true);

test('a gzip from Node (no file name) becomes a zlib stream Node inflates, Adler-32 checked', () => {
  const gz = new Uint8Array(gzipSync(SAMPLE));
  const h = parseGzipHeader(gz);
  expect(h).toMatchObject({ method: 8, flags: 0, name: null, comment: null, extra: false, headerCrc: false, dataStart: 10 });
  const zlib = gzipToZlib(gz, SAMPLE);
  expect([zlib[0], zlib[1]]).toEqual([0x78, 0x9c]);
  expect(((zlib[0] << 8) | zlib[1]) % 31).toBe(0);
  inflates(zlib, SAMPLE);
});

test('with a file name in the header (FNAME), and with every optional field', () => {
  const named = withFields(SAMPLE, { name: 'hom-thu.bin' });
  expect(parseGzipHeader(named)).toMatchObject({ name: 'hom-thu.bin', dataStart: 10 + 'hom-thu.bin'.length + 1 });
  inflates(gzipToZlib(named, SAMPLE), SAMPLE);
  const all = withFields(SAMPLE, { extra: [1, 2, 3, 4, 5], name: 'a.png', comment: 'ghi chu', hcrc: true });
  const h = parseGzipHeader(all);
  expect(h).toMatchObject({ extra: true, name: 'a.png', comment: 'ghi chu', headerCrc: true, dataStart: 10 + 2 + 5 + 6 + 8 + 2 });
  inflates(gzipToZlib(all, SAMPLE), SAMPLE);
});

test('a gzip file from the gzip program, which stores the file name', () => {
  let gz: Uint8Array;
  try {
    const dir = mkdtempSync(path.join(tmpdir(), 'gz-'));
    writeFileSync(path.join(dir, 'y-kien.txt'), SAMPLE);
    gz = new Uint8Array(execFileSync('gzip', ['-c', '-N', path.join(dir, 'y-kien.txt')]));
  } catch {
    console.warn('gzip program not available: skipped');
    return;
  }
  expect(parseGzipHeader(gz).name).toBe('y-kien.txt');
  inflates(gzipToZlib(gz, SAMPLE), SAMPLE);
});

test('any data, empty included', () => {
  fc.assert(
    fc.property(fc.uint8Array({ maxLength: 3000 }), fc.boolean(), (data, named) => {
      const gz = named ? withFields(data, { name: 'x' }) : new Uint8Array(gzipSync(data));
      inflates(gzipToZlib(gz, data), data);
    }),
    { numRuns: 60 },
  );
});

test('Adler-32: known values and the long-run modulo', () => {
  expect(adler32(new Uint8Array(0))).toBe(1);
  expect(adler32(text('Wikipedia'))).toBe(0x11e60398);
  const big = new Uint8Array(100_000).fill(0xff);
  // zlib's own value for 100,000 bytes of 0xff, from the trailer Node writes.
  const z = deflateSync(big);
  expect(adler32(big)).toBe(z.readUInt32BE(z.length - 4));
});

test('refuses what is not gzip+deflate, and a gzip of other data', () => {
  const gz = new Uint8Array(gzipSync(SAMPLE));
  expect(() => parseGzipHeader(Uint8Array.from([0x1f, 0x8c, ...gz.subarray(2)]))).toThrow(/magic/);
  expect(() => parseGzipHeader(Uint8Array.from([...gz.subarray(0, 2), 7, ...gz.subarray(3)]))).toThrow(/method 7/);
  expect(() => parseGzipHeader(Uint8Array.from([...gz.subarray(0, 3), 0x20, ...gz.subarray(4)]))).toThrow(/reserved/);
  expect(() => parseGzipHeader(gz.subarray(0, 12))).toThrow(/short/);
  expect(() => gzipToZlib(gz, text('khác'))).toThrow(/length/);
  const same = new Uint8Array(SAMPLE);
  same[0] ^= 1;
  expect(() => gzipToZlib(gz, same)).toThrow(/CRC-32/);
  expect(() => parseGzipHeader(withFields(SAMPLE, { name: 'x' }).subarray(0, 14))).toThrow();
});
