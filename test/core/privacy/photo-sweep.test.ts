import { PHOTO_IN_FLIGHT_MS, decidePhotos, photoOwner, type PhotoFile } from '../../../src/core/privacy/photo-sweep';

const NOW = Date.UTC(2026, 4, 4, 20);
const file = (name: string, id: string, ageMs = 3600_000): PhotoFile => ({
  id,
  name,
  url: `https://drive.google.com/file/d/${id}/view`,
  createdAt: NOW - ageMs,
});

describe('photo sweep', () => {
  test('a photo file is known by its tracking code and number', () => {
    expect(photoOwner('HB-7KQ4M2X-2.jpg')).toEqual({ code: 'HB-7KQ4M2X', index: 2 });
    expect(photoOwner('HB-7KQ4M2X-1.png')).toEqual({ code: 'HB-7KQ4M2X', index: 1 });
    for (const other of ['anh.jpg', 'HB-7KQ4M2X.jpg', 'Copy of HB-7KQ4M2X-1.jpg', 'HB-7KQ4M2X-1.pdf']) expect(photoOwner(other)).toBeNull();
  });

  test('a row without photo links gets them, in photo order, one file per number (the first saved)', () => {
    const files = [file('HB-AAAAAAA-2.jpg', 'b'), file('HB-AAAAAAA-1.jpg', 'a', 7200_000), file('HB-AAAAAAA-1.jpg', 'a2')];
    expect(decidePhotos('HB-AAAAAAA', files, { photos: '', expired: false }, NOW)).toEqual({
      link: `${files[1].url}\n${files[0].url}`,
      trash: ['a2'],
      wait: false,
    });
  });

  test('files of a deleted row, of a row past retention or of a row that has its photos go to the trash', () => {
    const files = [file('HB-AAAAAAA-1.jpg', 'a')];
    for (const row of [
      'none',
      { photos: '', expired: true },
      { photos: 'https://drive.google.com/file/d/x/view', expired: false },
    ] as const) {
      expect(decidePhotos('HB-AAAAAAA', files, row, NOW)).toEqual({ link: '', trash: ['a'], wait: false });
    }
  });

  test('young files, or a code on several rows, wait for another night', () => {
    expect(decidePhotos('HB-AAAAAAA', [file('HB-AAAAAAA-1.jpg', 'a', PHOTO_IN_FLIGHT_MS - 1)], 'none', NOW).wait).toBe(true);
    expect(decidePhotos('HB-AAAAAAA', [file('HB-AAAAAAA-1.jpg', 'a')], 'unclear', NOW).wait).toBe(true);
  });
});
