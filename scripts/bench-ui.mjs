// The window's benchmark (issue 4), run by `npm run bench` after the engine's: time to first render
// of the Triggers view with 3,600 triggers, and the Activity view's frame times while scrolling
// through 100,000 runs. It prints figures next to their targets (first render ≤ 500 ms, scroll
// frame p95 ≤ 20 ms); it asserts nothing. Needs `npm run build`; talks to 127.0.0.1 only.
//
// Seeding: the triggers are created through the contract (one OPML import over `serve`, with the
// engine paused so nothing is fetched); the 100,000 activity rows, which only a long run of real
// cycles could produce, are written straight into the runs table of the stopped engine's database.

import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { createInterface } from 'node:readline';
import Database from 'better-sqlite3';
import { chromium } from 'playwright-core';

const ROOT = resolve(import.meta.dirname, '..');
const TRIGGERS = Number(process.env.BENCH_UI_TRIGGERS ?? 3600);
const RUNS = Number(process.env.BENCH_UI_RUNS ?? 100_000);
const RENDER_SAMPLES = 5;
/** Pixels scrolled per frame: 1,600 px (40 rows) at 60 Hz is a fast fling through the whole log. */
const SCROLL_STEP = Number(process.env.BENCH_UI_STEP ?? 1600);
const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

function log(text) {
  process.stderr.write(`bench-ui: ${text}\n`);
}

async function startServe(dataDir) {
  const child = spawn(process.execPath, [join(ROOT, 'bin/trigger-happy.js'), '--data-dir', dataDir, 'serve', '--port', '0'], {
    cwd: ROOT,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stderr = '';
  child.stderr.on('data', (chunk) => (stderr += chunk));
  const url = await new Promise((resolveUrl, reject) => {
    const timer = setTimeout(() => reject(new Error(`serve printed no URL\n${stderr}`)), 60_000);
    createInterface({ input: child.stdout }).on('line', (line) => {
      const match = /https?:\/\/\S+/.exec(line);
      if (match) {
        clearTimeout(timer);
        resolveUrl(match[0]);
      }
    });
    child.once('exit', (code) => reject(new Error(`serve exited with ${code}\n${stderr}`)));
  });
  const parsed = new URL(url);
  return {
    url,
    origin: parsed.origin,
    token: parsed.searchParams.get('token'),
    async stop() {
      if (child.exitCode !== null) return;
      const exited = new Promise((done) => child.once('exit', done));
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 15_000);
      await exited;
      clearTimeout(timer);
    },
  };
}

async function invoke(serve, channel, args) {
  const response = await fetch(new URL(`/api/invoke/${channel}`, serve.origin), {
    method: 'POST',
    headers: { authorization: `Bearer ${serve.token}`, 'x-trigger-happy': '1', 'content-type': 'application/json' },
    body: JSON.stringify(args),
  });
  const result = await response.json();
  if (!result.ok) throw new Error(`${channel}: ${result.error.message}`);
  return result.value;
}

function opmlWith(count) {
  const outlines = [];
  // Port 9 on loopback is closed; nothing is fetched anyway while the engine is paused.
  for (let n = 1; n <= count; n += 1) outlines.push(`<outline type="rss" text="Feed ${n}" xmlUrl="http://127.0.0.1:9/feeds/${n}.xml"/>`);
  return `<?xml version="1.0"?><opml version="2.0"><head><title>bench</title></head><body>${outlines.join('')}</body></opml>`;
}

function seedRuns(databaseFile, count) {
  const db = new Database(databaseFile);
  const triggers = db.prepare('SELECT id, name FROM triggers').all();
  const insert = db.prepare(
    `INSERT INTO runs (at, trigger_id, trigger_name, kind, provider, consumer, outcome, new_count, published_count, failed_count, message, duration_ms)
     VALUES (?, ?, ?, ?, 'rss', 'webhook', ?, ?, ?, ?, ?, ?)`,
  );
  const outcomes = ['ok', 'unchanged', 'unchanged', 'unchanged', 'error', 'ok'];
  const now = Date.now();
  db.transaction(() => {
    for (let n = 0; n < count; n += 1) {
      const trigger = triggers[n % triggers.length];
      const outcome = outcomes[n % outcomes.length];
      const kind = n % 3 === 0 ? 'publish' : 'fetch';
      // Spread over the last six days, oldest first, inside the retention period.
      const at = now - Math.round(((count - n) / count) * 6 * 86_400_000);
      insert.run(at, trigger.id, trigger.name, kind, outcome, outcome === 'ok' ? n % 7 : 0, kind === 'publish' && outcome === 'ok' ? n % 5 : 0, 0, outcome === 'error' ? `HTTP 503 from 127.0.0.1:9 (run ${n})` : null, 20 + (n % 400));
    }
  })();
  db.close();
}

function stats(values) {
  const sorted = [...values].sort((a, b) => a - b);
  const at = (q) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))];
  return { n: sorted.length, p50: at(0.5), p95: at(0.95), max: sorted.at(-1) };
}

