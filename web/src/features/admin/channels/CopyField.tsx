import { ActionIcon, CopyButton, Group, Text, Tooltip } from '@mantine/core';
import { IconCheck, IconCopy } from '@tabler/icons-react';
import { useTranslation } from 'react-i18next';

/** A URL or snippet to copy, shown left-to-right whatever the page direction. */
export function CopyField({ label, value }: { label: string; value: string }) {
  const { t } = useTranslation();
  return (
    <div>
      <Text size="sm" fw={500}>{label}</Text>
      <Group gap={4} wrap="nowrap" align="flex-start">
        <Text component="code" size="xs" dir="ltr" style={{ wordBreak: 'break-all', flex: 1, fontFamily: 'monospace', background: 'var(--mantine-color-gray-light)', padding: '4px 6px', borderRadius: 4 }} data-testid="copy-value">
          {value}
        </Text>
        <CopyButton value={value}>
          {({ copied, copy }) => (
            <Tooltip label={copied ? t('channelAdmin.copied') : t('channelAdmin.copy')}>
              <ActionIcon variant="subtle" onClick={copy} aria-label={t('channelAdmin.copyLabel', { what: label })}>
                {copied ? <IconCheck size={16} aria-hidden /> : <IconCopy size={16} aria-hidden />}
              </ActionIcon>
            </Tooltip>
          )}
        </CopyButton>
      </Group>
    </div>
  );
}
