import { Alert, Badge, Button, Center, Group, Loader, Text, Timeline, ThemeIcon } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { useErrorMessage } from '../../lib/errors';
import { useFormat } from '../../lib/format';
import { useTimeline } from './api';
import { timelineColors, timelineIcon } from './icons';
import type { TimelineEntry } from './types';

function str(value: unknown): string | null {
  return typeof value === 'string' && value ? value : typeof value === 'number' ? String(value) : null;
}

/** Short facts under a timeline title: channel, direction and status for contacts; number, type and status for cases. */
function EntryBadges({ entry }: { entry: TimelineEntry }) {
  const { t } = useTranslation();
  const d = entry.data ?? {};
  const badges: string[] = [];
  if (entry.kind === 'interaction') {
    const channel = str(d.channel);
    const direction = str(d.direction);
    const status = str(d.status);
    if (channel) badges.push(t(`channels.${channel}`, { defaultValue: channel }));
    if (direction) badges.push(t(`directions.${direction}`, { defaultValue: direction }));
    if (status) badges.push(t(`interactionStatuses.${status}`, { defaultValue: status }));
  } else if (entry.kind === 'case') {
    const number = str(d.number);
    const type = str(d.type);
    const status = str(d.status);
    if (number) badges.push(`#${number}`);
    if (type) badges.push(t(`caseTypes.${type}`, { defaultValue: type }));
    if (status) badges.push(t(`caseStatuses.${status}`, { defaultValue: status }));
  } else if (entry.kind === 'order') {
    const status = str(d.status);
    if (status) badges.push(t(`orderStatuses.${status}`, { defaultValue: status }));
  }
  if (badges.length === 0) return null;
  return (
    <Group gap={4} mt={4}>
      {badges.map((b) => (
        <Badge key={b} size="xs" variant="light" color={timelineColors[entry.kind]}>{b}</Badge>
      ))}
    </Group>
  );
}

function EntryTitle({ entry }: { entry: TimelineEntry }) {
  const { t } = useTranslation();
  return (
    <Group gap="xs" wrap="nowrap" justify="space-between">
      <Text fw={600} size="sm">
        <Text span c="dimmed" size="xs" me={6}>{t(`customers.timeline.kinds.${entry.kind}`)}</Text>
        <bdi>{entry.title || t(`customers.timeline.kinds.${entry.kind}`)}</bdi>
      </Text>
    </Group>
  );
}

/** Everything that happened with this customer, newest first, one icon per kind and channel. */
export function CustomerTimeline({ customerId }: { customerId: string }) {
  const { t } = useTranslation();
  const fmt = useFormat();
  const errorMessage = useErrorMessage();
  const timeline = useTimeline(customerId);
  const entries = timeline.data?.pages.flatMap((p) => p.items) ?? [];

  if (timeline.isPending) return <Center p="lg"><Loader aria-label={t('common.loading')} /></Center>;
  if (timeline.error) return <Alert color="red" role="alert">{errorMessage(timeline.error)}</Alert>;
  if (entries.length === 0) return <Text c="dimmed">{t('customers.timeline.empty')}</Text>;

  return (
    <>
      <Timeline bulletSize={28} lineWidth={2} data-testid="customer-timeline">
        {entries.map((entry) => {
          const Icon = timelineIcon(entry);
          return (
            <Timeline.Item
              key={`${entry.kind}-${entry.id}`}
              data-testid="timeline-entry"
              data-kind={entry.kind}
              bullet={
                <ThemeIcon size={28} radius="xl" variant="light" color={timelineColors[entry.kind]}>
                  <Icon size={16} aria-hidden />
                </ThemeIcon>
              }
              title={<EntryTitle entry={entry} />}
            >
              {entry.summary ? (
                <Text size="sm" style={{ whiteSpace: 'pre-wrap', overflowWrap: 'anywhere' }}><bdi>{entry.summary}</bdi></Text>
              ) : null}
              <EntryBadges entry={entry} />
              <Text size="xs" c="dimmed" mt={4}>
                <time dateTime={entry.at}>{fmt.dateTime(entry.at)}</time>
              </Text>
            </Timeline.Item>
          );
        })}
      </Timeline>
      {timeline.hasNextPage ? (
        <Group justify="center" mt="md">
          <Button variant="default" onClick={() => void timeline.fetchNextPage()} loading={timeline.isFetchingNextPage}>
            {t('common.loadMore')}
          </Button>
        </Group>
      ) : null}
    </>
  );
}
