/**
 * Shared shape and helpers of the grouping corpora. A corpus row is an opinion plus the label of the real
 * issue it is about (null for an unrelated opinion), written by hand; the tests compare the grouping to it.
 */

import type { GroupingOpinion } from '../../../src/core/reports/grouping';

export interface CorpusRow extends GroupingOpinion {
  /** The real issue this opinion is about, or null when it is about nothing else in the corpus. */
  truth: string | null;
}

/** What the grouping must find for one real issue. */
export interface ExpectedGroup {
  truth: string;
  category: string;
  count: number;
  /** One location code for an issue of one place, two or more for a theme. */
  places: string[];
}

export const CAT = {
  infra: 'Hạ tầng – điện chiếu sáng – thoát nước',
  env: 'Vệ sinh môi trường',
  order: 'Trật tự đô thị',
  security: 'An ninh trật tự',
  welfare: 'An sinh xã hội – chính sách',
  health: 'Y tế – giáo dục',
  admin: 'Thủ tục hành chính – thái độ cán bộ',
  land: 'Đất đai – xây dựng',
  gov: 'Xây dựng Đảng, chính quyền',
  other: 'Khác',
} as const;

export const PLACES: Record<string, string> = {
  TRUSO: 'Trụ sở Đảng ủy – HĐND – UBND phường Hòa Bình',
  KDC01: 'Nhà văn hóa khu dân cư số 1',
  KDC02: 'Nhà văn hóa khu dân cư số 2',
  KDC03: 'Nhà văn hóa khu dân cư số 3',
  KDC04: 'Nhà văn hóa khu dân cư số 4',
};

const ALPHABET = '23456789ABCDEFGHJKMNPQRSTUVWXYZ';

/** A tracking code in the box's real format, made from a number below 29,791 (distinct numbers, distinct codes). */
export function codeOf(prefix: string, n: number): string {
  let s = '';
  let x = n;
  for (let i = 0; i < 3; i++) {
    s += ALPHABET[x % ALPHABET.length];
    x = Math.floor(x / ALPHABET.length);
  }
  let h = Math.imul(n, 2654435761) >>> 0;
  for (let i = 0; i < 4; i++) {
    s += ALPHABET[h % ALPHABET.length];
    h = Math.floor(h / ALPHABET.length);
  }
  return prefix + '-' + s;
}

/** [truth, location code, category, content, options] → rows with codes and dates spread over March 2025. */
export type RowSpec = [string | null, string, string, string, { status?: string; reply?: string; dupOf?: number[]; kind?: string }?];

export function buildCorpus(prefix: string, specs: RowSpec[], monthStartUtc = Date.UTC(2025, 2, 1)): CorpusRow[] {
  const codes = specs.map((_, i) => codeOf(prefix, i + 1));
  return specs.map(([truth, loc, category, content, o], i) => ({
    truth,
    trackingCode: codes[i],
    // A different hour each row, spread over the 31 days of the month, UTC+7 daytime.
    receivedAt: new Date(monthStartUtc + ((i * 11) % 31) * 86400000 + (1 + (i % 9)) * 3600000),
    locationCode: loc,
    locationName: PLACES[loc] ?? loc,
    category,
    kind: o?.kind ?? 'Phản ánh',
    content,
    status: o?.status ?? 'Mới',
    publicReply: o?.reply ?? '',
    duplicateOf: (o?.dupOf ?? []).map((n) => codes[n - 1]),
  }));
}
