import fc from 'fast-check';
import { utf8Length } from '../../../src/core/common/utf8';
import { SNAPSHOT_MAX_PARTS, SNAPSHOT_PROPERTY, readSnapshot, snapshotProperties, splitByBytes } from '../../../src/core/config/snapshot';

const PROPERTY_MAX_BYTES = 9 * 1024;

function locations(n: number) {
  return Array.from({ length: n }, (_, i) => ({
    code: `KDC${String(i + 1).padStart(2, '0')}`,
    name: `Nhà văn hóa tổ dân phố số ${i + 1}, phường Hòa Bình`,
    active: true,
  }));
}

describe('splitByBytes', () => {
  it('keeps every piece within the byte size and loses nothing, surrogate pairs whole', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'grapheme', maxLength: 400 }), fc.integer({ min: 4, max: 60 }), (text, max) => {
        const parts = splitByBytes(text, max);
        expect(parts.join('')).toBe(text);
        for (const p of parts) {
          expect(utf8Length(p)).toBeLessThanOrEqual(max);
          expect(/^[\udc00-\udfff]|[\ud800-\udbff]$/.test(p)).toBe(false);
        }
      }),
    );
  });
});

describe('configuration snapshot in script properties', () => {
  it('round-trips a ward configuration that needs several parts, each part under 9 KB', () => {
    const data = { config: { wardName: 'Phường Hòa Bình' }, locations: locations(300) };
    const set = snapshotProperties(data, 1765000000000);
    expect(Object.keys(set).length).toBeGreaterThan(1);
    for (const v of Object.values(set)) expect(utf8Length(v)).toBeLessThanOrEqual(PROPERTY_MAX_BYTES);
    expect(readSnapshot({ ...set, OTHER: 'x' })).toEqual({ at: 1765000000000, data });
  });

  it('reads nothing when a part is missing or belongs to another write', () => {
    const older = snapshotProperties({ locations: locations(300) }, 1765000000000);
    const newer = snapshotProperties({ locations: locations(301) }, 1765000001000);
    const missing = { ...newer };
    delete missing[`${SNAPSHOT_PROPERTY}:1`];
    expect(readSnapshot(missing)).toBeNull();
    expect(readSnapshot({ ...newer, [`${SNAPSHOT_PROPERTY}:1`]: older[`${SNAPSHOT_PROPERTY}:1`] })).toBeNull();
    // A shorter snapshot written over a longer one: the old tail is left in place and never read.
    const short = snapshotProperties({ locations: locations(2) }, 1765000002000);
    expect(readSnapshot({ ...older, ...short })).toEqual({ at: 1765000002000, data: { locations: locations(2) } });
  });

  it('reads nothing from a damaged or absent snapshot', () => {
    expect(readSnapshot({})).toBeNull();
    expect(readSnapshot({ [SNAPSHOT_PROPERTY]: '1|abc|{"v":1,"at":' })).toBeNull();
    expect(readSnapshot({ [SNAPSHOT_PROPERTY]: '{"v":1,"at":1,"data":{}}' })).toBeNull();
    expect(readSnapshot({ [SNAPSHOT_PROPERTY]: '1|abc|{"v":2,"at":1,"data":{}}' })).toBeNull();
  });

  it('refuses a snapshot too large for its parts', () => {
    expect(() => snapshotProperties({ locations: locations(2000) }, 1)).toThrow(/parts/);
    expect(Object.keys(snapshotProperties({ locations: locations(250) }, 1)).length).toBeLessThanOrEqual(SNAPSHOT_MAX_PARTS);
  });
});
