import { ActionIcon, Alert, Button, Group, Modal, Select, Stack, Text } from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import { IconTrash } from '@tabler/icons-react';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useErrorMessage } from '../../../lib/errors';
import { useUsers } from '../users/api';
import { useSetMembers } from './api';
import type { Department, Member, MemberRole } from './types';

interface Props {
  department: Department | null;
  onClose: () => void;
}

export function MembersModal({ department, onClose }: Props) {
  const { t } = useTranslation();
  return (
    <Modal opened={department !== null} onClose={onClose} title={department ? t('departments.membersTitle', { name: department.name }) : ''} size="lg">
      {department ? <MembersForm department={department} onClose={onClose} /> : null}
    </Modal>
  );
}

/** Edits the whole member list locally, then saves it in one PUT. */
function MembersForm({ department, onClose }: { department: Department; onClose: () => void }) {
  const { t } = useTranslation();
  const errorMessage = useErrorMessage();
  const save = useSetMembers(department.id);
  const [members, setMembers] = useState<Member[]>(department.members);
  const [search, setSearch] = useState('');
  const [debounced] = useDebouncedValue(search.trim(), 250);
  const users = useUsers(debounced);
  const roleOptions = [
    { value: 'member', label: t('departments.memberRoles.member') },
    { value: 'lead', label: t('departments.memberRoles.lead') },
  ];
  const candidates = (users.data?.pages.flatMap((p) => p.items) ?? [])
    .filter((u) => !members.some((m) => m.userId === u.id))
    .map((u) => ({ value: u.id, label: `${u.name} <${u.email}>` }));

  const addMember = (userId: string | null) => {
    const user = users.data?.pages.flatMap((p) => p.items).find((u) => u.id === userId);
    if (!user) return;
    setMembers([...members, { userId: user.id, name: user.name, role: 'member' }]);
    setSearch('');
  };

  const submit = () =>
    save.mutate(members.map(({ userId, role }) => ({ userId, role })), { onSuccess: onClose });

  return (
    <Stack gap="sm">
      {members.length === 0 ? <Text size="sm" c="dimmed">{t('departments.noMembers')}</Text> : null}
      {members.map((m) => (
        <Group key={m.userId} justify="space-between" wrap="nowrap">
          <Text size="sm" fw={500}><bdi>{m.name}</bdi></Text>
          <Group gap="xs" wrap="nowrap">
            <Select
              aria-label={t('departments.memberRoleFor', { name: m.name })}
              data={roleOptions}
              value={m.role}
              onChange={(v) => v && setMembers(members.map((x) => (x.userId === m.userId ? { ...x, role: v as MemberRole } : x)))}
              allowDeselect={false}
              w={140}
            />
            <ActionIcon
              variant="subtle"
              color="red"
              aria-label={t('departments.removeMember', { name: m.name })}
              onClick={() => setMembers(members.filter((x) => x.userId !== m.userId))}
            >
              <IconTrash size={16} aria-hidden />
            </ActionIcon>
          </Group>
        </Group>
      ))}
      <Select
        label={t('departments.addMember')}
        placeholder={t('departments.addMemberPlaceholder')}
        data={candidates}
        searchable
        searchValue={search}
        onSearchChange={setSearch}
        value={null}
        onChange={addMember}
        filter={({ options }) => options}
        nothingFoundMessage={users.isFetching ? t('common.loading') : t('departments.noUsers')}
      />
      {save.error ? <Alert color="red" role="alert">{errorMessage(save.error)}</Alert> : null}
      <Group justify="flex-end" mt="xs">
        <Button variant="default" onClick={onClose}>{t('common.cancel')}</Button>
        <Button onClick={submit} loading={save.isPending}>{t('common.save')}</Button>
      </Group>
    </Stack>
  );
}
