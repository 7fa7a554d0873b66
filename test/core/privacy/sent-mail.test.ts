import { batchEmails, makeBatchId } from '../../../src/core/mail/batch-email';
import { committeeEmail, committeeSubject } from '../../../src/core/mail/committee-email';
import { digestSubject, replyEmail, replySubject } from '../../../src/core/mail/reply-email';
import { boxMailKind, codeMailQuery, expiredMailQueries, isMailAbout } from '../../../src/core/privacy/sent-mail';
import { buildDigest } from '../../../src/core/reports/report';
import { rowToRecord, type FeedbackRecord } from '../../../src/core/records/feedback-record';

const CODE = 'HB-7KQ4M2X';
const record: FeedbackRecord = {
  ...rowToRecord([]),
  trackingCode: CODE,
  receivedAt: new Date(Date.UTC(2026, 2, 1)),
  locationCode: 'KDC01',
  locationName: 'Nhà văn hóa khu dân cư số 1',
  kind: 'Phản ánh',
  category: 'Vệ sinh môi trường',
  content: 'Rác thải ùn ứ ở đầu ngõ 5.',
  name: 'Nguyễn Thị Lan',
  email: 'lan@example.vn',
  status: 'Đã trả lời',
  publicReply: 'Đã thu gom.',
};

describe('which sent mail is the box’s own mail about an opinion', () => {
  const committee = committeeEmail({
    record,
    rowLink: '',
    recipients: ['mttq@example.org'],
    committeeName: 'Ủy ban MTTQ',
    receivedText: '01/03/2026 08:00',
  });
  const reply = replyEmail({ record, wardName: 'Hòa Bình', committeeName: 'Ủy ban MTTQ phường Hòa Bình' });

  it('the committee email, by the code in its subject', () => {
    expect(committee.subject).toBe(committeeSubject(record));
    expect(boxMailKind(committee.subject)).toEqual({ kind: 'committee', code: CODE });
    expect(isMailAbout(CODE, committee.subject, () => '')).toBe(true);
    expect(isMailAbout('HB-2222222', committee.subject, () => '')).toBe(false);
  });

  it('the reply, by its subject and the code line of its body', () => {
    expect(reply.subject).toBe(replySubject('Hòa Bình'));
    expect(boxMailKind(reply.subject)).toEqual({ kind: 'reply' });
    expect(isMailAbout(CODE, reply.subject, () => reply.text)).toBe(true);
    expect(isMailAbout('HB-2222222', reply.subject, () => reply.text)).toBe(false);
    // A code quoted elsewhere in the body (a staff reply citing another opinion) is not this opinion's reply.
    expect(isMailAbout('HB-2222222', reply.subject, () => `${reply.text}\nXem thêm ý kiến HB-2222222.`)).toBe(false);
  });

  it('a batched announcement, by its subject, when its list names the code: found by date and by code', () => {
    const other = { ...record, trackingCode: 'HB-2222222', content: 'Đèn đường hỏng.' };
    const [mail] = batchEmails(
      [record, other].map((r) => ({ ...r, receivedText: '01/03/2026 08:00' })),
      { recipients: ['mttq@example.org'], committeeName: 'Ủy ban MTTQ', sheetUrl: '', batchId: makeBatchId(new Date(), 'AB') },
    );
    expect(boxMailKind(mail.subject)).toEqual({ kind: 'batch' });
    expect(isMailAbout(CODE, mail.subject, () => mail.text)).toBe(true);
    expect(isMailAbout('HB-2222222', mail.subject, () => mail.text)).toBe(true);
    expect(isMailAbout('HB-3333333', mail.subject, () => mail.text)).toBe(false);
    // The retention search by date covers it: its subject carries the committee mark.
    expect(expiredMailQueries(new Date())[0]).toContain('Hòm thư góp ý');
    expect(mail.subject).toContain('Hòm thư góp ý');
  });

  it('never the digest, a check mail or mail written by hand', () => {
    const digest = digestSubject(buildDigest([record], new Date(Date.UTC(2026, 2, 3))));
    for (const subject of [
      digest,
      'Kiểm tra nền tảng KTNT-ABC thư',
      `Re: ${committee.subject}`,
      `Fwd: ${CODE}`,
      '',
      '[Hòm thư góp ý] HB-12 – x',
    ]) {
      expect(boxMailKind(subject)).toBeNull();
      expect(isMailAbout(CODE, subject, () => `Mã theo dõi: ${CODE}`)).toBe(false);
    }
  });
});

describe('searches', () => {
  it('finds expired mail by send time in epoch seconds, one search per subject mark', () => {
    const cutoff = new Date(Date.UTC(2024, 11, 7, 17, 0, 0));
    expect(expiredMailQueries(cutoff)).toEqual([
      `in:sent before:${cutoff.getTime() / 1000} subject:"Hòm thư góp ý"`,
      `in:sent before:${cutoff.getTime() / 1000} subject:"Trả lời ý kiến của ông/bà"`,
    ]);
  });

  it('finds mail about one code by a quoted word, quotes removed from the code', () => {
    expect(codeMailQuery(CODE)).toBe(`in:sent "${CODE}"`);
    expect(codeMailQuery('HB-"X')).toBe('in:sent "HB-X"');
  });
});
