import { Alert, Badge, Button, Divider, Group, Modal, PasswordInput, Select, SimpleGrid, Stack, Switch, Text, TextInput, Textarea } from '@mantine/core';
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { useErrorMessage } from '../../../lib/errors';
import { ConfirmModal } from '../../../lib/ui/ConfirmModal';
import { useQueues } from '../queues/api';
import { channelKinds, useEndpoints, useRotateKey, useSaveChannel, useSnippet, type Channel, type ChannelInput, type ChannelKind } from './api';
import { CopyField } from './CopyField';
import { credentialFields, publicLinks, settingsFields, webhookKinds, webhookUrl } from './kinds';
import { SettingsFields, type Settings } from './SettingsFields';
import { EntryPointSettings } from '../../voice/EntryPointSettings';

interface Props {
  channel?: Channel;
  opened: boolean;
  onClose: () => void;
}

export function ChannelFormModal({ channel, opened, onClose }: Props) {
  const { t } = useTranslation();
  return (
    <Modal opened={opened} onClose={onClose} size="xl" title={channel ? t('channelAdmin.editTitle', { name: channel.name }) : t('channelAdmin.createTitle')}>
      {opened ? <ChannelForm channel={channel} onClose={onClose} /> : null}
    </Modal>
  );
}

type CredentialChange = { mode: 'keep' | 'set' | 'remove'; value: string };

