import { Alert, Button, Group, Modal, PasswordInput, Stack } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiError } from '../../lib/api';
import { useErrorMessage } from '../../lib/errors';
import { useChangePassword } from './session';

/** The server's rule (weak_password below it). */
const minLength = 10;

export function PasswordChangeModal({ opened, onClose }: { opened: boolean; onClose: () => void }) {
  const { t } = useTranslation();
  const errorMessage = useErrorMessage();
  const change = useChangePassword();
  const [current, setCurrent] = useState('');
  const [next, setNext] = useState('');
  const [repeat, setRepeat] = useState('');
  const mismatch = repeat.length > 0 && next !== repeat;
  const tooShort = next.length > 0 && next.length < minLength;

  const close = () => {
    setCurrent('');
    setNext('');
    setRepeat('');
    change.reset();
    onClose();
  };

  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (mismatch || tooShort) return;
    change.mutate(
      { currentPassword: current, newPassword: next },
      {
        onSuccess: () => {
          notifications.show({ color: 'green', message: t('password.changed') });
          close();
        },
      },
    );
  };

  return (
    <Modal opened={opened} onClose={close} title={t('password.title')}>
      <form onSubmit={submit}>
        <Stack gap="sm">
          {change.error ? (
            <Alert color="red" role="alert">
              {/* Here invalid_credentials can only mean the current password. */}
              {change.error instanceof ApiError && change.error.code === 'invalid_credentials' ? t('errors.wrong_password') : errorMessage(change.error)}
            </Alert>
          ) : null}
          <PasswordInput label={t('password.current')} autoComplete="current-password" required value={current} onChange={(e) => setCurrent(e.currentTarget.value)} />
          <PasswordInput
            label={t('password.new')}
            description={t('password.rule', { count: minLength })}
            autoComplete="new-password"
            required
            value={next}
            onChange={(e) => setNext(e.currentTarget.value)}
            error={tooShort ? t('password.tooShort', { count: minLength }) : undefined}
          />
          <PasswordInput
            label={t('password.repeat')}
            autoComplete="new-password"
            required
            value={repeat}
            onChange={(e) => setRepeat(e.currentTarget.value)}
            error={mismatch ? t('password.mismatch') : undefined}
          />
          <Group justify="flex-end" mt="xs">
            <Button variant="default" onClick={close}>{t('common.cancel')}</Button>
            <Button type="submit" loading={change.isPending}>{t('password.submit')}</Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}
