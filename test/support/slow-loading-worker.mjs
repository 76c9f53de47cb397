// A stand-in piscina worker whose modules take 400 ms to load (as the real worker's can on a busy
// machine); it leaves a file named after its thread once loaded, in TH_LOADED_DIR.
import fs from 'node:fs';
import path from 'node:path';
import process from 'node:process';
import { threadId } from 'node:worker_threads';

const until = Date.now() + 400;
while (Date.now() < until) {
  // loading
}
fs.writeFileSync(path.join(process.env.TH_LOADED_DIR ?? '.', `loaded-${threadId}`), '');

export default function answer(task) {
  return task.kind === 'ready' ? true : threadId;
}
