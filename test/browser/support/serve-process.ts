import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { createInterface } from 'node:readline';

// The real thing under test: the built `trigger-happy serve` on a fresh data folder, with the real
// engine, SQLite and worker pool. The URL (with its token) is the first line on stdout.

export interface ServeProcess {
  /** The printed URL, token included. */
  url: string;
  origin: string;
  token: string;
  dataDir: string;
  /** Everything the process wrote to stderr so far (for failure messages). */
  stderr(): string;
  stop(): Promise<void>;
}

const ROOT = resolve(import.meta.dirname, '../../..');

export async function startServeProcess(options: { dataDir?: string; env?: Record<string, string> } = {}): Promise<ServeProcess> {
  const dataDir = options.dataDir ?? (await mkdtemp(join(tmpdir(), 'th-browser-')));
  const child: ChildProcess = spawn(process.execPath, [join(ROOT, 'bin/trigger-happy.js'), '--data-dir', dataDir, 'serve', '--port', '0'], {
    cwd: ROOT,
    env: { ...process.env, ...options.env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stderr = '';
  child.stderr?.setEncoding('utf8');
  child.stderr?.on('data', (chunk: string) => (stderr += chunk));

  const url = await new Promise<string>((resolveUrl, reject) => {
    const timer = setTimeout(() => reject(new Error(`serve printed no URL within 30 s\n${stderr}`)), 30_000);
    const lines = createInterface({ input: child.stdout! });
    lines.on('line', (line) => {
      const match = /https?:\/\/\S+/.exec(line);
      if (match) {
        clearTimeout(timer);
        resolveUrl(match[0]);
      }
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`serve exited with ${code} before printing a URL\n${stderr}`));
    });
  });
  const parsed = new URL(url);
  const owned = options.dataDir === undefined;

  return {
    url,
    origin: parsed.origin,
    token: parsed.searchParams.get('token') ?? '',
    dataDir,
    stderr: () => stderr,
    async stop() {
      if (child.exitCode === null) {
        const exited = new Promise((done) => child.once('exit', done));
        child.kill('SIGTERM');
        const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
        await exited;
        clearTimeout(timer);
      }
      if (owned) await rm(dataDir, { recursive: true, force: true });
    },
  };
}
