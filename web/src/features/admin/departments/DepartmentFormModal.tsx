import { Alert, Button, Group, Input, Modal, SegmentedControl, Stack, Textarea, TextInput } from '@mantine/core';
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { useErrorMessage } from '../../../lib/errors';
import { useCreateDepartment, useUpdateDepartment } from './api';
import type { Department, DepartmentKind } from './types';

interface Props {
  department?: Department;
  opened: boolean;
  onClose: () => void;
}

export function DepartmentFormModal({ department, opened, onClose }: Props) {
  const { t } = useTranslation();
  return (
    <Modal opened={opened} onClose={onClose} title={department ? t('departments.editTitle') : t('departments.createTitle')}>
      {opened ? <DepartmentForm department={department} onClose={onClose} /> : null}
    </Modal>
  );
}

function DepartmentForm({ department, onClose }: Omit<Props, 'opened'>) {
  const { t } = useTranslation();
  const errorMessage = useErrorMessage();
  const create = useCreateDepartment();
  const update = useUpdateDepartment(department?.id ?? '');
  const [name, setName] = useState(department?.name ?? '');
  const [kind, setKind] = useState<DepartmentKind>(department?.kind ?? 'department');
  const [description, setDescription] = useState(department?.description ?? '');
  const error = create.error ?? update.error;

  const submit = (e: FormEvent) => {
    e.preventDefault();
    const input = { name: name.trim(), kind, description: description.trim() };
    if (department) update.mutate(input, { onSuccess: onClose });
    else create.mutate(input, { onSuccess: onClose });
  };

  return (
    <form onSubmit={submit}>
      <Stack gap="sm">
        {error ? <Alert color="red" role="alert">{errorMessage(error)}</Alert> : null}
        <TextInput dir="auto" label={t('departments.fields.name')} required value={name} onChange={(e) => setName(e.currentTarget.value)} data-autofocus />
        <div role="group" aria-labelledby="department-kind-label">
          <Input.Label labelElement="div" id="department-kind-label" mb={4}>{t('departments.fields.kind')}</Input.Label>
          <SegmentedControl
            value={kind}
            onChange={(v) => setKind(v as DepartmentKind)}
            data={[
              { value: 'department', label: t('departments.kinds.department') },
              { value: 'team', label: t('departments.kinds.team') },
            ]}
          />
        </div>
        <Textarea dir="auto" label={t('departments.fields.description')} autosize minRows={2} value={description} onChange={(e) => setDescription(e.currentTarget.value)} />
        <Group justify="flex-end" mt="xs">
          <Button variant="default" onClick={onClose}>{t('common.cancel')}</Button>
          <Button type="submit" loading={create.isPending || update.isPending}>{department ? t('common.save') : t('common.create')}</Button>
        </Group>
      </Stack>
    </form>
  );
}
