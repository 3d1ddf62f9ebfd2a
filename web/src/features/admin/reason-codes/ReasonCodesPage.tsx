import { ActionIcon, Alert, Button, Center, Group, Loader, Stack, Table, Text, TextInput, Title, VisuallyHidden } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { IconArrowDown, IconArrowUp, IconPlus, IconTrash } from '@tabler/icons-react';
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { useErrorMessage } from '../../../lib/errors';
import { usePageTitle } from '../../../lib/usePageTitle';
import { useReasonCodes, useSaveReasonCodes } from '../../routing/api';
import { useRoutingLabels } from '../../routing/labels';

const codeRe = /^[a-z0-9_]{1,40}$/;

/** The reasons agents pick when they go away (break, lunch …). Codes are stored; labels are translated when known. */
export function ReasonCodesPage() {
  const { t } = useTranslation();
  usePageTitle(t('reasonCodes.title'));
  const errorMessage = useErrorMessage();
  const codes = useReasonCodes();
  return (
    <Stack gap="md" maw={720}>
      <Title order={2}>{t('reasonCodes.title')}</Title>
      <Text c="dimmed">{t('reasonCodes.intro')}</Text>
      {codes.isPending ? (
        <Center p="xl"><Loader aria-label={t('common.loading')} /></Center>
      ) : codes.error ? (
        <Alert color="red" role="alert">{errorMessage(codes.error)}</Alert>
      ) : (
        <ReasonCodesEditor key={codes.data.join(',')} initial={codes.data} />
      )}
    </Stack>
  );
}

function ReasonCodesEditor({ initial }: { initial: string[] }) {
  const { t } = useTranslation();
  const labels = useRoutingLabels();
  const errorMessage = useErrorMessage();
  const save = useSaveReasonCodes();
  const [items, setItems] = useState(initial);
  const [code, setCode] = useState('');
  const normalized = code.trim().toLowerCase().replace(/[\s-]+/g, '_');
  const addError = normalized && !codeRe.test(normalized) ? t('reasonCodes.invalid') : items.includes(normalized) ? t('reasonCodes.duplicate') : null;
  const dirty = items.join(',') !== initial.join(',');

  const add = (e: FormEvent) => {
    e.preventDefault();
    if (!normalized || addError) return;
    setItems([...items, normalized]);
    setCode('');
  };
  const move = (i: number, by: number) => {
    const next = [...items];
    const [x] = next.splice(i, 1);
    next.splice(i + by, 0, x);
    setItems(next);
  };

  return (
    <Stack gap="md">
      <Table verticalSpacing="xs" aria-label={t('reasonCodes.title')}>
        <Table.Thead>
          <Table.Tr>
            <Table.Th>{t('reasonCodes.code')}</Table.Th>
            <Table.Th>{t('reasonCodes.shownAs')}</Table.Th>
            <Table.Th><VisuallyHidden>{t('common.actions')}</VisuallyHidden></Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {items.map((c, i) => (
            <Table.Tr key={c}>
              <Table.Td><Text span ff="monospace" size="sm" dir="ltr">{c}</Text></Table.Td>
              <Table.Td>{labels.reason(c)}</Table.Td>
              <Table.Td>
                <Group gap={2} justify="flex-end" wrap="nowrap">
                  <ActionIcon variant="subtle" disabled={i === 0} aria-label={t('reasonCodes.moveUp', { code: c })} onClick={() => move(i, -1)}>
                    <IconArrowUp size={16} aria-hidden />
                  </ActionIcon>
                  <ActionIcon variant="subtle" disabled={i === items.length - 1} aria-label={t('reasonCodes.moveDown', { code: c })} onClick={() => move(i, 1)}>
                    <IconArrowDown size={16} aria-hidden />
                  </ActionIcon>
                  <ActionIcon variant="subtle" color="red" aria-label={t('reasonCodes.remove', { code: c })} onClick={() => setItems(items.filter((x) => x !== c))}>
                    <IconTrash size={16} aria-hidden />
                  </ActionIcon>
                </Group>
              </Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
      {items.length === 0 ? <Text size="sm" c="dimmed">{t('reasonCodes.empty')}</Text> : null}
      <form onSubmit={add}>
        <Group align="flex-end" gap="xs">
          <TextInput
            label={t('reasonCodes.new')}
            description={t('reasonCodes.newHint')}
            value={code}
            onChange={(e) => setCode(e.currentTarget.value)}
            error={addError}
            dir="ltr"
            w={280}
          />
          <Button type="submit" variant="light" leftSection={<IconPlus size={14} aria-hidden />} disabled={!normalized || !!addError}>
            {t('reasonCodes.add')}
          </Button>
        </Group>
      </form>
      {save.error ? <Alert color="red" role="alert">{errorMessage(save.error)}</Alert> : null}
      <Group>
        <Button
          onClick={() => save.mutate(items, { onSuccess: () => notifications.show({ color: 'green', message: t('reasonCodes.saved') }) })}
          loading={save.isPending}
          disabled={!dirty || items.length === 0}
        >
          {t('common.save')}
        </Button>
        {dirty ? <Button variant="default" onClick={() => setItems(initial)}>{t('reasonCodes.undo')}</Button> : null}
      </Group>
    </Stack>
  );
}
