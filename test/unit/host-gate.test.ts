import { describe, expect, it } from 'vitest';
import { HostGate } from '../../src/main/engine/host-gate';

async function measure(gate: HostGate, jobs: Array<string | null>): Promise<{ perHost: Map<string, number>; global: number }> {
  const active = new Map<string, number>();
  const perHost = new Map<string, number>();
  let global = 0;
  let globalPeak = 0;
  await Promise.all(
    jobs.map((host) =>
      gate.run(host, async () => {
        const key = host ?? 'local';
        active.set(key, (active.get(key) ?? 0) + 1);
        perHost.set(key, Math.max(perHost.get(key) ?? 0, active.get(key) ?? 0));
        global += 1;
        globalPeak = Math.max(globalPeak, global);
        await new Promise((resolve) => setTimeout(resolve, 5));
        active.set(key, (active.get(key) ?? 0) - 1);
        global -= 1;
      }),
    ),
  );
  return { perHost, global: globalPeak };
}

describe('HostGate', () => {
  it('keeps each host to its cap and everything to the global cap', async () => {
    const gate = new HostGate(2, 5);
    const repeat = (host: string | null, count: number): Array<string | null> => Array.from({ length: count }, () => host);
    const jobs = [...repeat('a.test', 20), ...repeat('b.test', 20), ...repeat('c.test', 20), ...repeat(null, 10)];
    const { perHost, global } = await measure(gate, jobs);
    expect(perHost.get('a.test')).toBe(2);
    expect(perHost.get('b.test')).toBe(2);
    expect(perHost.get('c.test')).toBe(2);
    expect(global).toBe(5);
  });

  it('releases its slots when work throws', async () => {
    const gate = new HostGate(1, 1);
    await expect(gate.run('a.test', () => Promise.reject(new Error('boom')))).rejects.toThrow('boom');
    await expect(gate.run('a.test', () => Promise.resolve('next'))).resolves.toBe('next');
  });
});
