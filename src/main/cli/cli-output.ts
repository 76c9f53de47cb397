// Where a command's output goes. Readable lines and JSON go to stdout; problems, warnings and
// notifications to stderr, so `--json` output piped into another program is only ever one JSON
// document.

export interface TextSink {
  write(text: string): unknown;
}

export interface CliOutput {
  /** Lines of readable text on stdout. */
  lines(lines: readonly string[]): void;
  /** One JSON document (an array, or an object for a single thing) on stdout. */
  json(value: unknown): void;
  /** A document as is on stdout (an OPML export). */
  raw(text: string): void;
  /** A line on stderr. */
  errorLine(line: string): void;
  warn(message: string): void;
}

export const PROGRAM_NAME = 'trigger-happy';

export function createCliOutput(stdout: TextSink, stderr: TextSink): CliOutput {
  return {
    lines: (lines) => {
      if (lines.length > 0) stdout.write(`${lines.join('\n')}\n`);
    },
    json: (value) => stdout.write(`${JSON.stringify(value, null, 2)}\n`),
    raw: (text) => stdout.write(text),
    errorLine: (line) => stderr.write(`${line}\n`),
    warn: (message) => stderr.write(`${PROGRAM_NAME}: warning: ${message}\n`),
  };
}
