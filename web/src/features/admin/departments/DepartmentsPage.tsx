import { ActionIcon, Alert, Badge, Button, Card, Center, Group, Loader, SimpleGrid, Stack, Text, Title, Tooltip } from '@mantine/core';
import { IconPencil, IconPlus, IconTrash, IconUsers } from '@tabler/icons-react';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useErrorMessage } from '../../../lib/errors';
import { useFormat } from '../../../lib/format';
import { ConfirmModal } from '../../../lib/ui/ConfirmModal';
import { useDeleteDepartment, useDepartments } from './api';
import { DepartmentFormModal } from './DepartmentFormModal';
import { MembersModal } from './MembersModal';
import type { Department } from './types';
import { usePageTitle } from '../../../lib/usePageTitle';

export function DepartmentsPage() {
  const { t } = useTranslation();
  const errorMessage = useErrorMessage();
  usePageTitle(t('departments.title'));
  const fmt = useFormat();
  const departments = useDepartments();
  const remove = useDeleteDepartment();
  const [creating, setCreating] = useState(false);
  const [editing, setEditing] = useState<Department | null>(null);
  const [membersOf, setMembersOf] = useState<Department | null>(null);
  const [deleting, setDeleting] = useState<Department | null>(null);

  return (
    <Stack gap="md">
      <Group justify="space-between" align="flex-end">
        <Title order={2}>{t('departments.title')}</Title>
        <Button leftSection={<IconPlus size={16} aria-hidden />} onClick={() => setCreating(true)}>{t('departments.create')}</Button>
      </Group>
      {departments.isPending ? (
        <Center p="xl"><Loader aria-label={t('common.loading')} /></Center>
      ) : departments.error ? (
        <Alert color="red" role="alert">{errorMessage(departments.error)}</Alert>
      ) : departments.data.length === 0 ? (
        <Text c="dimmed">{t('departments.empty')}</Text>
      ) : (
        <SimpleGrid cols={{ base: 1, md: 2, xl: 3 }}>
          {departments.data.map((d) => {
            const leads = d.members.filter((m) => m.role === 'lead');
            return (
              <Card key={d.id} withBorder padding="md" component="article" aria-labelledby={`dep-${d.id}`}>
                <Group justify="space-between" wrap="nowrap" align="flex-start">
                  <div>
                    <Title order={3} size="h5" id={`dep-${d.id}`}><bdi>{d.name}</bdi></Title>
                    <Badge size="sm" variant="light" mt={4}>{t(`departments.kinds.${d.kind}`)}</Badge>
                  </div>
                  <Group gap={4} wrap="nowrap">
                    <Tooltip label={t('departments.members')}>
                      <ActionIcon variant="subtle" aria-label={t('departments.membersAction', { name: d.name })} onClick={() => setMembersOf(d)}>
                        <IconUsers size={16} aria-hidden />
                      </ActionIcon>
                    </Tooltip>
                    <Tooltip label={t('common.edit')}>
                      <ActionIcon variant="subtle" aria-label={t('departments.editAction', { name: d.name })} onClick={() => setEditing(d)}>
                        <IconPencil size={16} aria-hidden />
                      </ActionIcon>
                    </Tooltip>
                    <Tooltip label={t('common.delete')}>
                      <ActionIcon variant="subtle" color="red" aria-label={t('departments.deleteAction', { name: d.name })} onClick={() => setDeleting(d)}>
                        <IconTrash size={16} aria-hidden />
                      </ActionIcon>
                    </Tooltip>
                  </Group>
                </Group>
                {d.description ? <Text size="sm" mt="sm"><bdi>{d.description}</bdi></Text> : null}
                <Text size="sm" c="dimmed" mt="sm">
                  {t('departments.memberCount', { count: d.members.length })}
                  {leads.length > 0 ? ` · ${t('departments.leads')}: ${fmt.list(leads.map((l) => l.name))}` : ''}
                </Text>
              </Card>
            );
          })}
        </SimpleGrid>
      )}
      <DepartmentFormModal opened={creating} onClose={() => setCreating(false)} />
      <DepartmentFormModal department={editing ?? undefined} opened={editing !== null} onClose={() => setEditing(null)} />
      <MembersModal department={membersOf} onClose={() => setMembersOf(null)} />
      <ConfirmModal
        opened={deleting !== null}
        title={t('departments.deleteTitle')}
        confirmLabel={t('common.delete')}
        danger
        loading={remove.isPending}
        error={remove.error ? errorMessage(remove.error) : null}
        onConfirm={() => deleting && remove.mutate(deleting.id, { onSuccess: () => setDeleting(null) })}
        onClose={() => { setDeleting(null); remove.reset(); }}
      >
        {t('departments.deleteText', { name: deleting?.name ?? '' })}
      </ConfirmModal>
    </Stack>
  );
}
