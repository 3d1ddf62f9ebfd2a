import {
  IconAt,
  IconBrandMessenger,
  IconBrandTelegram,
  IconBrandWhatsapp,
  IconBuildingStore,
  IconFileText,
  IconMail,
  IconMessage,
  IconMessageCircle,
  IconMessages,
  IconNote,
  IconPhone,
  IconShoppingCart,
  IconTicket,
  type Icon,
} from '@tabler/icons-react';
import type { IdentityKind, TimelineEntry } from './types';

const identityIcons: Record<IdentityKind, Icon> = {
  phone: IconPhone,
  email: IconAt,
  chat: IconMessageCircle,
  whatsapp: IconBrandWhatsapp,
  telegram: IconBrandTelegram,
  messenger: IconBrandMessenger,
};

const channelIcons: Record<string, Icon> = {
  voice: IconPhone,
  email: IconMail,
  chat: IconMessageCircle,
  sms: IconMessage,
  whatsapp: IconBrandWhatsapp,
  telegram: IconBrandTelegram,
  messenger: IconBrandMessenger,
  form: IconFileText,
  walk_in: IconBuildingStore,
};

export function identityIcon(kind: string): Icon {
  return identityIcons[kind as IdentityKind] ?? IconAt;
}

export function channelIcon(channel: string | undefined): Icon {
  return (channel && channelIcons[channel]) || IconMessages;
}

/** One icon per kind; interactions show their channel. */
export function timelineIcon(entry: TimelineEntry): Icon {
  switch (entry.kind) {
    case 'interaction':
      return channelIcon(typeof entry.data?.channel === 'string' ? entry.data.channel : undefined);
    case 'case':
      return IconTicket;
    case 'order':
      return IconShoppingCart;
    case 'note':
      return IconNote;
    default:
      return IconMessages;
  }
}

export const timelineColors: Record<string, string> = {
  interaction: 'blue',
  case: 'orange',
  order: 'grape',
  note: 'gray',
};
