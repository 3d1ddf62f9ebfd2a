import { Group, Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { identityIcon } from './icons';
import type { Identity } from './types';

/** A phone, email or handle: always left-to-right, even inside Arabic text. */
export function IdentityValue({ identity, size = 'sm' }: { identity: Pick<Identity, 'kind' | 'value'>; size?: 'xs' | 'sm' }) {
  const { t } = useTranslation();
  const Icon = identityIcon(identity.kind);
  return (
    <Group gap={6} wrap="nowrap">
      <Icon size={size === 'xs' ? 14 : 16} aria-label={t(`identityKinds.${identity.kind}`)} role="img" />
      <Text size={size} dir="ltr" span style={{ unicodeBidi: 'isolate', overflowWrap: 'anywhere' }}>
        {identity.value}
      </Text>
    </Group>
  );
}
