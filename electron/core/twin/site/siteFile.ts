/**
 * Writes a placement into a site file: the edit is made on the file's text (jsonc-parser), so every other key, the
 * order, the line breaks and the indentation its author chose stay as they were; the result is
 * validated as a site before anything is written, and written atomically (a temporary file beside it, flushed, then
 * renamed over it), so a crash leaves the old file or the new one, never half of one.
 */
import { randomBytes } from 'node:crypto';
import { open, readFile, rename, stat, unlink } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { applyEdits, modify, type FormattingOptions } from 'jsonc-parser';
import type { PlaceErrorCode } from '../../../common/api';
import type { SiteSpec } from '../../../common/site';
import { parseSiteJson } from './loadSite';
import type { SiteEdit } from './placeDevice';

export type SiteFileResult =
  { ok: true; site: SiteSpec } | { ok: false; code: PlaceErrorCode; error: string; tip?: string };

/** The indentation and line ends a file already uses (2 spaces and `\n` for a new one). */
function formattingOf(text: string): FormattingOptions {
  const eol = text.includes('\r\n') ? '\r\n' : '\n';
  const indent = /\n([ \t]+)\S/.exec(text)?.[1] ?? '  ';
  return indent.startsWith('\t')
    ? { insertSpaces: false, tabSize: 1, eol }
    : { insertSpaces: true, tabSize: indent.length, eol };
}

/** The site file's text with the edit made and nothing else changed. */
export function editSiteText(text: string, edit: SiteEdit): string {
  const formattingOptions = formattingOf(text);
  const edits =
    edit.kind === 'sensor'
      ? modify(text, ['sensors', -1], edit.sensor, { formattingOptions, isArrayInsertion: true })
      : modify(text, ['bindings', edit.from], edit.to, { formattingOptions });
  return applyEdits(text, edits);
}

/** Whether a write error means "not allowed here" (rather than a failing disk). */
function refused(e: unknown): boolean {
  const code = (e as NodeJS.ErrnoException).code;
  return code === 'EACCES' || code === 'EPERM' || code === 'EROFS';
}

function errno(message: string, code: string): NodeJS.ErrnoException {
  return Object.assign(new Error(message), { code });
}

/**
 * Replaces `file` with `text` atomically, keeping its permissions (`create`: writes a new file, never over one). A
 * file its owner may not write (chmod a-w) is refused even where the system would allow it (as root): it was made
 * read-only on purpose.
 */
export async function writeFileAtomic(file: string, text: string, options: { create?: boolean } = {}): Promise<void> {
  const existing = await stat(file).catch((e: NodeJS.ErrnoException) => {
    if (e.code === 'ENOENT') return null;
    throw e;
  });
  if (options.create && existing) throw errno(`${file} exists already`, 'EEXIST');
  if (!options.create && !existing) throw errno(`${file} does not exist`, 'ENOENT');
  if (existing && (existing.mode & 0o200) === 0) throw errno(`${file} is read-only`, 'EACCES');
  const mode = existing ? existing.mode & 0o777 : 0o644;
  const temp = join(dirname(file), `.${basename(file)}.${randomBytes(6).toString('hex')}.tmp`);
  try {
    const handle = await open(temp, 'wx', mode);
    try {
      await handle.writeFile(text, 'utf8');
      await handle.sync();
    } finally {
      await handle.close();
    }
    await rename(temp, file);
  } catch (e) {
    await unlink(temp).catch(() => undefined);
    throw e;
  }
}

/**
 * Makes the edit in a site file (or, with `create`, writes a new file from `create.text` with the edit): validated,
 * then written atomically. Returns the site as the file now says, or why nothing was written.
 */
export async function editSiteFile(file: string, edit: SiteEdit, create?: { text: string }): Promise<SiteFileResult> {
  let text: string;
  try {
    text = create ? create.text : await readFile(file, 'utf8');
  } catch (e) {
    return { ok: false, code: 'write-failed', error: `cannot read the site file ${file}: ${(e as Error).message}` };
  }
  const current = parseSiteJson(text);
  if (!current.ok) return { ok: false, code: 'invalid-site', error: `site ${file}: ${current.errors.join('; ')}` };
  // A byte order mark (some editors write one) stays, outside what the JSON editor sees.
  const bom = text.startsWith('\uFEFF') ? '\uFEFF' : '';
  const next = bom + editSiteText(text.slice(bom.length), edit);
  const parsed = parseSiteJson(next);
  if (!parsed.ok) {
    const why = parsed.errors.join('; ');
    return { ok: false, code: 'invalid-site', error: `the placement would make the site invalid: ${why}` };
  }
  try {
    await writeFileAtomic(file, next, create ? { create: true } : {});
  } catch (e) {
    const why = (e as Error).message;
    if (refused(e))
      return {
        ok: false,
        code: 'read-only',
        error: `cannot write the site file ${file}: ${why}`,
        tip: 'make the file (and its folder) writable, or start with --site naming a copy you can write',
      };
    return { ok: false, code: 'write-failed', error: `could not write the site file ${file}: ${why}` };
  }
  return { ok: true, site: parsed.site };
}
