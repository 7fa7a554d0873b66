import fc from 'fast-check';
import { PHOTO_MESSAGES, checkPhotos, decodeBase64 } from '../../../src/core/intake/photos';
import { encodePngGray1 } from '../../../src/core/posters/png';
import { structuralJpeg } from '../../helpers/jpeg';

const b64 = (b: Uint8Array) => Buffer.from(b).toString('base64');
const check = (...files: Uint8Array[]) =>
  checkPhotos({ photos: files.map((f) => ({ name: 'a', type: 'image/jpeg', dataBase64: b64(f) })) });
const png = () => encodePngGray1(21, 21, (x, y) => (x + y) % 2 === 0);

describe('checkPhotos', () => {
  test('a whole JPEG and a whole PNG are accepted with the type their bytes say', () => {
    const r = check(structuralJpeg(), png());
    expect(r.problems).toEqual([]);
    expect(r.accepted.map((p) => p.mime)).toEqual(['image/jpeg', 'image/png']);
  });

  test('HTML or script behind JPEG or PNG magic bytes is refused', () => {
    const script = Buffer.from('<script>alert(document.cookie)</script>'.repeat(20));
    const jpegPolyglot = Buffer.concat([Buffer.from([0xff, 0xd8, 0xff, 0xe0]), script, Buffer.from([0xff, 0xd9])]);
    const pngPolyglot = Buffer.concat([Buffer.from(png().subarray(0, 8)), script, Buffer.from(png().subarray(-12))]);
    const html = Buffer.from('<html><body>not a photo</body></html>');
    const r = check(jpegPolyglot, pngPolyglot, html);
    expect(r.accepted).toEqual([]);
    expect(r.problems).toEqual([PHOTO_MESSAGES.broken(1), PHOTO_MESSAGES.broken(2), PHOTO_MESSAGES.notImage(3)]);
  });

  test('a JPEG without a frame header, or whose segment runs past the end, is refused', () => {
    const noFrame = structuralJpeg();
    noFrame[21] = 0xe1; // SOF0 becomes an APP1 segment: the scan has no frame
    const overlong = structuralJpeg();
    overlong[4] = 0x7f; // APP0 claims 32 KB
    expect(check(noFrame, overlong).accepted).toEqual([]);
  });

  test('a PNG with a corrupt chunk, no IHDR first or bytes after IEND is refused', () => {
    const badCrc = png();
    badCrc[29] ^= 0xff; // inside IHDR's CRC
    const trailing = Buffer.concat([png(), Buffer.from('<script>')]);
    expect(check(badCrc, trailing).accepted).toEqual([]);
  });

  test('every truncation of a whole image is refused', () => {
    const files = [structuralJpeg(300), png()];
    for (const f of files) {
      for (let n = 1; n < f.length; n++) expect(check(f.subarray(0, n)).accepted).toHaveLength(0);
    }
  });

  test('random bytes between the magic bytes and the end marker never pass as a whole image', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 400 }), fc.boolean(), (junk, asJpeg) => {
        // JPEG: scan bytes never hold 0xFF, so without it the walk cannot find a frame and a scan by chance.
        // PNG: a chunk would need a matching CRC-32.
        const body = asJpeg ? junk.filter((b) => b !== 0xff) : junk;
        const head = asJpeg ? [0xff, 0xd8, 0xff, 0xdb] : [...png().subarray(0, 8)];
        const tail = asJpeg ? [0xff, 0xd9] : [...png().subarray(-12)];
        const r = check(Uint8Array.from([...head, ...body, ...tail]));
        expect(r.accepted).toHaveLength(0);
        expect(r.problems).toHaveLength(1);
      }),
      { numRuns: 300 },
    );
  });

  test('count and size limits', () => {
    const five = check(...[1, 2, 3, 4, 5].map(() => structuralJpeg()));
    expect(five.accepted).toHaveLength(3);
    expect(five.problems).toEqual([PHOTO_MESSAGES.tooMany]);
    expect(check(structuralJpeg(301 * 1024)).problems).toEqual([PHOTO_MESSAGES.tooBig(1)]);
  });
});

describe('decodeBase64', () => {
  test('matches Node for any bytes, and refuses what is not base64', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 300 }), (bytes) => {
        expect(Buffer.from(decodeBase64(b64(bytes))!)).toEqual(Buffer.from(bytes));
      }),
    );
    expect(decodeBase64('***')).toBeNull();
    expect(decodeBase64('abc')).toBeNull();
  });
});
