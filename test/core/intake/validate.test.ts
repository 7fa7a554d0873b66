import fc from 'fast-check';
import { FEEDBACK_KINDS, LIMITS, PETITION_KIND, type FieldError } from '../../../src/shared/types';
import { charCount, cleanLine, cleanMultiline } from '../../../src/core/intake/text';
import {
  BAD_PAYLOAD_MESSAGE,
  MESSAGES,
  botSignal,
  fieldErrors,
  normalizePhone,
  payloadSize,
  validateFeedback,
  type ValidationResult,
} from '../../../src/core/intake/validate';

const ctx = {
  locations: [
    { code: 'KP1', name: 'Khu phố 1' },
    { code: 'UBND', name: 'Trụ sở UBND phường' },
    { code: 'CHO-HB', name: 'Chợ Hòa Bình' },
  ],
  categories: ['Trật tự đô thị', 'Môi trường', 'Hạ tầng giao thông', 'Khác'],
};

const CONTENT = 'Đèn đường trước số 12 hẻm 34 bị hỏng đã một tuần, buổi tối rất tối.';

function base(over: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    requestId: '4f1c2a9e-6b7d-4e8f-9a0b-1c2d3e4f5a6b',
    location: 'KP1',
    category: 'Môi trường',
    kind: 'Phản ánh',
    content: CONTENT,
    name: '',
    phone: '',
    email: '',
    address: '',
    consent: false,
    website: '',
    elapsedMs: 25_000,
    ...over,
  };
}

function errorsOf(r: ValidationResult): FieldError[] {
  if (r.ok) throw new Error('expected errors, got ' + JSON.stringify(r.value));
  return r.errors;
}
function fieldsOf(r: ValidationResult): string[] {
  return errorsOf(r)
    .map((e) => e.field ?? '(none)')
    .sort();
}

const HOSTILE_STRINGS = [
  '<script>alert(1)</script>',
  '"><img src=x onerror=alert(1)>',
  '=IMPORTXML("http://x","//a")',
  '=HYPERLINK("http://evil","bấm vào")',
  '+1+1',
  '@SUM(A1)',
  '＝1+1',
  '\uD800\uDC00\uD800',
  '\uDFFF'.repeat(100),
  '\u202Egnp.exe',
  'x'.repeat(1_000_000),
  'Phường '.repeat(150_000),
  '\n'.repeat(1_000_000),
  ' '.repeat(1_000_000) + 'x',
  '\u0000'.repeat(1000),
  '{"__proto__":{"polluted":1}}',
  'constructor',
  '__proto__',
];

