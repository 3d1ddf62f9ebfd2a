import { Alert, Badge, Box, Button, Center, Group, Loader, Paper, Stack, Text, ThemeIcon, Title } from '@mantine/core';
import { IconMicrophoneOff, IconPhone, IconPhoneOff, IconPlayerPause } from '@tabler/icons-react';
import { useEffect, useMemo, useState, useSyncExternalStore, type ReactNode } from 'react';
import { useParams, useSearchParams } from 'react-router';
import { isUiLanguage } from '../../lib/i18n/languages';
import { usePageTitle } from '../../lib/usePageTitle';
import { PublicShell, usePublicLanguage } from '../kiosk/PublicShell';
import { LanguageSwitch } from '../layout/LanguageSwitch';
import { usePublicEntryPoint, type PublicEntryPoint } from './api';
import { CallTimer } from './CallTimer';
import { CustomerCall, type CallSnapshot } from './customerCall';
import { useVoiceTranslation } from './i18n';
import { Keypad } from './Keypad';
import { microphonePermission } from './media';

/**
 * The public call page of a voice entry point (`/call/:key`): call from the browser, hear the menu and
 * choose with the keypad, wait in the queue (position and estimated wait), talk, hang up. `?embed=1`
 * drops the page frame for the widget's panel; `?lang=` picks the language.
 */
export function CallPage() {
  const { key = '' } = useParams();
  const [params] = useSearchParams();
  const embedded = params.get('embed') === '1';
  const { t } = useVoiceTranslation();
  const entry = usePublicEntryPoint(key);
  usePublicLanguage(entry.data?.languages[0]);
  const visitorToken = useWidgetMessages(embedded);

  let body: ReactNode;
  if (entry.isPending) body = <Center mih="40vh"><Loader aria-label={t('common.loading')} /></Center>;
  else if (entry.error || !entry.data) body = <Alert color="yellow" role="alert">{t('voice.notFound')}</Alert>;
  else body = <CallPanel entryKey={key} entry={entry.data} visitorToken={visitorToken} />;

  if (embedded) return <Embedded title={entry.data?.name ?? t('voice.title')}>{body}</Embedded>;
  return <PublicShell title={entry.data?.name ?? t('voice.title')}>{body}</PublicShell>;
}

/**
 * In the widget's frame: the widget tells the page the visitor's language when it changes, and the chat
 * visitor's token (so a call-back reaches the same contact). Only messages of the parent window count.
 */
function useWidgetMessages(embedded: boolean) {
  const { i18n } = useVoiceTranslation();
  const [, setParams] = useSearchParams();
  const [visitorToken, setVisitorToken] = useState<string | undefined>();
  useEffect(() => {
    if (!embedded) return;
    const onMessage = (e: MessageEvent) => {
      if (e.source !== window.parent) return;
      const data = e.data as { type?: unknown; lang?: unknown; token?: unknown } | null;
      // The frame's link carries the language the page follows: change it there (and so the page).
      if (data?.type === 'tawasul:language' && isUiLanguage(data.lang) && data.lang !== i18n.language) {
        const lang = data.lang;
        setParams((p) => {
          const next = new URLSearchParams(p);
          next.set('lang', lang);
          return next;
        }, { replace: true });
      }
      if (data?.type === 'tawasul:visitor' && typeof data.token === 'string' && data.token.length < 512) setVisitorToken(data.token);
    };
    window.addEventListener('message', onMessage);
    // Tells the widget the page listens now (it answers with the language and the visitor's token).
    if (window.parent !== window) window.parent.postMessage({ type: 'tawasul:ready' }, '*');
    return () => window.removeEventListener('message', onMessage);
  }, [embedded, i18n, setParams]);
  return visitorToken;
}

function Embedded({ title, children }: { title: string; children: ReactNode }) {
  usePageTitle(title);
  return (
    <Box p="sm" component="main">
      <Group justify="flex-end" mb="xs"><LanguageSwitch /></Group>
      {children}
    </Box>
  );
}

const phaseColor: Partial<Record<CallSnapshot['phase'], string>> = { connected: 'green', held: 'orange', queued: 'blue', ivr: 'blue', ringing: 'teal', ended: 'gray' };

