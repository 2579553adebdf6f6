// @vitest-environment node
import { describe, expect, it, vi } from 'vitest';
import { extractExif, insertExif, withOrientation } from './exif';
import { JPEG_QUALITY, MAX_PHOTO_BYTES, PhotoError, compressPhoto, fitWithin, type CanvasLike, type CompressDeps } from './photos';

/** An APP1 Exif segment (little-endian TIFF) whose IFD0 holds Orientation = `orientation` and one more tag. */
function exifApp1(orientation: number): Uint8Array {
  const tiff = new Uint8Array(8 + 2 + 2 * 12 + 4);
  const v = new DataView(tiff.buffer);
  tiff.set([0x49, 0x49]); // "II"
  v.setUint16(2, 42, true);
  v.setUint32(4, 8, true);
  v.setUint16(8, 2, true);
  // 0x010f Make (ASCII, 4 bytes inline: "Cam\0")
  v.setUint16(10, 0x010f, true);
  v.setUint16(12, 2, true);
  v.setUint32(14, 4, true);
  tiff.set([0x43, 0x61, 0x6d, 0], 18);
  // 0x0112 Orientation (SHORT)
  v.setUint16(22, 0x0112, true);
  v.setUint16(24, 3, true);
  v.setUint32(26, 1, true);
  v.setUint16(30, orientation, true);
  const seg = new Uint8Array(10 + tiff.length);
  seg.set([0xff, 0xe1, 0, 0, 0x45, 0x78, 0x69, 0x66, 0, 0]);
  new DataView(seg.buffer).setUint16(2, 2 + 6 + tiff.length);
  seg.set(tiff, 10);
  return seg;
}

const SOI = [0xff, 0xd8];
const APP0 = [0xff, 0xe0, 0x00, 0x06, 0x4a, 0x46, 0x49, 0x46]; // length 6: "JFIF"
const SOS_AND_DATA = [0xff, 0xda, 0x00, 0x02, 0x11, 0x22, 0xff, 0xd9];
const jpegOf = (...parts: (number[] | Uint8Array)[]) => new Uint8Array(parts.flatMap((p) => [...p]));
const orientationOf = (seg: Uint8Array) => new DataView(seg.buffer, seg.byteOffset).getUint16(10 + 30, true);

describe('EXIF carried over', () => {
  it('finds the APP1 Exif segment of a JPEG, resets its orientation, and puts it after the new JPEG’s APP0', () => {
    const app1 = exifApp1(6);
    const source = jpegOf(SOI, app1, SOS_AND_DATA);
    const found = extractExif(source)!;
    expect([...found]).toEqual([...app1]);
    const upright = withOrientation(found, 1);
    expect(orientationOf(upright)).toBe(1);
    expect(orientationOf(found)).toBe(6); // a copy

    const encoded = jpegOf(SOI, APP0, SOS_AND_DATA);
    const out = insertExif(encoded, upright);
    expect([...out]).toEqual([...SOI, ...APP0, ...upright, ...SOS_AND_DATA]);
    expect(orientationOf(extractExif(out)!)).toBe(1);
  });

  it('replaces an Exif block the new JPEG had, and ignores what is no JPEG', () => {
    const out = insertExif(jpegOf(SOI, exifApp1(3), SOS_AND_DATA), exifApp1(1));
    expect([...out]).toEqual([...SOI, ...exifApp1(1), ...SOS_AND_DATA]);
    const png = new Uint8Array([0x89, 0x50, 0x4e, 0x47]);
    expect(insertExif(png, exifApp1(1))).toBe(png);
    expect(extractExif(png)).toBeNull();
    expect(extractExif(jpegOf(SOI, APP0, SOS_AND_DATA))).toBeNull();
  });
});

describe('fitWithin', () => {
  it('shrinks to 1600 px on the long side, keeping the aspect ratio, and never enlarges', () => {
    expect(fitWithin(4000, 3000)).toEqual({ width: 1600, height: 1200 });
    expect(fitWithin(3000, 4000)).toEqual({ width: 1200, height: 1600 });
    expect(fitWithin(1600, 900)).toEqual({ width: 1600, height: 900 });
    expect(fitWithin(640, 480)).toEqual({ width: 640, height: 480 });
    expect(fitWithin(10000, 3)).toEqual({ width: 1600, height: 1 });
  });
});

