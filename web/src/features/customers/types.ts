export const identityKinds = ['phone', 'email', 'chat', 'whatsapp', 'telegram', 'messenger'] as const;
export type IdentityKind = (typeof identityKinds)[number];

export interface Identity {
  id: string;
  kind: IdentityKind;
  value: string;
}

export interface Customer {
  id: string;
  name: string;
  language: string | null;
  timezone: string | null;
  tags: string[];
  attributes: Record<string, unknown>;
  identities: Identity[];
  createdAt: string;
  updatedAt: string;
}

export interface CustomerInput {
  name: string;
  language?: string | null;
  timezone?: string | null;
  tags?: string[];
  attributes?: Record<string, unknown>;
  identities?: { kind: IdentityKind; value: string }[];
}

export interface OrderItem {
  sku?: string | null;
  name: string;
  quantity: number;
  unitPrice: string | number;
}

export interface Order {
  id: string;
  number: string;
  status: string;
  currency: string;
  amount: string;
  items: OrderItem[];
  orderedAt: string;
}

export interface Note {
  id: string;
  body: string;
  authorName: string | null;
  createdAt: string;
}

export type TimelineKind = 'interaction' | 'case' | 'order' | 'note';

export interface TimelineEntry {
  kind: TimelineKind;
  id: string;
  at: string;
  title: string | null;
  summary: string | null;
  data: Record<string, unknown> | null;
}

export interface ImportResult {
  created: number;
  updated: number;
  errors: { row: number; message: string }[];
}

/** Customer languages offered in forms; a customer may also carry any other code from an import. */
export const customerLanguages = ['ar', 'en', 'az', 'ru', 'tr', 'fr'];
