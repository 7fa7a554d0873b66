import { committeeEmail, committeeSubject } from '../../../src/core/mail/committee-email';
import { recordFromClean } from '../../../src/core/intake/submit';
import { UNSPECIFIED } from '../../../src/core/reports/report';

const clean = {
  requestId: 'req-12345678',
  locationCode: 'KDC01',
  locationName: 'Nhà văn hóa khu dân cư số 1',
  kind: 'Phản ánh' as const,
  category: 'hạ tầng – điện chiếu sáng – thoát nước',
  content: 'Đèn đường <b>hỏng</b>\n<script>alert(1)</script>',
  name: 'Nguyễn Văn "A"',
  phone: '0912345678',
  email: 'a@example.com',
  address: '',
  consent: true,
};

function mail(over: Partial<typeof clean> = {}, photos = '') {
  const record = recordFromClean({ ...clean, ...over }, 'HB-7K3M9QX', new Date('2026-11-28T03:00:00Z'), '', '', photos);
  return committeeEmail({
    record,
    rowLink: 'https://docs.google.com/spreadsheets/d/ss/edit#gid=0&range=A2',
    recipients: ['mttq@example.com'],
    committeeName: 'Ủy ban MTTQ phường Hòa Bình',
    receivedText: '28/11/2026 10:00',
  });
}

test('subject starts with the tracking code; resident text is escaped in the HTML body', () => {
  const m = mail();
  expect(m.subject).toBe(committeeSubject({ trackingCode: 'HB-7K3M9QX', locationName: clean.locationName, category: clean.category }));
  expect(m.subject.startsWith('[Hòm thư góp ý] HB-7K3M9QX')).toBe(true);
  expect(m.html).not.toMatch(/<script|<b>hỏng/);
  expect(m.html).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
  expect(m.html).toContain('Nguyễn Văn &quot;A&quot;');
  expect(m.text).toContain(clean.content);
  // The code and the labels never break across lines.
  expect(m.html).toContain('<td style="white-space:nowrap">HB-7K3M9QX</td>');
  expect(m.html).toContain('<th align="left" valign="top" style="padding-right:12px;white-space:nowrap">Mã theo dõi</th>');
});

test('Reply-To is the resident only with consent', () => {
  expect(mail().replyTo).toBe('a@example.com');
  expect(mail({ consent: false }).replyTo).toBeUndefined();
});

test('photo links are clickable links in the HTML body and plain links in the text body', () => {
  const links = ['https://drive.google.com/file/d/AAA111/view', 'https://drive.google.com/file/d/BBB222/view'];
  const m = mail({}, links.join('\n'));
  expect(m.html).toContain(`<a href="${links[0]}">Ảnh 1</a><br><a href="${links[1]}">Ảnh 2</a>`);
  for (const l of links) expect(m.text).toContain(l);
  expect(mail().html).not.toContain('Ảnh 1');
});

test('a photo cell that is not an https link is shown as text, never as a link', () => {
  const m = mail({}, 'javascript:alert(1)\n<img src=x onerror=alert(1)>');
  expect(m.html).not.toMatch(/<a href="javascript|<img/);
  expect(m.html).toContain('&lt;img src=x onerror=alert(1)&gt;');
});

test('an opinion without a place (a box with no active place) reads "Chưa xác định", the reports\' own word', () => {
  const m = mail({ locationCode: '', locationName: '' });
  expect(m.subject).toBe('[Hòm thư góp ý] HB-7K3M9QX – Chưa xác định – hạ tầng – điện chiếu sáng – thoát nước');
  expect(m.text).toContain('\nĐịa điểm: Chưa xác định\n');
  expect(m.html).toContain('<td>Chưa xác định</td>');
  expect(m.text + m.html).not.toContain('()');
  expect(UNSPECIFIED).toBe('Chưa xác định');
  // a place with only one of its two cells reads what there is, never an empty pair of brackets
  expect(mail({ locationCode: 'KDC01', locationName: '' }).text).toContain('\nĐịa điểm: KDC01\n');
  expect(mail({ locationCode: '', locationName: 'Chợ' }).text).toContain('\nĐịa điểm: Chợ\n');
  expect(mail().text).toContain('\nĐịa điểm: Nhà văn hóa khu dân cư số 1 (KDC01)\n');
});
