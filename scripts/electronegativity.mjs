#!/usr/bin/env node
// Runs Electronegativity over the desktop shell (src/main/desktop, the only code that touches
// Electron) and fails on any finding that is not in the reviewed allowlist
// (security/electronegativity-allowlist.json). Electronegativity itself always exits 0, even on
// HIGH findings, so the SARIF report is parsed here (reliability.md §1).
//
// Why not `npx electronegativity -i src/main/desktop -o report.sarif`: the 1.10.3 CLI entry
// requires `commander` without declaring it, so npm resolves the project's commander 14, whose API
// differs, and the CLI crashes ("_commander2.default.version is not a function"). The runner the
// CLI calls is a documented programmatic entry ("in case Electronegativity is used
// programmatically"); it is called with the options the CLI would pass.
//
// Offline it works: its two fetches (translations, Electron releases) fail and the scan goes on.
//
// Allowlist entries: { "rule": "OPEN_EXTERNAL_JS_CHECK", "file": "open-link.ts", "count": 1,
// "reason": "…" }. `count` is how many findings of that rule the file may have, so a second,
// unreviewed occurrence in a file already listed fails too.

import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join, relative } from 'node:path';
import { performance } from 'node:perf_hooks';
import process from 'node:process';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const require = createRequire(import.meta.url);
const SCANNED = join(root, 'src', 'main', 'desktop');
const ALLOWLIST = join(root, 'security', 'electronegativity-allowlist.json');

function fail(message) {
  process.stderr.write(`electronegativity: ${message}\n`);
  process.exit(1);
}

/** The allowlist, checked for shape: every entry must say which rule, which file, how many and why. */
function readAllowlist() {
  let entries;
  try {
    entries = JSON.parse(readFileSync(ALLOWLIST, 'utf8'));
  } catch (error) {
    fail(`cannot read ${relative(root, ALLOWLIST)}: ${error.message}`);
  }
  if (!Array.isArray(entries)) fail('the allowlist must be a JSON array');
  entries.forEach((entry, index) => {
    const where = `allowlist entry ${index}`;
    if (typeof entry?.rule !== 'string' || !/^[A-Z_]+$/.test(entry.rule)) fail(`${where}: "rule" must be an Electronegativity check id`);
    if (typeof entry.file !== 'string' || entry.file === '') fail(`${where}: "file" must name a file under src/main/desktop`);
    if (!Number.isInteger(entry.count) || entry.count < 1) fail(`${where}: "count" must be a positive integer`);
    if (typeof entry.reason !== 'string' || entry.reason.trim().length < 30) fail(`${where}: "reason" must explain the review (30 characters at least)`);
  });
  return entries;
}

/**
 * Runs the scan in a child process: the runner writes the report with an un-awaited
 * fs.writeFile, so the report is complete only once that process has exited.
 */
function scan(output) {
  const runner = require.resolve('@doyensec/electronegativity/dist/runner.js');
  const electronVersion = require('electron/package.json').version;
  const options = {
    input: SCANNED,
    output,
    isSarif: true,
    customScan: [],
    excludeFromScan: [],
    isRelative: true,
    isVerbose: false,
    // Without a package.json in the scanned folder it would assume Electron 0.1.0.
    electronVersionOverride: electronVersion,
    parserPlugins: [],
  };
  const program = `require(${JSON.stringify(runner)})(JSON.parse(process.argv[1]), false).catch((error) => { console.error(error); process.exit(1); });`;
  const child = spawnSync(process.execPath, ['-e', program, JSON.stringify(options)], { cwd: root, stdio: ['ignore', 'inherit', 'inherit'] });
  if (child.status !== 0) fail(`the scan failed (exit ${child.status ?? child.signal})`);
  return electronVersion;
}

/** One finding per SARIF result: rule, file (relative to src/main/desktop), line, level, message. */
function findingsOf(report) {
  const results = report?.runs?.[0]?.results;
  if (!Array.isArray(results)) fail('the SARIF report has no results array');
  return results.map((result) => {
    const location = result.locations?.[0]?.physicalLocation;
    return {
      rule: result.ruleId,
      file: (location?.artifactLocation?.uri ?? '?').replace(/\\/g, '/'),
      line: location?.region?.startLine ?? 0,
      level: result.level ?? 'note',
      message: result.message?.text ?? '',
    };
  });
}

/** Splits findings into allowed and new; reports allowlist entries that no longer match anything. */
function judge(findings, allowlist) {
  const groups = new Map();
  for (const finding of findings) {
    const key = `${finding.rule} ${finding.file}`;
    groups.set(key, [...(groups.get(key) ?? []), finding]);
  }
  const allowed = [];
  const unreviewed = [];
  for (const [key, group] of groups) {
    const entry = allowlist.find((candidate) => `${candidate.rule} ${candidate.file}` === key);
    const permitted = entry ? entry.count : 0;
    allowed.push(...group.slice(0, permitted));
    unreviewed.push(...group.slice(permitted));
  }
  const stale = allowlist.filter((entry) => (groups.get(`${entry.rule} ${entry.file}`)?.length ?? 0) < entry.count);
  return { allowed, unreviewed, stale };
}

const started = performance.now();
const allowlist = readAllowlist();
const workdir = mkdtempSync(join(tmpdir(), 'electronegativity-'));
const reportFile = join(workdir, 'report.sarif');
try {
  const electronVersion = scan(reportFile);
  const findings = findingsOf(JSON.parse(readFileSync(reportFile, 'utf8')));
  const { allowed, unreviewed, stale } = judge(findings, allowlist);
  const seconds = ((performance.now() - started) / 1000).toFixed(1);
  const lines = [
    '',
    `Electronegativity over ${relative(root, SCANNED)} (Electron ${electronVersion}): ${findings.length} findings, ` +
      `${allowed.length} allowed by the reviewed list, ${unreviewed.length} not reviewed; ${seconds} s.`,
  ];
  for (const entry of stale) {
    lines.push(`  note: allowlist entry ${entry.rule} in ${entry.file} expects ${entry.count}, found fewer; tighten the list.`);
  }
  for (const finding of unreviewed) {
    lines.push(`  NOT REVIEWED ${finding.rule} (${finding.level}) ${finding.file}:${finding.line}: ${finding.message}`);
  }
  process.stdout.write(`${lines.join('\n')}\n`);
  if (unreviewed.length > 0) {
    process.stdout.write('Fix these, or review them and add them to security/electronegativity-allowlist.json with a reason.\n');
    process.exitCode = 1;
  }
} finally {
  rmSync(workdir, { recursive: true, force: true });
}
