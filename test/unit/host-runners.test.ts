import { describe, expect, it } from 'vitest';
import { HostQueue } from '../../src/main/engine/host-queue';
import { HostRunners } from '../../src/main/engine/host-runners';

// A cycle's runners per host: no more than the host's slots, and the cycle ends only once every
// runner has, even when one of them fails.

describe('HostRunners', () => {
  it('starts runners up to the slots of each host, numbered from 1', async () => {
    const started: string[] = [];
    const hosts = new HostRunners(
      (host) => new HostQueue<number>(host),
      async (queue) => {
        started.push(`${queue.host ?? 'none'}#${queue.runners}`);
        while (queue.take() !== undefined || queue.open) await queue.moreWork();
      },
    );
    for (const host of ['a', 'a', 'a', 'b', null]) {
      const queue = hosts.queueFor(host);
      queue.push(1);
      hosts.staff(queue, 2);
    }
    await hosts.finish();
    expect(started).toEqual(['a#1', 'a#2', 'b#1', 'none#1']);
  });

  it('reports a runner that failed only once the others have ended', async () => {
    let slowEnded = false;
    const hosts = new HostRunners(
      (host) => new HostQueue<number>(host),
      async (queue) => {
        if (queue.host === 'fails') throw new Error('runner broke');
        await new Promise((resolve) => setTimeout(resolve, 30));
        slowEnded = true;
      },
    );
    hosts.staff(hosts.queueFor('fails'), 1);
    hosts.staff(hosts.queueFor('slow'), 1);
    await expect(hosts.finish()).rejects.toThrow('runner broke');
    expect(slowEnded).toBe(true);
  });
});
