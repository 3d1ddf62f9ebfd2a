import { ActionIcon, Button, Group, MultiSelect, NumberInput, Select, Stack, Switch, TagsInput, Text, TextInput, Textarea, Tooltip } from '@mantine/core';
import { IconPlus, IconTrash } from '@tabler/icons-react';
import { useTranslation } from 'react-i18next';
import type { Field } from './kinds';

export type Settings = Record<string, unknown>;
type QueueOption = { value: string; label: string };
type Service = { id: string; name: string; letter: string; queueId?: string | null };
type Template = { name: string; language: string; params: number; text?: string };

interface Props {
  fields: Field[];
  value: Settings;
  onChange: (next: Settings) => void;
  queues: QueueOption[];
}

/** One input per adapter setting; only settings with a value are sent, so the server's defaults apply. */
export function SettingsFields({ fields, value, onChange, queues }: Props) {
  const { t } = useTranslation();
  const set = (key: string, v: unknown) => {
    const next = { ...value };
    if (v === undefined || v === '' || v === null) delete next[key];
    else next[key] = v;
    onChange(next);
  };
  const label = (key: string) => t(`channelAdmin.settings.${key}`, { defaultValue: key });
  return (
    <Stack gap="sm">
      {fields.map((f) => {
        const v = value[f.key];
        switch (f.type) {
          case 'text':
          case 'url':
            return <TextInput key={f.key} dir="auto" label={label(f.key)} value={typeof v === 'string' || typeof v === 'number' ? String(v) : ''} onChange={(e) => set(f.key, e.currentTarget.value.trim() || undefined)} type={f.type === 'url' ? 'url' : 'text'} />;
          case 'textarea':
            return <Textarea key={f.key} dir="auto" label={label(f.key)} autosize minRows={2} value={typeof v === 'string' ? v : ''} onChange={(e) => set(f.key, e.currentTarget.value || undefined)} />;
          case 'number':
            return <NumberInput key={f.key} label={label(f.key)} value={typeof v === 'number' ? v : ''} min={f.min} max={f.max} allowDecimal={false} onChange={(n) => set(f.key, typeof n === 'number' ? n : undefined)} />;
          case 'bool':
            return <Switch key={f.key} label={label(f.key)} checked={v === undefined ? defaultOn(f.key) : v === true} onChange={(e) => set(f.key, e.currentTarget.checked)} />;
          case 'select':
            return <Select key={f.key} label={label(f.key)} data={f.options.map((o) => ({ value: o, label: t(`channelAdmin.options.${o}`, { defaultValue: o }) }))} value={typeof v === 'string' ? v : null} onChange={(o) => set(f.key, o ?? undefined)} clearable />;
          case 'multi':
            return <MultiSelect key={f.key} label={label(f.key)} data={f.options.map((o) => ({ value: o, label: t(`caseTypes.${o}`, { defaultValue: o }) }))} value={Array.isArray(v) ? (v as string[]) : f.options} onChange={(o) => set(f.key, o.length ? o : undefined)} />;
          case 'tags':
            return <TagsInput key={f.key} label={label(f.key)} description={t(`channelAdmin.hints.${f.key}`, { defaultValue: '' })} value={Array.isArray(v) ? (v as string[]) : []} onChange={(o) => set(f.key, o)} />;
          case 'typeQueues':
            return <TypeQueues key={f.key} value={(v ?? {}) as Record<string, string>} onChange={(o) => set(f.key, Object.keys(o).length ? o : undefined)} queues={queues} />;
          case 'services':
            return <Services key={f.key} value={Array.isArray(v) ? (v as Service[]) : []} onChange={(o) => set(f.key, o)} queues={queues} />;
          case 'templates':
            return <Templates key={f.key} value={Array.isArray(v) ? (v as Template[]) : []} onChange={(o) => set(f.key, o)} />;
        }
        return null;
      })}
    </Stack>
  );
}

const defaultOn = (key: string) => ['statusCallback', 'askOrderNumber', 'allowAttachments', 'smsNotify', 'tlsVerify', 'imapSecure'].includes(key);

function TypeQueues({ value, onChange, queues }: { value: Record<string, string>; onChange: (v: Record<string, string>) => void; queues: QueueOption[] }) {
  const { t } = useTranslation();
  return (
    <Stack gap={4}>
      <Text size="sm" fw={500}>{t('channelAdmin.settings.typeQueues')}</Text>
      <Group grow>
        {['complaint', 'suggestion', 'inquiry'].map((type) => (
          <Select
            key={type}
            label={t(`caseTypes.${type}`)}
            placeholder={t('channelAdmin.channelQueue')}
            data={queues}
            value={value[type] ?? null}
            clearable
            onChange={(q) => {
              const next = { ...value };
              if (q) next[type] = q; else delete next[type];
              onChange(next);
            }}
          />
        ))}
      </Group>
    </Stack>
  );
}

