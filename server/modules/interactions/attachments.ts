import { createHash, randomUUID } from 'node:crypto';
import { createReadStream, createWriteStream } from 'node:fs';
import { mkdir, rename, rm, stat, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { MultipartFile, Multipart } from '@fastify/multipart';
import type { Principal } from '../../platform/auth/index.js';
import type { Clock } from '../../platform/clock.js';
import type { Db } from '../../platform/db/index.js';
import { AppError, invalid, notFound } from '../../platform/errors/index.js';
import { baseType, contentMatches, safeFileName, utf8Checker } from './domain/file-type.js';
import { attachments } from './schema.js';
import type { InteractionService, StoredFile } from './service.js';
import * as store from './store.js';
import { attachmentView } from './views.js';

const notAllowed = () => new AppError('attachment_type_not_allowed', 'This kind of file is not accepted', 415);
const tooLarge = () => new AppError('file_too_large', 'The file is larger than allowed', 413);
const uuidPattern = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

type Received = { tmp: string; dir: string; id: string; fileName: string; contentType: string; size: number; sha256: string };

/** Busboy reads header parameters as latin1; a UTF-8 name (Arabic) sent raw comes back re-decoded. */
function decodeName(name: string): string {
  if (!/[\u0080-\u00ff]/.test(name) || /[^\u0000-\u00ff]/.test(name)) return name;
  const utf8 = Buffer.from(name, 'latin1').toString('utf8');
  return utf8.includes('\ufffd') ? name : utf8;
}

/**
 * Files attached to contacts: checked against the allowed types and their own bytes, written to
 * `<dataDir>/attachments/<workspace>/<yyyy>/<mm>/<id>` through a temp file and a rename, so a reader
 * never sees half a file.
 */
export class AttachmentService {
  constructor(private db: Db, private interactions: InteractionService, private clock: Clock, private opts: { dataDir: string; types: string[]; maxBytes: number }) {}

  private async directory(workspaceId: string) {
    const now = this.clock.now();
    const dir = path.join(this.opts.dataDir, 'attachments', workspaceId, String(now.getUTCFullYear()), String(now.getUTCMonth() + 1).padStart(2, '0'));
    await mkdir(dir, { recursive: true });
    return dir;
  }

  /**
   * Writes a file a channel received (email attachment, provider media) to storage and answers the row to
   * store with its message, or a refusal reason when its type is not accepted or it is too large.
   */
  async writeReceived(workspaceId: string, file: { fileName: string; contentType: string; content: Buffer }): Promise<StoredFile | { refused: string }> {
    const contentType = baseType(file.contentType || 'application/octet-stream');
    if (!this.opts.types.includes(contentType)) return { refused: 'type_not_allowed' };
    if (file.content.length > this.opts.maxBytes) return { refused: 'too_large' };
    if (!file.content.length) return { refused: 'empty' };
    const checker = contentType.startsWith('text/') ? utf8Checker() : undefined;
    checker?.push(file.content);
    if (!contentMatches(contentType, file.content.subarray(0, 64), checker?.valid() ?? false)) return { refused: 'type_not_allowed' };
    const id = randomUUID();
    const final = path.join(await this.directory(workspaceId), id);
    const tmp = `${final}.tmp`;
    await writeFile(tmp, file.content, { flag: 'wx' });
    await rename(tmp, final);
    return {
      id, fileName: safeFileName(file.fileName || 'file'), contentType, size: file.content.length,
      sha256: createHash('sha256').update(file.content).digest('hex'), storagePath: path.relative(this.opts.dataDir, final),
    };
  }

  /** Removes files written by `writeReceived` whose message was not stored after all. */
  async discard(files: StoredFile[]) {
    await Promise.all(files.map((f) => rm(path.resolve(this.opts.dataDir, f.storagePath), { force: true })));
  }

  /** The bytes of a stored file (for a channel that sends it on). */
  read(a: { storagePath: string }) {
    const file = path.resolve(this.opts.dataDir, a.storagePath);
    if (!file.startsWith(path.resolve(this.opts.dataDir) + path.sep)) throw notFound('Attachment');
    return createReadStream(file);
  }

  async upload(p: Principal, interactionId: string, parts: AsyncIterableIterator<Multipart>) {
    await this.interactions.require(this.db, p, interactionId);
    let file: Received | undefined;
    let messageId: string | undefined;
    try {
      for await (const part of parts) {
        if (part.type === 'file') {
          if (file) { part.file.resume(); continue; }
          file = await this.receive(p, part);
        } else if (part.fieldname === 'messageId') {
          messageId = String(part.value ?? '');
        }
      }
      if (!file) throw invalid('file_missing', 'Send one file in the `file` field');
      if (messageId !== undefined) {
        const ok = uuidPattern.test(messageId) && await store.findMessage(this.db, p.workspaceId, interactionId, messageId);
        if (!ok) throw invalid('invalid_message', 'No such message in this interaction');
      }
      const final = path.join(file.dir, file.id);
      await rename(file.tmp, final);
      const received = file;
      file = undefined;
      try {
        const [row] = await this.db.insert(attachments).values({
          id: received.id, workspaceId: p.workspaceId, interactionId, messageId: messageId ?? null, fileName: received.fileName,
          contentType: received.contentType, size: received.size, sha256: received.sha256,
          storagePath: path.relative(this.opts.dataDir, final), uploadedById: p.userId, createdAt: this.clock.now(),
        }).returning();
        await this.interactions.publishAttachment(p, row!);
        return attachmentView(row!);
      } catch (e) {
        await rm(final, { force: true });
        throw e;
      }
    } finally {
      if (file) await rm(file.tmp, { force: true });
    }
  }

  /** Streams one file to a temp path while hashing it and checking what it really is. */
  private async receive(p: Principal, part: MultipartFile): Promise<Received> {
    const contentType = baseType(part.mimetype ?? '');
    if (!this.opts.types.includes(contentType)) {
      part.file.resume();
      throw notAllowed();
    }
    const dir = await this.directory(p.workspaceId);
    const id = randomUUID();
    const tmp = path.join(dir, `.${id}.tmp`);
    const hash = createHash('sha256');
    const text = contentType.startsWith('text/') ? utf8Checker() : undefined;
    let head = Buffer.alloc(0);
    let size = 0;
    const inspect = new Transform({
      transform(chunk: Buffer, _enc, done) {
        hash.update(chunk);
        text?.push(chunk);
        if (head.length < 64) head = Buffer.concat([head, chunk.subarray(0, 64 - head.length)]);
        size += chunk.length;
        done(null, chunk);
      },
    });
    try {
      await pipeline(part.file, inspect, createWriteStream(tmp, { flags: 'wx' }));
      if (part.file.truncated) throw tooLarge();
      if (size === 0) throw invalid('empty_file', 'The file is empty');
      if (!contentMatches(contentType, head, text?.valid() ?? false)) throw notAllowed();
    } catch (e) {
      await rm(tmp, { force: true });
      if ((e as { code?: string }).code === 'FST_REQ_FILE_TOO_LARGE') throw tooLarge();
      throw e;
    }
    return { tmp, dir, id, fileName: safeFileName(decodeName(part.filename)), contentType, size, sha256: hash.digest('hex') };
  }

  /** The stored file of an attachment of the principal's workspace. */
  async open(p: Principal, id: string) {
    const a = await store.findAttachment(this.db, p.workspaceId, id);
    if (!a) throw notFound('Attachment');
    const file = path.resolve(this.opts.dataDir, a.storagePath);
    if (!file.startsWith(path.resolve(this.opts.dataDir) + path.sep)) throw notFound('Attachment');
    const info = await stat(file).catch(() => null);
    if (!info) throw notFound('Attachment file');
    return { attachment: a, size: info.size, stream: createReadStream(file) };
  }
}
