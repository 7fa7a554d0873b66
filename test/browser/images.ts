/**
 * Test images: a phone-sized JPEG made in Chromium, with an EXIF block carrying GPS coordinates added in Node.
 */
import type { Browser } from 'playwright-core';
import { PNG } from 'pngjs';

/**
 * A 4000×3000 JPEG of about 4 MB, like a phone camera's (a gradient under sensor-like noise); other sizes on request.
 * With `redTop`, a red band runs along the stored top edge, so a test can tell which way up the picture came out.
 */
export async function phonePhoto(browser: Browser, width = 4000, height = 3000, redTop = false): Promise<Buffer> {
  const page = await browser.newPage();
  const b64 = (await page.evaluate(`(async () => {
    const W = ${width}, H = ${height};
    const c = document.createElement('canvas');
    c.width = W; c.height = H;
    const g = c.getContext('2d');
    const grad = g.createLinearGradient(0, 0, W, H);
    grad.addColorStop(0, '#3a6ea5'); grad.addColorStop(0.5, '#c8d6a0'); grad.addColorStop(1, '#7a4b2a');
    g.fillStyle = grad; g.fillRect(0, 0, W, H);
    const img = g.getImageData(0, 0, W, H);
    let s = 12345;
    for (let i = 0; i < img.data.length; i += 4) {
      s = (s * 1103515245 + 12345) & 0x7fffffff;
      const n = (s % 41) - 20;
      img.data[i] += n; img.data[i + 1] += n; img.data[i + 2] += n;
    }
    g.putImageData(img, 0, 0);
    if (${redTop}) { g.fillStyle = '#e00000'; g.fillRect(0, 0, W, Math.round(H / 10)); }
    const blob = await new Promise((r) => c.toBlob(r, 'image/jpeg', 0.9));
    const buf = new Uint8Array(await blob.arrayBuffer());
    let bin = '';
    for (let i = 0; i < buf.length; i += 0x8000) bin += String.fromCharCode.apply(null, buf.subarray(i, i + 0x8000));
    return btoa(bin);
  })()`)) as string;
  await page.close();
  return Buffer.from(b64, 'base64');
}

/**
 * A 4032×3024 JPEG (12 MP, the most common phone camera) of a street with edges everywhere: sky, house fronts with
 * windows and signs, wires, a road with markings, and light sensor noise. Harder to compress than phonePhoto.
 */
export async function streetPhoto(browser: Browser, width = 4032, height = 3024): Promise<Buffer> {
  const page = await browser.newPage();
  const b64 = (await page.evaluate(`(async () => {
    const W = ${width}, H = ${height};
    const c = document.createElement('canvas');
    c.width = W; c.height = H;
    const g = c.getContext('2d');
    let s = 987654;
    const rnd = () => ((s = (s * 1103515245 + 12345) & 0x7fffffff) / 0x7fffffff);
    const sky = g.createLinearGradient(0, 0, 0, H * 0.4);
    sky.addColorStop(0, '#7fb2e5'); sky.addColorStop(1, '#dfe9f2');
    g.fillStyle = sky; g.fillRect(0, 0, W, H * 0.4);
    for (let x = 0; x < W; ) {
      const w = 250 + rnd() * 450, top = H * (0.12 + rnd() * 0.25);
      g.fillStyle = 'hsl(' + Math.round(rnd() * 360) + ',' + Math.round(15 + rnd() * 40) + '%,' + Math.round(45 + rnd() * 35) + '%)';
      g.fillRect(x, top, w, H * 0.72 - top);
      for (let y = top + 40; y < H * 0.66; y += 110 + rnd() * 30)
        for (let wx = x + 25; wx < x + w - 60; wx += 70 + rnd() * 40) {
          g.fillStyle = rnd() < 0.5 ? '#2b3440' : '#9fb7c9';
          g.fillRect(wx, y, 40 + rnd() * 20, 60 + rnd() * 25);
        }
      g.fillStyle = rnd() < 0.5 ? '#c0392b' : '#1f6f43';
      g.fillRect(x + 20, H * 0.6, w - 40, 70);
      g.fillStyle = '#fff'; g.font = 'bold 52px sans-serif';
      g.fillText(['TẠP HÓA', 'PHỞ BÒ', 'SỬA XE', 'CÀ PHÊ', 'THUỐC'][Math.floor(rnd() * 5)], x + 40, H * 0.6 + 55);
      x += w + 10;
    }
    g.fillStyle = '#5d5d5d'; g.fillRect(0, H * 0.72, W, H * 0.28);
    g.strokeStyle = '#f2f2f2'; g.lineWidth = 18;
    for (let x = 0; x < W; x += 300) { g.beginPath(); g.moveTo(x, H * 0.86); g.lineTo(x + 160, H * 0.86); g.stroke(); }
    g.strokeStyle = '#222'; g.lineWidth = 4;
    for (let i = 0; i < 6; i++) { g.beginPath(); g.moveTo(0, H * (0.05 + i * 0.03)); g.quadraticCurveTo(W / 2, H * (0.12 + i * 0.03), W, H * (0.04 + i * 0.03)); g.stroke(); }
    const img = g.getImageData(0, 0, W, H);
    for (let i = 0; i < img.data.length; i += 4) {
      const n = Math.round((rnd() - 0.5) * 16);
      img.data[i] += n; img.data[i + 1] += n; img.data[i + 2] += n;
    }
    g.putImageData(img, 0, 0);
    const blob = await new Promise((r) => c.toBlob(r, 'image/jpeg', 0.92));
    const buf = new Uint8Array(await blob.arrayBuffer());
    let bin = '';
    for (let i = 0; i < buf.length; i += 0x8000) bin += String.fromCharCode.apply(null, buf.subarray(i, i + 0x8000));
    return btoa(bin);
  })()`)) as string;
  await page.close();
  return Buffer.from(b64, 'base64');
}

