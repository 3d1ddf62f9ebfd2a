import { Box, Text, type BoxProps } from '@mantine/core';
import { useEffect, useState } from 'react';
import { recordingUrl } from './api';
import { useVoiceTranslation } from './i18n';

const retries = 6;

/**
 * Plays a call's recording (customer on the left channel, agent on the right); says so when there is
 * none. Right after a call the stereo file is still being made: it asks again a few times before giving up.
 */
export function RecordingPlayer({ interactionId, ...box }: { interactionId: string } & BoxProps) {
  const { t } = useVoiceTranslation();
  const [attempt, setAttempt] = useState(0);
  const [failed, setFailed] = useState(false);
  useEffect(() => {
    if (!failed || attempt >= retries) return;
    const id = setTimeout(() => {
      setFailed(false);
      setAttempt((a) => a + 1);
    }, 5_000);
    return () => clearTimeout(id);
  }, [failed, attempt]);
  const src = `${recordingUrl(interactionId)}${attempt ? `?try=${attempt}` : ''}`;
  return (
    <Box {...box} data-testid="call-recording">
      <Text size="xs" fw={600} id={`recording-${interactionId}`}>{t('voice.recording.title')}</Text>
      {failed ? (
        <Text size="xs" c="dimmed">{t('voice.recording.none')}</Text>
      ) : (
        <audio key={src} controls preload="metadata" src={src} onError={() => setFailed(true)} aria-labelledby={`recording-${interactionId}`} style={{ width: '100%', maxWidth: 420 }} />
      )}
    </Box>
  );
}
