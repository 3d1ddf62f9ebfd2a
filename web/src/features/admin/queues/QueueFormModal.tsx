import { Alert, Button, Group, List, Modal, Stack, Tabs } from '@mantine/core';
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { useErrorMessage } from '../../../lib/errors';
import { useCurrentSession } from '../../auth/session';
import { useSaveQueue } from './api';
import { BasicsTab } from './BasicsTab';
import { draftFrom, toInput, validate, type QueueDraft } from './draft';
import type { Setter } from './form';
import { HoursTab } from './HoursTab';
import { OverflowTab } from './OverflowTab';
import { RoutingTab } from './RoutingTab';
import { ServiceLevelTab } from './ServiceLevelTab';
import type { Queue } from './types';

interface Props {
  queue?: Queue;
  queues: Queue[];
  opened: boolean;
  onClose: () => void;
}

export function QueueFormModal({ queue, queues, opened, onClose }: Props) {
  const { t } = useTranslation();
  return (
    <Modal
      opened={opened}
      onClose={onClose}
      title={queue ? t('queues.editTitle', { name: queue.name }) : t('queues.createTitle')}
      size="xl"
    >
      {opened ? <QueueForm queue={queue} queues={queues} onClose={onClose} /> : null}
    </Modal>
  );
}

function QueueForm({ queue, queues, onClose }: Omit<Props, 'opened'>) {
  const { t } = useTranslation();
  const errorMessage = useErrorMessage();
  const { workspace } = useCurrentSession();
  const save = useSaveQueue(queue?.id);
  const [draft, setDraft] = useState<QueueDraft>(() => draftFrom(queue, workspace.timezone));
  const [showProblems, setShowProblems] = useState(false);
  const set: Setter = (key, value) => setDraft((d) => ({ ...d, [key]: value }));
  const problems = validate(draft);

  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (problems.length) {
      setShowProblems(true);
      return;
    }
    save.mutate(toInput(draft, queue), { onSuccess: onClose });
  };

  return (
    <form onSubmit={submit} noValidate>
      <Stack gap="md">
        <Tabs defaultValue="basics" keepMounted>
          <Tabs.List>
            <Tabs.Tab value="basics">{t('queues.sections.basics')}</Tabs.Tab>
            <Tabs.Tab value="routing">{t('queues.sections.routing')}</Tabs.Tab>
            <Tabs.Tab value="service">{t('queues.sections.serviceLevel')}</Tabs.Tab>
            <Tabs.Tab value="hours">{t('queues.sections.hours')}</Tabs.Tab>
            <Tabs.Tab value="overflow">{t('queues.sections.overflow')}</Tabs.Tab>
          </Tabs.List>
          <Tabs.Panel value="basics" pt="md"><BasicsTab draft={draft} set={set} /></Tabs.Panel>
          <Tabs.Panel value="routing" pt="md"><RoutingTab draft={draft} set={set} /></Tabs.Panel>
          <Tabs.Panel value="service" pt="md"><ServiceLevelTab draft={draft} set={set} /></Tabs.Panel>
          <Tabs.Panel value="hours" pt="md"><HoursTab draft={draft} set={set} /></Tabs.Panel>
          <Tabs.Panel value="overflow" pt="md"><OverflowTab draft={draft} set={set} queues={queues.filter((q) => q.id !== queue?.id)} /></Tabs.Panel>
        </Tabs>
        {showProblems && problems.length ? (
          <Alert color="red" role="alert" title={t('queues.problems.title')}>
            <List size="sm">
              {problems.map((p) => <List.Item key={p.key + JSON.stringify(p.values ?? {})}>{t(p.key, p.values)}</List.Item>)}
            </List>
          </Alert>
        ) : null}
        {save.error ? <Alert color="red" role="alert">{errorMessage(save.error)}</Alert> : null}
        <Group justify="flex-end">
          <Button variant="default" onClick={onClose}>{t('common.cancel')}</Button>
          <Button type="submit" loading={save.isPending}>{queue ? t('common.save') : t('common.create')}</Button>
        </Group>
      </Stack>
    </form>
  );
}
