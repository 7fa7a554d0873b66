/**
 * Photo evidence checks. The page re-encodes photos to JPEG (which drops EXIF and GPS); the server trusts nothing it
 * is told: type by magic bytes, whole files only (the JPEG's segments or the PNG's chunks walked to the end), size
 * and count limits.
 */
import { PHOTO_LIMITS } from '../../shared/types';
import { crc32 } from '../posters/png';

export interface CheckedPhoto {
  bytes: Uint8Array;
  mime: 'image/jpeg' | 'image/png';
  ext: 'jpg' | 'png';
}

export const PHOTO_MESSAGES = {
  tooMany: `Chỉ nhận tối đa ${PHOTO_LIMITS.maxCount} ảnh; các ảnh thừa không được lưu.`,
  notImage: (n: number) => `Ảnh ${n} không phải ảnh JPEG/PNG hợp lệ nên không được lưu.`,
  tooBig: (n: number) => `Ảnh ${n} quá lớn (tối đa ${Math.round(PHOTO_LIMITS.maxBytes / 1024)} KB) nên không được lưu.`,
  broken: (n: number) => `Ảnh ${n} bị hỏng hoặc bị cắt dở nên không được lưu.`,
} as const;

const B64 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';
const B64_INDEX: Record<string, number> = {};
for (let i = 0; i < B64.length; i++) B64_INDEX[B64[i]] = i;

/** Strict base64 decoding without atob (Apps Script lacks it); null when the text is not base64. */
export function decodeBase64(s: string): Uint8Array | null {
  const clean = s.replace(/^data:[^,]*,/, '').replace(/\s+/g, '');
  if (clean.length % 4 !== 0 || !/^[A-Za-z0-9+/]*={0,2}$/.test(clean)) return null;
  const pad = clean.endsWith('==') ? 2 : clean.endsWith('=') ? 1 : 0;
  const out = new Uint8Array((clean.length / 4) * 3 - pad);
  let o = 0;
  for (let i = 0; i < clean.length; i += 4) {
    const n =
      (B64_INDEX[clean[i]] << 18) |
      (B64_INDEX[clean[i + 1]] << 12) |
      ((B64_INDEX[clean[i + 2]] ?? 0) << 6) |
      (B64_INDEX[clean[i + 3]] ?? 0);
    if (o < out.length) out[o++] = (n >> 16) & 0xff;
    if (o < out.length) out[o++] = (n >> 8) & 0xff;
    if (o < out.length) out[o++] = n & 0xff;
  }
  return out;
}

export function sniffImage(b: Uint8Array): CheckedPhoto['mime'] | null {
  if (b.length >= 4 && b[0] === 0xff && b[1] === 0xd8 && b[2] === 0xff) return 'image/jpeg';
  if (
    b.length >= 8 &&
    b[0] === 0x89 &&
    b[1] === 0x50 &&
    b[2] === 0x4e &&
    b[3] === 0x47 &&
    b[4] === 0x0d &&
    b[5] === 0x0a &&
    b[6] === 0x1a &&
    b[7] === 0x0a
  ) {
    return 'image/png';
  }
  return null;
}

/** Start-of-frame markers (not DHT C4, JPG C8 or DAC CC). */
function isSof(m: number): boolean {
  return m >= 0xc0 && m <= 0xcf && m !== 0xc4 && m !== 0xc8 && m !== 0xcc;
}

/**
 * A JPEG's header segments walked by their lengths: SOI, then marker segments that fit in the file, a frame header
 * (SOF) before the first scan (SOS), and the EOI marker as the last two bytes. Text or script behind a JPEG's first
 * bytes breaks the walk.
 */
function wholeJpeg(b: Uint8Array): boolean {
  if (b.length < 4 || b[b.length - 2] !== 0xff || b[b.length - 1] !== 0xd9) return false;
  let i = 2;
  let frame = false;
  while (i < b.length) {
    if (b[i] !== 0xff) return false;
    while (b[i] === 0xff && i < b.length) i++; // fill bytes
    const m = b[i++];
    if (m === undefined || m === 0xd8 || m === 0xd9) return false;
    if (m === 0x01 || (m >= 0xd0 && m <= 0xd7)) continue; // markers without a length
    if (i + 2 > b.length) return false;
    const len = (b[i] << 8) | b[i + 1];
    if (len < 2 || i + len > b.length - 2) return false;
    if (isSof(m)) frame = true;
    if (m === 0xda) return frame; // entropy-coded data follows the scan header
    i += len;
  }
  return false;
}

const PNG_SIGNATURE_LENGTH = 8;

function u32(b: Uint8Array, i: number): number {
  return ((b[i] << 24) | (b[i + 1] << 16) | (b[i + 2] << 8) | b[i + 3]) >>> 0;
}

function chunkType(b: Uint8Array, i: number): string {
  return String.fromCharCode(b[i], b[i + 1], b[i + 2], b[i + 3]);
}

/** A PNG's chunks walked by their lengths with their CRCs: IHDR first, at least one IDAT, IEND exactly at the end. */
function wholePng(b: Uint8Array): boolean {
  let i = PNG_SIGNATURE_LENGTH;
  let first = true;
  let data = false;
  while (i + 12 <= b.length) {
    const len = u32(b, i);
    const type = chunkType(b, i + 4);
    const end = i + 12 + len;
    if (end > b.length || !/^[A-Za-z]{4}$/.test(type)) return false;
    if (crc32(b, i + 4, i + 8 + len) !== u32(b, i + 8 + len)) return false;
    if (first && (type !== 'IHDR' || len !== 13)) return false;
    first = false;
    if (type === 'IDAT') data = true;
    if (type === 'IEND') return data && end === b.length;
    i = end;
  }
  return false;
}

function complete(b: Uint8Array, mime: CheckedPhoto['mime']): boolean {
  return mime === 'image/jpeg' ? wholeJpeg(b) : wholePng(b);
}

/** Checks the `photos` field of a raw payload. Refused photos are described, never fatal to the opinion. */
export function checkPhotos(raw: unknown): { accepted: CheckedPhoto[]; problems: string[] } {
  const list = raw && typeof raw === 'object' ? (raw as { photos?: unknown }).photos : undefined;
  const accepted: CheckedPhoto[] = [];
  const problems: string[] = [];
  if (!Array.isArray(list)) return { accepted, problems };
  if (list.length > PHOTO_LIMITS.maxCount) problems.push(PHOTO_MESSAGES.tooMany);
  const maxChars = Math.ceil((PHOTO_LIMITS.maxBytes * 4) / 3) + 100;
  list.slice(0, PHOTO_LIMITS.maxCount).forEach((p, i) => {
    const n = i + 1;
    const data = p && typeof p === 'object' ? (p as { dataBase64?: unknown }).dataBase64 : undefined;
    if (typeof data !== 'string' || data.length === 0) return void problems.push(PHOTO_MESSAGES.notImage(n));
    if (data.length > maxChars) return void problems.push(PHOTO_MESSAGES.tooBig(n));
    const bytes = decodeBase64(data);
    if (!bytes) return void problems.push(PHOTO_MESSAGES.notImage(n));
    if (bytes.length > PHOTO_LIMITS.maxBytes) return void problems.push(PHOTO_MESSAGES.tooBig(n));
    const mime = sniffImage(bytes);
    if (!mime) return void problems.push(PHOTO_MESSAGES.notImage(n));
    if (!complete(bytes, mime)) return void problems.push(PHOTO_MESSAGES.broken(n));
    accepted.push({ bytes, mime, ext: mime === 'image/png' ? 'png' : 'jpg' });
  });
  return { accepted, problems };
}
