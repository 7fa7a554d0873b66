import fc from 'fast-check';
import { createHash, createHmac } from 'node:crypto';
import { hmacSha256, leadingZeroBits, sha256, sha256Finish, sha256Midstate, sha256Utf8, toHex, utf8Encode } from '../../src/shared/sha256';

const nodeSha = (b: Uint8Array | string) => createHash('sha256').update(b).digest('hex');
const signed = (b: Uint8Array) => Array.from(new Int8Array(b.buffer, b.byteOffset, b.length));
/** Strings of arbitrary UTF-16 code units: lone surrogates, pairs, and everything else. */
const utf16 = (maxLength = 80) =>
  fc
    .array(fc.oneof(fc.integer({ min: 0, max: 0xffff }), fc.integer({ min: 0xd800, max: 0xdfff }), fc.integer({ min: 0, max: 0x7f })), {
      maxLength,
    })
    .map((units) => String.fromCharCode(...units));

describe('sha256', () => {
  test('known vectors (FIPS 180-4 examples)', () => {
    expect(toHex(sha256([]))).toBe('e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855');
    expect(toHex(sha256Utf8('abc'))).toBe('ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad');
    expect(toHex(sha256Utf8('abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq'))).toBe(
      '248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1',
    );
    expect(toHex(sha256Utf8('a'.repeat(1000000)))).toBe('cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0');
  });

  test('every length around the block and padding boundaries matches node:crypto', () => {
    for (let n = 0; n <= 200; n++) {
      const b = new Uint8Array(n).map((_, i) => (i * 37 + n) & 0xff);
      expect(toHex(sha256(b))).toBe(nodeSha(b));
    }
  });

  test('random bytes match node:crypto; signed bytes give the same digest', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 600 }), (b) => {
        const want = nodeSha(b);
        expect(toHex(sha256(b))).toBe(want);
        expect(toHex(sha256(signed(b)))).toBe(want);
      }),
      { numRuns: 400 },
    );
  });

  test('a midstate finished later gives the same digest and is not consumed', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 300 }), (b) => {
        const mid = sha256Midstate(b);
        expect(mid.tail.length).toBe(b.length % 64);
        expect(toHex(sha256Finish(mid))).toBe(nodeSha(b));
        expect(toHex(sha256Finish(mid))).toBe(nodeSha(b));
      }),
    );
  });

  test('UTF-8 text matches node:crypto, Vietnamese included', () => {
    for (const s of ['Hòm thư số góp ý', 'Ủy ban MTTQ phường Hòa Bình', '🙂 ạ', 'x'.repeat(130)]) {
      expect(toHex(sha256Utf8(s))).toBe(nodeSha(Buffer.from(s, 'utf8')));
    }
  });
});

describe('hmacSha256', () => {
  const ascii = (s: string) => utf8Encode(s);

  test('RFC 4231 test cases 1, 2, 6 and 7', () => {
    expect(toHex(hmacSha256(new Uint8Array(20).fill(0x0b), ascii('Hi There')))).toBe(
      'b0344c61d8db38535ca8afceaf0bf12b881dc200c9833da726e9376c2e32cff7',
    );
    expect(toHex(hmacSha256(ascii('Jefe'), ascii('what do ya want for nothing?')))).toBe(
      '5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843',
    );
    const longKey = new Uint8Array(131).fill(0xaa);
    expect(toHex(hmacSha256(longKey, ascii('Test Using Larger Than Block-Size Key - Hash Key First')))).toBe(
      '60e431591ee0b67f0d8a26aacbf5b77f8e0bc6213728c5140546040f0ee37f54',
    );
    expect(
      toHex(
        hmacSha256(
          longKey,
          ascii(
            'This is a test using a larger than block-size key and a larger than block-size data. The key needs to be hashed before being used by the HMAC algorithm.',
          ),
        ),
      ),
    ).toBe('9b09ffa71b942fcb27635fbcd5b0e944bfdc63644f0713938a7f51535c3a35e2');
  });

  test('random keys and messages match node:crypto, signed bytes too', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 200 }), fc.uint8Array({ maxLength: 300 }), (key, msg) => {
        const want = createHmac('sha256', key).update(msg).digest('hex');
        expect(toHex(hmacSha256(key, msg))).toBe(want);
        expect(toHex(hmacSha256(signed(key), signed(msg)))).toBe(want);
      }),
      { numRuns: 300 },
    );
  });
});

describe('utf8Encode', () => {
  test('matches TextEncoder and Buffer on any UTF-16 string (lone surrogates become U+FFFD)', () => {
    const enc = new TextEncoder();
    fc.assert(
      fc.property(fc.oneof(utf16(), fc.string({ unit: 'binary' }), fc.string({ unit: 'grapheme' })), (s) => {
        const got = Array.from(utf8Encode(s));
        expect(got).toEqual(Array.from(enc.encode(s)));
        expect(got).toEqual(Array.from(Buffer.from(s, 'utf8')));
      }),
      { numRuns: 1000 },
    );
  });

  test('edge cases', () => {
    expect(Array.from(utf8Encode(''))).toEqual([]);
    expect(Array.from(utf8Encode('\u0000\u007f\u0080\u07ff\u0800\uffff'))).toEqual([
      0, 0x7f, 0xc2, 0x80, 0xdf, 0xbf, 0xe0, 0xa0, 0x80, 0xef, 0xbf, 0xbf,
    ]);
    expect(Array.from(utf8Encode('\ud83d\ude42'))).toEqual([0xf0, 0x9f, 0x99, 0x82]);
    expect(Array.from(utf8Encode('\udbff\udfff'))).toEqual([0xf4, 0x8f, 0xbf, 0xbf]);
    // Lone high at the end, lone low, reversed pair.
    expect(Array.from(utf8Encode('a\ud83d'))).toEqual([0x61, 0xef, 0xbf, 0xbd]);
    expect(Array.from(utf8Encode('\ude42b'))).toEqual([0xef, 0xbf, 0xbd, 0x62]);
    expect(Array.from(utf8Encode('\ude42\ud83d'))).toEqual([0xef, 0xbf, 0xbd, 0xef, 0xbf, 0xbd]);
    expect(Array.from(utf8Encode('\ud83d\ud83d\ude42'))).toEqual([0xef, 0xbf, 0xbd, 0xf0, 0x9f, 0x99, 0x82]);
    expect(Buffer.from(utf8Encode('Góp ý')).toString('utf8')).toBe('Góp ý');
  });
});

describe('leadingZeroBits and toHex', () => {
  test('counts leading zero bits of unsigned and signed bytes', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 40 }), (b) => {
        const bitString = Array.from(b, (x) => x.toString(2).padStart(8, '0')).join('');
        const want = bitString.indexOf('1') < 0 ? bitString.length : bitString.indexOf('1');
        expect(leadingZeroBits(b)).toBe(want);
        expect(leadingZeroBits(signed(b))).toBe(want);
        expect(toHex(signed(b))).toBe(Buffer.from(b).toString('hex'));
      }),
    );
    expect(leadingZeroBits([0, 0, 1])).toBe(23);
    expect(leadingZeroBits([-128])).toBe(0);
    expect(leadingZeroBits([0, 127])).toBe(9);
  });
});