describe('validateFeedback: accepted payloads', () => {
  test('a minimal anonymous opinion', () => {
    const r = validateFeedback(base(), ctx);
    expect(r).toEqual({
      ok: true,
      value: {
        requestId: '4f1c2a9e-6b7d-4e8f-9a0b-1c2d3e4f5a6b',
        locationCode: 'KP1',
        locationName: 'Khu phố 1',
        kind: 'Phản ánh',
        category: 'Môi trường',
        content: CONTENT,
        name: '',
        phone: '',
        email: '',
        address: '',
        consent: false,
      },
    });
  });

  test('missing optional fields are fine', () => {
    const p = base();
    delete p.name;
    delete p.phone;
    delete p.email;
    delete p.address;
    delete p.consent;
    const r = validateFeedback(p, ctx);
    expect(r.ok).toBe(true);
  });

  test('with contact details and consent, everything cleaned', () => {
    const r = validateFeedback(
      base({
        name: '  Nguyễn\u200B  Văn A '.normalize('NFD'),
        phone: '+84 (0) 912.345-678',
        email: '  NguyenVanA@Gmail.COM ',
        address: ' Số 12,\n hẻm 34 ',
        content: '  Nội dung\r\n\r\n\r\n\r\ncó   dấu  \t\n'.normalize('NFD') + '.........',
        kind: 'Góp ý'.normalize('NFD'),
        category: ' Môi  trường ',
        location: 'kp1',
        consent: true,
      }),
      ctx,
    );
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.value.name).toBe('Nguyễn Văn A');
    expect(r.value.phone).toBe('0912345678');
    expect(r.value.email).toBe('nguyenvana@gmail.com');
    expect(r.value.address).toBe('Số 12, hẻm 34');
    expect(r.value.content).toBe('Nội dung\n\ncó   dấu\n.........');
    expect(r.value.kind).toBe('Góp ý');
    expect(r.value.category).toBe('Môi trường');
    expect(r.value.locationCode).toBe('KP1');
    expect(r.value.consent).toBe(true);
  });

  test('content limits are inclusive and counted in code points after cleaning', () => {
    const min = 'ẵ'.repeat(LIMITS.contentMin);
    expect(validateFeedback(base({ content: min }), ctx).ok).toBe(true);
    expect(validateFeedback(base({ content: min.normalize('NFD') }), ctx).ok).toBe(true); // 20 code units in NFD
    expect(validateFeedback(base({ content: '😀'.repeat(LIMITS.contentMax) }), ctx).ok).toBe(true);
    expect(fieldsOf(validateFeedback(base({ content: '😀'.repeat(LIMITS.contentMax + 1) }), ctx))).toEqual(['content']);
    expect(fieldsOf(validateFeedback(base({ content: 'ẵ'.repeat(LIMITS.contentMin - 1) }), ctx))).toEqual(['content']);
    // invisible padding does not count
    expect(fieldsOf(validateFeedback(base({ content: 'ngắn\u200B\u200B\u200B\u200B\u200B\u200B' }), ctx))).toEqual(['content']);
  });

  test('name and address limits', () => {
    const ok = validateFeedback(base({ name: 'A'.repeat(LIMITS.nameMax), address: 'B'.repeat(LIMITS.addressMax), consent: true }), ctx);
    expect(ok.ok).toBe(true);
    const bad = validateFeedback(
      base({ name: 'A'.repeat(LIMITS.nameMax + 1), address: 'B'.repeat(LIMITS.addressMax + 1), consent: true }),
      ctx,
    );
    expect(fieldsOf(bad)).toEqual(['address', 'name']);
  });
});

describe('phone numbers', () => {
  test.each([
    ['0912345678', '0912345678'],
    ['0912 345 678', '0912345678'],
    ['0912.345.678', '0912345678'],
    ['(028) 3829-1234', '02838291234'],
    ['+84912345678', '0912345678'],
    ['84912345678', '0912345678'],
    ['+84 28 3829 1234', '02838291234'],
    ['+84 (0) 912 345 678', '0912345678'],
    ['＋８４９１２３４５６７８', '0912345678'],
    // The international prefix dialled as 00, and the separators phone keypads and pasted numbers bring.
    ['0084 912 345 678', '0912345678'],
    ['0912,345,678', '0912345678'],
    ['0912–345–678', '0912345678'],
    ['0912_345_678', '0912345678'],
  ])('%s -> %s', (input, expected) => {
    expect(normalizePhone(input)).toBe(expected);
    const r = validateFeedback(base({ phone: input, consent: true }), ctx);
    expect(r.ok && r.value.phone).toBe(expected);
  });

  test.each([
    '091234567', // too short
    '091234567890', // too long
    '912345678', // no 0 or 84
    '0012345678', // international prefix
    '+85912345678',
    '0085912345678',
    '+84 12345678',
    '0912x345678',
    '0912/345/678',
    'một hai ba',
    '=1+1',
    '0 2 8 3 8 2 9 1 2 3 4', // 21 characters: over LIMITS.phoneMax even though the digits are fine
  ])('rejects %s', (input) => {
    expect(fieldsOf(validateFeedback(base({ phone: input, consent: true }), ctx))).toEqual(['phone']);
  });
});

