// A stand-in piscina worker for pool tests: answers with the id of the thread that ran the task,
// after a short wait so tasks overlap as network tasks do.
import { setTimeout as sleep } from 'node:timers/promises';
import { threadId } from 'node:worker_threads';

export default async function answer() {
  await sleep(5);
  return threadId;
}
