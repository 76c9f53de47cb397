import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { createCliOutput } from '../../src/main/cli/cli-output';
import { runCli } from '../../src/main/cli/cli-program';

// The command's argument handling, in process: every bad input must end in exit code 2 and one
// line on stderr naming the problem, before an engine (and so the data folder) is ever opened.

const scratch = mkdtempSync(join(tmpdir(), 'th-cli-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));
const notOpml = join(scratch, 'notes.txt');
writeFileSync(notOpml, 'just some notes');
const emptyFile = join(scratch, 'empty.opml');
writeFileSync(emptyFile, '  \n');

async function cli(...argv: string[]) {
  let stdout = '';
  let stderr = '';
  let engineOpened = false;
  const code = await runCli(argv, {
    output: createCliOutput({ write: (text: string) => (stdout += text) }, { write: (text: string) => (stderr += text) }),
    createEngine: () => {
      engineOpened = true;
      return Promise.reject(new Error('no engine in this test'));
    },
    workerFile: '/nowhere/worker.js',
    rendererDir: '/nowhere/renderer',
  });
  return { code, stdout, stderr, engineOpened };
}

const feed = ['--provider', 'rss', '--provider-param', 'url=https://example.org/feed'];
const notes = ['--consumer', 'markdown', '--consumer-param', 'folder=/tmp/notes'];

const badInputs: Array<[string, string[], RegExp]> = [
  ['no command', [], /^trigger-happy: missing command \(import, export, services, triggers, items, logs, run, serve\)/],
  ['a group without its command', ['triggers'], /^trigger-happy: triggers: missing command \(list, add, enable, disable, remove, run\)/],
  ['an unknown command', ['trigers'], /^trigger-happy: unknown command 'trigers' \(Did you mean triggers\?\)$/],
  ['an unknown option', ['triggers', 'list', '--jsn'], /^trigger-happy: unknown option '--jsn' \(Did you mean --json\?\)$/],
  ['a missing --data-dir value', ['--data-dir'], /argument missing/],
  ['a missing required option', ['triggers', 'add', ...feed, ...notes], /required option '--name <name>' not specified/],
  ['an unknown provider', ['triggers', 'add', '--name', 'x', '--provider', 'rsss', ...notes], /--provider: unknown service "rsss" \(providers: rss\)/],
  ['a consumer used as provider', ['triggers', 'add', '--name', 'x', '--provider', 'webhook', ...notes], /cannot be a provider/],
  ['an unknown parameter', ['triggers', 'add', '--name', 'x', ...feed, '--provider-param', 'feed=y', ...notes], /"feed" is not a parameter of service "rss" \(it takes url\)/],
  ['a parameter without "="', ['triggers', 'add', '--name', 'x', ...feed, '--consumer', 'markdown', '--consumer-param', 'folder'], /expected key=value/],
  ['a missing parameter', ['triggers', 'add', '--name', 'x', ...feed, '--consumer', 'markdown'], /--consumer-param folder=… is required by service "markdown"/],
  ['an invalid parameter', ['triggers', 'add', '--name', 'x', '--provider', 'rss', '--provider-param', 'url=ftp://x', ...notes], /--provider-param url: Must be an http/],
  ['a duration without unit', ['triggers', 'add', '--name', 'x', ...feed, ...notes, '--interval', '15'], /needs a unit/],
  ['an interval too short', ['triggers', 'add', '--name', 'x', ...feed, ...notes, '--interval', '30s'], /--interval: 30s is outside 1m to 7d/],
  ['a bad --max-per-run', ['triggers', 'add', '--name', 'x', ...feed, ...notes, '--max-per-run', '0'], /--max-per-run <n>' argument '0' is invalid/],
  ['an empty name', ['triggers', 'add', '--name', ' ', ...feed, ...notes], /--name: A trigger needs a name/],
  ['a non-numeric id', ['triggers', 'enable', 'abc'], /value 'abc' is invalid for argument 'id'. Expected an id/],
  ['a missing id', ['triggers', 'remove'], /missing required argument 'id'/],
  ['an unknown item state', ['items', '--state', 'lost'], /Allowed choices are pending, sending, sent, retry, failed, skipped, filtered/],
  ['--follow with --json', ['logs', '--follow', '--json'], /cannot be combined with --json/],
  ['a missing OPML file', ['import', join(scratch, 'missing.opml'), ...notes], /cannot read .*missing\.opml: no such file/],
  ['a folder as OPML file', ['import', scratch, ...notes], /cannot read .*: it is a folder/],
  ['an empty OPML file', ['import', emptyFile, ...notes], /empty\.opml is empty/],
  ['a file that is not OPML', ['import', notOpml, ...notes], /notes\.txt is not an OPML file/],
  ['import without a consumer', ['import', notOpml], /required option '--consumer <service>' not specified/],
  ['export into a missing folder', ['export', join(scratch, 'no', 'such', 'feeds.opml')], /cannot write .*: the folder .* does not exist/],
  ['a bad port', ['serve', '--port', '70000'], /Expected a port number from 0 to 65535/],
  ['a data folder that is a file', ['--data-dir', notOpml, 'triggers', 'list'], /the data folder .*notes\.txt is not a folder/],
];

describe('bad input: exit 2, one line, no engine', () => {
  it.each(badInputs)('%s', async (_label, argv, message) => {
    const result = await cli(...argv);
    expect(result.code).toBe(2);
    expect(result.stdout).toBe('');
    expect(result.stderr.endsWith('\n')).toBe(true);
    expect(result.stderr.trimEnd().split('\n')).toHaveLength(1);
    expect(result.stderr.trimEnd()).toMatch(message);
    expect(result.engineOpened).toBe(false);
  });
});

describe('help and engine failures', () => {
  it('prints help on stdout with exit 0', async () => {
    const result = await cli('triggers', 'add', '--help');
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/--provider-param <key=value>/);
    expect(result.stderr).toBe('');
  });

  it('reports an engine that cannot open as one line with exit 1', async () => {
    const result = await cli('--data-dir', join(scratch, 'data'), 'triggers', 'list');
    expect(result.engineOpened).toBe(true);
    expect(result.code).toBe(1);
    expect(result.stderr).toBe(`trigger-happy: cannot open the data in ${join(scratch, 'data')}: no engine in this test\n`);
  });
});
