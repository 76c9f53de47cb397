import type { PublishResult } from '../../tasks';
import { parsedParams } from '../parsed-params';
import type { ServiceImplementation } from '../service';
import { markdownConsumerParams } from './definition';
import { fileSystemError } from './file-system-error';
import { noteDirectory } from './note-directory';
import type { noteDocument } from './note-document';
import { keyHash, noteDate, noteFileName } from './note-file-name';
import { writeNoteOnce } from './write-note-once';

// C14: one Markdown file per item in a notes folder. The file name carries a hash of the
// idempotency key, and an existing note with that hash is never rewritten: that is how a retry
// after a crash stays at most once.

const HOST = 'local';

let noteWriter: Promise<typeof noteDocument> | undefined;

/**
 * The note builder brings turndown and its DOM (~1.6 MB of a thread's heap), so it is loaded by
 * the first Markdown delivery: a thread that only fetches feeds or posts webhooks never holds it.
 */
function loadNoteDocument(): Promise<typeof noteDocument> {
  noteWriter ??= import('./note-document').then((module) => module.noteDocument);
  return noteWriter;
}

export const markdownConsumer: ServiceImplementation = {
  id: 'markdown',

  async publish(_ctx, call): Promise<PublishResult> {
    const parsed = parsedParams(markdownConsumerParams, call.params);
    if (!parsed.success) {
      const message = parsed.error.issues.map((issue) => `${issue.path.join('.') || 'params'}: ${issue.message}`).join('; ');
      return { ok: false, error: { kind: 'config', message: `Invalid Markdown folder settings: ${message}`, host: HOST, permanent: true } };
    }
    const directory = noteDirectory(parsed.data.folder, parsed.data.subfolder);
    if (!directory.ok) return { ok: false, error: { kind: 'config', message: directory.message, host: HOST, permanent: true } };

    let buildNote: typeof noteDocument;
    try {
      buildNote = await loadNoteDocument();
    } catch (error) {
      noteWriter = undefined;
      return { ok: false, error: { kind: 'internal', message: `Cannot load the Markdown writer: ${error instanceof Error ? error.message : String(error)}`, host: HOST, permanent: false } };
    }
    const hash = keyHash(call.idempotencyKey);
    const fileName = noteFileName(directory.path, { date: noteDate(call.item.published, new Date()), title: call.item.title, hash });
    try {
      const outcome = await writeNoteOnce(directory.path, fileName, hash, buildNote(call.item, { tags: parsed.data.tags }));
      return outcome.written
        ? { ok: true, remoteId: outcome.fileName, host: HOST }
        : { ok: true, remoteId: outcome.fileName, duplicate: true, host: HOST };
    } catch (error) {
      return { ok: false, error: fileSystemError(error, directory.path) };
    }
  },
};
