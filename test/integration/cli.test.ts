import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { JSDOM } from 'jsdom';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { ImportResult, ItemView, RunView, ServiceInfo, TriggerView } from '../../src/shared/models';
import { REPO_ROOT, startKillable, type KillableProcess } from '../support/killable-process';
import { startServer, type LoopbackServer } from '../support/loopback-server';
import { numberedItems, rssDocument } from '../support/rss-fixture';

// The built `trigger-happy` command as a user runs it: `node bin/trigger-happy.js --data-dir DIR …`
// against a real engine (SQLite file, piscina threads), loopback feeds and a Markdown folder.
// Needs `npm run build` first.

const BIN = path.join(REPO_ROOT, 'bin/trigger-happy.js');
const BUILT_CLI = path.join(REPO_ROOT, 'out/main/cli.js');

interface CliResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

const temporary: string[] = [];
function tempDir(prefix: string): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), prefix));
  temporary.push(dir);
  return dir;
}

/** The user's environment without a data folder override, so only --data-dir decides. */
function cleanEnv(extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  const env = { ...process.env, ...extra };
  if (!('TRIGGER_HAPPY_HOME' in extra)) delete env.TRIGGER_HAPPY_HOME;
  return env;
}

function runCli(args: readonly string[], options: { env?: NodeJS.ProcessEnv; timeoutMs?: number } = {}): Promise<CliResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [BIN, ...args], { cwd: REPO_ROOT, env: options.env ?? cleanEnv(), stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`trigger-happy ${args.join(' ')} did not finish; stderr: ${stderr}`));
    }, options.timeoutMs ?? 30_000);
    child.on('error', reject);
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr });
    });
  });
}

/** `trigger-happy --data-dir DIR ARGS`, expected to succeed. */
async function ok(dataDir: string, ...args: string[]): Promise<CliResult> {
  const result = await runCli(['--data-dir', dataDir, ...args]);
  if (result.code !== 0) throw new Error(`trigger-happy ${args.join(' ')} exited ${result.code}: ${result.stderr}`);
  return result;
}

/** Parses stdout as exactly one JSON document (JSON.parse refuses anything around it). */
async function json<T>(dataDir: string, ...args: string[]): Promise<T> {
  const result = await ok(dataDir, ...args);
  return JSON.parse(result.stdout) as T;
}

const servers: LoopbackServer[] = [];
const children: KillableProcess[] = [];
afterEach(async () => {
  for (const child of children.splice(0)) await child.kill9();
});
afterAll(async () => {
  for (const server of servers.splice(0)) await server.close();
  for (const dir of temporary.splice(0)) fs.rmSync(dir, { recursive: true, force: true });
});

async function feedServer(prefix: string, count: number): Promise<string> {
  const body = rssDocument(`${prefix} feed`, numberedItems(prefix, count, count));
  const server = await startServer((_req, res) => {
    res.writeHead(200, { 'content-type': 'application/rss+xml; charset=utf-8' });
    res.end(body);
  });
  servers.push(server);
  return `${server.url}/${prefix}.xml`;
}

function opmlOf(feeds: Array<{ title: string; url: string }>): string {
  const outlines = feeds.map((feed) => `      <outline type="rss" text="${feed.title}" title="${feed.title}" xmlUrl="${feed.url}"/>`).join('\n');
  return `<?xml version="1.0" encoding="UTF-8"?>\n<opml version="2.0">\n  <head><title>Subscriptions</title></head>\n  <body>\n    <outline text="News">\n${outlines}\n    </outline>\n  </body>\n</opml>\n`;
}

function feedUrlsIn(opml: string): string[] {
  const document = new new JSDOM('').window.DOMParser().parseFromString(opml, 'application/xml');
  expect(document.getElementsByTagName('parsererror')).toHaveLength(0);
  return [...document.getElementsByTagName('outline')].map((outline) => outline.getAttribute('xmlUrl') ?? '').filter(Boolean);
}

function oneLineError(result: CliResult): string {
  const lines = result.stderr.trimEnd().split('\n');
  expect(lines).toHaveLength(1);
  return lines[0] ?? '';
}

beforeAll(() => {
  if (!fs.existsSync(BUILT_CLI)) throw new Error(`${BUILT_CLI} is missing: run npm run build first`);
});

