/**
 * Photo evidence checks. The page re-encodes photos to JPEG (which drops EXIF and GPS); the server trusts nothing it
 * is told: type by magic bytes, whole files only (a JPEG must end with its EOI marker), size and count limits.
 */
import { PHOTO_LIMITS } from '../shared/types';

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

function complete(b: Uint8Array, mime: CheckedPhoto['mime']): boolean {
  if (mime === 'image/jpeg') return b[b.length - 2] === 0xff && b[b.length - 1] === 0xd9;
  // PNG ends with the IEND chunk: length 0, "IEND", CRC AE 42 60 82.
  const tail = [0x49, 0x45, 0x4e, 0x44, 0xae, 0x42, 0x60, 0x82];
  return tail.every((v, i) => b[b.length - 8 + i] === v);
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

/** Java-style signed bytes for Utilities.newBlob. */
export function signedBytes(u8: Uint8Array): number[] {
  const out = new Array<number>(u8.length);
  for (let i = 0; i < u8.length; i++) out[i] = u8[i] > 127 ? u8[i] - 256 : u8[i];
  return out;
}
