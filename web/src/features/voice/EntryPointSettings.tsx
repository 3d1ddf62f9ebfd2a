import { ActionIcon, Button, Checkbox, Group, NumberInput, Select, Stack, Switch, Tabs, Text, Textarea, Tooltip } from '@mantine/core';
import { IconPlus, IconTrash } from '@tabler/icons-react';
import { useVoiceTranslation } from './i18n';

type Lang = 'en' | 'ar' | 'az';
const allLanguages: Lang[] = ['en', 'ar', 'az'];
const digits = ['1', '2', '3', '4', '5', '6', '7', '8', '9', '0', '*', '#'];
const actions = ['queue', 'language', 'callback', 'voicemail', 'repeat'] as const;

type Texts = Partial<Record<Lang, string>>;
export interface MenuRow {
  digit: string;
  action: (typeof actions)[number];
  queueId?: string;
  language?: Lang;
}

/** The settings of a voice channel account (its entry point), as the server's voice module takes them. */
export interface EntryPointSettingsValue {
  queueId?: string;
  languages?: Lang[];
  greeting?: Texts;
  menu?: MenuRow[];
  closedMessage?: Texts;
  announceEverySeconds?: number;
  recording?: { enabled: boolean; consent?: Texts };
  voicemail?: boolean;
  retentionDays?: number;
}

interface Props {
  value: Record<string, unknown>;
  onChange: (next: Record<string, unknown>) => void;
  queues: { value: string; label: string }[];
}

/**
 * Admin → Channels, a voice entry point: the languages offered, the greeting and keypad menu, the
 * closed message, queue announcements, recording with its consent text, voicemail and retention.
 * Texts are per language; the server turns each into speech (or plays an uploaded recording).
 */
export function EntryPointSettings({ value, onChange, queues }: Props) {
  const { t } = useVoiceTranslation();
  const v = value as EntryPointSettingsValue;
  const set = (patch: Partial<EntryPointSettingsValue>) => {
    const next: Record<string, unknown> = { ...value, ...patch };
    for (const [k, x] of Object.entries(patch)) if (x === undefined) delete next[k];
    onChange(next);
  };
  const languages = v.languages?.length ? v.languages : allLanguages;
  const menu = v.menu ?? [];
  const recording = v.recording ?? { enabled: false };
  const updateRow = (i: number, patch: Partial<MenuRow>) => set({ menu: menu.map((r, k) => (k === i ? clean({ ...r, ...patch }) : r)) });
  const addRow = () => {
    const digit = digits.find((d) => !menu.some((r) => r.digit === d)) ?? '9';
    set({ menu: [...menu, { digit, action: 'queue' }] });
  };

  return (
    <Stack gap="md" data-testid="voice-settings">
      <Text fw={600}>{t('voice.admin.entryPoint')}</Text>
      <Checkbox.Group label={t('voice.admin.languages')} value={languages} onChange={(l) => set({ languages: l.length ? (allLanguages.filter((x) => l.includes(x))) : undefined })}>
        <Group mt={4}>
          {allLanguages.map((l) => <Checkbox key={l} value={l} label={t(`languageNames.${l}`, { defaultValue: l })} />)}
        </Group>
      </Checkbox.Group>

      <PerLanguage label={t('voice.admin.greeting')} hint={t('voice.admin.greetingHint')} languages={languages} value={v.greeting} onChange={(greeting) => set({ greeting })} testId="voice-greeting" />

      <Stack gap={6}>
        <Text size="sm" fw={500}>{t('voice.admin.menu')}</Text>
        <Text size="xs" c="dimmed">{t('voice.admin.menuHint')}</Text>
        {menu.map((row, i) => (
          <Group key={`${row.digit}-${i}`} gap="xs" align="flex-end" wrap="nowrap" data-testid="voice-menu-row">
            <Select style={{ flex: '0 0 5rem' }} label={t('voice.admin.digit')} data={digits.filter((d) => d === row.digit || !menu.some((r) => r.digit === d))} value={row.digit} onChange={(d) => d && updateRow(i, { digit: d })} allowDeselect={false} />
            <Select style={{ flex: 2 }} label={t('voice.admin.action')} data={actions.map((a) => ({ value: a, label: t(`voice.admin.actions.${a}`) }))} value={row.action} onChange={(a) => a && updateRow(i, { action: a as MenuRow['action'] })} allowDeselect={false} data-testid="voice-menu-action" />
            {row.action === 'queue' ? (
              <Select style={{ flex: 2 }} label={t('voice.admin.targetQueue')} data={queues} value={row.queueId ?? null} onChange={(q) => updateRow(i, { queueId: q ?? undefined })} searchable data-testid="voice-menu-queue" />
            ) : row.action === 'language' ? (
              <Select style={{ flex: 2 }} label={t('voice.admin.targetLanguage')} data={allLanguages.map((l) => ({ value: l, label: t(`languageNames.${l}`, { defaultValue: l }) }))} value={row.language ?? null} onChange={(l) => updateRow(i, { language: (l ?? undefined) as Lang | undefined })} />
            ) : <div style={{ flex: 2 }} />}
            <Tooltip label={t('voice.admin.removeRow', { digit: row.digit })}>
              <ActionIcon variant="subtle" color="red" mb={4} aria-label={t('voice.admin.removeRow', { digit: row.digit })} onClick={() => set({ menu: menu.filter((_, k) => k !== i) })}>
                <IconTrash size={16} aria-hidden />
              </ActionIcon>
            </Tooltip>
          </Group>
        ))}
        <Group><Button size="xs" variant="light" leftSection={<IconPlus size={14} aria-hidden />} onClick={addRow} disabled={menu.length >= digits.length} data-testid="voice-menu-add">{t('voice.admin.addRow')}</Button></Group>
      </Stack>

      <PerLanguage label={t('voice.admin.closedMessage')} hint={t('voice.admin.closedHint')} languages={languages} value={v.closedMessage} onChange={(closedMessage) => set({ closedMessage })} testId="voice-closed" />

      <NumberInput label={t('voice.admin.announceEverySeconds')} value={v.announceEverySeconds ?? 30} min={0} max={600} step={5} allowDecimal={false}
        onChange={(n) => set({ announceEverySeconds: typeof n === 'number' ? n : undefined })} maw={320} />

      <Switch label={t('voice.admin.recording')} checked={recording.enabled} onChange={(e) => set({ recording: { ...recording, enabled: e.currentTarget.checked } })} data-testid="voice-recording" />
      {recording.enabled ? (
        <PerLanguage label={t('voice.admin.consent')} languages={languages} value={recording.consent} onChange={(consent) => set({ recording: { ...recording, consent } })} testId="voice-consent" />
      ) : null}
      <NumberInput label={t('voice.admin.retentionDays')} value={v.retentionDays ?? 90} min={0} max={3650} allowDecimal={false}
        onChange={(n) => set({ retentionDays: typeof n === 'number' ? n : undefined })} maw={320} />
      <Switch label={t('voice.admin.voicemail')} checked={v.voicemail ?? false} onChange={(e) => set({ voicemail: e.currentTarget.checked })} />
    </Stack>
  );
}

