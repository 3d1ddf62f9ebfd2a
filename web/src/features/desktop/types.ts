export interface Interaction {
  id: string;
  customerId: string;
  channel: string;
  direction: string;
  status: string;
  priority: string;
  subject: string | null;
  language: string | null;
  reason: string | null;
  resolved: boolean | null;
  queueId: string | null;
  assigneeId: string | null;
  caseId: string | null;
  enqueuedAt: string | null;
  createdAt: string;
  updatedAt: string;
  closedAt: string | null;
}

export interface Attachment {
  id: string;
  fileName: string;
  contentType: string;
  size: number;
}

export interface Message {
  id: string;
  interactionId: string;
  kind: 'message' | 'note';
  direction: 'inbound' | 'outbound' | 'internal';
  authorType: 'customer' | 'agent' | 'system';
  authorId: string | null;
  body: string;
  html: string | null;
  meta: Record<string, unknown>;
  deliveryStatus: string | null;
  deliveryError: string | null;
  createdAt: string;
  attachments: Attachment[];
}

export interface SavedAnswer {
  id: string;
  kind: 'answer' | 'snippet';
  title: string;
  shortcut: string | null;
  body: string;
  language: string | null;
  variables: string[];
}

export interface ScriptStep {
  id: string;
  say: string;
  question?: string;
  options?: { label: string; next?: string }[];
  next?: string;
}

export interface Script {
  id: string;
  name: string;
  queueId: string | null;
  reason: string | null;
  active: boolean;
  steps: ScriptStep[];
  answers?: Record<string, string>;
}

export interface WrapUpCode {
  id: string;
  kind: 'reason' | 'disposition';
  label: string;
  active: boolean;
  position: number;
}

export interface Colleague {
  id: string;
  name: string;
  role: string;
}

export interface Escalation {
  id: string;
  interactionId: string;
  reason: string;
  status: 'open' | 'resolved';
  createdAt: string;
  raisedBy: { id: string; name: string | null } | null;
  customer: { id: string; name: string };
  channel: string;
  resolution: string | null;
  resolvedAt: string | null;
}

export interface ChannelInfo {
  kind: string;
  windowOpen: boolean;
  windowClosesAt: string | null;
  templates: { name: string; language: string; params?: number; body?: string }[];
}

export interface CaseRow {
  id: string;
  number: number;
  type: string;
  status: string;
  subject: string;
  priority: string;
}
