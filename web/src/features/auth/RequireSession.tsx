import { Alert, Button, Center, Stack } from '@mantine/core';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { Navigate, useLocation } from 'react-router';
import { useErrorMessage } from '../../lib/errors';
import { PageLoader } from '../layout/PageLoader';
import { SessionContext, useSession } from './session';
import type { Role } from './types';

/** Shows its children only to a signed-in user (optionally of certain roles); otherwise the login. */
export function RequireSession({ children, roles }: { children: ReactNode; roles?: Role[] }) {
  const { t } = useTranslation();
  const errorMessage = useErrorMessage();
  const { data: session, isPending, error, refetch } = useSession();
  const location = useLocation();

  if (isPending) return <PageLoader />;
  if (error) {
    return (
      <Center mih="50vh">
        <Stack align="center">
          <Alert color="red" role="alert">{errorMessage(error)}</Alert>
          <Button onClick={() => void refetch()}>{t('common.retry')}</Button>
        </Stack>
      </Center>
    );
  }
  if (!session) return <Navigate to="/login" replace state={{ from: location.pathname + location.search }} />;
  if (roles && !roles.includes(session.user.role)) {
    return <Alert color="yellow" role="alert" title={t('errors.forbiddenTitle')}>{t('errors.forbidden')}</Alert>;
  }
  return <SessionContext.Provider value={session}>{children}</SessionContext.Provider>;
}
