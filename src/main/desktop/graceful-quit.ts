// Quitting stops the engine first: running cycles finish (bounded), the pool and the database are
// closed, and only then does the process exit. Electron's 'before-quit' cannot wait for a promise,
// so the first quit is cancelled, the stop runs, and a second quit goes through.

export type QuitState = 'running' | 'stopping' | 'stopped';

export class GracefulQuit {
  readonly #stop: () => Promise<void>;
  readonly #quit: () => void;
  readonly #log: (message: string) => void;
  readonly #timeoutMs: number;
  #state: QuitState = 'running';

  constructor(options: { stop: () => Promise<void>; quit: () => void; log: (message: string) => void; timeoutMs: number }) {
    this.#stop = options.stop;
    this.#quit = options.quit;
    this.#log = options.log;
    this.#timeoutMs = options.timeoutMs;
  }

  get state(): QuitState {
    return this.#state;
  }

  /** The 'before-quit' handler. */
  beforeQuit(event: { preventDefault(): void }): void {
    if (this.#state === 'stopped') return;
    event.preventDefault();
    if (this.#state === 'stopping') return;
    this.#state = 'stopping';
    let timer: ReturnType<typeof setTimeout> | undefined;
    const timeout = new Promise<void>((resolve) => {
      timer = setTimeout(() => {
        this.#log(`the engine did not stop within ${this.#timeoutMs} ms; quitting anyway`);
        resolve();
      }, this.#timeoutMs);
    });
    Promise.race([this.#stop(), timeout])
      .catch((error: unknown) => this.#log(`stopping failed: ${error instanceof Error ? error.message : String(error)}`))
      .finally(() => {
        clearTimeout(timer);
        this.#state = 'stopped';
        this.#quit();
      });
  }
}
