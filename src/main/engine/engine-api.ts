import type { ContractEvents, ContractHandlers, EventName } from '../../shared/contract';

// The engine as its hosts (desktop app, CLI, `serve`, tests) see it.

export interface Engine {
  /** One handler per contract channel; transports validate arguments with `dispatch`. */
  readonly handlers: ContractHandlers;
  on<E extends EventName>(event: E, listener: (payload: ContractEvents[E]) => void): () => void;
  /** Arms the scheduler (unless settings say start paused). */
  start(): void;
  /** One fetch cycle over every enabled trigger, then one publish cycle. */
  runOnce(): Promise<void>;
  /** Machine woke up or came back online: run what is due once, no catch-up storm. */
  wake(): void;
  /** Graceful stop: no new work, wait for running cycles (bounded), close the pool and the database. */
  stop(): Promise<void>;
}
