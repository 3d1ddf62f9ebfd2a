import type { InboundMessage } from '../domain/inbound.js';

type User = { id: number; is_bot?: boolean; first_name?: string; last_name?: string; username?: string; language_code?: string };
type Photo = { file_id: string; file_unique_id: string; file_size?: number; width: number; height: number };
type Doc = { file_id: string; file_name?: string; mime_type?: string; file_size?: number };
export type TelegramMessage = {
  message_id: number; from?: User; chat: { id: number; type: string }; date: number; text?: string; caption?: string;
  photo?: Photo[]; document?: Doc; voice?: Doc & { duration?: number }; audio?: Doc;
};
export type TelegramUpdate = { update_id: number; message?: TelegramMessage; edited_message?: TelegramMessage };

/** A file the message refers to, to be fetched from the Bot API. */
export type TelegramFileRef = { fileId: string; fileName: string; contentType: string };

const languages = new Set(['ar', 'en', 'az']);

/**
 * A Bot API update as the common inbound message (files still to fetch). Only new messages from people in
 * private chats become contacts; edits, bots, groups and service messages are ignored (null).
 */
export function parseUpdate(u: TelegramUpdate): { message: Omit<InboundMessage, 'files'>; files: TelegramFileRef[] } | null {
  const m = u.message;
  if (!m || !m.from || m.from.is_bot || m.chat.type !== 'private') return null;
  const files: TelegramFileRef[] = [];
  if (m.photo?.length) {
    const largest = m.photo.reduce((a, b) => (b.width * b.height > a.width * a.height ? b : a));
    files.push({ fileId: largest.file_id, fileName: `photo-${m.message_id}.jpg`, contentType: 'image/jpeg' });
  }
  for (const d of [m.document, m.audio, m.voice]) {
    if (d) files.push({ fileId: d.file_id, fileName: d.file_name ?? `file-${m.message_id}`, contentType: d.mime_type ?? 'application/octet-stream' });
  }
  const text = m.text ?? m.caption ?? '';
  if (!text && !files.length) return null;
  const name = [m.from.first_name, m.from.last_name].filter(Boolean).join(' ') || m.from.username;
  const lang = m.from.language_code?.slice(0, 2);
  return {
    message: {
      externalId: `${m.chat.id}:${m.message_id}`,
      threadKey: String(m.chat.id),
      from: { kind: 'telegram', value: String(m.from.id), name },
      text,
      language: lang && languages.has(lang) ? lang : undefined,
      sentAt: new Date(m.date * 1000),
      meta: { telegram: { chatId: m.chat.id, messageId: m.message_id, username: m.from.username ?? null } },
    },
    files,
  };
}
