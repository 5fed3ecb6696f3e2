/**
 * Browser mode: a .twinrec to import, uploaded (POST /imports, the file's bytes as the body, its name in the
 * `X-Twinscope-File-Name` header). The page cannot hand the core a path, so the bytes are streamed into the uploads
 * folder beside the history, under a name the server makes, up to a size limit (refused with 413 before or while
 * reading), then imported through the API's own `sessions.import` call. The reply is the call's result as JSON.
 */
import { randomBytes } from 'node:crypto';
import { createWriteStream } from 'node:fs';
import { mkdir, readdir } from 'node:fs/promises';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { basename, join } from 'node:path';
import { Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { ImportResult } from '../../common/api';
import { UPLOAD_NAME_PATTERN } from '../../common/apiSchema';
import type { Dispatch } from '../app/dispatch';
import { removeUpload, uploadsFolder } from '../app/sessionImport';

export const IMPORTS_PATH = '/imports';
export const FILE_NAME_HEADER = 'x-twinscope-file-name';
/** Largest upload by default: a week of a busy site as a .twinrec, with room to spare. */
export const DEFAULT_MAX_UPLOAD_BYTES = 2 * 2 ** 30;

class TooLarge extends Error {}

/** Uploads a server that stopped mid-way (killed while receiving or importing) left: none is in use before it listens. */
export async function removeStaleUploads(dbPath: string): Promise<void> {
  const folder = uploadsFolder(dbPath);
  const names = await readdir(folder).catch(() => [] as string[]);
  const ours = new RegExp(UPLOAD_NAME_PATTERN.replace(/\$$/, '(-wal|-shm|-journal)?$'));
  await Promise.all(names.filter((n) => ours.test(n)).map((n) => removeUpload(join(folder, n))));
}

function sendJson(res: ServerResponse, status: number, body: ImportResult): void {
  res.writeHead(status, { 'Content-Type': 'application/json; charset=utf-8', 'Cache-Control': 'no-store' });
  res.end(JSON.stringify(body));
}

function megabytes(bytes: number): string {
  return `${(bytes / 2 ** 20).toFixed(bytes < 2 ** 20 ? 2 : 0)} MB`;
}

function tooLarge(res: ServerResponse, maxBytes: number, name: string): void {
  res.setHeader('Connection', 'close');
  sendJson(res, 413, {
    ok: false,
    code: 'too-large',
    error: `${name} is larger than this server takes (${megabytes(maxBytes)}); nothing imported`,
    tip: 'import it with `twinscope import FILE` on the machine running Twinscope',
  });
}

/** The user's name for the file, as a plain name (never a path), for messages. */
function fileName(req: IncomingMessage): string {
  const raw = req.headers[FILE_NAME_HEADER];
  let name = 'the uploaded file';
  try {
    if (typeof raw === 'string' && raw !== '') name = basename(decodeURIComponent(raw)).slice(0, 255);
  } catch {
    /* not URI-encoded: the generic name */
  }
  return name;
}

/** Counts the bytes going through and fails past the limit. */
function limit(maxBytes: number): Transform {
  let seen = 0;
  return new Transform({
    transform(chunk: Buffer, _enc, done) {
      seen += chunk.length;
      done(seen > maxBytes ? new TooLarge() : null, chunk);
    },
  });
}

/** Receives one upload (the caller checked who sends it) and imports it. Never throws. */
export async function receiveImport(
  req: IncomingMessage,
  res: ServerResponse,
  options: { dbPath: string; maxBytes: number; dispatch: Dispatch },
): Promise<void> {
  const name = fileName(req);
  const declared = Number(req.headers['content-length'] ?? NaN);
  if (declared > options.maxBytes) {
    req.resume(); // read and dropped, so the client gets the answer rather than a reset
    return tooLarge(res, options.maxBytes, name);
  }
  const folder = uploadsFolder(options.dbPath);
  const upload = `upload-${randomBytes(16).toString('hex')}.twinrec`;
  const path = join(folder, upload);
  try {
    await mkdir(folder, { recursive: true });
    await pipeline(req, limit(options.maxBytes), createWriteStream(path, { flags: 'wx' }));
  } catch (e) {
    await removeUpload(path);
    if (e instanceof TooLarge) {
      req.resume();
      return tooLarge(res, options.maxBytes, name);
    }
    if (!res.headersSent)
      sendJson(res, 500, { ok: false, code: 'failed', error: `receiving ${name} failed: ${(e as Error).message}` });
    return;
  }
  // The call removes the upload once it is over, whatever the outcome.
  const reply = await options.dispatch('sessions.import', { from: 'upload', upload, name });
  if (!reply.ok) {
    await removeUpload(path);
    return sendJson(res, 500, { ok: false, code: 'failed', error: reply.error });
  }
  sendJson(res, 200, reply.value as ImportResult);
}
