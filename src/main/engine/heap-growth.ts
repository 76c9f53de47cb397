import v8 from 'node:v8';

// V8 lets a heap grow to its live size times a factor it picks from the allocation rate, up to 4.
// The engine allocates fast during a cycle and little otherwise, so its main thread, with ~33 MB
// live at 10,000 triggers, was allowed a 150–190 MB heap, which it kept. A fixed factor of 1.2
// brought the benchmark's peak from 383 to 287 MB at 10,000 triggers with the cycles' CPU within
// run-to-run noise. V8 reads this flag at every collection, so setting it at run time works (in
// Node and in Electron's main process, both of which leave V8's flags unfrozen); it applies to
// the whole process, worker threads included, which is what an app that lives in the tray wants.
//
// The young generation (where new objects live until a scavenge) doubles each time enough of them
// survive, and is never given back while the app runs: the main thread's had grown from 8 to its
// 32 MB maximum by the end of a 10,000-trigger cycle. Growth is stopped instead, so each thread
// keeps the size it has when the engine starts; worker threads start at the size the pool caps
// them to (WORKER_YOUNG_GENERATION_MB). Measured at 10,000 triggers over three runs each: peak
// RSS 287–293 → 266–268 MB. One V8 detail: starting a new thread puts the growth factor back to
// V8's minimum of 2, for the whole process, so the pool sets it again once each of its threads
// has started (stopYoungGenerationGrowth; pool.ts says when that is).

export const HEAP_GROWING_PERCENT = 20;
/**
 * Each worker thread's young generation (the pool's `maxYoungGenerationSizeMb`); threads start at
 * this size, which V8 splits into two semispaces. 8 MB: at 10,000 triggers the peak RSS was 16 MB
 * lower than at 16 MB with the cycles' CPU the same (full cycle 25.9 against 25.7 CPU-s, changed
 * 19.5 against 20.8); 4 MB saved 15 MB more but cost the changed cycle ~25% more CPU.
 */
export const WORKER_YOUNG_GENERATION_MB = 8;

let applied = false;

/** Once per process, before the worker threads start. */
export function limitHeapGrowth(): void {
  if (applied) return;
  applied = true;
  v8.setFlagsFromString(`--heap-growing-percent=${HEAP_GROWING_PERCENT}`);
  v8.setFlagsFromString(`--min-semi-space-size=${WORKER_YOUNG_GENERATION_MB / 2}`);
  // V8 allocates straight into the old generation from allocation sites whose objects have
  // tended to survive ("pretenuring"). Presumably a worker's queued deliveries and parsed feeds,
  // which live a few hundred ms, get pretenured and then die there, in a generation the workers
  // collect about once a second while publishing. Off (set here, before the threads start), in
  // three paired publish cycles of 3,600 items: 3.11/3.12/3.23 s against 3.27/3.16/3.36 s, the
  // engine's CPU 2.8–3.6 against 3.1–4.0 s, the changed fetch cycle 6.7–8.3 against 8.0–8.5
  // CPU-s, RSS the same.
  v8.setFlagsFromString('--no-allocation-site-pretenuring');
  stopYoungGenerationGrowth();
}

/** Young generations stay at their current size; again after each new thread's heap is set up. */
export function stopYoungGenerationGrowth(): void {
  v8.setFlagsFromString('--semi-space-growth-factor=1');
}