describe('email', () => {
  test.each(['a@b.vn', 'nguyen.van.a+gopy@phuong-hoabinh.gov.vn', 'X_Y@Example.COM', 'a@xn--mnchen-3ya.de'])('accepts %s', (email) => {
    const r = validateFeedback(base({ email, consent: true }), ctx);
    expect(r.ok && r.value.email).toBe(email.toLowerCase());
  });

  test.each([
    'plain',
    'a@b',
    '@b.vn',
    'a@.vn',
    'a..b@c.vn',
    '.a@c.vn',
    'a@b..vn',
    'a@-b.vn',
    'a b@c.vn',
    'a@b.c',
    'nguyễn@gmail.com',
    '<script>@x.vn',
    'a@b.vn<script>',
    'x'.repeat(65) + '@b.vn',
  ])('rejects %s', (email) => {
    expect(fieldsOf(validateFeedback(base({ email, consent: true }), ctx))).toEqual(['email']);
  });

  test('length limit has its own message', () => {
    const email = 'a@' + 'b'.repeat(60) + '.' + ('c'.repeat(60) + '.').repeat(4) + 'vn';
    expect(email.length).toBeGreaterThan(LIMITS.emailMax);
    const errors = errorsOf(validateFeedback(base({ email, consent: true }), ctx));
    expect(errors).toEqual([{ field: 'email', message: MESSAGES.emailLong }]);
  });
});

