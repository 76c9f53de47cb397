import { setImmediate as nextTurn } from 'node:timers/promises';

// A cycle starts one async task per source or trigger; each runs synchronously up to its first
// wait (reading its trigger, parameters and host limits). Started in one loop, 10,000 of them
// held the main thread — the tray's and the window's — for a few hundred milliseconds; started
// in slices, other events get a turn between slices.

const SLICE = 256;

/**
 * Starts `start(item)` for every item, `slice` at a time with a turn of the event loop between
 * slices; resolves when all are done.
 */
export async function startInSlices<T>(items: Iterable<T>, start: (item: T) => Promise<void>, slice = SLICE): Promise<void> {
  const running: Array<Promise<void>> = [];
  for (const item of items) {
    const task = start(item);
    // Handled now: a task that fails while later slices are still starting is not an unhandled
    // rejection; Promise.all below still reports it.
    task.catch(() => undefined);
    running.push(task);
    if (running.length % slice === 0) await nextTurn();
  }
  await Promise.all(running);
}
