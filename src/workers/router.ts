import type { TaskResults, WorkerTask } from './tasks';
import { findServiceImplementation } from './services/implementations';
import { parseOpml } from './opml/parse-opml';
import { withDeadline } from './http/deadline';
import { runAtBackgroundPriority } from './background-priority';
import { workerData } from 'node:worker_threads';
import { runPublishBatch } from './publish-batch';
import { stopFlagRaised, type PoolWorkerData } from './stop-flag';
import { configError, internalError } from './task-errors';

// The single piscina entry (Angular CLI's shared-worker-router shape): switch on the task kind over
// a typed union, throw on anything else. Each task carries its own deadline; the pool's abort
// signal is kept for hard cancellation only, so several tasks can share a thread.

runAtBackgroundPriority();

// piscina hands its `workerData` option to each thread as is.
const stopFlag = (workerData as PoolWorkerData | undefined)?.stop;
const stopping = (): boolean => (stopFlag ? stopFlagRaised(stopFlag) : false);

export default async function route(task: WorkerTask): Promise<TaskResults[WorkerTask['kind']]> {
  try {
    switch (task.kind) {
      case 'fetch': {
        const service = findServiceImplementation(task.service);
        const fetch = service?.fetch?.bind(service);
        if (!fetch) return configError(`Service "${task.service}" cannot be a provider`);
        return await withDeadline(task.http.timeoutMs, (signal, deadlineAt) =>
          fetch({ http: task.http, signal, deadlineAt }, { params: task.params, account: task.account, state: task.state, demand: task.demand }),
        );
      }
      case 'publish':
        return await runPublishBatch(task, findServiceImplementation, { stopping });
      case 'check-account': {
        const service = findServiceImplementation(task.service);
        const checkAccount = service?.checkAccount?.bind(service);
        if (!checkAccount) return { ok: true, message: 'Nothing to check for this service' };
        return await withDeadline(task.http.timeoutMs, (signal, deadlineAt) => checkAccount({ http: task.http, signal, deadlineAt }, task.account));
      }
      case 'parse-opml':
        return parseOpml(task.text);
      case 'ready':
        return true;
      default: {
        const unknown: never = task;
        throw new Error(`Unknown worker task ${JSON.stringify(unknown)}`);
      }
    }
  } catch (error) {
    return internalError(error);
  }
}
