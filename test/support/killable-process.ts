import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import path from 'node:path';

// A child process the crash tests can `kill -9` at any moment: its stdout is split into lines as
// they arrive (a line read here was written before the kill), stderr is kept for the failure
// message, and `exited` resolves however it ends.

export const REPO_ROOT = path.resolve(import.meta.dirname, '../..');

export interface KillableProcess {
  child: ChildProcess;
  lines: string[];
  stderr: () => string;
  /** Resolves with the first line matching, or rejects after `timeoutMs` or when the process ends first. */
  waitForLine(match: (line: string) => boolean, timeoutMs: number): Promise<string>;
  /** SIGKILL, as `kill -9` does; resolves once the process is gone. */
  kill9(): Promise<void>;
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

export function startKillable(command: string, args: readonly string[], options: { cwd?: string; env?: NodeJS.ProcessEnv } = {}): KillableProcess {
  const child = spawn(command, args, { cwd: options.cwd ?? REPO_ROOT, env: options.env ?? process.env, stdio: ['ignore', 'pipe', 'pipe'] });
  const lines: string[] = [];
  const waiters = new Set<{ match: (line: string) => boolean; resolve: (line: string) => void }>();
  let partial = '';
  let errors = '';
  child.stdout?.setEncoding('utf8');
  child.stdout?.on('data', (chunk: string) => {
    const parts = (partial + chunk).split('\n');
    partial = parts.pop() ?? '';
    for (const line of parts) {
      lines.push(line);
      for (const waiter of waiters) {
        if (waiter.match(line)) {
          waiters.delete(waiter);
          waiter.resolve(line);
        }
      }
    }
  });
  child.stderr?.setEncoding('utf8');
  child.stderr?.on('data', (chunk: string) => {
    if (errors.length < 64 * 1024) errors += chunk;
  });
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => {
    child.once('close', (code, signal) => resolve({ code, signal }));
  });
  return {
    child,
    lines,
    stderr: () => errors,
    waitForLine(match, timeoutMs) {
      const found = lines.find(match);
      if (found !== undefined) return Promise.resolve(found);
      return new Promise((resolve, reject) => {
        const waiter = { match, resolve: (line: string) => finish(() => resolve(line)) };
        const timer = setTimeout(() => finish(() => reject(new Error(`No matching line within ${timeoutMs} ms; stderr: ${errors.slice(-2000)}`))), timeoutMs);
        const onExit = () => finish(() => reject(new Error(`The process ended before a matching line; stderr: ${errors.slice(-2000)}`)));
        function finish(settle: () => void) {
          clearTimeout(timer);
          waiters.delete(waiter);
          child.off('close', onExit);
          settle();
        }
        waiters.add(waiter);
        child.once('close', onExit);
      });
    },
    async kill9() {
      if (child.exitCode === null && child.signalCode === null) {
        child.kill('SIGKILL');
        await once(child, 'close').catch(() => undefined);
      }
      await exited;
    },
    exited,
  };
}

/** `node --import tsx FILE ARGS`: one process (the tsx command would put the script in a grandchild, out of reach of the kill). */
export function startTsx(file: string, args: readonly string[]): KillableProcess {
  return startKillable(process.execPath, ['--import', 'tsx', file, ...args]);
}
