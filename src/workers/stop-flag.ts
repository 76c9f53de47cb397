// The engine's "start no more work" flag, shared with every worker thread (a SharedArrayBuffer in
// piscina's workerData), so a worker sees it between two deliveries of a batch without waiting for
// a message: on quit, a slot finishes the delivery on the network and leaves the rest queued.

export interface PoolWorkerData {
  stop: Int32Array;
}

export function newStopFlag(): Int32Array {
  return new Int32Array(new SharedArrayBuffer(Int32Array.BYTES_PER_ELEMENT));
}

export function raiseStopFlag(flag: Int32Array): void {
  Atomics.store(flag, 0, 1);
}

export function stopFlagRaised(flag: Int32Array): boolean {
  return Atomics.load(flag, 0) === 1;
}