describe('trigger-happy: reading the catalogue', () => {
  it('lists services as readable lines and as one JSON array', async () => {
    const dataDir = tempDir('th-cli-services-');
    const readable = await ok(dataDir, 'services', 'list');
    expect(readable.stdout).toMatch(/^rss {2}Feed {2}\(provider\)$/m);
    expect(readable.stdout).toMatch(/--consumer-param folder=TEXT/);
    const services = await json<ServiceInfo[]>(dataDir, 'services', 'list', '--json');
    expect(services.map((service) => service.id)).toEqual(expect.arrayContaining(['rss', 'markdown', 'webhook']));
    expect(services.find((service) => service.id === 'rss')?.providerSchema).toMatchObject({ properties: { url: { type: 'string' } } });
  });
});

describe('trigger-happy triggers', () => {
  it('adds, lists, disables, enables and removes a trigger', async () => {
    const dataDir = tempDir('th-cli-triggers-');
    const notes = tempDir('th-cli-notes-');
    const created = await json<TriggerView>(
      dataDir,
      'triggers', 'add', '--name', 'Django weblog',
      '--provider', 'rss', '--provider-param', 'url=https://www.djangoproject.com/rss/weblog/',
      '--consumer', 'markdown', '--consumer-param', `folder=${notes}`, '--consumer-param', 'tags=django,python',
      '--interval', '2h', '--include', 'release,security', '--include', 'django', '--exclude', 'sponsor',
      '--max-per-run', '5', '--first-run-latest', '3', '--json',
    );
    expect(created).toMatchObject({
      name: 'Django weblog',
      enabled: true,
      provider: { service: 'rss', params: { url: 'https://www.djangoproject.com/rss/weblog/' } },
      consumer: { service: 'markdown', params: { folder: notes, tags: ['django', 'python'] } },
      intervalSeconds: 7200,
      include: ['release', 'security', 'django'],
      exclude: ['sponsor'],
      maxPerRun: 5,
      firstRunLatest: 3,
    });

    const listed = await json<TriggerView[]>(dataDir, 'triggers', 'list', '--json');
    expect(listed.map((trigger) => [trigger.id, trigger.name])).toEqual([[created.id, 'Django weblog']]);
    expect((await ok(dataDir, 'triggers', 'list')).stdout).toMatch(new RegExp(`^#${created.id} +on +Django weblog +rss → markdown +every 2h`, 'm'));

    expect((await ok(dataDir, 'triggers', 'disable', String(created.id))).stdout).toMatch(/^Disabled trigger #\d+ "Django weblog"/);
    expect((await json<TriggerView[]>(dataDir, 'triggers', 'list', '--json'))[0]?.enabled).toBe(false);
    expect((await json<TriggerView>(dataDir, 'triggers', 'enable', String(created.id), '--json')).enabled).toBe(true);

    expect((await ok(dataDir, 'triggers', 'remove', String(created.id))).stdout).toBe(`Removed trigger #${created.id}\n`);
    expect(await json<TriggerView[]>(dataDir, 'triggers', 'list', '--json')).toEqual([]);
    const gone = await runCli(['--data-dir', dataDir, 'triggers', 'enable', String(created.id)]);
    expect(gone.code).toBe(2);
    expect(oneLineError(gone)).toMatch(new RegExp(`trigger-happy: .*${created.id}`));
  });

  it('keeps a webhook secret out of the database and the output, in an owner-only secrets.json', async () => {
    const dataDir = tempDir('th-cli-secret-');
    const secret = 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw';
    const created = await json<TriggerView>(
      dataDir,
      'triggers', 'add', '--name', 'Hook', '--provider', 'rss', '--provider-param', 'url=https://example.org/feed',
      '--consumer', 'webhook', '--consumer-param', 'url=http://127.0.0.1:9/hook', '--consumer-param', `secret=${secret}`, '--json',
    );
    expect(JSON.stringify(created)).not.toContain(secret);
    expect(created.consumer.secretsSet).toEqual(['secret']);
    const secretsFile = path.join(dataDir, 'secrets.json');
    expect(fs.statSync(secretsFile).mode & 0o777).toBe(0o600);
    expect(fs.readFileSync(secretsFile, 'utf8')).toContain(secret);
    expect(fs.readFileSync(path.join(dataDir, 'trigger-happy.sqlite3')).includes(secret)).toBe(false);
  });

  it('uses TRIGGER_HAPPY_HOME when there is no --data-dir', async () => {
    const home = tempDir('th-cli-home-');
    const result = await runCli(['triggers', 'list', '--json'], { env: cleanEnv({ TRIGGER_HAPPY_HOME: home }) });
    expect(result.code).toBe(0);
    expect(JSON.parse(result.stdout)).toEqual([]);
    expect(fs.existsSync(path.join(home, 'trigger-happy.sqlite3'))).toBe(true);
  });
});

describe('trigger-happy: bad input exits 2 with one line and writes nothing', () => {
  const feed = ['--provider', 'rss', '--provider-param', 'url=https://example.org/feed'];
  const notes = ['--consumer', 'markdown', '--consumer-param', 'folder=/tmp/th-notes'];
  let scratch: string;
  beforeAll(() => {
    scratch = tempDir('th-cli-bad-');
    fs.writeFileSync(path.join(scratch, 'not-opml.txt'), 'hello');
  });

  const cases: Array<[string, () => string[], RegExp]> = [
    ['an unknown command', () => ['trigers', 'list'], /unknown command 'trigers'/],
    ['an unknown flag', () => ['triggers', 'list', '--jsn'], /unknown option '--jsn'/],
    ['a missing command', () => ['triggers'], /triggers: missing command/],
    ['an unknown service', () => ['triggers', 'add', '--name', 'x', '--provider', 'nope', ...notes], /unknown service "nope"/],
    ['a missing parameter', () => ['triggers', 'add', '--name', 'x', ...feed, '--consumer', 'webhook'], /--consumer-param url=… is required/],
    ['an unknown parameter', () => ['triggers', 'add', '--name', 'x', ...feed, ...notes, '--consumer-param', 'colour=red'], /"colour" is not a parameter/],
    ['an invalid parameter', () => ['triggers', 'add', '--name', 'x', '--provider', 'rss', '--provider-param', 'url=javascript:alert(1)', ...notes], /url: Must be an http/],
    ['a bad interval', () => ['triggers', 'add', '--name', 'x', ...feed, ...notes, '--interval', 'soon'], /is not a duration/],
    ['an unreadable OPML file', () => ['import', path.join(scratch, 'missing.opml'), ...notes], /cannot read .*missing\.opml: no such file/],
    ['a file that is not OPML', () => ['import', path.join(scratch, 'not-opml.txt'), ...notes], /is not an OPML file/],
  ];

  it.each(cases)('%s', async (_label, args, message) => {
    const dataDir = path.join(scratch, `data-${Math.random().toString(36).slice(2)}`);
    const result = await runCli(['--data-dir', dataDir, ...args()]);
    expect(result.code).toBe(2);
    expect(result.stdout).toBe('');
    expect(oneLineError(result)).toMatch(message);
    expect(fs.existsSync(dataDir)).toBe(false);
  });

  it('reports OPML the parser refuses, and creates no trigger', async () => {
    const dataDir = tempDir('th-cli-bad-opml-');
    const broken = path.join(scratch, 'broken.opml');
    fs.writeFileSync(broken, '<?xml version="1.0"?><opml version="2.0"><body><outline xmlUrl="https://example.org/feed"');
    const result = await runCli(['--data-dir', dataDir, 'import', broken, ...notes]);
    expect(result.code).toBe(2);
    expect(result.stdout).toBe('');
    expect(oneLineError(result)).toMatch(/OPML/);
    expect(await json<TriggerView[]>(dataDir, 'triggers', 'list', '--json')).toEqual([]);
  });

  it('reports an unknown trigger id, and changes nothing', async () => {
    const dataDir = tempDir('th-cli-bad-id-');
    await ok(dataDir, 'triggers', 'add', '--name', 'Kept', ...feed, ...notes);
    const before = await json<TriggerView[]>(dataDir, 'triggers', 'list', '--json');
    for (const args of [['triggers', 'disable', '99'], ['triggers', 'remove', '99'], ['triggers', 'run', '99'], ['items', '--trigger', '99'], ['logs', '--trigger', '99']]) {
      const result = await runCli(['--data-dir', dataDir, ...args]);
      expect(result.code, args.join(' ')).toBe(2);
      expect(result.stdout).toBe('');
      expect(oneLineError(result)).toMatch(/99/);
    }
    expect(await json<TriggerView[]>(dataDir, 'triggers', 'list', '--json')).toEqual(before);
  });
});

describe('trigger-happy import and export', () => {
  it('round-trips feeds through OPML, and a second import creates nothing', async () => {
    const dataDir = tempDir('th-cli-opml-');
    const notes = tempDir('th-cli-opml-notes-');
    const feeds = [
      { title: 'Django weblog', url: 'https://www.djangoproject.com/rss/weblog/' },
      { title: 'Frandroid', url: 'https://www.frandroid.com/feed' },
      { title: 'Frandroid again', url: 'https://www.frandroid.com/feed' },
    ];
    const source = path.join(notes, 'subscriptions.opml');
    fs.writeFileSync(source, opmlOf(feeds));

    const imported = await json<ImportResult>(dataDir, 'import', source, '--consumer', 'markdown', '--consumer-param', `folder=${notes}`, '--interval', '1h', '--json');
    expect(imported.created).toBe(2);
    expect(imported.skipped).toEqual([{ url: 'https://www.frandroid.com/feed', reason: 'listed more than once in this file' }]);
    expect(imported.triggers.map((trigger) => [trigger.name, trigger.intervalSeconds])).toEqual([
      ['Django weblog', 3600],
      ['Frandroid', 3600],
    ]);

    const exportedFile = path.join(notes, 'exported.opml');
    expect((await ok(dataDir, 'export', exportedFile)).stdout).toBe(`Exported 2 feeds to ${exportedFile}\n`);
    const exported = fs.readFileSync(exportedFile, 'utf8');
    expect(feedUrlsIn(exported)).toEqual(['https://www.djangoproject.com/rss/weblog/', 'https://www.frandroid.com/feed']);
    expect((await ok(dataDir, 'export')).stdout).toBe(exported);

    const again = await ok(dataDir, 'import', exportedFile, '--consumer', 'markdown', '--consumer-param', `folder=${notes}`);
    expect(again.stdout).toMatch(/^Imported 0 triggers\.\nSkipped 2:\n/);
    expect(await json<TriggerView[]>(dataDir, 'triggers', 'list', '--json')).toHaveLength(2);

    // The same feeds to another consumer are new triggers.
    const other = await json<ImportResult>(dataDir, 'import', exportedFile, '--consumer', 'webhook', '--consumer-param', 'url=http://127.0.0.1:9/hook', '--json');
    expect(other.created).toBe(2);
    expect(feedUrlsIn((await ok(dataDir, 'export')).stdout)).toHaveLength(2);
  });
});

describe('trigger-happy run, items and logs against a loopback feed', () => {
  it('run --once fetches, publishes to Markdown and shows it in items and logs', async () => {
    const dataDir = tempDir('th-cli-run-');
    const notes = tempDir('th-cli-run-notes-');
    const feedUrl = await feedServer('daily', 3);
    const trigger = await json<TriggerView>(
      dataDir,
      'triggers', 'add', '--name', 'Daily', '--provider', 'rss', '--provider-param', `url=${feedUrl}`,
      '--consumer', 'markdown', '--consumer-param', `folder=${notes}`, '--first-run-latest', '2', '--json',
    );
    // A trigger on a dead host fails alone; the command still succeeds.
    const dead = await startServer((_req, res) => res.end());
    const deadUrl = `${dead.url}/gone.xml`;
    await dead.close();
    await ok(dataDir, 'triggers', 'add', '--name', 'Dead', '--provider', 'rss', '--provider-param', `url=${deadUrl}`, '--consumer', 'markdown', '--consumer-param', `folder=${notes}`);

    const run = await ok(dataDir, 'run', '--once');
    const lines = run.stdout.trimEnd().split('\n');
    expect(lines).toEqual(
      expect.arrayContaining([
        expect.stringMatching(new RegExp(`^\\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d:\\d\\d - #${trigger.id} Daily - rss → markdown - 2 new items$`)),
        expect.stringMatching(/ - #\d+ Daily - rss → markdown - 2 published$/),
        expect.stringMatching(/ - #\d+ Dead - rss → markdown - error: /),
      ]),
    );
    const written = fs.readdirSync(notes).filter((name) => name.endsWith('.md'));
    expect(written).toHaveLength(2);

    const items = await json<ItemView[]>(dataDir, 'items', '--trigger', String(trigger.id), '--json');
    expect(items.map((item) => item.state).sort()).toEqual(['sent', 'sent', 'skipped']);
    const sent = await json<ItemView[]>(dataDir, 'items', '--state', 'sent', '--json');
    expect(sent.map((item) => item.title).sort()).toEqual(['daily post 2', 'daily post 3']);
    expect((await ok(dataDir, 'items', '--state', 'sent')).stdout).toMatch(/^#\d+ +sent +\S+ \S+ +Daily +daily post 3 +https:\/\/example\.org\/daily\/3$/m);

    const runs = await json<RunView[]>(dataDir, 'logs', '--json');
    expect(runs.map((entry) => entry.id)).toEqual([...runs.map((entry) => entry.id)].sort((a, b) => a - b));
    expect(runs.filter((entry) => entry.triggerId === trigger.id).map((entry) => [entry.kind, entry.outcome])).toEqual([
      ['fetch', 'ok'],
      ['publish', 'ok'],
    ]);
    const logs = await ok(dataDir, 'logs', '--trigger', String(trigger.id));
    expect(logs.stdout.trimEnd().split('\n')).toEqual([expect.stringMatching(/Daily - rss → markdown - 2 new items$/), expect.stringMatching(/Daily - rss → markdown - 2 published$/)]);

    // Nothing new the second time.
    const second = await ok(dataDir, 'run', '--once');
    expect(second.stdout).toMatch(/Daily - rss → markdown - no new items/);
    expect(fs.readdirSync(notes).filter((name) => name.endsWith('.md'))).toHaveLength(2);
  });

  it('run prints runs as they happen and stops gracefully on SIGINT', async () => {
    const dataDir = tempDir('th-cli-foreground-');
    const notes = tempDir('th-cli-foreground-notes-');
    const feedUrl = await feedServer('live', 2);
    await ok(dataDir, 'triggers', 'add', '--name', 'Live', '--provider', 'rss', '--provider-param', `url=${feedUrl}`, '--consumer', 'markdown', '--consumer-param', `folder=${notes}`, '--first-run-latest', '2');
    const child = startKillable(process.execPath, [BIN, '--data-dir', dataDir, 'run'], { env: cleanEnv() });
    children.push(child);
    await child.waitForLine((line) => line.endsWith('Live - rss → markdown - 2 new items'), 30_000);
    child.child.kill('SIGINT');
    const exit = await child.exited;
    expect(exit).toEqual({ code: 0, signal: null });
    expect(child.stderr()).toMatch(/SIGINT: stopping/);
  });

  it('logs --follow prints new runs written by another process until SIGINT', async () => {
    const dataDir = tempDir('th-cli-follow-');
    const notes = tempDir('th-cli-follow-notes-');
    const feedUrl = await feedServer('followed', 1);
    const trigger = await json<TriggerView>(dataDir, 'triggers', 'add', '--name', 'Followed', '--provider', 'rss', '--provider-param', `url=${feedUrl}`, '--consumer', 'markdown', '--consumer-param', `folder=${notes}`, '--json');
    const follower = startKillable(process.execPath, [BIN, '--data-dir', dataDir, 'logs', '--follow'], { env: cleanEnv() });
    children.push(follower);
    // Give the follower time to open the database and print the (empty) log.
    await new Promise((resolve) => setTimeout(resolve, 1500));
    await ok(dataDir, 'triggers', 'run', String(trigger.id));
    // The first fetch records the feed as already seen: a run row with no new items.
    await follower.waitForLine((line) => line.includes(`#${trigger.id} Followed - rss → markdown - `), 15_000);
    follower.child.kill('SIGINT');
    expect(await follower.exited).toEqual({ code: 0, signal: null });
  });

  it('serve prints its address and stops on SIGTERM', async () => {
    const dataDir = tempDir('th-cli-serve-');
    const server = startKillable(process.execPath, [BIN, '--data-dir', dataDir, 'serve', '--port', '0'], { env: cleanEnv() });
    children.push(server);
    const url = await server.waitForLine((line) => line.startsWith('http://'), 30_000);
    expect(url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/\?token=[\w-]+$/);
    server.child.kill('SIGTERM');
    expect(await server.exited).toEqual({ code: 0, signal: null });
  });
});
