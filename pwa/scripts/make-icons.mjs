// Generates the app icons as PNG files with no dependencies beyond Node itself.
// Run: node scripts/make-icons.mjs  (writes public/icons/*.png; the PNGs are committed).
// The glyph is a roof over three people: "共治", residents and the bureau under one roof.
import { writeFileSync, mkdirSync } from 'node:fs';
import { deflateSync } from 'node:zlib';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const THEME = [0x0b, 0x5c, 0xad]; // keep in sync with vite.config.ts theme_color
const WHITE = [0xff, 0xff, 0xff];
const outDir = join(dirname(fileURLToPath(import.meta.url)), '..', 'public', 'icons');

const crcTable = new Uint32Array(256).map((_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});
function crc32(buf) {
  let c = 0xffffffff;
  for (const b of buf) c = crcTable[(c ^ b) & 0xff] ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}
function chunk(type, data) {
  const len = Buffer.alloc(4);
  len.writeUInt32BE(data.length);
  const td = Buffer.concat([Buffer.from(type, 'ascii'), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(td));
  return Buffer.concat([len, td, crc]);
}
function png(size, rgba) {
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(size, 0);
  ihdr.writeUInt32BE(size, 4);
  ihdr[8] = 8; // bit depth
  ihdr[9] = 6; // RGBA
  const raw = Buffer.alloc((size * 4 + 1) * size);
  for (let y = 0; y < size; y++) {
    raw[y * (size * 4 + 1)] = 0; // filter: none
    rgba.copy(raw, y * (size * 4 + 1) + 1, y * size * 4, (y + 1) * size * 4);
  }
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', ihdr),
    chunk('IDAT', deflateSync(raw, { level: 9 })),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}

// Shapes in unit coordinates (0..1). `glyphScale` shrinks the glyph into the maskable safe zone.
function distToSegment(px, py, ax, ay, bx, by) {
  const dx = bx - ax, dy = by - ay;
  const t = Math.max(0, Math.min(1, ((px - ax) * dx + (py - ay) * dy) / (dx * dx + dy * dy)));
  return Math.hypot(px - ax - t * dx, py - ay - t * dy);
}
function glyph(x, y) {
  const roof = Math.min(distToSegment(x, y, 0.2, 0.5, 0.5, 0.24), distToSegment(x, y, 0.5, 0.24, 0.8, 0.5));
  if (roof < 0.055) return true;
  for (const cx of [0.33, 0.5, 0.67]) {
    if (Math.hypot(x - cx, y - 0.56) < 0.06) return true; // head
    // shoulders: upper half of an ellipse
    const ex = (x - cx) / 0.085, ey = (y - 0.72) / 0.08;
    if (y <= 0.72 && ex * ex + ey * ey < 1) return true;
  }
  return false;
}
function inRoundedSquare(x, y, r) {
  const qx = Math.max(Math.abs(x - 0.5) - (0.5 - r), 0);
  const qy = Math.max(Math.abs(y - 0.5) - (0.5 - r), 0);
  return Math.hypot(qx, qy) <= r;
}
function render(size, { maskable }) {
  const ss = 4; // supersampling per axis
  const buf = Buffer.alloc(size * size * 4);
  const scale = maskable ? 0.72 : 0.92;
  for (let py = 0; py < size; py++) {
    for (let px = 0; px < size; px++) {
      let bg = 0, fg = 0;
      for (let sy = 0; sy < ss; sy++) {
        for (let sx = 0; sx < ss; sx++) {
          const x = (px + (sx + 0.5) / ss) / size;
          const y = (py + (sy + 0.5) / ss) / size;
          const inside = maskable || inRoundedSquare(x, y, 0.18);
          if (!inside) continue;
          bg++;
          const gx = 0.5 + (x - 0.5) / scale, gy = 0.5 + (y - 0.5) / scale;
          if (glyph(gx, gy)) fg++;
        }
      }
      const n = ss * ss;
      const i = (py * size + px) * 4;
      const a = bg / n;
      const f = bg ? fg / bg : 0;
      for (let c = 0; c < 3; c++) buf[i + c] = Math.round(THEME[c] * (1 - f) + WHITE[c] * f);
      buf[i + 3] = Math.round(a * 255);
    }
  }
  return png(size, buf);
}

mkdirSync(outDir, { recursive: true });
for (const [name, size, maskable] of [
  ['icon-192.png', 192, false],
  ['icon-512.png', 512, false],
  ['icon-maskable-512.png', 512, true],
  ['apple-touch-icon-180.png', 180, true],
]) {
  writeFileSync(join(outDir, name), render(size, { maskable }));
  console.log(`wrote public/icons/${name}`);
}