/** The marker planted in the GPS block, to prove it is gone after the page re-encodes the photo. */
export const GPS_MARKER = 'GPS-21.0285N-105.8542E';

/** Inserts an APP1 Exif segment with a GPS IFD (latitude/longitude refs and a marker string) right after SOI. */
export function withExifGps(jpeg: Buffer): Buffer {
  // Big-endian TIFF: IFD0 with one entry (GPSInfo pointer), GPS IFD with 3 entries.
  const marker = Buffer.from(GPS_MARKER + '\0', 'ascii');
  const tiff = Buffer.alloc(8 + 2 + 12 + 4 + 2 + 12 * 3 + 4 + marker.length);
  tiff.write('MM', 0, 'ascii');
  tiff.writeUInt16BE(42, 2);
  tiff.writeUInt32BE(8, 4);
  let o = 8;
  tiff.writeUInt16BE(1, o);
  tiff.writeUInt16BE(0x8825, o + 2); // GPSInfo
  tiff.writeUInt16BE(4, o + 4);
  tiff.writeUInt32BE(1, o + 6);
  const gpsIfd = 8 + 2 + 12 + 4;
  tiff.writeUInt32BE(gpsIfd, o + 10);
  tiff.writeUInt32BE(0, o + 14);
  o = gpsIfd;
  tiff.writeUInt16BE(3, o);
  const entry = (i: number, tag: number, type: number, count: number, value: number | string) => {
    const e = o + 2 + i * 12;
    tiff.writeUInt16BE(tag, e);
    tiff.writeUInt16BE(type, e + 2);
    tiff.writeUInt32BE(count, e + 4);
    if (typeof value === 'string') tiff.write(value, e + 8, 'ascii');
    else tiff.writeUInt32BE(value, e + 8);
  };
  entry(0, 0x0001, 2, 2, 'N\0'); // GPSLatitudeRef
  entry(1, 0x0003, 2, 2, 'E\0'); // GPSLongitudeRef
  const markerAt = o + 2 + 12 * 3 + 4;
  entry(2, 0x001b, 7, marker.length, markerAt); // GPSProcessingMethod → the marker
  tiff.writeUInt32BE(0, o + 2 + 12 * 3);
  marker.copy(tiff, markerAt);
  const body = Buffer.concat([Buffer.from('Exif\0\0', 'ascii'), tiff]);
  const app1 = Buffer.alloc(4);
  app1.writeUInt16BE(0xffe1, 0);
  app1.writeUInt16BE(body.length + 2, 2);
  return Buffer.concat([jpeg.subarray(0, 2), app1, body, jpeg.subarray(2)]);
}

/** Inserts an APP1 Exif segment whose IFD0 holds only an Orientation tag (e.g. 6: turn 90° clockwise to view). */
export function withExifOrientation(jpeg: Buffer, orientation: number): Buffer {
  const tiff = Buffer.alloc(8 + 2 + 12 + 4);
  tiff.write('MM', 0, 'ascii');
  tiff.writeUInt16BE(42, 2);
  tiff.writeUInt32BE(8, 4);
  tiff.writeUInt16BE(1, 8);
  tiff.writeUInt16BE(0x0112, 10); // Orientation
  tiff.writeUInt16BE(3, 12); // SHORT
  tiff.writeUInt32BE(1, 14);
  tiff.writeUInt16BE(orientation, 18);
  tiff.writeUInt32BE(0, 22);
  const body = Buffer.concat([Buffer.from('Exif\0\0', 'ascii'), tiff]);
  const app1 = Buffer.alloc(4);
  app1.writeUInt16BE(0xffe1, 0);
  app1.writeUInt16BE(body.length + 2, 2);
  return Buffer.concat([jpeg.subarray(0, 2), app1, body, jpeg.subarray(2)]);
}

export function pngImage(width = 800, height = 600): Buffer {
  const png = new PNG({ width, height });
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const i = (y * width + x) * 4;
      png.data[i] = (x * 255) / width;
      png.data[i + 1] = (y * 255) / height;
      png.data[i + 2] = 128;
      png.data[i + 3] = 255;
    }
  }
  return PNG.sync.write(png);
}

/** Width and height from a JPEG's SOF marker. */
export function jpegSize(b: Buffer): { width: number; height: number } {
  let i = 2;
  while (i < b.length) {
    if (b[i] !== 0xff) throw new Error('not a JPEG marker');
    const m = b[i + 1];
    const len = b.readUInt16BE(i + 2);
    if (m >= 0xc0 && m <= 0xcf && m !== 0xc4 && m !== 0xc8 && m !== 0xcc) {
      return { height: b.readUInt16BE(i + 5), width: b.readUInt16BE(i + 7) };
    }
    i += 2 + len;
  }
  throw new Error('no SOF');
}
