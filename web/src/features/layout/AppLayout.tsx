import { AppShell, Burger, Group, Text, Title } from '@mantine/core';
import { useDisclosure } from '@mantine/hooks';
import { useTranslation } from 'react-i18next';
import { Link, Outlet } from 'react-router';
import { useCurrentSession } from '../auth/session';
import { LanguageSwitch } from './LanguageSwitch';
import { ConsultRequests } from './ConsultRequests';
import { MentionsBell } from './MentionsBell';
import { Navigation } from './Navigation';
import { mainContentId, SkipLink } from './SkipLink';
import { UserMenu } from './UserMenu';
import { RoutingPresence, takesContacts } from '../routing/RoutingPresence';

/** The signed-in frame. AppShell places the navbar at the inline start, so it sits on the right in Arabic. */
export function AppLayout() {
  const { t } = useTranslation();
  const { user, workspace } = useCurrentSession();
  const [opened, { toggle, close }] = useDisclosure(false);

  return (
    <AppShell
      header={{ height: 60 }}
      navbar={{ width: 240, breakpoint: 'sm', collapsed: { mobile: !opened } }}
      padding="md"
    >
      <SkipLink />
      <AppShell.Header>
        <Group h="100%" px="md" justify="space-between" wrap="nowrap">
          <Group gap="sm" wrap="nowrap">
            <Burger opened={opened} onClick={toggle} hiddenFrom="sm" size="sm" aria-label={t('header.toggleNavigation')} />
            <Title order={1} size="h4">
              <Link to="/" style={{ color: 'inherit', textDecoration: 'none' }}>{t('app.name')}</Link>
            </Title>
            <Text c="dimmed" size="sm" visibleFrom="sm" data-testid="workspace-name">{workspace.name}</Text>
          </Group>
          <Group gap="xs" wrap="nowrap">
            {takesContacts(user.role) ? <RoutingPresence key={user.id} /> : null}
            <MentionsBell key={user.id} userId={user.id} />
            <ConsultRequests key={`consult-${user.id}`} userId={user.id} />
            <LanguageSwitch />
            <UserMenu key={user.id} />
          </Group>
        </Group>
      </AppShell.Header>
      <AppShell.Navbar p="sm" component="nav" aria-label={t('nav.label')} data-testid="app-navbar">
        <Navigation role={user.role} onNavigate={close} />
      </AppShell.Navbar>
      <AppShell.Main id={mainContentId} tabIndex={-1}>
        <Outlet />
      </AppShell.Main>
    </AppShell>
  );
}
