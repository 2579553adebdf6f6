// Photos are made small on the phone before they are stored and sent (a 12-MP photo is 3–6 MB;
// on a weak signal that is minutes): decoded with createImageBitmap (upright, EXIF orientation
// applied), drawn on a canvas at most 1600 px on its long side, encoded as JPEG at 0.82. A JPEG's
// EXIF block (capture time, GPS) is carried over for the handling officers (see exif.ts).
import { extractExif, insertExif, withOrientation } from './exif';
import type { StoredPhoto } from './outbox/store';

/** The server's limits (api photos::attach / inspect). */
export const MAX_PHOTOS = 9;
export const MAX_PHOTO_BYTES = 10 * 1024 * 1024;
export const MAX_EDGE = 1600;
export const JPEG_QUALITY = 0.82;

export type PhotoProblem = 'decode' | 'encode' | 'tooLarge';

export class PhotoError extends Error {
  override name = 'PhotoError';
  constructor(readonly problem: PhotoProblem) {
    super(problem);
  }
}

/** What a canvas must do here (a subset of HTMLCanvasElement, so tests can pass a fake). */
export interface CanvasLike {
  width: number;
  height: number;
  getContext(kind: '2d'): {
    fillStyle: string | CanvasGradient | CanvasPattern;
    fillRect(x: number, y: number, w: number, h: number): void;
    drawImage(image: ImageBitmap, dx: number, dy: number, dw: number, dh: number): void;
  } | null;
  toBlob(callback: (blob: Blob | null) => void, type?: string, quality?: number): void;
}

export interface CompressDeps {
  createImageBitmap: (blob: Blob, options?: ImageBitmapOptions) => Promise<ImageBitmap>;
  createCanvas: (width: number, height: number) => CanvasLike;
}

function defaultDeps(): CompressDeps | null {
  if (typeof createImageBitmap !== 'function' || typeof document === 'undefined') return null;
  return {
    createImageBitmap: (blob, options) => createImageBitmap(blob, options),
    createCanvas: (width, height) => {
      const canvas = document.createElement('canvas');
      canvas.width = width;
      canvas.height = height;
      return canvas;
    },
  };
}

/** The size that fits within `max` px on the long side, keeping the aspect ratio (never enlarged). */
export function fitWithin(width: number, height: number, max = MAX_EDGE): { width: number; height: number } {
  const long = Math.max(width, height);
  if (long <= max) return { width, height };
  const scale = max / long;
  return { width: Math.max(1, Math.round(width * scale)), height: Math.max(1, Math.round(height * scale)) };
}

/** HEIC/HEIF (iPhones): most Android browsers cannot decode it; the server takes it as it is. */
export function isHeic(file: Blob & { name?: string }): boolean {
  return /^image\/hei[cf]/i.test(file.type) || /\.hei[cf]$/i.test(file.name ?? '');
}

const isJpegType = (file: Blob & { name?: string }) => /^image\/jpe?g$/i.test(file.type) || /\.jpe?g$/i.test(file.name ?? '');

async function bytesOf(blob: Blob): Promise<Uint8Array> {
  return new Uint8Array(await blob.arrayBuffer());
}

export interface CompressedPhoto extends StoredPhoto {
  width: number | null;
  height: number | null;
}

/**
 * The photo as it will be stored and sent: a JPEG at most 1600 px on the long side (EXIF carried over
 * from a JPEG source), or a HEIC the browser cannot decode as it is (at most 10 MB).
 * Throws PhotoError('decode' | 'encode' | 'tooLarge').
 */
export async function compressPhoto(
  file: Blob & { name?: string },
  index: number,
  deps: CompressDeps | null = defaultDeps(),
): Promise<CompressedPhoto> {
  const asIs = (): CompressedPhoto => {
    if (file.size > MAX_PHOTO_BYTES) throw new PhotoError('tooLarge');
    return { blob: file, name: file.name || `photo-${index + 1}.heic`, width: null, height: null };
  };
  if (!deps) {
    if (isHeic(file) || /^image\//.test(file.type)) return asIs();
    throw new PhotoError('decode');
  }

  let bitmap: ImageBitmap;
  try {
    bitmap = await deps.createImageBitmap(file, { imageOrientation: 'from-image' });
  } catch {
    if (isHeic(file)) return asIs();
    throw new PhotoError('decode');
  }

  const { width, height } = fitWithin(bitmap.width, bitmap.height);
  const canvas = deps.createCanvas(width, height);
  const ctx = canvas.getContext('2d');
  if (!ctx) {
    bitmap.close?.();
    throw new PhotoError('encode');
  }
  // A transparent PNG would turn black in a JPEG.
  ctx.fillStyle = '#ffffff';
  ctx.fillRect(0, 0, width, height);
  ctx.drawImage(bitmap, 0, 0, width, height);
  bitmap.close?.();
  const encoded = await new Promise<Blob | null>((resolve) => canvas.toBlob(resolve, 'image/jpeg', JPEG_QUALITY));
  // Let the phone free the pixels now rather than at the next collection.
  canvas.width = 0;
  canvas.height = 0;
  if (!encoded) throw new PhotoError('encode');

  let blob = encoded;
  if (isJpegType(file)) {
    // The APP1 block is within the first 64 KB after the start marker (and any APP0).
    const exif = extractExif(await bytesOf(file.slice(0, 256 * 1024)));
    if (exif) blob = new Blob([insertExif(await bytesOf(encoded), withOrientation(exif, 1)) as BlobPart], { type: 'image/jpeg' });
  }
  if (blob.size > MAX_PHOTO_BYTES) throw new PhotoError('tooLarge');
  return { blob, name: `photo-${index + 1}.jpg`, width, height };
}
