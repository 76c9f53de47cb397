import fs from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { startHarness, tempDir, type Harness } from '../support/engine-harness';

// Parsing runs at background priority so the main thread (tray, window, scheduler) gets the CPU
// first when a cycle keeps every core busy. Linux is where a thread has a nice value of its own.

let h: Harness | null = null;
afterEach(async () => {
  await h?.close();
  h = null;
});

/** nice value of every thread of this process, by thread id. */
function threadNices(): Map<number, number> {
  const nices = new Map<number, number>();
  for (const tid of fs.readdirSync('/proc/self/task')) {
    const stat = fs.readFileSync(`/proc/self/task/${tid}/stat`, 'utf8');
    // Fields after the command name; nice is field 19 of stat, the 17th after ")".
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    nices.set(Number(tid), Number(fields[16]));
  }
  return nices;
}

describe.skipIf(process.platform !== 'linux')('worker priority', () => {
  it('runs the worker threads below normal priority and leaves the main thread alone', async () => {
    const before = threadNices();
    h = await startHarness({ settings: { poolSize: 2 } });
    // Any task starts the pool: reading an OPML file is one that needs no server.
    const opml = '<opml version="2.0"><body><outline type="rss" text="Feed" xmlUrl="http://127.0.0.1:9/feed.xml"/></body></opml>';
    const imported = await h.call('opml.import', { text: opml, consumer: { service: 'markdown', params: { folder: path.join(tempDir(), 'vault') } } });
    expect(imported.created).toBe(1);
    // The task started one lane's thread (a lane starts its thread with its first task), which
    // lowered its priority as it loaded.
    const loweredThreads = (): number => [...threadNices()].filter(([tid, nice]) => !before.has(tid) && nice === 10).length;
    expect(h.engine.workerPool.liveThreads).toBe(1);
    expect(loweredThreads()).toBe(1);
    const after = threadNices();
    expect(after.get(process.pid)).toBe(before.get(process.pid));
  });
});
