import { ActionIcon, Alert, Badge, Button, Center, Group, Loader, Stack, Table, Text, TextInput, Title, Tooltip, VisuallyHidden } from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import { IconKey, IconPencil, IconPlus, IconSearch } from '@tabler/icons-react';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useErrorMessage } from '../../../lib/errors';
import { useFormat } from '../../../lib/format';
import { ConfirmModal } from '../../../lib/ui/ConfirmModal';
import type { User } from '../../auth/types';
import { useResetPassword, useUsers } from './api';
import { TemporaryPasswordModal } from './TemporaryPasswordModal';
import { UserFormModal } from './UserFormModal';
import { usePageTitle } from '../../../lib/usePageTitle';

export function UsersPage() {
  const { t } = useTranslation();
  const errorMessage = useErrorMessage();
  usePageTitle(t('users.title'));
  const fmt = useFormat();
  const [q, setQ] = useState('');
  const [debounced] = useDebouncedValue(q.trim(), 300);
  const users = useUsers(debounced);
  const reset = useResetPassword();
  const [creating, setCreating] = useState(false);
  const [editing, setEditing] = useState<User | null>(null);
  const [resetting, setResetting] = useState<User | null>(null);
  const [shown, setShown] = useState<{ name: string; password: string } | null>(null);
  const items = users.data?.pages.flatMap((p) => p.items) ?? [];

  const confirmReset = () => {
    if (!resetting) return;
    reset.mutate(resetting.id, {
      onSuccess: ({ temporaryPassword }) => {
        setShown({ name: resetting.name, password: temporaryPassword });
        setResetting(null);
      },
    });
  };

  return (
    <Stack gap="md">
      <Group justify="space-between" align="flex-end">
        <Title order={2}>{t('users.title')}</Title>
        <Button leftSection={<IconPlus size={16} aria-hidden />} onClick={() => setCreating(true)}>{t('users.create')}</Button>
      </Group>
      <TextInput
        label={t('users.search')}
        leftSection={<IconSearch size={16} aria-hidden />}
        value={q}
        onChange={(e) => setQ(e.currentTarget.value)}
        type="search"
        maw={420}
      />
      {users.isPending ? (
        <Center p="xl"><Loader aria-label={t('common.loading')} /></Center>
      ) : users.error ? (
        <Alert color="red" role="alert">{errorMessage(users.error)}</Alert>
      ) : items.length === 0 ? (
        <Text c="dimmed">{t('users.empty')}</Text>
      ) : (
        <Table.ScrollContainer minWidth={820}>
          <Table striped highlightOnHover verticalSpacing="sm" aria-label={t('users.title')}>
            <Table.Thead>
              <Table.Tr>
                <Table.Th>{t('users.fields.name')}</Table.Th>
                <Table.Th>{t('users.fields.email')}</Table.Th>
                <Table.Th>{t('users.fields.role')}</Table.Th>
                <Table.Th>{t('users.fields.languages')}</Table.Th>
                <Table.Th>{t('users.fields.skills')}</Table.Th>
                <Table.Th>{t('users.fields.status')}</Table.Th>
                <Table.Th><VisuallyHidden>{t('common.actions')}</VisuallyHidden></Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {items.map((u) => (
                <Table.Tr key={u.id}>
                  <Table.Td fw={600}><bdi>{u.name}</bdi></Table.Td>
                  <Table.Td><Text span size="sm" dir="ltr">{u.email}</Text></Table.Td>
                  <Table.Td><Badge variant="light">{t(`roles.${u.role}`)}</Badge></Table.Td>
                  <Table.Td>{fmt.list(u.languages.map((l) => t(`languageNames.${l}`, { defaultValue: l })))}</Table.Td>
                  <Table.Td>
                    <Group gap={4}>
                      {u.skills.map((s) => (
                        <Badge key={s.skill} size="sm" variant="outline" color="gray" tt="none">{s.skill} · {s.level}</Badge>
                      ))}
                    </Group>
                  </Table.Td>
                  <Table.Td style={{ whiteSpace: 'nowrap' }}>
                    <Badge color={u.active ? 'green' : 'gray'} variant="dot" styles={{ label: { overflow: 'visible' } }}>{u.active ? t('users.active') : t('users.inactive')}</Badge>
                  </Table.Td>
                  <Table.Td>
                    <Group gap={4} wrap="nowrap" justify="flex-end">
                      <Tooltip label={t('common.edit')}>
                        <ActionIcon variant="subtle" aria-label={t('users.editAction', { name: u.name })} onClick={() => setEditing(u)}>
                          <IconPencil size={16} aria-hidden />
                        </ActionIcon>
                      </Tooltip>
                      <Tooltip label={t('users.resetPassword')}>
                        <ActionIcon variant="subtle" color="orange" aria-label={t('users.resetAction', { name: u.name })} onClick={() => setResetting(u)}>
                          <IconKey size={16} aria-hidden />
                        </ActionIcon>
                      </Tooltip>
                    </Group>
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
      )}
      {users.hasNextPage ? (
        <Group justify="center">
          <Button variant="default" onClick={() => void users.fetchNextPage()} loading={users.isFetchingNextPage}>{t('common.loadMore')}</Button>
        </Group>
      ) : null}
      <UserFormModal
        opened={creating}
        onClose={() => setCreating(false)}
        onCreated={(user, password) => password && setShown({ name: user.name, password })}
      />
      <UserFormModal key={editing?.id} user={editing ?? undefined} opened={editing !== null} onClose={() => setEditing(null)} />
      <ConfirmModal
        opened={resetting !== null}
        title={t('users.resetPassword')}
        confirmLabel={t('users.resetConfirm')}
        danger
        loading={reset.isPending}
        error={reset.error ? errorMessage(reset.error) : null}
        onConfirm={confirmReset}
        onClose={() => { setResetting(null); reset.reset(); }}
      >
        {t('users.resetText', { name: resetting?.name ?? '' })}
      </ConfirmModal>
      <TemporaryPasswordModal password={shown?.password ?? null} userName={shown?.name ?? ''} onClose={() => setShown(null)} />
    </Stack>
  );
}
