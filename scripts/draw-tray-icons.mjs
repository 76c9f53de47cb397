#!/usr/bin/env node
// Draws the app's tray icons and app icon as PNG files with nothing but Node (zlib for the PNG
// encoding), so the artwork is reproducible and reviewable as code: `node scripts/draw-tray-icons.mjs`.
//
// The motif is a lightning bolt (a trigger firing). Each engine state has its own silhouette, so
// the states stay distinguishable in the monochrome macOS template images, not only by colour:
//   idle     the bolt
//   working  the bolt inside an open ring (something is turning)
//   paused   two bars
//   error    the bolt with a round badge carrying "!"
// Linux/Windows get colour icons with a dark outline (readable on light and dark panels); macOS
// gets template images: black + alpha, names ending in "Template", which the menu bar tints.
// Sizes: Windows 16 px, Linux 22 px, macOS 16 pt, each with an @2x file; app icon 512 px.

import { Buffer } from 'node:buffer';
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { stdout } from 'node:process';
import { deflateSync } from 'node:zlib';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', 'assets');

// ---- PNG encoding (RGBA, 8 bits per channel) -------------------------------------------------

const CRC_TABLE = Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k += 1) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});

function crc32(bytes) {
  let c = 0xffffffff;
  for (const byte of bytes) c = CRC_TABLE[(c ^ byte) & 0xff] ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}

