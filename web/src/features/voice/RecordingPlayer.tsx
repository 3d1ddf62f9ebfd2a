import { Box, Text, type BoxProps } from '@mantine/core';
import { useState } from 'react';
import { recordingUrl } from './api';
import { useVoiceTranslation } from './i18n';

/** Plays a call's recording (customer on the left channel, agent on the right); says so when there is none. */
export function RecordingPlayer({ interactionId, ...box }: { interactionId: string } & BoxProps) {
  const { t } = useVoiceTranslation();
  const [missing, setMissing] = useState(false);
  return (
    <Box {...box} data-testid="call-recording">
      <Text size="xs" fw={600} id={`recording-${interactionId}`}>{t('voice.recording.title')}</Text>
      {missing ? (
        <Text size="xs" c="dimmed">{t('voice.recording.none')}</Text>
      ) : (
        <audio controls preload="metadata" src={recordingUrl(interactionId)} onError={() => setMissing(true)} aria-labelledby={`recording-${interactionId}`} style={{ width: '100%', maxWidth: 420 }} />
      )}
    </Box>
  );
}
