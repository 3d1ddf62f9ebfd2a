import { Alert, Button, Center, Group, Paper, PasswordInput, Stack, Text, TextInput, Title } from '@mantine/core';
import { IconAlertCircle } from '@tabler/icons-react';
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { Navigate, useLocation, useNavigate } from 'react-router';
import { useErrorMessage } from '../../lib/errors';
import { LanguageSwitch } from '../layout/LanguageSwitch';
import { useLogin, useSession } from './session';
import { usePageTitle } from '../../lib/usePageTitle';

export function LoginPage() {
  const { t } = useTranslation();
  const errorMessage = useErrorMessage();
  usePageTitle(t('login.title'));
  const { data: session } = useSession();
  const login = useLogin();
  const navigate = useNavigate();
  const location = useLocation();
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const from = (location.state as { from?: string } | null)?.from ?? '/';

  if (session) return <Navigate to={from} replace />;

  const submit = (e: FormEvent) => {
    e.preventDefault();
    login.mutate({ email: email.trim(), password }, { onSuccess: () => navigate(from, { replace: true }) });
  };

  return (
    <Center mih="100vh" p="md" bg="gray.0">
      <Stack w="100%" maw={400} gap="md">
        <Group justify="space-between">
          <div>
            <Title order={1} size="h2">{t('app.name')}</Title>
            <Text c="dimmed" size="sm">{t('app.tagline')}</Text>
          </div>
          <LanguageSwitch />
        </Group>
        <Paper withBorder shadow="sm" p="lg" radius="md" component="form" onSubmit={submit} aria-labelledby="login-title">
          <Stack gap="sm">
            <Title order={2} size="h4" id="login-title">{t('login.title')}</Title>
            {login.error ? (
              <Alert color="red" icon={<IconAlertCircle aria-hidden />} role="alert">
                {errorMessage(login.error)}
              </Alert>
            ) : null}
            <TextInput
              label={t('login.email')}
              type="email"
              autoComplete="username"
              required
              value={email}
              onChange={(e) => setEmail(e.currentTarget.value)}
              dir="ltr"
              autoFocus
            />
            <PasswordInput
              label={t('login.password')}
              autoComplete="current-password"
              required
              value={password}
              onChange={(e) => setPassword(e.currentTarget.value)}
            />
            <Button type="submit" loading={login.isPending} fullWidth mt="xs">
              {t('login.submit')}
            </Button>
          </Stack>
        </Paper>
      </Stack>
    </Center>
  );
}
