import { Alert, Button, Center, Code, Group, Loader, Stack, Table, Text, Title } from '@mantine/core';
import { useInfiniteQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { api, type Page } from '../../../lib/api';
import { useErrorMessage } from '../../../lib/errors';
import { useFormat } from '../../../lib/format';
import { usePageTitle } from '../../../lib/usePageTitle';

interface AuditEntry {
  id: string | number;
  action: string;
  actorEmail: string | null;
  targetType: string | null;
  targetId: string | null;
  ip: string | null;
  details: unknown;
  createdAt: string;
}

function detailsText(details: unknown): string {
  if (details === null || details === undefined) return '';
  if (typeof details === 'object' && Object.keys(details).length === 0) return '';
  return typeof details === 'string' ? details : JSON.stringify(details);
}

/** Who did what to which record, newest first; a cursor page at a time. */
export function AuditPage() {
  const { t } = useTranslation();
  const fmt = useFormat();
  const errorMessage = useErrorMessage();
  usePageTitle(t('audit.title'));
  const audit = useInfiniteQuery({
    queryKey: ['audit'],
    queryFn: ({ pageParam, signal }) => api<Page<AuditEntry>>('/audit', { query: { cursor: pageParam }, signal }),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (last) => last.nextCursor ?? undefined,
  });
  const items = audit.data?.pages.flatMap((p) => p.items) ?? [];

  return (
    <Stack gap="md">
      <Title order={2}>{t('audit.title')}</Title>
      {audit.isPending ? (
        <Center p="xl"><Loader aria-label={t('common.loading')} /></Center>
      ) : audit.error ? (
        <Alert color="red" role="alert">{errorMessage(audit.error)}</Alert>
      ) : items.length === 0 ? (
        <Text c="dimmed">{t('audit.empty')}</Text>
      ) : (
        <Table.ScrollContainer minWidth={900}>
          <Table striped verticalSpacing="xs" fz="sm" aria-label={t('audit.title')}>
            <Table.Thead>
              <Table.Tr>
                <Table.Th>{t('audit.time')}</Table.Th>
                <Table.Th>{t('audit.actor')}</Table.Th>
                <Table.Th>{t('audit.action')}</Table.Th>
                <Table.Th>{t('audit.target')}</Table.Th>
                <Table.Th>{t('audit.ip')}</Table.Th>
                <Table.Th>{t('audit.details')}</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {items.map((e) => (
                <Table.Tr key={e.id}>
                  <Table.Td style={{ whiteSpace: 'nowrap' }}><time dateTime={e.createdAt}>{fmt.dateTime(e.createdAt)}</time></Table.Td>
                  <Table.Td><span dir="ltr">{e.actorEmail ?? t('audit.system')}</span></Table.Td>
                  <Table.Td><Code dir="ltr">{e.action}</Code></Table.Td>
                  <Table.Td>
                    <span dir="ltr">{e.targetType ?? ''}{e.targetId ? ` ${e.targetId.slice(0, 8)}` : ''}</span>
                  </Table.Td>
                  <Table.Td><span dir="ltr">{e.ip ?? ''}</span></Table.Td>
                  <Table.Td maw={360}>
                    <Text size="xs" ff="monospace" dir="ltr" lineClamp={3} style={{ overflowWrap: 'anywhere' }} title={detailsText(e.details)}>
                      {detailsText(e.details)}
                    </Text>
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
      )}
      {audit.hasNextPage ? (
        <Group justify="center">
          <Button variant="default" onClick={() => void audit.fetchNextPage()} loading={audit.isFetchingNextPage}>{t('common.loadMore')}</Button>
        </Group>
      ) : null}
    </Stack>
  );
}