/** Drops the fields that do not belong to the row's action. */
function clean(row: MenuRow): MenuRow {
  const { digit, action } = row;
  if (action === 'queue') return { digit, action, ...(row.queueId ? { queueId: row.queueId } : {}) };
  if (action === 'language') return { digit, action, ...(row.language ? { language: row.language } : {}) };
  return { digit, action };
}

/** One text per language, in tabs; each text area follows its language's direction. */
function PerLanguage({ label, hint, languages, value, onChange, testId }: { label: string; hint?: string; languages: Lang[]; value: Texts | undefined; onChange: (v: Texts | undefined) => void; testId: string }) {
  const { t } = useVoiceTranslation();
  const texts = value ?? {};
  const update = (l: Lang, text: string) => {
    const next = { ...texts, [l]: text };
    if (!text) delete next[l];
    onChange(Object.keys(next).length ? next : undefined);
  };
  return (
    <Stack gap={4} data-testid={testId}>
      <Text size="sm" fw={500}>{label}</Text>
      {hint ? <Text size="xs" c="dimmed">{hint}</Text> : null}
      <Tabs defaultValue={languages[0]} variant="outline" keepMounted={false}>
        <Tabs.List>
          {languages.map((l) => <Tabs.Tab key={l} value={l}>{t(`languageNames.${l}`, { defaultValue: l })}</Tabs.Tab>)}
        </Tabs.List>
        {languages.map((l) => (
          <Tabs.Panel key={l} value={l} pt="xs">
            <Textarea dir={l === 'ar' ? 'rtl' : 'ltr'} lang={l} aria-label={`${label} (${t(`languageNames.${l}`, { defaultValue: l })})`} autosize minRows={2}
              value={texts[l] ?? ''} onChange={(e) => update(l, e.currentTarget.value)} data-lang={l} />
          </Tabs.Panel>
        ))}
      </Tabs>
    </Stack>
  );
}
