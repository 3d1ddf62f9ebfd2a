import { Alert, Button, Code, CopyButton, Group, Modal, Stack, Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';

/** The only time a generated password is visible: the admin passes it on, the server keeps only a hash. */
export function TemporaryPasswordModal({ password, userName, onClose }: { password: string | null; userName: string; onClose: () => void }) {
  const { t } = useTranslation();
  return (
    <Modal opened={password !== null} onClose={onClose} title={t('users.tempPassword.title')} closeOnClickOutside={false}>
      <Stack gap="sm">
        <Text size="sm">{t('users.tempPassword.text', { name: userName })}</Text>
        <Code block fz="lg" dir="ltr" data-testid="temporary-password">{password}</Code>
        <Alert color="yellow">{t('users.tempPassword.once')}</Alert>
        <Group justify="flex-end">
          <CopyButton value={password ?? ''}>
            {({ copied, copy }) => (
              <Button variant="light" onClick={copy}>{copied ? t('common.copied') : t('common.copy')}</Button>
            )}
          </CopyButton>
          <Button onClick={onClose}>{t('common.done')}</Button>
        </Group>
      </Stack>
    </Modal>
  );
}