function chunk(type, data) {
  const length = Buffer.alloc(4);
  length.writeUInt32BE(data.length);
  const body = Buffer.concat([Buffer.from(type, 'ascii'), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(body));
  return Buffer.concat([length, body, crc]);
}

function encodePng(size, rgba) {
  const header = Buffer.alloc(13);
  header.writeUInt32BE(size, 0);
  header.writeUInt32BE(size, 4);
  header[8] = 8; // bit depth
  header[9] = 6; // colour type RGBA
  const raw = Buffer.alloc((size * 4 + 1) * size);
  for (let y = 0; y < size; y += 1) {
    raw[y * (size * 4 + 1)] = 0; // filter: none
    rgba.copy(raw, y * (size * 4 + 1) + 1, y * size * 4, (y + 1) * size * 4);
  }
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', header),
    chunk('IDAT', deflateSync(raw, { level: 9 })),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}

// ---- Shapes as signed distance functions in a 0..1 square (negative inside) ------------------

function polygon(points) {
  return (x, y) => {
    let d = Infinity;
    let sign = 1;
    for (let i = 0, j = points.length - 1; i < points.length; j = i, i += 1) {
      const [xi, yi] = points[i];
      const [xj, yj] = points[j];
      const ex = xj - xi;
      const ey = yj - yi;
      const wx = x - xi;
      const wy = y - yi;
      const t = Math.max(0, Math.min(1, (wx * ex + wy * ey) / (ex * ex + ey * ey)));
      const bx = wx - ex * t;
      const by = wy - ey * t;
      d = Math.min(d, bx * bx + by * by);
      const c1 = y >= yi;
      const c2 = y < yj;
      const c3 = ex * wy > ey * wx;
      if ((c1 && c2 && c3) || (!c1 && !c2 && !c3)) sign = -sign;
    }
    return sign * Math.sqrt(d);
  };
}

const circle = (cx, cy, r) => (x, y) => Math.hypot(x - cx, y - cy) - r;

function box(x0, y0, x1, y1, radius) {
  const cx = (x0 + x1) / 2;
  const cy = (y0 + y1) / 2;
  const hx = (x1 - x0) / 2 - radius;
  const hy = (y1 - y0) / 2 - radius;
  return (x, y) => {
    const qx = Math.abs(x - cx) - hx;
    const qy = Math.abs(y - cy) - hy;
    return Math.hypot(Math.max(qx, 0), Math.max(qy, 0)) + Math.min(Math.max(qx, qy), 0) - radius;
  };
}

/** A ring of radius r and width w around (cx, cy), open between two angles (radians, 0 = east, clockwise). */
function openRing(cx, cy, r, w, gapFrom, gapTo) {
  return (x, y) => {
    const ring = Math.abs(Math.hypot(x - cx, y - cy) - r) - w / 2;
    let angle = Math.atan2(y - cy, x - cx);
    if (angle < 0) angle += 2 * Math.PI;
    if (angle > gapFrom && angle < gapTo) {
      // Inside the gap: distance to the nearer rounded end.
      const end = (a) => circle(cx + r * Math.cos(a), cy + r * Math.sin(a), w / 2)(x, y);
      return Math.min(end(gapFrom), end(gapTo));
    }
    return ring;
  };
}

const union = (...shapes) => (x, y) => Math.min(...shapes.map((shape) => shape(x, y)));
const grow = (shape, by) => (x, y) => shape(x, y) - by;
const scaled = (shape, s, ox, oy) => (x, y) => shape((x - ox) / s, (y - oy) / s) * s;

// ---- The artwork -----------------------------------------------------------------------------

const BOLT = polygon([
  [0.6, 0.03],
  [0.2, 0.56],
  [0.46, 0.56],
  [0.36, 0.97],
  [0.82, 0.42],
  [0.56, 0.42],
  [0.7, 0.03],
]);

const SMALL_BOLT = scaled(BOLT, 0.62, 0.19, 0.19);
const RING = openRing(0.5, 0.5, 0.43, 0.1, 1.25 * Math.PI, 1.6 * Math.PI);
const PAUSE = union(box(0.2, 0.12, 0.4, 0.88, 0.05), box(0.6, 0.12, 0.8, 0.88, 0.05));
const BADGE = circle(0.74, 0.74, 0.25);
const BANG = union(box(0.71, 0.56, 0.77, 0.8, 0.02), circle(0.74, 0.88, 0.035));

/** Per state: layers painted in order; `cut` clears what lies under it (template images). */
const STATES = {
  idle: [{ shape: BOLT, colour: [247, 181, 41] }],
  working: [
    { shape: SMALL_BOLT, colour: [247, 181, 41] },
    { shape: RING, colour: [64, 156, 255] },
  ],
  paused: [{ shape: PAUSE, colour: [150, 156, 166] }],
  error: [
    { shape: BOLT, colour: [247, 181, 41] },
    { shape: grow(BADGE, 0.07), cut: true },
    { shape: BADGE, colour: [226, 59, 59] },
    { shape: BANG, colour: [255, 255, 255], templateCut: true },
  ],
};

const OUTLINE = [34, 38, 46];

/** Coverage of a pixel by a shape, 4×4 supersampled. */
function coverage(shape, size, px, py) {
  const n = 4;
  let inside = 0;
  for (let sy = 0; sy < n; sy += 1) {
    for (let sx = 0; sx < n; sx += 1) {
      if (shape((px + (sx + 0.5) / n) / size, (py + (sy + 0.5) / n) / size) <= 0) inside += 1;
    }
  }
  return inside / (n * n);
}

/** Source-over compositing of one colour at one coverage onto an RGBA pixel. */
function paint(rgba, offset, colour, alpha) {
  if (alpha <= 0) return;
  const dstA = rgba[offset + 3] / 255;
  const outA = alpha + dstA * (1 - alpha);
  for (let c = 0; c < 3; c += 1) {
    const dst = rgba[offset + c];
    rgba[offset + c] = Math.round((colour[c] * alpha + dst * dstA * (1 - alpha)) / outA);
  }
  rgba[offset + 3] = Math.round(outA * 255);
}

function clear(rgba, offset, amount) {
  rgba[offset + 3] = Math.round(rgba[offset + 3] * (1 - amount));
}

function drawColour(layers, size) {
  const rgba = Buffer.alloc(size * size * 4);
  // The outline width is about one device pixel at every size.
  const outline = 1 / size;
  for (let py = 0; py < size; py += 1) {
    for (let px = 0; px < size; px += 1) {
      const offset = (py * size + px) * 4;
      for (const layer of layers) {
        if (layer.cut) {
          clear(rgba, offset, coverage(layer.shape, size, px, py));
          continue;
        }
        if (!layer.templateCut) paint(rgba, offset, OUTLINE, coverage(grow(layer.shape, outline), size, px, py));
        paint(rgba, offset, layer.colour, coverage(layer.shape, size, px, py));
      }
    }
  }
  return rgba;
}

function drawTemplate(layers, size) {
  const rgba = Buffer.alloc(size * size * 4);
  for (let py = 0; py < size; py += 1) {
    for (let px = 0; px < size; px += 1) {
      const offset = (py * size + px) * 4;
      for (const layer of layers) {
        const amount = coverage(layer.shape, size, px, py);
        if (layer.cut || layer.templateCut) clear(rgba, offset, amount);
        else paint(rgba, offset, [0, 0, 0], amount);
      }
    }
  }
  return rgba;
}

function drawAppIcon(size) {
  const rgba = Buffer.alloc(size * size * 4);
  const tile = box(0.06, 0.06, 0.94, 0.94, 0.2);
  const bolt = scaled(BOLT, 0.66, 0.17, 0.17);
  for (let py = 0; py < size; py += 1) {
    for (let px = 0; px < size; px += 1) {
      const offset = (py * size + px) * 4;
      // A deep blue tile, lighter towards the top.
      const t = py / size;
      paint(rgba, offset, [Math.round(38 + 20 * (1 - t)), Math.round(52 + 30 * (1 - t)), Math.round(96 + 50 * (1 - t))], coverage(tile, size, px, py));
      paint(rgba, offset, [20, 24, 34], coverage(grow(bolt, 0.015), size, px, py));
      paint(rgba, offset, [247, 181, 41], coverage(bolt, size, px, py));
    }
  }
  return rgba;
}

function write(relative, size, rgba) {
  const file = join(root, relative);
  mkdirSync(dirname(file), { recursive: true });
  writeFileSync(file, encodePng(size, rgba));
  return relative;
}

const written = [];
for (const [state, layers] of Object.entries(STATES)) {
  for (const [folder, size] of [
    ['win', 16],
    ['linux', 22],
  ]) {
    written.push(write(join('tray', folder, `tray-${state}.png`), size, drawColour(layers, size)));
    written.push(write(join('tray', folder, `tray-${state}@2x.png`), size * 2, drawColour(layers, size * 2)));
  }
  written.push(write(join('tray', 'mac', `tray-${state}Template.png`), 16, drawTemplate(layers, 16)));
  written.push(write(join('tray', 'mac', `tray-${state}Template@2x.png`), 32, drawTemplate(layers, 32)));
}
written.push(write('icon.png', 512, drawAppIcon(512)));
stdout.write(`wrote ${written.length} files under assets/:\n  ${written.join('\n  ')}\n`);
