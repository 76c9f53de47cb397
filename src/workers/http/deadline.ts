// A deadline like AbortSignal.timeout(ms) (it aborts with a "TimeoutError" DOMException) whose
// timer is cleared as soon as the work is done. AbortSignal.timeout's timer stays armed for the
// whole timeout after the request has finished: with thousands of requests per cycle, thousands
// of timers fire later (an abort event and a DOMException with a stack trace each) while nothing
// is due.
//
// With a `parent`, the signal also aborts (with the parent's reason) when the parent does: one
// controller per request instead of AbortSignal.any, which costs a composite signal, weak
// references and a finalizer per call (a few percent of a worker's time per webhook delivery).

export async function withDeadline<T>(ms: number, work: (signal: AbortSignal, deadlineAt: number) => Promise<T>, parent?: AbortSignal): Promise<T> {
  const deadlineAt = Date.now() + ms;
  const controller = new AbortController();
  const timer = setTimeout(() => controller.abort(new DOMException('The operation was aborted due to timeout', 'TimeoutError')), ms);
  timer.unref();
  const follow = (): void => controller.abort(parent?.reason);
  if (parent?.aborted) follow();
  else parent?.addEventListener('abort', follow, { once: true });
  try {
    return await work(controller.signal, deadlineAt);
  } finally {
    clearTimeout(timer);
    parent?.removeEventListener('abort', follow);
  }
}
