import { EXIT_INTERRUPTED } from './exit-codes';

// Long-running commands (`run`, `serve`, `logs --follow`) stop on SIGINT or SIGTERM: the first one
// asks for a graceful stop (the engine finishes or hands back what is in flight), a second one
// while that is under way exits at once.

export interface StopSignal {
  /** Resolves with the signal that asked to stop. */
  readonly stopped: Promise<NodeJS.Signals>;
  dispose(): void;
}

const SIGNALS: readonly NodeJS.Signals[] = ['SIGINT', 'SIGTERM'];

export function listenForStop(onForcedExit: (signal: NodeJS.Signals) => void = () => process.exit(EXIT_INTERRUPTED)): StopSignal {
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
  for (const signal of SIGNALS) process.on(signal, onSignal);
  return {
    stopped,
    dispose: () => {
      for (const signal of SIGNALS) process.off(signal, onSignal);
    },
  };
}
