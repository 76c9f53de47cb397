import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, relative, resolve } from 'node:path';
import { parse } from 'yaml';
import { describe, expect, it } from 'vitest';
import { APP_ID, PRODUCT_NAME } from '../../src/main/desktop/app-identity';

// `npm run dist` cannot run here (no Electron binary to package), so electron-builder.yml is
// checked as data: against electron-builder's own configuration schema, and for each promise the
// packaging makes (fuses, what is unpacked from the asar, what is left out, no dock icon).

const root = resolve(import.meta.dirname, '..', '..');
const require = createRequire(import.meta.url);

interface BuilderConfig {
  appId: string;
  productName: string;
  directories: { buildResources: string; output: string };
  files: string[];
  asar: boolean;
  asarUnpack: string[];
  npmRebuild: boolean;
  electronFuses: Record<string, boolean>;
  mac: { target: string[]; extendInfo: Record<string, unknown> };
  win: { target: string[] };
  linux: { target: string[] };
}

const config = parse(readFileSync(join(root, 'electron-builder.yml'), 'utf8')) as BuilderConfig;

describe('electron-builder.yml', () => {
  it('is valid for the installed electron-builder (its own schema, every key known)', async () => {
    const { getConfig, validateConfiguration } = require('app-builder-lib/out/util/config/config.js') as {
      getConfig: (projectDir: string, configPath: string, fromOptions: null) => Promise<unknown>;
      validateConfiguration: (configuration: unknown, logger: unknown) => Promise<void>;
    };
    const { DebugLogger } = require('builder-util') as { DebugLogger: new (enabled: boolean) => unknown };
    const loaded = await getConfig(root, join(root, 'electron-builder.yml'), null);
    await expect(validateConfiguration(loaded, new DebugLogger(false))).resolves.toBeUndefined();
    // Loading app-builder-lib takes seconds on a busy 2-core machine.
  }, 30_000);

  it('names the app as the code does', () => {
    expect(config.appId).toBe(APP_ID);
    expect(config.productName).toBe(PRODUCT_NAME);
    expect((JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { productName: string }).productName).toBe(PRODUCT_NAME);
  });

  it('flips the fuses of reliability.md §1', () => {
    expect(config.electronFuses).toMatchObject({
      runAsNode: false,
      enableNodeOptionsEnvironmentVariable: false,
      enableNodeCliInspectArguments: false,
      enableEmbeddedAsarIntegrityValidation: true,
      onlyLoadAppFromAsar: true,
      grantFileProtocolExtraPrivileges: false,
    });
  });

  it('builds AppImage and deb, a dmg without a dock icon, and an NSIS installer', () => {
    expect(config.linux.target).toEqual(['AppImage', 'deb']);
    expect(config.mac.target).toEqual(['dmg']);
    expect(config.mac.extendInfo.LSUIElement).toBe(true);
    expect(config.win.target).toEqual(['nsis']);
  });

  it('packs built files and the tray icons, never sources or configs', () => {
    expect(config.asar).toBe(true);
    expect(config.files).toEqual(expect.arrayContaining(['out/**', 'package.json', 'assets/tray/**', 'assets/icon.png', '!src/**']));
    expect(config.files.filter((pattern) => !pattern.startsWith('!')).some((pattern) => pattern.startsWith('src'))).toBe(false);
    expect(existsSync(join(root, config.directories.buildResources, 'icon.png'))).toBe(true);
  });

  it('rebuilds native modules at packaging time only: no install-time rebuild', () => {
    expect(config.npmRebuild).toBe(true);
    const scripts = (JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { scripts: Record<string, string> }).scripts;
    // Install applies our dependency patches (patches/) and nothing else, so tests keep running in Node.
    expect(scripts.postinstall).toBe('patch-package');
    expect(Object.values(scripts).join('\n')).not.toMatch(/install-app-deps|electron-rebuild|node-gyp|prebuild/);
  });

  it('unpacks the worker, its chunks and better-sqlite3 from the asar', () => {
    expect(config.asarUnpack).toEqual(expect.arrayContaining(['out/main/worker.js', 'out/main/chunks/**', 'node_modules/better-sqlite3/**']));
  });

  it('unpacks every package the worker imports, with their dependencies (resolved from app.asar.unpacked)', () => {
    const imported = workerPackages();
    expect(imported).toEqual(expect.arrayContaining(['feedsmith', 'turndown']));
    const needed = packageClosure(imported);
    const missing = needed.filter((name) => !config.asarUnpack.includes(`node_modules/${name}/**`));
    expect(missing, 'add these to asarUnpack in electron-builder.yml').toEqual([]);
  });
});

/** Bare packages imported as values (at once or on first use) by the worker entry and everything it imports from our code. */
function workerPackages(): string[] {
  const packages = new Set<string>();
  const seen = new Set<string>();
  const queue = [join(root, 'src', 'workers', 'router.ts')];
  while (queue.length > 0) {
    const file = queue.pop() ?? '';
    if (seen.has(file)) continue;
    seen.add(file);
    const source = readFileSync(file, 'utf8');
    const specifiers = [
      ...[...source.matchAll(/^(?:import|export)\s+(?!type\b)[^;]*?from\s+'([^']+)'/gms)].map((match) => match[1] ?? ''),
      ...[...source.matchAll(/^import\s+'([^']+)'/gm)].map((match) => match[1] ?? ''),
      // Modules loaded on first use (the Markdown writer, which brings turndown).
      ...[...source.matchAll(/\bimport\(\s*'([^']+)'\s*\)/g)].map((match) => match[1] ?? ''),
    ];
    for (const specifier of specifiers) {
      if (specifier.startsWith('node:')) continue;
      if (specifier.startsWith('.')) {
        const target = [`${specifier}.ts`, `${specifier}/index.ts`, specifier].map((candidate) => resolve(dirname(file), candidate)).find((candidate) => existsSync(candidate) && candidate.endsWith('.ts'));
        if (!target) throw new Error(`cannot resolve ${specifier} from ${relative(root, file)}`);
        queue.push(target);
        continue;
      }
      const parts = specifier.split('/');
      packages.add(specifier.startsWith('@') ? parts.slice(0, 2).join('/') : (parts[0] ?? specifier));
    }
  }
  return [...packages];
}

/** The packages and their production dependencies, as installed (package-lock.json). */
function packageClosure(names: string[]): string[] {
  const lock = (JSON.parse(readFileSync(join(root, 'package-lock.json'), 'utf8')) as { packages: Record<string, { dependencies?: Record<string, string> }> }).packages;
  const found = new Set<string>();
  const visit = (name: string, from: string) => {
    let base = from;
    let key = `${base}node_modules/${name}`;
    while (!lock[key]) {
      if (base === '') throw new Error(`${name} is not installed`);
      base = base.slice(0, base.lastIndexOf('node_modules/'));
      key = `${base}node_modules/${name}`;
    }
    if (found.has(key)) return;
    found.add(key);
    // Nested copies live inside their parent's folder, which is unpacked with it.
    for (const dependency of Object.keys(lock[key]?.dependencies ?? {})) visit(dependency, `${key}/`);
  };
  for (const name of names) visit(name, '');
  return [...found].filter((key) => key.split('node_modules/').length === 2).map((key) => key.slice('node_modules/'.length)).sort();
}