/** createImageBitmap and a canvas that record what they were asked to do. */
function fakes(size: { width: number; height: number } | Error, output: Blob | null = new Blob([new Uint8Array([...SOI, ...APP0, ...SOS_AND_DATA])], { type: 'image/jpeg' })) {
  const log: unknown[][] = [];
  const close = vi.fn();
  const ctx = {
    fillStyle: '' as string | CanvasGradient | CanvasPattern,
    fillRect: (...a: number[]) => log.push(['fillRect', ctx.fillStyle, ...a]),
    drawImage: (_img: ImageBitmap, ...a: number[]) => log.push(['drawImage', ...a]),
  };
  const canvases: CanvasLike[] = [];
  const deps: CompressDeps = {
    createImageBitmap: async (_blob, options) => {
      log.push(['createImageBitmap', options]);
      if (size instanceof Error) throw size;
      return { ...size, close } as unknown as ImageBitmap;
    },
    createCanvas: (width, height) => {
      const canvas: CanvasLike = {
        width,
        height,
        getContext: () => ctx,
        toBlob: (cb, type, quality) => {
          log.push(['toBlob', canvas.width, canvas.height, type, quality]);
          cb(output);
        },
      };
      canvases.push(canvas);
      return canvas;
    },
  };
  return { deps, log, close, canvases };
}

const file = (bytes: BlobPart[], type: string, name: string) => Object.assign(new Blob(bytes, { type }), { name });

describe('compressPhoto', () => {
  it('decodes upright, draws at most 1600 px on white, encodes JPEG at 0.82, and frees the bitmap and canvas', async () => {
    const { deps, log, close, canvases } = fakes({ width: 4000, height: 3000 });
    const photo = await compressPhoto(file(['x'], 'image/png', 'IMG.png'), 2, deps);
    expect(log).toEqual([
      ['createImageBitmap', { imageOrientation: 'from-image' }],
      ['fillRect', '#ffffff', 0, 0, 1600, 1200],
      ['drawImage', 0, 0, 1600, 1200],
      ['toBlob', 1600, 1200, 'image/jpeg', JPEG_QUALITY],
    ]);
    expect(JPEG_QUALITY).toBe(0.82);
    expect(close).toHaveBeenCalled();
    expect(canvases[0]!.width).toBe(0);
    expect(photo).toMatchObject({ name: 'photo-3.jpg', width: 1600, height: 1200 });
    expect(photo.blob.type).toBe('image/jpeg');
  });

  it('keeps a small photo’s size', async () => {
    const { deps, log } = fakes({ width: 640, height: 480 });
    await compressPhoto(file(['x'], 'image/webp', 'a.webp'), 0, deps);
    expect(log).toContainEqual(['drawImage', 0, 0, 640, 480]);
  });

  it('carries a JPEG’s EXIF (capture time, GPS) over, with the orientation reset', async () => {
    const { deps } = fakes({ width: 3000, height: 4000 });
    const source = file([jpegOf(SOI, exifApp1(6), SOS_AND_DATA)], 'image/jpeg', 'IMG_0001.JPG');
    const photo = await compressPhoto(source, 0, deps);
    const out = new Uint8Array(await photo.blob.arrayBuffer());
    const exif = extractExif(out)!;
    expect(exif).not.toBeNull();
    expect(orientationOf(exif)).toBe(1);
    expect([...out.slice(0, 2 + APP0.length)]).toEqual([...SOI, ...APP0]);
  });

  it('refuses what cannot be decoded, but sends HEIC (which the server reads) as it is', async () => {
    const broken = fakes(new Error('InvalidStateError'));
    await expect(compressPhoto(file(['nope'], 'image/jpeg', 'a.jpg'), 0, broken.deps)).rejects.toEqual(new PhotoError('decode'));
    const heic = file(['heic bytes'], 'image/heic', 'IMG_0002.HEIC');
    await expect(compressPhoto(heic, 1, broken.deps)).resolves.toMatchObject({ blob: heic, name: 'IMG_0002.HEIC', width: null });
    const big = file([new Uint8Array(MAX_PHOTO_BYTES + 1)], '', 'IMG_0003.heic');
    await expect(compressPhoto(big, 2, broken.deps)).rejects.toMatchObject({ problem: 'tooLarge' });
  });

  it('reports a canvas that cannot encode', async () => {
    const { deps } = fakes({ width: 100, height: 100 }, null);
    await expect(compressPhoto(file(['x'], 'image/png', 'a.png'), 0, deps)).rejects.toMatchObject({ problem: 'encode' });
  });
});
