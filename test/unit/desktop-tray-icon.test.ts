import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { inflateSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { TRAY_PHASES, trayIconFile, trayIconPath } from '../../src/main/desktop/tray-icon';

const assets = join(import.meta.dirname, '..', '..', 'assets');

interface Png {
  width: number;
  height: number;
  colourType: number;
  /** RGBA rows, when written unfiltered (as scripts/draw-tray-icons.mjs writes them). */
  pixels(): Buffer;
}

function readPng(file: string): Png {
  const bytes = readFileSync(file);
  expect(bytes.subarray(0, 8)).toEqual(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]));
  const width = bytes.readUInt32BE(16);
  const height = bytes.readUInt32BE(20);
  const colourType = bytes[25] ?? -1;
  return {
    width,
    height,
    colourType,
    pixels() {
      const data: Buffer[] = [];
      for (let offset = 8; offset < bytes.length; ) {
        const length = bytes.readUInt32BE(offset);
        if (bytes.toString('ascii', offset + 4, offset + 8) === 'IDAT') data.push(bytes.subarray(offset + 8, offset + 8 + length));
        offset += length + 12;
      }
      const raw = inflateSync(Buffer.concat(data));
      const rows = Buffer.alloc(width * height * 4);
      for (let y = 0; y < height; y += 1) {
        expect(raw[y * (width * 4 + 1)]).toBe(0);
        raw.copy(rows, y * width * 4, y * (width * 4 + 1) + 1, (y + 1) * (width * 4 + 1));
      }
      return rows;
    },
  };
}

describe('tray icon per engine state', () => {
  it.each(TRAY_PHASES)('%s has a distinct file on every platform', (phase) => {
    for (const platform of ['darwin', 'win32', 'linux'] as const) {
      const file = trayIconPath(assets, phase, platform);
      expect(existsSync(file), file).toBe(true);
      expect(new Set(TRAY_PHASES.map((other) => trayIconFile(other, platform))).size).toBe(TRAY_PHASES.length);
    }
  });

  it('uses template images on macOS, colour icons elsewhere', () => {
    expect(trayIconFile('paused', 'darwin')).toBe(join('tray', 'mac', 'tray-pausedTemplate.png'));
    expect(trayIconFile('paused', 'win32')).toBe(join('tray', 'win', 'tray-paused.png'));
    expect(trayIconFile('paused', 'linux')).toBe(join('tray', 'linux', 'tray-paused.png'));
    expect(trayIconFile('paused', 'freebsd')).toBe(join('tray', 'linux', 'tray-paused.png'));
  });

  it.each([
    ['darwin', 16],
    ['win32', 16],
    ['linux', 22],
  ] as const)('%s icons are %i px with an @2x twice that size', (platform, size) => {
    for (const phase of TRAY_PHASES) {
      const file = trayIconPath(assets, phase, platform);
      const single = readPng(file);
      const double = readPng(file.replace(/\.png$/, '@2x.png'));
      expect([single.width, single.height, single.colourType]).toEqual([size, size, 6]);
      expect([double.width, double.height]).toEqual([size * 2, size * 2]);
    }
  });

  it('macOS templates are black and alpha only, and not empty', () => {
    for (const phase of TRAY_PHASES) {
      for (const suffix of ['', '@2x']) {
        const pixels = readPng(trayIconPath(assets, phase, 'darwin').replace(/\.png$/, `${suffix}.png`)).pixels();
        let opaque = 0;
        for (let offset = 0; offset < pixels.length; offset += 4) {
          if ((pixels[offset + 3] ?? 0) === 0) continue;
          opaque += 1;
          expect([pixels[offset], pixels[offset + 1], pixels[offset + 2]]).toEqual([0, 0, 0]);
        }
        expect(opaque).toBeGreaterThan(pixels.length / 4 / 10);
      }
    }
  });

  it('the colour icons differ between states', () => {
    const images = TRAY_PHASES.map((phase) => readPng(trayIconPath(assets, phase, 'linux')).pixels().toString('base64'));
    expect(new Set(images).size).toBe(TRAY_PHASES.length);
  });

  it('the app icon is a 512×512 RGBA PNG (electron-builder derives .icns and .ico from it)', () => {
    const icon = readPng(join(assets, 'icon.png'));
    expect([icon.width, icon.height, icon.colourType]).toEqual([512, 512, 6]);
  });
});
