// Sleep and network changes. After the machine wakes up, or the network comes back, the engine
// runs what is due once (engine.wake()); while offline it skips fetch cycles without counting
// failures, asking `net.isOnline()` through ports.isOnline. Electron's main process has no
// online/offline event, so connectivity is sampled on a slow, unref'd timer and only a change from
// offline to online wakes the engine.

/** The parts of Electron's powerMonitor used here. */
export interface PowerMonitorLike {
  on(event: 'resume' | 'suspend', listener: () => void): unknown;
  removeListener(event: 'resume' | 'suspend', listener: () => void): unknown;
}

export type ConnectivityChange = 'came-online' | 'went-offline' | null;

/** What a new connectivity sample means, given the previous one (null before the first). */
export function connectivityChange(previous: boolean | null, current: boolean): ConnectivityChange {
  if (previous === null || previous === current) return null;
  return current ? 'came-online' : 'went-offline';
}

export interface PowerEventDeps {
  powerMonitor: PowerMonitorLike;
  isOnline(): boolean;
  wake(): void;
  log(message: string): void;
  /** Timer functions, injectable for tests. */
  setInterval(callback: () => void, ms: number): { unref?(): unknown };
  clearInterval(handle: unknown): void;
}

export const CONNECTIVITY_SAMPLE_MS = 30_000;

/** Starts watching; returns a function that stops. */
export function watchPowerAndNetwork(deps: PowerEventDeps): () => void {
  let online: boolean | null = deps.isOnline();
  const onSuspend = () => deps.log('suspending');
  const onResume = () => {
    deps.log('resumed from sleep');
    online = deps.isOnline();
    deps.wake();
  };
  deps.powerMonitor.on('suspend', onSuspend);
  deps.powerMonitor.on('resume', onResume);
  const timer = deps.setInterval(() => {
    const now = deps.isOnline();
    const change = connectivityChange(online, now);
    online = now;
    if (change === 'came-online') {
      deps.log('back online');
      deps.wake();
    } else if (change === 'went-offline') {
      deps.log('offline: fetches are skipped until the network is back');
    }
  }, CONNECTIVITY_SAMPLE_MS);
  timer.unref?.();
  return () => {
    deps.powerMonitor.removeListener('suspend', onSuspend);
    deps.powerMonitor.removeListener('resume', onResume);
    deps.clearInterval(timer);
  };
}