function ChannelForm({ channel, onClose }: Omit<Props, 'opened'>) {
  const { t } = useTranslation();
  const errorMessage = useErrorMessage();
  const save = useSaveChannel(channel?.id);
  const rotate = useRotateKey();
  const queues = useQueues();
  const [kind, setKind] = useState<ChannelKind>(channel?.kind ?? 'form');
  const [name, setName] = useState(channel?.name ?? '');
  const [address, setAddress] = useState(channel?.address ?? '');
  const [queueId, setQueueId] = useState<string | null>(channel?.queueId ?? null);
  const [language, setLanguage] = useState<string | null>(channel?.language ?? null);
  const [enabled, setEnabled] = useState(channel?.enabled ?? true);
  const [settings, setSettings] = useState<Settings>(channel?.settings ?? {});
  const [json, setJson] = useState(() => JSON.stringify(channel?.settings ?? {}, null, 2));
  const [jsonError, setJsonError] = useState(false);
  const [creds, setCreds] = useState<Record<string, CredentialChange>>({});
  const [extraKey, setExtraKey] = useState('');
  const [confirmRotate, setConfirmRotate] = useState(false);
  const current = rotate.data?.id === channel?.id && rotate.data ? rotate.data : channel;
  const snippet = useSnippet(current);
  const endpoints = useEndpoints(current);
  const origin = endpoints.data?.publicUrl;

  const fields = settingsFields[kind];
  const credKeys = [...new Set([...(credentialFields[kind] ?? []), ...(channel?.credentialsSet ?? []), ...Object.keys(creds)])];
  const queueOptions = (queues.data ?? []).map((q) => ({ value: q.id, label: q.name }));
  const setCred = (key: string, change: CredentialChange) => setCreds((c) => ({ ...c, [key]: change }));

  const submit = (e: FormEvent) => {
    e.preventDefault();
    let s = settings;
    if (!fields && kind !== 'voice') {
      try {
        s = JSON.parse(json || '{}') as Settings;
        setJsonError(false);
      } catch {
        setJsonError(true);
        return;
      }
    }
    const credentials: Record<string, string | null> = {};
    for (const [k, c] of Object.entries(creds)) {
      if (c.mode === 'set' && c.value) credentials[k] = c.value;
      if (c.mode === 'remove') credentials[k] = null;
    }
    const input: ChannelInput = {
      name: name.trim(), address: address.trim() || null, queueId, language, enabled, settings: s,
      ...(Object.keys(credentials).length ? { credentials } : {}),
    };
    if (!channel) {
      input.kind = kind;
      if (input.credentials) input.credentials = Object.fromEntries(Object.entries(input.credentials).filter(([, v]) => v !== null));
    }
    save.mutate(input, { onSuccess: onClose });
  };

  return (
    <form onSubmit={submit} noValidate>
      <Stack gap="md">
        <SimpleGrid cols={{ base: 1, sm: 2 }}>
          <Select
            label={t('channelAdmin.fields.kind')}
            data={channelKinds.map((k) => ({ value: k, label: t(`channels.${k}`) }))}
            value={kind}
            onChange={(k) => { if (k) { setKind(k as ChannelKind); setSettings({}); setJson('{}'); } }}
            disabled={!!channel}
            allowDeselect={false}
            data-testid="channel-kind"
          />
          <TextInput dir="auto" label={t('channelAdmin.fields.name')} required value={name} onChange={(e) => setName(e.currentTarget.value)} data-autofocus />
          <TextInput dir="ltr" label={t('channelAdmin.fields.address')} description={t(`channelAdmin.addressHints.${kind}`, { defaultValue: '' })} value={address} onChange={(e) => setAddress(e.currentTarget.value)} />
          <Select label={t('channelAdmin.fields.queue')} placeholder={t('channelAdmin.noQueue')} data={queueOptions} value={queueId} onChange={setQueueId} clearable searchable />
          <Select
            label={t('channelAdmin.fields.language')}
            placeholder={t('channelAdmin.anyLanguage')}
            data={['en', 'ar', 'az'].map((l) => ({ value: l, label: t(`languageNames.${l}`, { defaultValue: l }) }))}
            value={language}
            onChange={setLanguage}
            clearable
          />
          <Switch mt="lg" label={t('channelAdmin.fields.enabled')} checked={enabled} onChange={(e) => setEnabled(e.currentTarget.checked)} />
        </SimpleGrid>

        <Divider label={t('channelAdmin.sections.settings')} labelPosition="left" />
        {kind === 'voice' ? (
          <EntryPointSettings value={settings} onChange={setSettings} queues={queueOptions} />
        ) : fields ? (
          <SettingsFields fields={fields} value={settings} onChange={setSettings} queues={queueOptions} />
        ) : (
          <Textarea
            label={t('channelAdmin.settingsJson')}
            description={t('channelAdmin.settingsJsonHint')}
            dir="ltr"
            autosize
            minRows={4}
            styles={{ input: { fontFamily: 'monospace' } }}
            value={json}
            onChange={(e) => setJson(e.currentTarget.value)}
            error={jsonError ? t('channelAdmin.invalidJson') : undefined}
          />
        )}

        <Divider label={t('channelAdmin.sections.credentials')} labelPosition="left" />
        <Text size="xs" c="dimmed">{t('channelAdmin.credentialsHint')}</Text>
        {credKeys.map((k) => {
          const isSet = channel?.credentialsSet.includes(k) ?? false;
          const c = creds[k] ?? { mode: 'keep', value: '' };
          const label = t(`channelAdmin.credentials.${k}`, { defaultValue: k });
          return (
            <Group key={k} align="flex-end" gap="xs" data-testid={`credential-${k}`}>
              {c.mode === 'set' || (!isSet && c.mode !== 'remove') ? (
                <PasswordInput
                  style={{ flex: 1 }}
                  label={label}
                  autoComplete="new-password"
                  placeholder={isSet ? t('channelAdmin.replacePlaceholder') : t('channelAdmin.notSet')}
                  value={c.value}
                  onChange={(e) => setCred(k, { mode: 'set', value: e.currentTarget.value })}
                />
              ) : (
                <Stack gap={2} style={{ flex: 1 }}>
                  <Text size="sm" fw={500}>{label}</Text>
                  <Group gap="xs">
                    {c.mode === 'remove'
                      ? <Badge color="red" variant="light">{t('channelAdmin.willRemove')}</Badge>
                      : <Badge color="green" variant="light">{t('channelAdmin.set')}</Badge>}
                  </Group>
                </Stack>
              )}
              {isSet && c.mode === 'keep' ? (
                <>
                  <Button variant="default" size="xs" onClick={() => setCred(k, { mode: 'set', value: '' })}>{t('channelAdmin.replace')}</Button>
                  <Button variant="subtle" color="red" size="xs" onClick={() => setCred(k, { mode: 'remove', value: '' })}>{t('channelAdmin.remove')}</Button>
                </>
              ) : isSet ? (
                <Button variant="subtle" size="xs" onClick={() => setCred(k, { mode: 'keep', value: '' })}>{t('common.cancel')}</Button>
              ) : null}
            </Group>
          );
        })}
        {!credentialFields[kind] ? (
          <Group align="flex-end" gap="xs">
            <TextInput dir="ltr" label={t('channelAdmin.otherCredential')} value={extraKey} onChange={(e) => setExtraKey(e.currentTarget.value.trim())} />
            <Button variant="light" size="xs" disabled={!/^[A-Za-z][A-Za-z0-9_]{0,63}$/.test(extraKey)} onClick={() => { setCred(extraKey, { mode: 'set', value: '' }); setExtraKey(''); }}>
              {t('channelAdmin.addCredential')}
            </Button>
          </Group>
        ) : null}

        {current ? (
          <>
            <Divider label={t('channelAdmin.sections.connection')} labelPosition="left" />
            {webhookKinds.includes(current.kind) ? <CopyField label={t('channelAdmin.webhookUrl')} value={endpoints.data?.webhookUrl ?? webhookUrl(current.kind, current.publicKey, origin)} /> : null}
            {publicLinks(current.kind, current.publicKey, origin).map((l) => <CopyField key={l.url} label={t(l.labelKey)} value={l.url} />)}
            {current.kind === 'chat' && snippet.data ? <CopyField label={t('channelAdmin.snippet')} value={snippet.data} /> : null}
            <Group>
              <Button variant="default" size="xs" onClick={() => setConfirmRotate(true)} loading={rotate.isPending}>{t('channelAdmin.rotateKey')}</Button>
              <Text size="xs" c="dimmed">{t('channelAdmin.rotateHint')}</Text>
            </Group>
            {rotate.error ? <Alert color="red" role="alert">{errorMessage(rotate.error)}</Alert> : null}
          </>
        ) : null}

        {save.error ? <Alert color="red" role="alert">{errorMessage(save.error)}</Alert> : null}
        <Group justify="flex-end">
          <Button variant="default" onClick={onClose}>{t('common.cancel')}</Button>
          <Button type="submit" loading={save.isPending}>{channel ? t('common.save') : t('common.create')}</Button>
        </Group>
      </Stack>
      {current ? (
        <ConfirmModal
          opened={confirmRotate}
          title={t('channelAdmin.rotateKey')}
          confirmLabel={t('channelAdmin.rotateKey')}
          danger
          onClose={() => setConfirmRotate(false)}
          onConfirm={() => { setConfirmRotate(false); rotate.mutate(current.id); }}
        >
          {t('channelAdmin.rotateConfirm')}
        </ConfirmModal>
      ) : null}
    </form>
  );
}
