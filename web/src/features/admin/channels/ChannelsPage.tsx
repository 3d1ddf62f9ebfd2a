import { ActionIcon, Alert, Badge, Button, Center, Group, Loader, Stack, Table, Text, ThemeIcon, Title, Tooltip, VisuallyHidden } from '@mantine/core';
import { IconPencil, IconPlus } from '@tabler/icons-react';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useErrorMessage } from '../../../lib/errors';
import { usePageTitle } from '../../../lib/usePageTitle';
import { useQueues } from '../queues/api';
import { useChannels, type Channel } from './api';
import { ChannelFormModal } from './ChannelFormModal';
import { kindIcons, publicLinks, webhookKinds, webhookUrl } from './kinds';

/** Administration of the ways customers reach the workspace: one row per channel account. */
export function ChannelsPage() {
  const { t } = useTranslation();
  const errorMessage = useErrorMessage();
  usePageTitle(t('channelAdmin.title'));
  const channels = useChannels();
  const queues = useQueues();
  const [creating, setCreating] = useState(false);
  const [editing, setEditing] = useState<Channel | null>(null);
  const queueName = (id: string | null) => (id ? queues.data?.find((q) => q.id === id)?.name ?? '' : '');
  const items = channels.data ?? [];

  return (
    <Stack gap="md">
      <Group justify="space-between" align="flex-end">
        <div>
          <Title order={2}>{t('channelAdmin.title')}</Title>
          <Text size="sm" c="dimmed">{t('channelAdmin.intro')}</Text>
        </div>
        <Button leftSection={<IconPlus size={16} aria-hidden />} onClick={() => setCreating(true)}>{t('channelAdmin.create')}</Button>
      </Group>
      {channels.isPending ? (
        <Center p="xl"><Loader aria-label={t('common.loading')} /></Center>
      ) : channels.error ? (
        <Alert color="red" role="alert">{errorMessage(channels.error)}</Alert>
      ) : items.length === 0 ? (
        <Text c="dimmed">{t('channelAdmin.empty')}</Text>
      ) : (
        <Table.ScrollContainer minWidth={760}>
          <Table striped highlightOnHover verticalSpacing="sm" aria-label={t('channelAdmin.title')}>
            <Table.Thead>
              <Table.Tr>
                <Table.Th>{t('channelAdmin.fields.name')}</Table.Th>
                <Table.Th>{t('channelAdmin.fields.kind')}</Table.Th>
                <Table.Th>{t('channelAdmin.fields.address')}</Table.Th>
                <Table.Th>{t('channelAdmin.fields.queue')}</Table.Th>
                <Table.Th>{t('channelAdmin.fields.status')}</Table.Th>
                <Table.Th>{t('channelAdmin.fields.links')}</Table.Th>
                <Table.Th><VisuallyHidden>{t('common.actions')}</VisuallyHidden></Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {items.map((c) => {
                const Icon = kindIcons[c.kind];
                const links = [...(webhookKinds.includes(c.kind) ? [{ labelKey: 'channelAdmin.webhook', url: webhookUrl(c.kind, c.publicKey) }] : []), ...publicLinks(c.kind, c.publicKey)];
                return (
                  <Table.Tr key={c.id} data-testid="channel-row">
                    <Table.Td fw={600}>
                      <Group gap="xs" wrap="nowrap">
                        <ThemeIcon variant="light" size="md" aria-hidden><Icon size={16} /></ThemeIcon>
                        <bdi>{c.name}</bdi>
                      </Group>
                    </Table.Td>
                    <Table.Td>{t(`channels.${c.kind}`, { defaultValue: c.kind })}</Table.Td>
                    <Table.Td><bdi dir="ltr">{c.address ?? ''}</bdi></Table.Td>
                    <Table.Td><bdi>{queueName(c.queueId)}</bdi></Table.Td>
                    <Table.Td>
                      <Badge variant="light" color={c.enabled ? 'green' : 'gray'}>{c.enabled ? t('channelAdmin.enabled') : t('channelAdmin.disabled')}</Badge>
                    </Table.Td>
                    <Table.Td>
                      <Stack gap={2}>
                        {links.map((l) => (
                          <Text key={l.url} size="xs" component="a" href={l.url.includes('/api/') ? undefined : l.url} target="_blank" rel="noreferrer" c={l.url.includes('/api/') ? 'dimmed' : undefined}>
                            {t(l.labelKey)}
                          </Text>
                        ))}
                      </Stack>
                    </Table.Td>
                    <Table.Td>
                      <Tooltip label={t('common.edit')}>
                        <ActionIcon variant="subtle" aria-label={t('channelAdmin.editAction', { name: c.name })} onClick={() => setEditing(c)}>
                          <IconPencil size={16} aria-hidden />
                        </ActionIcon>
                      </Tooltip>
                    </Table.Td>
                  </Table.Tr>
                );
              })}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
      )}
      <ChannelFormModal opened={creating} onClose={() => setCreating(false)} />
      <ChannelFormModal channel={editing ?? undefined} opened={editing !== null} onClose={() => setEditing(null)} />
    </Stack>
  );
}
