import { PLACEHOLDERS } from '../../../src/core/privacy/mask';
import { SHARED_REPLIES_MAX_BYTES, buildSharedReplies, storedSharedReply } from '../../../src/core/lookup/shared-replies';
import { replyForResident, replyHolders } from '../../../src/core/privacy/shared-replies';
import { rowToRecord, type FeedbackRecord } from '../../../src/core/records/feedback-record';
import { utf8Encode } from '../../../src/shared/sha256';

const AN = { name: 'Nguyễn Văn An', phone: '0912 345 678', email: 'an.nguyen@example.com', address: 'Số 5 ngõ 9 phố Hàng Gà' };
const LAN = { name: 'Trần Thị Lan', phone: '0987 654 321', email: 'lan.tran@example.vn', address: '' };
const SHARED =
  'Đã sửa đèn theo phản ánh của ông Nguyễn Văn An và bà Trần Thị Lan (0987 654 321, lan.tran@example.vn). Mọi thắc mắc xin gọi tổ trưởng 0243 826 1234.';

let seq = 0;
/** The n-th code in the codes' alphabet (no 0, 1, O, I, L). */
function code(n: number): string {
  const alphabet = '23456789ABCDEFGHJKMNPQRSTUVWXYZ';
  let s = '';
  for (let i = 0; i < 7; i++, n = Math.floor(n / alphabet.length)) s = alphabet[n % alphabet.length] + s;
  return `HB-${s}`;
}

function row(over: Partial<FeedbackRecord>): FeedbackRecord {
  seq++;
  return {
    ...rowToRecord([]),
    trackingCode: code(seq),
    receivedAt: new Date(Date.UTC(2026, 9, 1) + seq * 60_000),
    content: 'Đèn đường ngõ 15 hỏng.',
    status: 'Đã trả lời',
    ...over,
  };
}

const SECRETS = ['Nguyễn Văn An', 'Trần Thị Lan', '0987 654 321', '0912 345 678', 'lan.tran', 'an.nguyen', 'Hàng Gà'];

