// Carrying a JPEG's EXIF block (APP1 "Exif") over to its re-encoded copy. Redrawing a photo on a
// canvas drops all metadata, and with it the capture time and GPS position that SPEC §10 keeps as
// evidence for the handling officers (the server strips them from every copy anyone else can fetch).
// The pixels were already turned upright by createImageBitmap, so the copied Orientation is set to 1.

const SOI = 0xd8;
const SOS = 0xda;
const EOI = 0xd9;
const APP0 = 0xe0;
const APP1 = 0xe1;
const EXIF_HEADER = [0x45, 0x78, 0x69, 0x66, 0x00, 0x00]; // "Exif\0\0"

/** Offset of the TIFF header inside an APP1 segment: marker (2), length (2), "Exif\0\0" (6). */
const TIFF_START = 10;

function isJpeg(bytes: Uint8Array): boolean {
  return bytes.length > 3 && bytes[0] === 0xff && bytes[1] === SOI;
}

interface Segment {
  marker: number;
  start: number;
  /** Index after the segment (marker, length and payload). */
  end: number;
}

/** The marker segments before the image data (up to SOS). */
function segments(bytes: Uint8Array): Segment[] {
  const out: Segment[] = [];
  if (!isJpeg(bytes)) return out;
  let pos = 2;
  while (pos + 4 <= bytes.length) {
    if (bytes[pos] !== 0xff) break;
    const marker = bytes[pos + 1]!;
    if (marker === 0xff) {
      pos++; // fill byte
      continue;
    }
    if (marker === SOS || marker === EOI) break;
    if ((marker >= 0xd0 && marker <= 0xd7) || marker === 0x01) {
      pos += 2;
      continue;
    }
    const length = (bytes[pos + 2]! << 8) | bytes[pos + 3]!;
    if (length < 2 || pos + 2 + length > bytes.length) break;
    out.push({ marker, start: pos, end: pos + 2 + length });
    pos += 2 + length;
  }
  return out;
}

function isExifSegment(bytes: Uint8Array, s: Segment): boolean {
  return s.marker === APP1 && EXIF_HEADER.every((b, i) => bytes[s.start + 4 + i] === b);
}

/** The whole APP1 Exif segment (marker included) of a JPEG, or null. */
export function extractExif(jpeg: Uint8Array): Uint8Array | null {
  const s = segments(jpeg).find((seg) => isExifSegment(jpeg, seg));
  return s ? jpeg.slice(s.start, s.end) : null;
}

/** A copy of an APP1 Exif segment with IFD0's Orientation (0x0112) set to `value` (1: as stored). */
export function withOrientation(segment: Uint8Array, value = 1): Uint8Array {
  const out = segment.slice();
  const view = new DataView(out.buffer, out.byteOffset, out.byteLength);
  if (out.length < TIFF_START + 8) return out;
  const order = view.getUint16(TIFF_START);
  const little = order === 0x4949; // "II"
  if (!little && order !== 0x4d4d) return out; // not "MM" either
  const ifd0 = TIFF_START + view.getUint32(TIFF_START + 4, little);
  if (ifd0 + 2 > out.length) return out;
  const count = view.getUint16(ifd0, little);
  for (let i = 0; i < count; i++) {
    const entry = ifd0 + 2 + i * 12;
    if (entry + 12 > out.length) break;
    if (view.getUint16(entry, little) === 0x0112 && view.getUint16(entry + 2, little) === 3) {
      view.setUint16(entry + 8, value, little);
    }
  }
  return out;
}

/**
 * `jpeg` with `segment` (an APP1 Exif segment) put after its JFIF APP0 (or right after SOI), and any
 * Exif block it had removed. Returns `jpeg` unchanged when it is not a JPEG.
 */
export function insertExif(jpeg: Uint8Array, segment: Uint8Array): Uint8Array {
  if (!isJpeg(jpeg)) return jpeg;
  const segs = segments(jpeg);
  const app0 = segs[0]?.marker === APP0 ? segs[0] : null;
  const at = app0 ? app0.end : 2;
  const drop = segs.filter((s) => isExifSegment(jpeg, s));
  const parts: Uint8Array[] = [jpeg.subarray(0, at), segment];
  let pos = at;
  for (const s of drop) {
    if (s.start < pos) continue;
    parts.push(jpeg.subarray(pos, s.start));
    pos = s.end;
  }
  parts.push(jpeg.subarray(pos));
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let offset = 0;
  for (const p of parts) {
    out.set(p, offset);
    offset += p.length;
  }
  return out;
}
