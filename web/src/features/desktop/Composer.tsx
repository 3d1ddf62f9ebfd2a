import { Alert, Badge, Button, CloseButton, FileButton, Group, Paper, SegmentedControl, Select, Stack, Text, Textarea, TextInput, UnstyledButton } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useQueryClient } from '@tanstack/react-query';
import { forwardRef, useImperativeHandle, useMemo, useRef, useState, type KeyboardEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../../lib/api';
import { useErrorMessage } from '../../lib/errors';
import { useCurrentSession } from '../auth/session';
import { desktopKeys, renderAnswer, uploadFile, useChannelInfo, useColleagues, useSavedAnswers } from './api';
import type { Interaction, Message } from './types';

export interface ComposerHandle {
  focus(mode?: 'reply' | 'note'): void;
  insert(text: string): void;
}

/** The `/word` being typed at the caret, if any (a slash at the start or after a space opens saved answers). */
export function slashQuery(text: string, caret: number): { start: number; query: string } | null {
  const before = text.slice(0, caret);
  const m = /(^|\s)\/([\p{L}\p{N}_-]*)$/u.exec(before);
  return m ? { start: caret - m[2]!.length - 1, query: m[2]! } : null;
}

/** The `@name` being typed at the caret in a note. */
export function mentionQuery(text: string, caret: number): { start: number; query: string } | null {
  const m = /(^|\s)@([\p{L}\p{N}_.]*)$/u.exec(text.slice(0, caret));
  return m ? { start: caret - m[2]!.length - 1, query: m[2]! } : null;
}

/** Reply or note for one contact, fitted to its channel: email subject/cc/quote, WhatsApp templates, files, `/` answers, `@` mentions. */
export const Composer = forwardRef<ComposerHandle, { interaction: Interaction; history: Message[] }>(function Composer({ interaction, history }, ref) {
  const { t } = useTranslation();
  const errorMessage = useErrorMessage();
  const qc = useQueryClient();
  const { csrfToken } = useCurrentSession();
  const [mode, setMode] = useState<'reply' | 'note'>('reply');
  const [body, setBody] = useState('');
  const [caret, setCaret] = useState(0);
  const [subject, setSubject] = useState(interaction.subject ? `Re: ${interaction.subject}` : '');
  const [cc, setCc] = useState('');
  const [files, setFiles] = useState<{ id: string; fileName: string }[]>([]);
  const [template, setTemplate] = useState<string | null>(null);
  const [sending, setSending] = useState(false);
  const [missing, setMissing] = useState<string[]>([]);
  const [pick, setPick] = useState(0);
  const area = useRef<HTMLTextAreaElement>(null);
  const channel = useChannelInfo(interaction.id, interaction.channel);
  const colleagues = useColleagues();
  const email = interaction.channel === 'email';
  const closedWindow = channel.data && channel.data.kind === 'whatsapp' && !channel.data.windowOpen;
  const finished = interaction.status === 'closed' || interaction.status === 'abandoned';

  const slash = mode === 'reply' || mode === 'note' ? slashQuery(body, caret) : null;
  const answers = useSavedAnswers(slash?.query ?? '', !!slash);
  const mention = mode === 'note' ? mentionQuery(body, caret) : null;
  const people = useMemo(() => (mention ? (colleagues.data ?? []).filter((c) => c.name.toLocaleLowerCase().includes(mention.query.toLocaleLowerCase())).slice(0, 6) : []), [mention, colleagues.data]);
  const suggestions = slash ? (answers.data ?? []).slice(0, 6) : [];

  useImperativeHandle(ref, () => ({
    focus(m) {
      if (m) setMode(m);
      area.current?.focus();
    },
    insert(text) {
      setBody((b) => (b ? `${b}\n${text}` : text));
      area.current?.focus();
    },
  }));

  const setText = (text: string, pos: number) => {
    setBody(text);
    requestAnimationFrame(() => {
      area.current?.focus();
      area.current?.setSelectionRange(pos, pos);
      setCaret(pos);
    });
  };

  const applyAnswer = async (id: string) => {
    if (!slash) return;
    try {
      const r = await renderAnswer(id, interaction.id);
      const next = body.slice(0, slash.start) + r.text + body.slice(caret);
      setMissing(r.missing);
      setText(next, slash.start + r.text.length);
    } catch (e) {
      notifications.show({ color: 'red', message: errorMessage(e) });
    }
  };

  const applyMention = (name: string) => {
    if (!mention) return;
    const insert = `@${name} `;
    setText(body.slice(0, mention.start) + insert + body.slice(caret), mention.start + insert.length);
  };

  const send = async () => {
    const text = body.trim();
    if ((!text && !template) || sending) return;
    setSending(true);
    try {
      let sent: { message: Message };
      if (mode === 'note') {
        sent = await api<{ message: Message }>(`/interactions/${interaction.id}/notes`, { method: 'POST', body: { body: text } });
      } else {
        const tpl = closedWindow && template ? channel.data!.templates.find((x) => x.name === template) : undefined;
        sent = await api<{ message: Message }>(`/interactions/${interaction.id}/messages`, {
          method: 'POST',
          body: {
            body: text || template,
            ...(email && subject.trim() ? { subject: subject.trim() } : {}),
            ...(email && cc.trim() ? { cc: cc.split(/[,;\s]+/).filter(Boolean) } : {}),
            ...(files.length ? { attachmentIds: files.map((f) => f.id) } : {}),
            ...(tpl ? { template: { name: tpl.name, language: tpl.language, params: [] } } : {}),
          },
        });
      }
      setBody('');
      setFiles([]);
      setMissing([]);
      // Shown from the answer at once (the realtime event for it updates the same row, not a second one).
      qc.setQueryData<Message[]>(desktopKeys.messages(interaction.id), (list) => (list && !list.some((m) => m.id === sent.message.id) ? [...list, sent.message] : list));
    } catch (e) {
      notifications.show({ color: 'red', title: t('desktop.sendFailed'), message: errorMessage(e) });
    } finally {
      setSending(false);
    }
  };

  const onKeyDown = (e: KeyboardEvent<HTMLTextAreaElement>) => {
    const list = suggestions.length ? suggestions.length : people.length;
    if (list && (e.key === 'ArrowDown' || e.key === 'ArrowUp')) {
      e.preventDefault();
      setPick((p) => (p + (e.key === 'ArrowDown' ? 1 : list - 1)) % list);
      return;
    }
    if (list && (e.key === 'Enter' || e.key === 'Tab') && !e.ctrlKey && !e.metaKey) {
      e.preventDefault();
      if (suggestions.length) void applyAnswer(suggestions[Math.min(pick, suggestions.length - 1)]!.id);
      else applyMention(people[Math.min(pick, people.length - 1)]!.name);
      setPick(0);
      return;
    }
    if (e.key === 'Enter' && (e.ctrlKey || e.metaKey)) {
      e.preventDefault();
      void send();
    }
  };

  const lastInbound = [...history].reverse().find((m) => m.direction === 'inbound' && m.kind === 'message');

  return (
    <Paper withBorder p="xs" radius="md" data-testid="composer">
      <Stack gap={6}>
        <Group justify="space-between">
          <SegmentedControl
            size="xs"
            value={mode}
            onChange={(v) => setMode(v as 'reply' | 'note')}
            data={[{ value: 'reply', label: t('desktop.reply') }, { value: 'note', label: t('desktop.note') }]}
            aria-label={t('desktop.composerMode')}
          />
          <Text size="xs" c="dimmed">{t('desktop.composerHint')}</Text>
        </Group>
        {email && mode === 'reply' ? (
          <Group grow gap="xs">
            <TextInput size="xs" label={t('desktop.subject')} value={subject} onChange={(e) => setSubject(e.currentTarget.value)} />
            <TextInput size="xs" label={t('desktop.cc')} value={cc} onChange={(e) => setCc(e.currentTarget.value)} dir="ltr" />
          </Group>
        ) : null}
        {closedWindow && mode === 'reply' ? (
          <Alert color="yellow" p="xs" title={t('desktop.windowClosed')}>
            <Select size="xs" label={t('desktop.template')} data={channel.data!.templates.map((x) => ({ value: x.name, label: `${x.name} (${x.language})` }))} value={template} onChange={setTemplate} />
          </Alert>
        ) : null}
        <div style={{ position: 'relative' }}>
          <Textarea
            ref={area}
            autosize
            minRows={2}
            maxRows={8}
            disabled={finished}
            value={body}
            placeholder={mode === 'note' ? t('desktop.notePlaceholder') : t('desktop.replyPlaceholder')}
            aria-label={mode === 'note' ? t('desktop.note') : t('desktop.reply')}
            onChange={(e) => {
              setBody(e.currentTarget.value);
              setCaret(e.currentTarget.selectionStart ?? e.currentTarget.value.length);
              setPick(0);
            }}
            onSelect={(e) => setCaret(e.currentTarget.selectionStart ?? 0)}
            onKeyDown={onKeyDown}
            styles={{ input: mode === 'note' ? { background: 'var(--mantine-color-yellow-0)' } : undefined }}
            data-testid="composer-input"
          />
          {suggestions.length || people.length ? (
            <Paper withBorder shadow="md" p={4} role="listbox" aria-label={suggestions.length ? t('desktop.savedAnswers') : t('desktop.mention')}
              style={{ position: 'absolute', insetInlineStart: 0, bottom: '100%', zIndex: 10, minWidth: 280 }} data-testid="composer-suggestions">
              {suggestions.map((a, k) => (
                <UnstyledButton key={a.id} role="option" aria-selected={k === pick} onMouseDown={(e) => { e.preventDefault(); void applyAnswer(a.id); }}
                  style={{ display: 'block', width: '100%', padding: 6, borderRadius: 4, background: k === pick ? 'var(--mantine-color-blue-light)' : undefined }}>
                  <Text size="sm" fw={600}>{a.shortcut ? <span dir="ltr">/{a.shortcut} </span> : null}<bdi>{a.title}</bdi></Text>
                  <Text size="xs" c="dimmed" lineClamp={1}>{a.body}</Text>
                </UnstyledButton>
              ))}
              {people.map((c, k) => (
                <UnstyledButton key={c.id} role="option" aria-selected={k === pick} onMouseDown={(e) => { e.preventDefault(); applyMention(c.name); }}
                  style={{ display: 'block', width: '100%', padding: 6, borderRadius: 4, background: k === pick ? 'var(--mantine-color-blue-light)' : undefined }}>
                  <Text size="sm">@<bdi>{c.name}</bdi></Text>
                </UnstyledButton>
              ))}
            </Paper>
          ) : null}
        </div>
        {missing.length ? (
          <Text size="xs" c="orange.9" role="status">{t('desktop.missingValues', { names: missing.join(', ') })}</Text>
        ) : null}
        {files.length ? (
          <Group gap={4}>
            {files.map((f) => (
              <Badge key={f.id} variant="light" rightSection={<CloseButton size="xs" aria-label={t('common.delete')} onClick={() => setFiles((l) => l.filter((x) => x.id !== f.id))} />}>
                <bdi>{f.fileName}</bdi>
              </Badge>
            ))}
          </Group>
        ) : null}
        <Group justify="space-between">
          <Group gap="xs">
            {mode === 'reply' ? (
              <FileButton onChange={async (file) => {
                if (!file) return;
                try {
                  setFiles((l) => [...l]);
                  const a = await uploadFile(interaction.id, file, csrfToken);
                  setFiles((l) => [...l, a]);
                } catch (e) {
                  notifications.show({ color: 'red', message: errorMessage(e) });
                }
              }}>
                {(props) => <Button {...props} size="xs" variant="default" disabled={finished}>{t('desktop.attach')}</Button>}
              </FileButton>
            ) : null}
            {email && lastInbound ? <Text size="xs" c="dimmed" lineClamp={1} maw={320} title={lastInbound.body}>{t('desktop.quoting')}</Text> : null}
          </Group>
          <Button size="xs" onClick={() => void send()} loading={sending} disabled={finished || (!body.trim() && !template)} aria-keyshortcuts="Control+Enter" data-testid="composer-send">
            {mode === 'note' ? t('desktop.addNote') : t('desktop.send')}
          </Button>
        </Group>
      </Stack>
    </Paper>
  );
});