describe('shared replies for the lookup', () => {
  test('a reply pasted into several rows is stored masked with every holder’s sender, and only masked text', () => {
    const an = row({ ...AN, publicReply: SHARED });
    const lan = row({ ...LAN, publicReply: `  ${SHARED.replace('. ', '.  ')}\n` });
    const alone = row({ name: 'Lê Văn Bình', publicReply: 'Đã trả lời riêng ông Lê Văn Bình.' });
    const built = buildSharedReplies([an, lan, alone]);
    expect(built).toMatchObject({ codes: 2, replies: 1, leftOut: 0 });
    for (const s of [...SECRETS, 'Lê Văn Bình', 'Đã trả lời riêng']) expect(built.value).not.toContain(s);
    const forAn = storedSharedReply(built.value, an.trackingCode, an.publicReply);
    expect(forAn).toContain('Đã sửa đèn theo phản ánh của ông');
    expect(forAn).toContain(PLACEHOLDERS.name);
    for (const s of SECRETS) expect(forAn).not.toContain(s);
    expect(storedSharedReply(built.value, lan.trackingCode.toLowerCase(), lan.publicReply)).toBe(forAn);
    // A reply held by one row only is left to the lookup's own masking.
    expect(storedSharedReply(built.value, alone.trackingCode, alone.publicReply)).toBeNull();
  });

  test('a reply changed since the map was built is not answered from it', () => {
    const an = row({ ...AN, publicReply: SHARED });
    const lan = row({ ...LAN, publicReply: SHARED });
    const built = buildSharedReplies([an, lan]);
    expect(storedSharedReply(built.value, an.trackingCode, SHARED)).not.toBeNull();
    expect(storedSharedReply(built.value, an.trackingCode, `${SHARED} Đã xong.`)).toBeNull();
    expect(storedSharedReply(built.value, 'HB-ZZZZZZZ', SHARED)).toBeNull();
  });

  test('a row whose reply is unchanged keeps the masking of the rows that no longer hold it', () => {
    const an = row({ ...AN, publicReply: SHARED });
    const lan = row({ ...LAN, publicReply: SHARED });
    const first = buildSharedReplies([an, lan]);
    // Staff rewrite An's reply: Lan's row alone holds the text that names An.
    const rewritten = { ...an, publicReply: 'Kính gửi ông Nguyễn Văn An: đèn đã sửa xong.' };
    const binh = row({ name: 'Lê Văn Bình', phone: '0903 111 222', publicReply: SHARED });
    for (const previous of [first.value, null]) {
      const next = buildSharedReplies([rewritten, lan], previous);
      const forLan = storedSharedReply(next.value, lan.trackingCode, lan.publicReply);
      if (previous === null)
        expect(forLan).toBeNull(); // nothing remembered: the lookup masks with Lan's own sender
      else for (const s of SECRETS) expect(forLan).not.toContain(s);
      expect(storedSharedReply(next.value, an.trackingCode, rewritten.publicReply)).toBeNull();
    }
    // A new row pasted with the same reply later: masked with what was remembered and its own sender.
    const later = buildSharedReplies([rewritten, lan, binh], buildSharedReplies([rewritten, lan], first.value).value);
    const forBinh = storedSharedReply(later.value, binh.trackingCode, binh.publicReply)!;
    for (const s of [...SECRETS, 'Lê Văn Bình']) expect(forBinh).not.toContain(s);
    expect(forBinh).toContain('Đã sửa đèn theo phản ánh của ông');
  });

  test('a missing or damaged value answers nothing and never throws', () => {
    for (const v of [undefined, '', 'not json', '{"v":1}', '{"v":1,"t":[],"c":{"HB-A":[5,"x"]}}', 'null', '[]', '{"v":2,"t":[],"c":{}}']) {
      expect(storedSharedReply(v, 'HB-A', SHARED)).toBeNull();
    }
  });

  test('past the size cap the newest replies are kept, the rest counted, and the value stays under the cap', () => {
    const rows: FeedbackRecord[] = [];
    for (let i = 0; i < 40; i++) {
      const reply = `Trả lời chung số ${i}: ${'đã xử lý xong việc sửa chữa. '.repeat(10)}`;
      const at = new Date(Date.UTC(2026, 0, 1) + i * 86_400_000);
      rows.push(row({ ...AN, publicReply: reply, receivedAt: at }), row({ ...LAN, publicReply: reply, receivedAt: at }));
    }
    const cap = 4000;
    const built = buildSharedReplies(rows, null, cap);
    expect(utf8Encode(built.value).length).toBeLessThanOrEqual(cap);
    expect(built.leftOut).toBeGreaterThan(0);
    expect(built.codes + built.leftOut).toBe(80);
    const newest = rows[rows.length - 1];
    const oldest = rows[0];
    expect(storedSharedReply(built.value, newest.trackingCode, newest.publicReply)).toContain('Trả lời chung số 39');
    expect(storedSharedReply(built.value, oldest.trackingCode, oldest.publicReply)).toBeNull();
    expect(SHARED_REPLIES_MAX_BYTES).toBeLessThanOrEqual(100 * 1024);
  });

  const TEMPLATE = 'Cảm ơn ông/bà đã góp ý; phường đã chuyển tổ dân phố xử lý. Mọi thắc mắc xin gọi 0243 826 1234.';

  /** 300 rows holding one template (too big for a 4,000-byte value), newer than two rows sharing a reply naming them. */
  function templateAndPair(): { many: FeedbackRecord[]; pair: FeedbackRecord[] } {
    const many: FeedbackRecord[] = [];
    for (let i = 0; i < 300; i++) {
      many.push(row({ name: `Người gửi số ${i}`, publicReply: TEMPLATE, receivedAt: new Date(Date.UTC(2026, 0, 1) + i * 60_000) }));
    }
    const older = new Date(Date.UTC(2025, 0, 1));
    const pair = [row({ ...AN, publicReply: SHARED, receivedAt: older }), row({ ...LAN, publicReply: SHARED, receivedAt: older })];
    return { many, pair };
  }

  test('a template in more rows than the value can hold keeps its last active rows, after the replies that fit whole', () => {
    const { many, pair } = templateAndPair();
    const cap = 4000;
    const built = buildSharedReplies([...pair, ...many], null, cap);
    expect(utf8Encode(built.value).length).toBeLessThanOrEqual(cap);
    // The reply that fits whole is stored whole, though the template's rows are newer.
    for (const r of pair) expect(storedSharedReply(built.value, r.trackingCode, SHARED)).not.toBeNull();
    // The template keeps as many rows as the room left takes, the newest first.
    const newest = many[many.length - 1];
    expect(storedSharedReply(built.value, newest.trackingCode, TEMPLATE)).toContain('Cảm ơn ông/bà đã góp ý');
    expect(storedSharedReply(built.value, many[0].trackingCode, TEMPLATE)).toBeNull();
    expect(built.codes).toBeGreaterThan(20);
    expect(built.leftOut).toBeGreaterThan(0);
    expect(built.codes + built.leftOut).toBe(302);
  });

  test('a code typed into two rows keeps the entry of the reply stored whole', () => {
    const { many, pair } = templateAndPair();
    // The newest template row carries the code of the pair's first row.
    many[many.length - 1] = { ...many[many.length - 1], trackingCode: pair[0].trackingCode };
    const built = buildSharedReplies([...pair, ...many], null, 4000);
    expect(storedSharedReply(built.value, pair[0].trackingCode, SHARED)).not.toBeNull();
    expect(storedSharedReply(built.value, pair[0].trackingCode, TEMPLATE)).toBeNull();
    expect(built.codes + built.leftOut).toBe(302);
  });
});