const letters = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ'.split('');
const slug = (name: string, taken: string[]) => {
  const base = name.toLowerCase().normalize('NFKD').replace(/[^a-z0-9]+/g, '-').replace(/^-|-$/g, '').slice(0, 30) || 'service';
  let id = base;
  for (let n = 2; taken.includes(id); n++) id = `${base}-${n}`;
  return id;
};

/** A branch's services: name, ticket letter and queue. */
function Services({ value, onChange, queues }: { value: Service[]; onChange: (v: Service[]) => void; queues: QueueOption[] }) {
  const { t } = useTranslation();
  const update = (i: number, patch: Partial<Service>) => onChange(value.map((s, k) => (k === i ? { ...s, ...patch } : s)));
  const add = () => {
    const letter = letters.find((l) => !value.some((s) => s.letter === l)) ?? 'Z';
    const name = t('channelAdmin.newService');
    onChange([...value, { id: slug(`${name}-${letter}`, value.map((s) => s.id)), name, letter, queueId: null }]);
  };
  return (
    <Stack gap={6}>
      <Text size="sm" fw={500}>{t('channelAdmin.settings.services')}</Text>
      {value.length === 0 ? <Text size="sm" c="dimmed">{t('channelAdmin.noServices')}</Text> : null}
      {value.map((s, i) => (
        <Group key={s.id} align="flex-end" gap="xs" wrap="nowrap" data-testid="branch-service">
          <TextInput dir="auto" style={{ flex: 2 }} label={t('channelAdmin.serviceName')} value={s.name} onChange={(e) => update(i, { name: e.currentTarget.value })} />
          <Select style={{ flex: '0 0 5rem' }} label={t('channelAdmin.ticketLetter')} data={letters} value={s.letter} onChange={(l) => l && update(i, { letter: l })} allowDeselect={false} />
          <Select style={{ flex: 2 }} label={t('channelAdmin.serviceQueue')} placeholder={t('channelAdmin.channelQueue')} data={queues} value={s.queueId ?? null} onChange={(q) => update(i, { queueId: q })} clearable />
          <Tooltip label={t('common.delete')}>
            <ActionIcon variant="subtle" color="red" aria-label={t('channelAdmin.removeService', { name: s.name })} onClick={() => onChange(value.filter((_, k) => k !== i))} mb={4}>
              <IconTrash size={16} aria-hidden />
            </ActionIcon>
          </Tooltip>
        </Group>
      ))}
      <Group><Button size="xs" variant="light" leftSection={<IconPlus size={14} aria-hidden />} onClick={add}>{t('channelAdmin.addService')}</Button></Group>
    </Stack>
  );
}

/** Approved WhatsApp message templates agents may send outside the 24-hour window. */
function Templates({ value, onChange }: { value: Template[]; onChange: (v: Template[]) => void }) {
  const { t } = useTranslation();
  const update = (i: number, patch: Partial<Template>) => onChange(value.map((s, k) => (k === i ? { ...s, ...patch } : s)));
  return (
    <Stack gap={6}>
      <Text size="sm" fw={500}>{t('channelAdmin.settings.templates')}</Text>
      <Text size="xs" c="dimmed">{t('channelAdmin.hints.templates')}</Text>
      {value.map((tpl, i) => (
        <Group key={i} align="flex-end" gap="xs" wrap="nowrap">
          <TextInput style={{ flex: 2 }} label={t('channelAdmin.templateName')} value={tpl.name} onChange={(e) => update(i, { name: e.currentTarget.value.trim() })} />
          <TextInput style={{ flex: '0 0 6rem' }} label={t('channelAdmin.templateLanguage')} value={tpl.language} onChange={(e) => update(i, { language: e.currentTarget.value.trim() })} />
          <NumberInput style={{ flex: '0 0 6rem' }} label={t('channelAdmin.templateParams')} value={tpl.params} min={0} max={20} allowDecimal={false} onChange={(n) => update(i, { params: typeof n === 'number' ? n : 0 })} />
          <TextInput dir="auto" style={{ flex: 3 }} label={t('channelAdmin.templateText')} value={tpl.text ?? ''} onChange={(e) => update(i, { text: e.currentTarget.value || undefined })} />
          <ActionIcon variant="subtle" color="red" aria-label={t('common.delete')} onClick={() => onChange(value.filter((_, k) => k !== i))} mb={4}>
            <IconTrash size={16} aria-hidden />
          </ActionIcon>
        </Group>
      ))}
      <Group><Button size="xs" variant="light" leftSection={<IconPlus size={14} aria-hidden />} onClick={() => onChange([...value, { name: '', language: 'en', params: 0 }])}>{t('channelAdmin.addTemplate')}</Button></Group>
    </Stack>
  );
}
