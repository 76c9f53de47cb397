import { randomBytes } from 'node:crypto';
import { statSync } from 'node:fs';
import { rename, rm, writeFile } from 'node:fs/promises';
import { basename, dirname, join, resolve } from 'node:path';
import type { Command } from 'commander';
import type { CliRuntime } from './cli-runtime';
import { invoke } from './engine-call';
import { withEngine } from './engine-session';
import { UsageError } from './usage-error';

// `export [FILE.opml]`: the feeds of every trigger as OPML 2.0, on stdout or into FILE (written
// to a temporary file and renamed, so an existing file is never left half-written).

function checkTarget(file: string): string {
  const target = resolve(file);
  const folder = statSync(dirname(target), { throwIfNoEntry: false });
  if (!folder) throw new UsageError(`cannot write ${file}: the folder ${dirname(target)} does not exist`);
  if (!folder.isDirectory()) throw new UsageError(`cannot write ${file}: ${dirname(target)} is not a folder`);
  if (statSync(target, { throwIfNoEntry: false })?.isDirectory()) throw new UsageError(`cannot write ${file}: it is a folder`);
  return target;
}

async function writeAtomically(target: string, text: string): Promise<void> {
  const temporary = join(dirname(target), `.${basename(target)}.${randomBytes(6).toString('hex')}.tmp`);
  try {
    await writeFile(temporary, text, { flag: 'wx' });
    await rename(temporary, target);
  } catch (error) {
    await rm(temporary, { force: true });
    throw error;
  }
}

export function registerExportCommand(program: Command, runtime: CliRuntime): void {
  program
    .command('export')
    .description('write the feeds of every trigger as OPML, to FILE or standard output')
    .argument('[file]', 'where to write the OPML (default: standard output)')
    .action(async (file: string | undefined, _options: unknown, command: Command) => {
      const target = file === undefined ? null : checkTarget(file);
      const exported = await withEngine(runtime, command, 'silent', (engine) => invoke(engine, 'opml.export', {}));
      if (target === null) {
        runtime.output.raw(exported.text);
        return;
      }
      await writeAtomically(target, exported.text);
      runtime.output.lines([`Exported ${exported.count} ${exported.count === 1 ? 'feed' : 'feeds'} to ${file}`]);
    });
}
