// Long-running hosts (the CLI's `run`, `serve`, `logs --follow`, and the desktop app) stop on SIGINT or SIGTERM: the first one
// asks for a graceful stop (the engine finishes or hands back what is in flight), a second one
// while that is under way exits at once.
//
// While such a host runs it alone decides what these signals do. Libraries may have hooked them
// already: conf writes through `atomically`, whose `when-exit` hook answers a signal by cleaning up
// and sending the same signal again, which would end the process in the middle of the graceful
// stop. Those listeners are set aside for the duration and put back afterwards; their clean-up
// still runs, since `when-exit` also listens for the normal 'exit'.

export interface StopSignal {
  /** Resolves with the signal that asked to stop. */
  readonly stopped: Promise<NodeJS.Signals>;
  dispose(): void;
}

const SIGNALS: readonly NodeJS.Signals[] = ['SIGINT', 'SIGTERM'];

type SignalListener = (signal: NodeJS.Signals) => void;

export function listenForStop(onForcedExit: (signal: NodeJS.Signals) => void): StopSignal {
  let resolveStopped!: (signal: NodeJS.Signals) => void;
  const stopped = new Promise<NodeJS.Signals>((resolve) => (resolveStopped = resolve));
  let received = false;
  const onSignal = (signal: NodeJS.Signals): void => {
    if (received) {
      onForcedExit(signal);
      return;
    }
    received = true;
    resolveStopped(signal);
  };
  const setAside = new Map<NodeJS.Signals, SignalListener[]>();
  for (const signal of SIGNALS) {
    // rawListeners keeps `once` wrappers intact, so they can be restored as they were.
    setAside.set(signal, process.rawListeners(signal) as SignalListener[]);
    process.removeAllListeners(signal);
    process.on(signal, onSignal);
  }
  return {
    stopped,
    dispose: () => {
      for (const signal of SIGNALS) {
        process.off(signal, onSignal);
        for (const listener of setAside.get(signal) ?? []) process.on(signal, listener);
      }
      setAside.clear();
    },
  };
}
