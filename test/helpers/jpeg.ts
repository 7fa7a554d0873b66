/**
 * A small JPEG that is whole in structure (SOI, JFIF APP0, a baseline frame header, a scan header, scan bytes, EOI),
 * padded to `size` bytes. Not decodable as a picture: for checks of type, structure, size and count.
 */
export function structuralJpeg(size = 2000, width = 40, height = 30): Buffer {
  // prettier-ignore
  const head = Buffer.from([
    0xff, 0xd8, // SOI
    0xff, 0xe0, 0x00, 0x10, 0x4a, 0x46, 0x49, 0x46, 0x00, 0x01, 0x01, 0x00, 0x00, 0x01, 0x00, 0x01, 0x00, 0x00, // APP0
    0xff, 0xc0, 0x00, 0x0b, 0x08, height >> 8, height & 0xff, width >> 8, width & 0xff, 0x01, 0x01, 0x11, 0x00, // SOF0
    0xff, 0xda, 0x00, 0x08, 0x01, 0x01, 0x00, 0x00, 0x3f, 0x00, // SOS
  ]);
  if (size < head.length + 2) throw new Error(`a structural JPEG needs at least ${head.length + 2} bytes`);
  const b = Buffer.alloc(size, 0x11); // scan bytes: never 0xFF
  head.copy(b, 0);
  b[size - 2] = 0xff;
  b[size - 1] = 0xd9; // EOI
  return b;
}