const fmt = (ms) => `${ms.toFixed(1)} ms`;

async function main() {
  for (const file of ['out/main/cli.js', 'out/renderer/index.html']) {
    if (!existsSync(join(ROOT, file))) throw new Error(`${file} is missing: run npm run build first`);
  }
  if (!existsSync(CHROMIUM)) throw new Error(`no Chromium at ${CHROMIUM} (set CHROMIUM_PATH)`);
  const dataDir = await mkdtemp(join(tmpdir(), 'th-bench-ui-'));
  let serve;
  let browser;
  try {
    log(`seeding ${TRIGGERS} triggers through the contract`);
    serve = await startServe(dataDir);
    await invoke(serve, 'engine.pause', {});
    await invoke(serve, 'settings.update', { startPaused: true });
    const imported = await invoke(serve, 'opml.import', { text: opmlWith(TRIGGERS), consumer: { service: 'webhook', params: { url: 'http://127.0.0.1:9/hook' } } });
    const { databaseFile } = await invoke(serve, 'data.info', {});
    await serve.stop();
    log(`${imported.created} triggers; writing ${RUNS} activity rows`);
    seedRuns(databaseFile, RUNS);

    serve = await startServe(dataDir);
    browser = await chromium.launch({
      executablePath: CHROMIUM,
      headless: true,
      args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--no-first-run', '--disable-quic', '--disable-sync'],
    });
    const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
    // The moment the first trigger row and the first activity row exist, in page time.
    await context.addInitScript(() => {
      const marks = (window.__benchMarks = {});
      new MutationObserver(() => {
        if (!marks.triggerRow && document.querySelector('[data-testid="trigger-row"]')) marks.triggerRow = performance.now();
        if (!marks.activityRow && document.querySelector('[data-testid="activity-row"]')) marks.activityRow = performance.now();
      }).observe(document, { childList: true, subtree: true });
    });
    const page = await context.newPage();
    await page.goto(serve.url);
    await page.waitForSelector('[data-testid="trigger-row"]', { timeout: 60_000 });

    const firstRender = [];
    const afterData = [];
    for (let sample = 0; sample < RENDER_SAMPLES; sample += 1) {
      await page.goto(`${serve.origin}/#/triggers`);
      await page.reload();
      await page.waitForSelector('[data-testid="trigger-row"]', { timeout: 60_000 });
      const marks = await page.evaluate(() => {
        const list = performance.getEntriesByType('resource').find((entry) => entry.name.endsWith('/api/invoke/triggers.list'));
        return { row: window.__benchMarks.triggerRow, dataArrived: list ? list.responseEnd : null };
      });
      firstRender.push(marks.row);
      // The window's own share: from the list's last byte to the first row on screen.
      if (marks.dataArrived !== null) afterData.push(marks.row - marks.dataArrived);
    }
    const listStart = performance.now();
    const listed = await invoke(serve, 'triggers.list', {});
    const listMs = performance.now() - listStart;
    const listBytes = JSON.stringify(listed).length;

    await page.goto(`${serve.origin}/#/activity`);
    await page.reload();
    await page.waitForSelector('[data-testid="activity-row"]', { timeout: 60_000 });
    const activityFirst = await page.evaluate(() => window.__benchMarks.activityRow);
    // Scroll with the wheel-like steady speed of a fast reader until all rows have been shown
    // (older pages load on the way), recording every frame's duration.
    const scroll = await page.evaluate(
      async ({ total, step }) => {
        const scroller = document.querySelector('[data-testid="activity-scroller"]');
        const deltas = [];
        let last = performance.now();
        const deadline = last + 180_000;
        await new Promise((done) => {
          const frame = (now) => {
            deltas.push(now - last);
            last = now;
            scroller.scrollTop += step;
            const rows = Math.round(scroller.scrollHeight / 40);
            const atEnd = scroller.scrollTop + scroller.clientHeight >= scroller.scrollHeight - 2;
            if ((rows >= total && atEnd) || now > deadline) done();
            else requestAnimationFrame(frame);
          };
          requestAnimationFrame(frame);
        });
        return { deltas: deltas.slice(1), rows: Math.round(scroller.scrollHeight / 40), scrolledPx: scroller.scrollTop };
      },
      { total: RUNS, step: SCROLL_STEP },
    );
    // Then, with all rows loaded, brisk reading-speed scrolls (240 px a frame, about 14,000 px/s)
    // at ten places spread over the whole list.
    const reading = await page.evaluate(async ({ step, framesPerStop }) => {
      const scroller = document.querySelector('[data-testid="activity-scroller"]');
      const deltas = [];
      for (let stop = 0; stop < 10; stop += 1) {
        scroller.scrollTop = Math.round((stop / 10) * (scroller.scrollHeight - scroller.clientHeight));
        await new Promise(requestAnimationFrame);
        await new Promise(requestAnimationFrame);
        let last = performance.now();
        for (let frame = 0; frame < framesPerStop; frame += 1) {
          scroller.scrollTop += step;
          const now = await new Promise(requestAnimationFrame);
          deltas.push(now - last);
          last = now;
        }
      }
      return deltas;
    }, { step: 240, framesPerStop: 60 });
    const readingFrames = stats(reading);
    const frames = stats(scroll.deltas);
    const worst = [...scroll.deltas.entries()].sort((a, b) => b[1] - a[1]).slice(0, 5);
    log(`slowest frames (index: ms): ${worst.map(([index, ms]) => `${index}: ${ms.toFixed(0)}`).join(', ')}`);
    const render = stats(firstRender);

    const lines = [
      ['figure', 'measured', 'target'],
      [`Triggers view, first row on screen (${listed.length} triggers, ${RENDER_SAMPLES} loads)`, `p50 ${fmt(render.p50)}, max ${fmt(render.max)}`, '≤ 500 ms'],
      ['  triggers.list answered by the engine (separate call)', `${fmt(listMs)} (${(listBytes / 1024 / 1024).toFixed(1)} MB JSON)`, ''],
      ['  window only: list received → first row', `p50 ${fmt(stats(afterData).p50)}, max ${fmt(stats(afterData).max)}`, ''],
      [`Activity view, first row on screen`, fmt(activityFirst), ''],
      [`Activity, fling through ${scroll.rows.toLocaleString('en')} rows (${SCROLL_STEP} px/frame, pages loading), ${frames.n} frames`, `p50 ${fmt(frames.p50)}, p95 ${fmt(frames.p95)}, max ${fmt(frames.max)}`, ''],
      ['  frames over 50 ms', String(scroll.deltas.filter((d) => d > 50).length), ''],
      [`Activity, reading scroll at 10 places in ${scroll.rows.toLocaleString('en')} rows (240 px/frame), ${readingFrames.n} frames`, `p50 ${fmt(readingFrames.p50)}, p95 ${fmt(readingFrames.p95)}, max ${fmt(readingFrames.max)}`, 'p95 ≤ 20 ms'],
    ];
    const widths = [0, 1, 2].map((column) => Math.max(...lines.map((line) => line[column].length)));
    for (const line of lines) process.stdout.write(`${line.map((cell, column) => cell.padEnd(widths[column])).join('  ')}\n`);
  } finally {
    await browser?.close();
    await serve?.stop();
    await rm(dataDir, { recursive: true, force: true });
  }
}

main().catch((error) => {
  log(error instanceof Error ? (error.stack ?? error.message) : String(error));
  process.exit(1);
});
