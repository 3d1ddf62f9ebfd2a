import type { ChannelAdapter } from './adapter.js';
import { chat } from './chat/index.js';
import { email } from './email/index.js';
import { form } from './form/index.js';
import { messenger } from './messenger/index.js';
import { sms } from './sms/index.js';
import { telegram } from './telegram/index.js';
import { walkIn } from './walk-in/index.js';
import { whatsapp } from './whatsapp/index.js';

/** Every channel adapter; a kind without one here cannot be configured. */
export const adapters: ChannelAdapter[] = [chat, telegram, sms, whatsapp, messenger, form, walkIn, email];
