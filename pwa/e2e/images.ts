// Test images made here: a PNG (encoded by hand with zlib) and an EXIF block (capture time, GPS,
// orientation) to put into a JPEG the browser encodes.
import { deflateSync } from 'node:zlib';
import type { Page } from 'playwright-core';

const CRC_TABLE = (() => {
  const table = new Uint32Array(256);
  for (let n = 0; n < 256; n++) {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    table[n] = c >>> 0;
  }
  return table;
})();

function crc32(bytes: Uint8Array): number {
  let c = 0xffffffff;
  for (const b of bytes) c = CRC_TABLE[(c ^ b) & 0xff]! ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}

function chunk(type: string, data: Buffer): Buffer {
  const head = Buffer.alloc(8);
  head.writeUInt32BE(data.length, 0);
  head.write(type, 4, 'ascii');
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(Buffer.concat([head.subarray(4), data])), 0);
  return Buffer.concat([head, data, crc]);
}

/** An RGB PNG of `width`×`height` with a colour gradient. */
export function makePng(width: number, height: number): Buffer {
  const raw = Buffer.alloc((width * 3 + 1) * height);
  for (let y = 0; y < height; y++) {
    const row = y * (width * 3 + 1);
    raw[row] = 0; // filter: none
    for (let x = 0; x < width; x++) {
      raw[row + 1 + x * 3] = (x * 255) / Math.max(1, width - 1);
      raw[row + 2 + x * 3] = (y * 255) / Math.max(1, height - 1);
      raw[row + 3 + x * 3] = 128;
    }
  }
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(width, 0);
  ihdr.writeUInt32BE(height, 4);
  ihdr[8] = 8; // bit depth
  ihdr[9] = 2; // RGB
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', ihdr),
    chunk('IDAT', deflateSync(raw)),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}

/** A JPEG of `width`×`height` (a gradient with some shapes), encoded by the page's canvas. */
export async function makeJpegInPage(page: Page, width: number, height: number): Promise<Buffer> {
  const dataUrl = await page.evaluate(
    ([w, h]) => {
      const canvas = document.createElement('canvas');
      canvas.width = w;
      canvas.height = h;
      const ctx = canvas.getContext('2d')!;
      const g = ctx.createLinearGradient(0, 0, w, h);
      g.addColorStop(0, '#2a6');
      g.addColorStop(1, '#c63');
      ctx.fillStyle = g;
      ctx.fillRect(0, 0, w, h);
      ctx.fillStyle = '#fff';
      ctx.fillRect(w * 0.1, h * 0.1, w * 0.3, h * 0.2);
      return canvas.toDataURL('image/jpeg', 0.9);
    },
    [width, height] as const,
  );
  return Buffer.from(dataUrl.slice(dataUrl.indexOf(',') + 1), 'base64');
}

type Rational = [number, number];

/**
 * An APP1 Exif segment (big-endian TIFF): IFD0 with Orientation, an Exif IFD with DateTimeOriginal
 * ("YYYY:MM:DD HH:MM:SS") and a GPS IFD with latitude/longitude as degrees, minutes, seconds.
 */
export function exifSegment(opts: {
  orientation: number;
  dateTimeOriginal: string;
  latitude: [Rational, Rational, Rational];
  latitudeRef: 'N' | 'S';
  longitude: [Rational, Rational, Rational];
  longitudeRef: 'E' | 'W';
}): Buffer {
  const ifd0 = 8;
  const exifIfd = ifd0 + 2 + 3 * 12 + 4; // 50
  const gpsIfd = exifIfd + 2 + 1 * 12 + 4; // 68
  const dateAt = gpsIfd + 2 + 4 * 12 + 4; // 122
  const latAt = dateAt + 20;
  const lonAt = latAt + 24;
  const tiff = Buffer.alloc(lonAt + 24);
  tiff.write('MM', 0, 'ascii');
  tiff.writeUInt16BE(42, 2);
  tiff.writeUInt32BE(ifd0, 4);
  const entry = (at: number, tag: number, type: number, count: number, write: (pos: number) => void) => {
    tiff.writeUInt16BE(tag, at);
    tiff.writeUInt16BE(type, at + 2);
    tiff.writeUInt32BE(count, at + 4);
    write(at + 8);
  };
  const SHORT = 3;
  const LONG = 4;
  const ASCII = 2;
  const RATIONAL = 5;
  // IFD0
  tiff.writeUInt16BE(3, ifd0);
  entry(ifd0 + 2, 0x0112, SHORT, 1, (p) => tiff.writeUInt16BE(opts.orientation, p));
  entry(ifd0 + 14, 0x8769, LONG, 1, (p) => tiff.writeUInt32BE(exifIfd, p));
  entry(ifd0 + 26, 0x8825, LONG, 1, (p) => tiff.writeUInt32BE(gpsIfd, p));
  tiff.writeUInt32BE(0, ifd0 + 38);
  // Exif IFD
  tiff.writeUInt16BE(1, exifIfd);
  entry(exifIfd + 2, 0x9003, ASCII, 20, (p) => tiff.writeUInt32BE(dateAt, p));
  tiff.writeUInt32BE(0, exifIfd + 14);
  // GPS IFD
  tiff.writeUInt16BE(4, gpsIfd);
  entry(gpsIfd + 2, 0x0001, ASCII, 2, (p) => tiff.write(`${opts.latitudeRef}\0`, p, 'ascii'));
  entry(gpsIfd + 14, 0x0002, RATIONAL, 3, (p) => tiff.writeUInt32BE(latAt, p));
  entry(gpsIfd + 26, 0x0003, ASCII, 2, (p) => tiff.write(`${opts.longitudeRef}\0`, p, 'ascii'));
  entry(gpsIfd + 38, 0x0004, RATIONAL, 3, (p) => tiff.writeUInt32BE(lonAt, p));
  tiff.writeUInt32BE(0, gpsIfd + 50);
  // Data
  tiff.write(`${opts.dateTimeOriginal}\0`, dateAt, 'ascii');
  opts.latitude.forEach(([n, d], i) => {
    tiff.writeUInt32BE(n, latAt + i * 8);
    tiff.writeUInt32BE(d, latAt + i * 8 + 4);
  });
  opts.longitude.forEach(([n, d], i) => {
    tiff.writeUInt32BE(n, lonAt + i * 8);
    tiff.writeUInt32BE(d, lonAt + i * 8 + 4);
  });
  const head = Buffer.from([0xff, 0xe1, 0, 0, 0x45, 0x78, 0x69, 0x66, 0, 0]);
  head.writeUInt16BE(2 + 6 + tiff.length, 2);
  return Buffer.concat([head, tiff]);
}

/** `jpeg` with `segment` right after its SOI marker. */
export function withSegment(jpeg: Buffer, segment: Buffer): Buffer {
  return Buffer.concat([jpeg.subarray(0, 2), segment, jpeg.subarray(2)]);
}
