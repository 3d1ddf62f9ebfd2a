import { Badge, Box, Button, Group, Menu, Text, Tooltip, VisuallyHidden } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { IconAlertTriangle, IconBell, IconCheck, IconChevronDown, IconCircleFilled, IconPlayerPause, IconPlugConnectedX, IconPower } from '@tabler/icons-react';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useErrorMessage } from '../../lib/errors';
import { notificationPermission, requestNotificationPermission, unlockAudio } from './alerts';
import { useReasonCodes, useRoutingMe, useSetAgentState } from './api';
import { formatDuration, secondsSince, useNow } from './clock';
import { stateColor, useRoutingLabels } from './labels';
import type { AgentState, RoutingMe } from './types';
import { useRealtimeStatus } from '../../lib/realtime';

function Elapsed({ since }: { since: string }) {
  const now = useNow(1000);
  return (
    <Text span size="sm" ff="monospace" dir="ltr" data-testid="agent-state-time">
      {formatDuration(secondsSince(since, now))}
    </Text>
  );
}

/** "Web chat 1/3" for each channel the agent is handling something on (all of them in the menu). */
function loadEntries(me: RoutingMe, all: boolean) {
  const capacity = me.capacity ?? {};
  const load = me.load ?? {};
  const channels = new Set([...Object.keys(capacity), ...Object.keys(load)]);
  return [...channels]
    .map((c) => ({ channel: c, load: load[c] ?? 0, capacity: capacity[c] ?? 0 }))
    .filter((e) => (all ? e.capacity > 0 || e.load > 0 : e.load > 0));
}