describe('the reply email of a shared reply', () => {
  test('masks the other holders’ contact data and keeps the resident’s own and the rest of the reply', () => {
    const an = row({ ...AN, publicReply: SHARED });
    const lan = row({ ...LAN, publicReply: SHARED });
    const holders = replyHolders([an, lan]);
    const toAn = replyForResident(an, holders);
    expect(toAn).toContain('ông Nguyễn Văn An');
    expect(toAn).toContain('tổ trưởng 0243 826 1234');
    for (const s of ['Trần Thị Lan', '0987 654 321', 'lan.tran']) expect(toAn).not.toContain(s);
    const toLan = replyForResident(lan, holders);
    expect(toLan).toContain('bà Trần Thị Lan (0987 654 321, lan.tran@example.vn)');
    expect(toLan).not.toContain('Nguyễn Văn An');
  });

  test('a reply only its own row holds goes as written; a second row of the same resident masks nothing of theirs', () => {
    const own = row({ ...AN, publicReply: 'Kính gửi ông Nguyễn Văn An, gọi 0912 345 678 khi cần.' });
    const again = row({ ...AN, publicReply: SHARED });
    const twice = row({ ...AN, publicReply: SHARED });
    const holders = replyHolders([own, again, twice]);
    expect(replyForResident(own, holders)).toBe(own.publicReply);
    expect(replyForResident(again, holders)).toBe(SHARED);
  });
});

describe('one reply in other spellings', () => {
  // The same reply pasted again after a retouch: capitals, a zero-width or no-break space from a chat app, full-width
  // digits, decomposed accents. Every holder's lookup and email must hide every other holder.
  const variants: [string, string][] = [
    ['capitals', SHARED.toUpperCase()],
    ['a lower-case first letter', SHARED.replace('Đã', 'đã')],
    ['a zero-width space', SHARED.replace('sửa', 'sửa\u200b')],
    ['a soft hyphen and a byte-order mark', SHARED.replace('phản', 'phả\u00adn').replace('Đã', '\ufeffĐã')],
    ['full-width digits', SHARED.replace('0243', '０２４３')],
    ['decomposed accents', SHARED.normalize('NFD')],
    ['no-break spaces', SHARED.replace(/ /g, '\u00a0')],
  ];
  test.each(variants)('a reply differing by %s is held by both rows', (_what, variant) => {
    const an = row({ ...AN, publicReply: SHARED });
    const lan = row({ ...LAN, publicReply: variant });
    const built = buildSharedReplies([an, lan]);
    for (const [r, reply] of [
      [an, SHARED],
      [lan, variant],
    ] as const) {
      const text = storedSharedReply(built.value, r.trackingCode, reply);
      expect(text).not.toBeNull();
      for (const s of SECRETS) expect(text!.toLowerCase()).not.toContain(s.toLowerCase());
    }
    const holders = replyHolders([an, lan]);
    for (const s of ['Trần Thị Lan', '0987 654 321', 'lan.tran']) expect(replyForResident(an, holders)).not.toContain(s);
    expect(replyForResident(lan, holders).normalize('NFC').toLowerCase()).not.toContain('nguyễn văn an');
  });
});

describe('the reply email and another holder’s e-mail address', () => {
  test('written with words for @ and dots, or with a short local part, is masked; an office address is kept', () => {
    const lanGmail = { ...LAN, email: 'lan.tran@gmail.com' };
    const reply =
      'Đã xử lý theo phản ánh của bà Lan (lan chấm tran a còng gmail chấm com, lan.tran (a) gmail.com) và ông Bình (bt@example.vn). Liên hệ ubnd.phuong@example.gov.vn.';
    const an = row({ ...AN, publicReply: reply });
    const lan = row({ ...lanGmail, publicReply: reply });
    const binh = row({ name: 'Lê Văn Bình', email: 'bt@example.vn', publicReply: reply });
    const toAn = replyForResident(an, replyHolders([an, lan, binh]));
    for (const s of ['lan chấm tran', 'lan.tran', 'bt@example.vn']) expect(toAn).not.toContain(s);
    expect(toAn).toContain('ubnd.phuong@example.gov.vn');
    expect(toAn).toContain('Đã xử lý theo phản ánh của bà Lan');
  });
});
