/**
 * 32-bit FNV-1a over UTF-16 code units, from a seed (the standard offset 0x811c9dc5, or another for a second,
 * independent lane). Enough to notice that a text changed or to spread keys; not a cryptographic digest.
 */
export function fnv1a(s: string, seed: number): number {
  let h = seed >>> 0;
  for (let i = 0; i < s.length; i++) {
    h ^= s.charCodeAt(i);
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return h >>> 0;
}
