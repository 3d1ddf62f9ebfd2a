import { Alert, Badge, Button, Center, Group, Loader, Text, ThemeIcon, Timeline } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { useErrorMessage } from '../../lib/errors';
import { useFormat } from '../../lib/format';
import { useTimeline } from './api';
import { timelineColors, timelineIcon } from './icons';
import { describeEntry } from './timelineText';
import { RecordingPlayer } from '../voice/RecordingPlayer';
import type { TimelineEntry } from './types';

function Entry({ entry }: { entry: TimelineEntry }) {
  const { t } = useTranslation();
  const fmt = useFormat();
  const text = describeEntry(entry, t, fmt);
  const color = timelineColors[entry.kind];
  return (
    <>
      {text.summary ? (
        <Text size="sm" style={{ whiteSpace: 'pre-wrap', overflowWrap: 'anywhere' }}><bdi>{text.summary}</bdi></Text>
      ) : null}
      {text.badges.length > 0 ? (
        <Group gap={4} mt={4}>
          {text.badges.map((b) => <Badge key={b} size="xs" variant="light" color={color} tt="none">{b}</Badge>)}
        </Group>
      ) : null}
      <Text size="xs" c="dimmed" mt={4}>
        <time dateTime={entry.at}>{fmt.dateTime(entry.at)}</time>
      </Text>
      {entry.kind === 'interaction' && entry.data?.channel === 'voice' ? <RecordingPlayer interactionId={entry.id} mt={4} /> : null}
    </>
  );
}

function EntryTitle({ entry }: { entry: TimelineEntry }) {
  const { t } = useTranslation();
  const fmt = useFormat();
  const { title } = describeEntry(entry, t, fmt);
  return (
    <Text fw={600} size="sm">
      <Text span c="dimmed" size="xs" fw={500} me={6}>{t(`customers.timeline.kinds.${entry.kind}`)}</Text>
      {title ? <bdi>{title}</bdi> : null}
    </Text>
  );
}

/** Everything that happened with this customer, newest first, one icon per kind and channel. */
export function CustomerTimeline({ customerId }: { customerId: string }) {
  const { t } = useTranslation();
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
              <Entry entry={entry} />
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
