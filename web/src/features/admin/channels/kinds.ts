import {
  IconBrandMessenger, IconBrandTelegram, IconBrandWhatsapp, IconBuildingStore, IconForms, IconMail, IconMessageCircle, IconMessage2, IconPhone, type Icon,
} from '@tabler/icons-react';
import type { ChannelKind } from './api';

/** How one setting is edited; labels come from `channelAdmin.settings.<key>`. */
export type Field =
  | { key: string; type: 'text' | 'url' | 'textarea' }
  | { key: string; type: 'number'; min?: number; max?: number }
  | { key: string; type: 'bool' }
  | { key: string; type: 'select'; options: string[] }
  | { key: string; type: 'multi'; options: string[] }
  | { key: string; type: 'tags' }
  | { key: string; type: 'services' | 'templates' | 'typeQueues' };

export const kindIcons: Record<ChannelKind, Icon> = {
  chat: IconMessageCircle, email: IconMail, sms: IconMessage2, whatsapp: IconBrandWhatsapp, telegram: IconBrandTelegram,
  messenger: IconBrandMessenger, form: IconForms, walk_in: IconBuildingStore, voice: IconPhone,
};

/** Settings each kind's adapter takes; kinds not listed get a JSON editor. */
export const settingsFields: Partial<Record<ChannelKind, Field[]>> = {
  sms: [{ key: 'accountSid', type: 'text' }, { key: 'apiBaseUrl', type: 'url' }, { key: 'statusCallback', type: 'bool' }],
  whatsapp: [
    { key: 'phoneNumberId', type: 'text' }, { key: 'businessAccountId', type: 'text' }, { key: 'apiVersion', type: 'text' }, { key: 'apiBaseUrl', type: 'url' },
    { key: 'templates', type: 'templates' },
  ],
  messenger: [{ key: 'pageId', type: 'text' }, { key: 'apiVersion', type: 'text' }, { key: 'apiBaseUrl', type: 'url' }],
  telegram: [{ key: 'apiBaseUrl', type: 'url' }],
  email: [
    { key: 'deliveryMode', type: 'select', options: ['smtp', 'log'] }, { key: 'smtpHost', type: 'text' }, { key: 'smtpPort', type: 'number', min: 1, max: 65535 },
    { key: 'smtpSecure', type: 'bool' }, { key: 'smtpUser', type: 'text' }, { key: 'imapEnabled', type: 'bool' }, { key: 'imapHost', type: 'text' },
    { key: 'imapPort', type: 'number', min: 1, max: 65535 }, { key: 'imapSecure', type: 'bool' }, { key: 'imapUser', type: 'text' }, { key: 'imapFolder', type: 'text' },
    { key: 'imapPollSeconds', type: 'number', min: 1, max: 86400 }, { key: 'tlsVerify', type: 'bool' }, { key: 'autoAck', type: 'bool' },
  ],
  form: [
    { key: 'title', type: 'text' }, { key: 'intro', type: 'textarea' }, { key: 'types', type: 'multi', options: ['complaint', 'suggestion', 'inquiry'] },
    { key: 'askOrderNumber', type: 'bool' }, { key: 'allowAttachments', type: 'bool' }, { key: 'typeQueues', type: 'typeQueues' },
  ],
  walk_in: [{ key: 'services', type: 'services' }, { key: 'counters', type: 'tags' }, { key: 'timeZone', type: 'text' }, { key: 'smsNotify', type: 'bool' }],
};

/** Secrets each kind takes: write-only, only whether each is set is ever shown. */
export const credentialFields: Partial<Record<ChannelKind, string[]>> = {
  sms: ['authToken'],
  whatsapp: ['accessToken', 'appSecret', 'verifyToken'],
  messenger: ['pageAccessToken', 'appSecret', 'verifyToken'],
  telegram: ['botToken', 'webhookSecret'],
  email: ['smtpPassword', 'imapPassword'],
  chat: ['identitySecret'],
};

/** Kinds whose provider calls a webhook of ours. */
export const webhookKinds: ChannelKind[] = ['sms', 'whatsapp', 'messenger', 'telegram'];

export const webhookUrl = (kind: ChannelKind, publicKey: string, origin = window.location.origin) => `${origin}/api/public/channels/${kind}/${publicKey}/webhook`;

/** The public pages of a channel (form, kiosk, display, call page). */
export function publicLinks(kind: ChannelKind, publicKey: string, origin = window.location.origin): { labelKey: string; url: string }[] {
  if (kind === 'form') return [{ labelKey: 'channelAdmin.links.form', url: `${origin}/f/${publicKey}` }];
  if (kind === 'voice') return [{ labelKey: 'voice.admin.callPage', url: `${origin}/call/${publicKey}` }];
  if (kind === 'walk_in') {
    return [{ labelKey: 'channelAdmin.links.kiosk', url: `${origin}/kiosk/${publicKey}` }, { labelKey: 'channelAdmin.links.display', url: `${origin}/display/${publicKey}` }];
  }
  return [];
}