function CallPanel({ entryKey, entry, visitorToken }: { entryKey: string; entry: PublicEntryPoint; visitorToken?: string }) {
  const { t, i18n } = useVoiceTranslation();
  const client = useMemo(() => new CustomerCall('', entryKey), [entryKey]);
  const call = useSyncExternalStore(client.subscribe, () => client.snapshot);
  const [micBlocked, setMicBlocked] = useState(false);

  useEffect(() => {
    void microphonePermission().then((p) => setMicBlocked(p === 'denied'));
  }, [call.phase]);
  // Leaving the page ends the call (the DELETE is sent with keepalive).
  useEffect(() => {
    const bye = () => client.hangUp();
    window.addEventListener('pagehide', bye);
    return () => {
      window.removeEventListener('pagehide', bye);
      client.hangUp();
    };
  }, [client]);

  const language = entry.languages.includes(i18n.language) ? i18n.language : entry.languages[0] ?? 'en';
  const live = call.phase !== 'idle' && call.phase !== 'ended';
  const inCall = call.phase === 'connected' || call.phase === 'held';

  return (
    <Paper withBorder p="lg" radius="md" data-testid="call-panel" data-phase={call.phase} data-media={call.media}>
      <Stack gap="md" align="center" ta="center">
        <ThemeIcon size={64} radius="xl" variant="light" color={phaseColor[call.phase] ?? 'blue'} aria-hidden>
          {call.phase === 'held' ? <IconPlayerPause size={34} /> : <IconPhone size={34} />}
        </ThemeIcon>
        <div role="status" aria-live="polite">
          <Title order={2} size="h3" data-testid="call-phase">{t(`voice.phases.${call.phase}`)}</Title>
          {call.phase === 'queued' ? <QueueInfo call={call} /> : null}
          {inCall && call.connectedAt ? <Text size="sm">{t('voice.callTime')}: <CallTimer since={call.connectedAt} label={t('voice.callTime')} /></Text> : null}
          {call.phase === 'ended' && !call.failure && call.endedBy ? <Text size="sm" data-testid="call-ended-by">{t(`voice.endedBy.${call.endedBy}`)}</Text> : null}
          {call.link === 'reconnecting' ? <Badge color="yellow" mt={4}>{t('voice.reconnecting')}</Badge> : null}
        </div>

        {call.failure ? (
          <Alert color={call.failure === 'closed' || call.failure === 'busy' ? 'yellow' : 'red'} role="alert" icon={<IconMicrophoneOff size={18} aria-hidden />} ta="start" data-testid="call-failure" data-failure={call.failure}>
            {t(`voice.failures.${call.failure}`)}
          </Alert>
        ) : null}
        {call.callbackRequested ? <Alert color="green" ta="start" data-testid="callback-requested">{t('voice.callbackRequested')}</Alert> : null}

        {call.phase === 'idle' || call.phase === 'ended' ? (
          <>
            {call.phase === 'idle' ? <Text c="dimmed" size="sm">{entry.open ? t('voice.intro') : t('voice.closedNow')}</Text> : null}
            {micBlocked ? <Alert color="yellow" ta="start">{t('voice.micBlockedHint')}</Alert> : null}
            <Button size="lg" color="green" leftSection={<IconPhone size={20} aria-hidden />} onClick={() => { client.reset(); void client.start(language, visitorToken); }} data-testid="call-start">
              {call.phase === 'ended' ? t('voice.callAgain') : t('voice.start')}
            </Button>
          </>
        ) : (
          <>
            <Keypad onPress={(k) => client.press(k)} keyboard />
            {call.digits ? <Text size="sm" c="dimmed" dir="ltr" data-testid="call-digits">{t('voice.pressed', { digits: call.digits })}</Text> : null}
            <Group justify="center">
              {call.phase === 'queued' && !call.callbackRequested ? (
                <Button variant="light" onClick={() => client.requestCallback()} data-testid="call-callback">{t('voice.callMeBack')}</Button>
              ) : null}
              <Button color="red" size="md" leftSection={<IconPhoneOff size={18} aria-hidden />} onClick={() => client.hangUp()} disabled={!live} data-testid="call-hangup">
                {t('voice.hangUp')}
              </Button>
            </Group>
          </>
        )}
      </Stack>
    </Paper>
  );
}

function QueueInfo({ call }: { call: CallSnapshot }) {
  const { t } = useVoiceTranslation();
  const minutes = call.estimatedWaitSeconds === null ? null : Math.round(call.estimatedWaitSeconds / 60);
  return (
    <Stack gap={2} mt={4}>
      {call.position !== null ? <Text data-testid="call-position">{t('voice.position', { position: call.position })}</Text> : null}
      {minutes !== null ? <Text size="sm" c="dimmed" data-testid="call-wait">{minutes < 1 ? t('voice.waitShort') : t('voice.wait', { minutes })}</Text> : null}
    </Stack>
  );
}