/** The agent's presence in the header: state with colour and time in it, the menu to change it, load and missed offers. */
export function AgentStateControl() {
  const { t } = useTranslation();
  const labels = useRoutingLabels();
  const errorMessage = useErrorMessage();
  const me = useRoutingMe();
  const reasons = useReasonCodes();
  const setState = useSetAgentState();
  const { status } = useRealtimeStatus();
  const [permission, setPermission] = useState(notificationPermission);

  if (!me.data) return null;
  const current = me.data;
  const color = stateColor(current.state);
  const label = labels.stateWithReason(current.state, current.reason);

  const change = (state: AgentState, reason?: string) => {
    unlockAudio();
    if (state === current.state && (reason ?? null) === current.reason) return;
    setState.mutate(reason ? { state, reason } : { state }, {
      onError: (error) => notifications.show({ color: 'red', title: t('routing.stateChangeFailed'), message: errorMessage(error) }),
    });
  };

  const isCurrent = (state: AgentState, reason?: string) => current.state === state && (reason === undefined || current.reason === reason);
  const check = (on: boolean) => (on ? <IconCheck size={14} aria-hidden /> : null);
  const headerLoad = loadEntries(current, false);
  const menuLoad = loadEntries(current, true);

  return (
    <Group gap={6} wrap="nowrap">
      {current.missedInRow > 0 ? (
        <Tooltip label={t('routing.missedHint', { count: current.missedInRow })}>
          <Badge
            color="red"
            variant="filled"
            leftSection={<IconAlertTriangle size={12} aria-hidden />}
            data-testid="missed-offers"
            role="status"
            aria-label={t('routing.missedHint', { count: current.missedInRow })}
          >
            {current.missedInRow}
          </Badge>
        </Tooltip>
      ) : null}
      <Group gap={4} wrap="nowrap" visibleFrom="md" aria-label={t('routing.load')} role="group">
        {headerLoad.map((e) => (
          <Badge key={e.channel} variant="outline" color="gray" size="sm" styles={{ label: { overflow: 'visible' } }}>
            {labels.channel(e.channel)} <span dir="ltr">{e.load}/{e.capacity}</span>
          </Badge>
        ))}
      </Group>
      <Menu position="bottom-end" withinPortal>
        <Menu.Target>
          <Button
            variant="light"
            color={color}
            loading={setState.isPending}
            leftSection={<IconCircleFilled size={10} aria-hidden />}
            rightSection={<Box component="span" visibleFrom="sm" style={{ display: 'flex' }}><IconChevronDown size={14} aria-hidden /></Box>}
            px={{ base: 10, sm: 'md' }}
            data-testid="agent-state"
            data-state={current.state}
          >
            {/* Phones show only the coloured dot; the name of the state is always there for screen readers. */}
            <VisuallyHidden>{`${t('routing.yourStatus')} ${label}`}</VisuallyHidden>
            <Text span size="sm" fw={600} visibleFrom="sm" aria-hidden data-testid="agent-state-label">{label}</Text>
            <Box component="span" ms={8} visibleFrom="sm">
              <Elapsed since={current.since} />
            </Box>
            {status === 'connecting' ? (
              <Tooltip label={t('routing.reconnecting')}>
                <Box component="span" ms={6} aria-label={t('routing.reconnecting')} role="img">
                  <IconPlugConnectedX size={14} aria-hidden />
                </Box>
              </Tooltip>
            ) : null}
          </Button>
        </Menu.Target>
        <Menu.Dropdown miw={240}>
          <Menu.Label>{t('routing.changeStatus')}</Menu.Label>
          <Menu.Item
            leftSection={<IconCircleFilled size={10} color="var(--mantine-color-green-6)" aria-hidden />}
            rightSection={check(isCurrent('available'))}
            aria-current={isCurrent('available') ? 'true' : undefined}
            onClick={() => change('available')}
          >
            {t('routing.states.available')}
          </Menu.Item>
          {current.state === 'after_contact_work' ? (
            <Menu.Item
              leftSection={<IconCircleFilled size={10} color="var(--mantine-color-yellow-6)" aria-hidden />}
              rightSection={check(true)}
              aria-current="true"
              disabled
            >
              {t('routing.states.after_contact_work')}
            </Menu.Item>
          ) : null}
          <Menu.Label>{t('routing.awayWithReason')}</Menu.Label>
          {(reasons.data ?? []).map((code) => (
            <Menu.Item
              key={code}
              leftSection={<IconPlayerPause size={14} color="var(--mantine-color-orange-6)" aria-hidden />}
              rightSection={check(isCurrent('away', code))}
              aria-current={isCurrent('away', code) ? 'true' : undefined}
              onClick={() => change('away', code)}
            >
              {t('routing.awayReason', { reason: labels.reason(code) })}
            </Menu.Item>
          ))}
          {reasons.isPending ? <Menu.Item disabled>{t('common.loading')}</Menu.Item> : null}
          <Menu.Divider />
          <Menu.Item
            leftSection={<IconPower size={14} aria-hidden />}
            rightSection={check(isCurrent('offline'))}
            aria-current={isCurrent('offline') ? 'true' : undefined}
            onClick={() => change('offline')}
          >
            {t('routing.states.offline')}
          </Menu.Item>
          {menuLoad.length > 0 ? (
            <>
              <Menu.Divider />
              <Menu.Label>{t('routing.load')}</Menu.Label>
              <Box px="sm" pb={6}>
                {menuLoad.map((e) => (
                  <Group key={e.channel} justify="space-between" gap="md">
                    <Text size="sm">{labels.channel(e.channel)}</Text>
                    <Text size="sm" dir="ltr">{e.load}/{e.capacity}</Text>
                  </Group>
                ))}
              </Box>
            </>
          ) : null}
          {permission === 'default' ? (
            <>
              <Menu.Divider />
              <Menu.Item
                leftSection={<IconBell size={14} aria-hidden />}
                onClick={() => void requestNotificationPermission().then(setPermission)}
              >
                {t('routing.enableNotifications')}
              </Menu.Item>
            </>
          ) : null}
        </Menu.Dropdown>
      </Menu>
    </Group>
  );
}
