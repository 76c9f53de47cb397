import v8 from 'node:v8';

// V8 lets a heap grow to its live size times a factor it picks from the allocation rate, up to 4.
// The engine allocates fast during a cycle and little otherwise, so its main thread, with ~33 MB
// live at 10,000 triggers, was allowed a 150–190 MB heap, which it kept. A fixed factor of 1.2
// brought the benchmark's peak from 383 to 287 MB at 10,000 triggers with the cycles' CPU within
// run-to-run noise. V8 reads this flag at every collection, so setting it at run time works (in
// Node and in Electron's main process, both of which leave V8's flags unfrozen); it applies to
// the whole process, worker threads included, which is what an app that lives in the tray wants.

export const HEAP_GROWING_PERCENT = 20;

let applied = false;

/** Once per process, before the worker threads start. */
export function limitHeapGrowth(): void {
  if (applied) return;
  applied = true;
  v8.setFlagsFromString(`--heap-growing-percent=${HEAP_GROWING_PERCENT}`);
}
