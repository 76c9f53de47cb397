// A deadline like AbortSignal.timeout(ms) (it aborts with a "TimeoutError" DOMException) whose
// timer is cleared as soon as the work is done. AbortSignal.timeout's timer stays armed for the
// whole timeout after the request has finished: with thousands of requests per cycle, thousands
// of timers fire later (an abort event and a DOMException with a stack trace each) while nothing
// is due.

export async function withDeadline<T>(ms: number, work: (signal: AbortSignal) => Promise<T>): Promise<T> {
  const controller = new AbortController();
  const timer = setTimeout(() => controller.abort(new DOMException('The operation was aborted due to timeout', 'TimeoutError')), ms);
  timer.unref();
  try {
    return await work(controller.signal);
  } finally {
    clearTimeout(timer);
  }
}