describe('validateFeedback: rejected payloads', () => {
  test('petitions are refused with an explanation', () => {
    const errors = errorsOf(validateFeedback(base({ kind: PETITION_KIND }), ctx));
    expect(errors).toHaveLength(1);
    expect(errors[0].field).toBe('kind');
    const m = errors[0].message;
    for (const part of [
      'khiếu nại, tố cáo',
      'đơn',
      'họ tên, địa chỉ',
      'chữ ký',
      'Ban tiếp công dân',
      'Ủy ban nhân dân cấp xã',
      'nặc danh',
      'không được xử lý',
    ]) {
      expect(m).toContain(part);
    }
    // also when it arrives decomposed
    expect(errorsOf(validateFeedback(base({ kind: PETITION_KIND.normalize('NFD') }), ctx))[0].message).toBe(m);
  });

  test('unknown kind, location, category', () => {
    const r = validateFeedback(base({ kind: 'Khen', location: 'KP9', category: 'Bóng đá' }), ctx);
    expect(errorsOf(r)).toEqual([
      { field: 'location', message: MESSAGES.location },
      { field: 'category', message: MESSAGES.category },
      { field: 'kind', message: MESSAGES.kind },
    ]);
    expect(MESSAGES.location).toContain('danh sách');
  });

  test('a box with no active place takes the opinion without one, whatever place the page sent', () => {
    const none = { locations: [], categories: ctx.categories };
    for (const location of ['', 'KP1', 'KDC-CU', undefined, 5]) {
      const r = validateFeedback(base({ location }), none);
      expect(r).toEqual({ ok: true, value: expect.objectContaining({ locationCode: '', locationName: '' }) });
    }
    // only a list: a broken one still refuses
    expect(fieldsOf(validateFeedback(base(), { ...none, locations: null } as unknown as typeof ctx))).toEqual(['location']);
    // the other fields keep their rules
    expect(fieldsOf(validateFeedback(base({ location: '', category: '' }), none))).toEqual(['category']);
    expect(fieldErrors(base({ location: '' }), none)).toEqual([]);
  });

  test('with places, a missing or unknown place is still refused', () => {
    for (const location of ['', '   ', 'KP9', undefined]) {
      expect(errorsOf(validateFeedback(base({ location }), ctx))).toEqual([{ field: 'location', message: MESSAGES.location }]);
      expect(fieldErrors(base({ location }), ctx)).toEqual([{ field: 'location', message: MESSAGES.location }]);
    }
  });

  test('requestId format: UUID-shaped only (8-4-4-4-12 hex digits)', () => {
    const bad = [
      '',
      'short',
      'a'.repeat(65),
      '4f1c2a9e_6b7d',
      '4f1c2a9e 6b7d',
      '<script>x</script>',
      12345678,
      'abcdEFGH',
      'a'.repeat(64),
      '--------',
      '4f1c2a9e6b7d4e8f9a0b1c2d3e4f5a6b',
      '4f1c2a9e-6b7d-4e8f-9a0b-1c2d3e4f5a6',
      '4f1c2a9e-6b7d-4e8f-9a0b-1c2d3e4f5a6b7',
      '4f1c2a9g-6b7d-4e8f-9a0b-1c2d3e4f5a6b',
      '{4f1c2a9e-6b7d-4e8f-9a0b-1c2d3e4f5a6b}',
      ' 4f1c2a9e-6b7d-4e8f-9a0b-1c2d3e4f5a6b',
    ];
    for (const id of bad) expect(fieldsOf(validateFeedback(base({ requestId: id }), ctx))).toEqual(['requestId']);
    for (const id of [
      '4f1c2a9e-6b7d-4e8f-9a0b-1c2d3e4f5a6b',
      '4F1C2A9E-6B7D-4E8F-9A0B-1C2D3E4F5A6B',
      '00000000-0000-0000-0000-000000000000',
    ]) {
      expect(validateFeedback(base({ requestId: id }), ctx).ok).toBe(true);
    }
  });

  test('content messages say how many characters are needed or allowed', () => {
    expect(errorsOf(validateFeedback(base({ content: ' \n\u200B ' }), ctx))).toEqual([
      { field: 'content', message: MESSAGES.contentRequired },
    ]);
    const short = errorsOf(validateFeedback(base({ content: 'ngắn' }), ctx))[0].message;
    expect(short).toContain(`${LIMITS.contentMin} ký tự`);
    expect(short).toContain('hiện có 4 ký tự');
    const long = errorsOf(validateFeedback(base({ content: 'a'.repeat(4321) }), ctx))[0].message;
    expect(long).toContain('4.000 ký tự');
    expect(long).toContain('4.321');
    expect(long).toContain('bớt 321 ký tự');
  });

  test('personal data without consent', () => {
    for (const field of ['name', 'phone', 'email', 'address']) {
      const value = field === 'phone' ? '0912345678' : field === 'email' ? 'a@b.vn' : 'Nguyễn Văn A';
      for (const consent of [false, undefined, 'true', 1, 'Có']) {
        const errors = errorsOf(validateFeedback(base({ [field]: value, consent }), ctx));
        expect(errors).toEqual([{ field: 'consent', message: MESSAGES.consent }]);
      }
    }
    // invisible-only values are not personal data
    expect(validateFeedback(base({ name: '\u200B \n', consent: false }), ctx).ok).toBe(true);
  });

  test('all field errors are returned at once', () => {
    const r = validateFeedback(
      {
        requestId: 'x',
        location: '',
        category: '',
        kind: PETITION_KIND,
        content: 'ngắn',
        name: 'n'.repeat(101),
        phone: '123',
        email: 'không-phải-email',
        address: 'd'.repeat(301),
        consent: false,
      },
      ctx,
    );
    expect(fieldsOf(r)).toEqual(['address', 'category', 'consent', 'content', 'email', 'kind', 'location', 'name', 'phone', 'requestId']);
    for (const e of errorsOf(r)) expect(e.field).toBeDefined();
  });

  test('non-objects are refused with one message for the whole submission', () => {
    const odd: unknown[] = [
      undefined,
      null,
      0,
      NaN,
      'chuỗi',
      true,
      Symbol('s'),
      10n,
      () => 1,
      [],
      [base()],
      new Date(),
      new Map(),
      new Set(),
      /x/,
      new String('x'),
      Object.create({ content: CONTENT }),
      new (class Payload {
        requestId = 'abcdefgh';
      })(),
    ];
    for (const v of odd) {
      expect(validateFeedback(v, ctx)).toEqual({ ok: false, errors: [{ message: BAD_PAYLOAD_MESSAGE }] });
    }
  });

  test('null-prototype objects are plain enough', () => {
    const p = Object.assign(Object.create(null), base());
    expect(validateFeedback(p, ctx).ok).toBe(true);
  });

  test('getters are never run, even throwing ones', () => {
    const p = base();
    let ran = false;
    Object.defineProperty(p, 'content', {
      enumerable: true,
      get() {
        ran = true;
        throw new Error('boom');
      },
    });
    expect(fieldsOf(validateFeedback(p, ctx))).toEqual(['content']);
    expect(ran).toBe(false);
    expect(botSignal(p)).toBe(null);
    expect(payloadSize(p)).toBeLessThan(LIMITS.payloadMaxChars);
  });

  test('inherited values are not read', () => {
    const p = Object.create(Object.create(null, { content: { value: CONTENT } }));
    expect(validateFeedback(p, ctx).ok).toBe(false);
  });

  test('hostile proxies', () => {
    const trap = () => {
      throw new Error('trap');
    };
    const throwing = new Proxy({}, { get: trap, getOwnPropertyDescriptor: trap, ownKeys: trap, has: trap });
    const protoTrap = new Proxy({}, { getPrototypeOf: trap });
    const { proxy: revoked, revoke } = Proxy.revocable({}, {});
    revoke();
    for (const p of [throwing, protoTrap, revoked]) {
      expect(() => validateFeedback(p, ctx)).not.toThrow();
      expect(validateFeedback(p, ctx).ok).toBe(false);
      expect(() => botSignal(p)).not.toThrow();
      expect(() => payloadSize(p)).not.toThrow();
    }
    expect(payloadSize(throwing)).toBeGreaterThan(LIMITS.payloadMaxChars);
  });

  test('__proto__ keys from JSON do not pollute or confuse', () => {
    const p = JSON.parse(
      JSON.stringify(base()).replace(/^\{/, '{"__proto__":{"content":"x","polluted":true},"constructor":{"prototype":{"polluted":true}},'),
    );
    const r = validateFeedback(p, ctx);
    expect(r.ok).toBe(true);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    const withoutContent = JSON.parse('{"__proto__":{"content":"' + CONTENT + '"},"requestId":"abcdefgh"}');
    expect(fieldsOf(validateFeedback(withoutContent, ctx))).toContain('content');
  });

  test('hostile strings in every field never throw; long ones are rejected', () => {
    const fields = ['requestId', 'location', 'category', 'kind', 'content', 'name', 'phone', 'email', 'address'];
    for (const s of HOSTILE_STRINGS) {
      for (const f of fields) {
        const r = validateFeedback(base({ [f]: s, consent: true }), ctx);
        if (r.ok) {
          expect(charCount(r.value.content)).toBeLessThanOrEqual(LIMITS.contentMax);
          expect(charCount(r.value.name)).toBeLessThanOrEqual(LIMITS.nameMax);
          expect(charCount(r.value.address)).toBeLessThanOrEqual(LIMITS.addressMax);
        } else {
          expect(r.errors.length).toBeGreaterThan(0);
        }
      }
    }
    expect(fieldsOf(validateFeedback(base({ content: 'x'.repeat(1_000_000) }), ctx))).toEqual(['content']);
    // hostile text within limits is kept as text (escaping happens on output)
    const r = validateFeedback(base({ content: '=IMPORTXML("http://x","//a") <script>alert(1)</script>' }), ctx);
    expect(r.ok && r.value.content).toBe('=IMPORTXML("http://x","//a") <script>alert(1)</script>');
  });

  test('a broken context is not an exception', () => {
    const bad = { locations: null, categories: 'Môi trường' } as unknown as typeof ctx;
    expect(fieldsOf(validateFeedback(base(), bad))).toEqual(['category', 'location']);
    const weird = { locations: [null, { code: 5 }, { code: 'KP1', name: 'Khu phố 1' }], categories: [null, 'Môi trường'] };
    expect(validateFeedback(base(), weird as unknown as typeof ctx).ok).toBe(true);
  });

  test('every message is NFC Vietnamese', () => {
    const all = [
      ...Object.values(MESSAGES).filter((m): m is string => typeof m === 'string'),
      MESSAGES.contentShort(3),
      MESSAGES.contentLong(5000),
    ];
    for (const m of all) {
      expect(m).toBe(m.normalize('NFC'));
      expect(m.length).toBeGreaterThan(10);
    }
  });
});

describe('validateFeedback properties', () => {
  const text = fc.oneof(
    fc.string({ unit: 'grapheme', maxLength: 120 }),
    fc.string({ unit: 'binary', maxLength: 40 }),
    fc.constantFrom(...HOSTILE_STRINGS.filter((s) => s.length < 1000), '', '0912 345 678', 'a@b.vn', 'KP1'),
  );
  /** Mostly valid values (weight 6) with a hostile or random one now and then. */
  const often = <T>(valid: fc.Arbitrary<T>) => fc.oneof({ weight: 6, arbitrary: valid }, { weight: 1, arbitrary: text });
  const nearlyValid = fc.record(
    {
      requestId: often(fc.uuid()),
      location: often(fc.constantFrom('KP1', 'ubnd', 'CHO-HB', ' KP1 ')),
      category: often(fc.constantFrom(...ctx.categories)),
      kind: often(fc.constantFrom(...FEEDBACK_KINDS, PETITION_KIND)),
      content: often(fc.string({ unit: 'grapheme', minLength: 5, maxLength: 200 })),
      name: often(fc.constantFrom('', 'Nguyễn Văn A', 'Trần Thị Bích Ngọc'.normalize('NFD'))),
      phone: often(fc.constantFrom('', '0912345678', '+84 28 3829 1234', '84912345678')),
      email: often(fc.oneof(fc.constant(''), fc.emailAddress())),
      address: often(fc.constantFrom('', 'Số 1 đường Hòa Bình')),
      consent: fc.oneof({ weight: 6, arbitrary: fc.boolean() }, { weight: 1, arbitrary: fc.anything() }),
      website: text,
      elapsedMs: fc.anything(),
    },
    { requiredKeys: ['requestId', 'location', 'category', 'kind', 'content', 'consent'] },
  );

  test('never throws on anything', () => {
    fc.assert(
      fc.property(
        fc.anything({
          withNullPrototype: true,
          withMap: true,
          withSet: true,
          withBigInt: true,
          withDate: true,
          withTypedArray: true,
          withSparseArray: true,
          withBoxedValues: true,
          withObjectString: true,
          withUnicodeString: true,
        }),
        (v) => {
          const r = validateFeedback(v, ctx);
          expect(typeof r.ok).toBe('boolean');
          if (!r.ok) expect(r.errors.length).toBeGreaterThan(0);
          expect(['honeypot', 'too-fast', null]).toContain(botSignal(v));
          expect(Number.isFinite(payloadSize(v))).toBe(true);
        },
      ),
      { numRuns: 1000 },
    );
  });

  test('accepted values satisfy every rule and are already clean', () => {
    let accepted = 0;
    fc.assert(
      fc.property(nearlyValid, (p) => {
        const r = validateFeedback(p, ctx);
        if (!r.ok) {
          for (const e of r.errors) {
            expect(e.field).toBeDefined();
            expect(e.message.length).toBeGreaterThan(0);
          }
          return;
        }
        accepted++;
        const v = r.value;
        expect(v.requestId).toMatch(/^[A-Za-z0-9-]{8,64}$/);
        expect(ctx.locations.some((l) => l.code === v.locationCode && l.name === v.locationName)).toBe(true);
        expect(ctx.categories).toContain(v.category);
        expect(FEEDBACK_KINDS).toContain(v.kind);
        expect(charCount(v.content)).toBeGreaterThanOrEqual(LIMITS.contentMin);
        expect(charCount(v.content)).toBeLessThanOrEqual(LIMITS.contentMax);
        expect(cleanMultiline(v.content)).toBe(v.content);
        for (const s of [v.name, v.email, v.address, v.requestId, v.category]) expect(cleanLine(s)).toBe(s);
        expect(charCount(v.name)).toBeLessThanOrEqual(LIMITS.nameMax);
        expect(charCount(v.address)).toBeLessThanOrEqual(LIMITS.addressMax);
        expect(v.phone === '' || /^0[1-9]\d{8,9}$/.test(v.phone)).toBe(true);
        expect(v.email.length).toBeLessThanOrEqual(LIMITS.emailMax);
        expect(v.email).toBe(v.email.toLowerCase());
        expect(v.email === '' || /^[^@\s]+@[^@\s]+\.[a-z0-9-]+$/.test(v.email)).toBe(true);
        if (v.name || v.phone || v.email || v.address) expect(v.consent).toBe(true);
        expect(typeof v.consent).toBe('boolean');
      }),
      { numRuns: 3000 },
    );
    expect(accepted).toBeGreaterThan(100); // the generator really reaches the accepting branch
  });
});

describe('botSignal', () => {
  test('honeypot', () => {
    expect(botSignal(base({ website: 'http://spam.example' }))).toBe('honeypot');
    expect(botSignal(base({ website: ' x ' }))).toBe('honeypot');
    expect(botSignal(base({ website: 1 }))).toBe('honeypot');
    expect(botSignal(base({ website: ' \u200B\n' }))).toBe(null);
    expect(botSignal(base({ website: undefined }))).toBe(null);
    expect(botSignal(base({ website: null }))).toBe(null);
    // honeypot wins over timing
    expect(botSignal(base({ website: 'x', elapsedMs: 1 }))).toBe('honeypot');
  });

  test('too fast', () => {
    expect(botSignal(base({ elapsedMs: LIMITS.minFillMs }))).toBe(null);
    expect(botSignal(base({ elapsedMs: LIMITS.minFillMs - 1 }))).toBe('too-fast');
    for (const elapsedMs of [0, -5000, NaN, Infinity, -Infinity, '25000', null, undefined, {}]) {
      expect(botSignal(base({ elapsedMs }))).toBe('too-fast');
    }
  });

  test('a payload that is not a plain object is left to validation, which says the data is bad', () => {
    for (const p of [null, undefined, [], 'x', 42]) {
      expect(botSignal(p)).toBe(null);
      expect(validateFeedback(p, ctx)).toEqual({ ok: false, errors: [{ message: BAD_PAYLOAD_MESSAGE }] });
    }
  });
});

describe('payloadSize', () => {
  test('close to the JSON length for ordinary payloads', () => {
    const p = base({ name: 'Nguyễn Văn A', content: 'x'.repeat(3000) });
    const json = JSON.stringify(p).length;
    const size = payloadSize(p);
    expect(size).toBeGreaterThan(json * 0.9);
    expect(size).toBeLessThan(json * 1.2);
  });

  test('photos are left out', () => {
    const photos = [{ name: 'a.jpg', type: 'image/jpeg', dataBase64: 'A'.repeat(400_000) }];
    expect(payloadSize(base({ photos }))).toBe(payloadSize(base()));
    // but only at the top level
    expect(payloadSize(base({ nested: { photos } }))).toBeGreaterThan(LIMITS.payloadMaxChars);
  });

  test('large, wide, deep and cyclic payloads exceed the limit quickly', () => {
    const started = Date.now();
    expect(payloadSize(base({ content: 'x'.repeat(1_000_000) }))).toBeGreaterThan(LIMITS.payloadMaxChars);
    expect(payloadSize(base({ junk: new Array(1e7) }))).toBeGreaterThan(LIMITS.payloadMaxChars);
    expect(payloadSize(base({ junk: new Array(100_000).fill(1) }))).toBeGreaterThan(LIMITS.payloadMaxChars);
    let deep: unknown = 'x';
    for (let i = 0; i < 10_000; i++) deep = { d: deep };
    expect(payloadSize(deep)).toBeGreaterThan(LIMITS.payloadMaxChars);
    const cyclic: Record<string, unknown> = { a: 'b' };
    cyclic.self = cyclic;
    expect(payloadSize(cyclic)).toBeGreaterThan(LIMITS.payloadMaxChars);
    expect(Date.now() - started).toBeLessThan(2000);
  });

  test('primitives', () => {
    expect(payloadSize('abc')).toBe(5);
    expect(payloadSize(12345)).toBe(5);
    expect(payloadSize(null)).toBe(4);
    expect(payloadSize(undefined)).toBe(4);
    expect(payloadSize({})).toBe(2);
  });

  test('never below the JSON length of photo-free string data, by much', () => {
    fc.assert(
      fc.property(fc.dictionary(fc.string(), fc.oneof(fc.string(), fc.integer(), fc.boolean())), (d) => {
        const { photos: _ignored, ...rest } = d;
        void _ignored;
        const json = JSON.stringify(rest).length;
        expect(payloadSize(d)).toBeGreaterThanOrEqual(Math.floor(json * 0.7));
        expect(payloadSize(d)).toBeLessThanOrEqual(json * 3 + 10);
      }),
    );
  });
});
