import { Card, SimpleGrid, Stack, Text, ThemeIcon, Title } from '@mantine/core';
import { IconActivity, IconBuilding, IconListDetails, IconStack2, IconUsers, IconUsersGroup, type Icon } from '@tabler/icons-react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { useCurrentSession } from '../auth/session';
import type { Role } from '../auth/types';
import { usePageTitle } from '../../lib/usePageTitle';

interface Shortcut {
  to: string;
  titleKey: string;
  textKey: string;
  icon: Icon;
}

const shortcuts: Record<Role, Shortcut[]> = {
  agent: [{ to: '/customers', titleKey: 'nav.customers', textKey: 'home.shortcut.customers', icon: IconUsersGroup }],
  supervisor: [
    { to: '/supervisor/queues', titleKey: 'nav.queuesAndAgents', textKey: 'home.shortcut.queuesAndAgents', icon: IconActivity },
    { to: '/customers', titleKey: 'nav.customers', textKey: 'home.shortcut.customers', icon: IconUsersGroup },
  ],
  admin: [
    { to: '/admin/users', titleKey: 'nav.users', textKey: 'home.shortcut.users', icon: IconUsers },
    { to: '/admin/departments', titleKey: 'nav.departments', textKey: 'home.shortcut.departments', icon: IconBuilding },
    { to: '/admin/queues', titleKey: 'nav.queues', textKey: 'home.shortcut.queues', icon: IconStack2 },
    { to: '/supervisor/queues', titleKey: 'nav.queuesAndAgents', textKey: 'home.shortcut.queuesAndAgents', icon: IconActivity },
    { to: '/admin/audit', titleKey: 'nav.audit', textKey: 'home.shortcut.audit', icon: IconListDetails },
    { to: '/customers', titleKey: 'nav.customers', textKey: 'home.shortcut.customers', icon: IconUsersGroup },
  ],
};

export function HomePage() {
  const { t } = useTranslation();
  const { user, workspace } = useCurrentSession();
  usePageTitle(t('nav.home'));
  return (
    <Stack gap="lg" maw={960}>
      <div>
        <Title order={2}>{t('home.welcome', { name: user.name })}</Title>
        <Text c="dimmed">{t('home.workspace', { workspace: workspace.name })}</Text>
      </div>
      <Text>{t(`home.intro.${user.role}`)}</Text>
      <SimpleGrid cols={{ base: 1, sm: 2, lg: 3 }}>
        {shortcuts[user.role].map((s) => (
          <Card key={s.to} withBorder padding="lg" component={Link} to={s.to}>
            <ThemeIcon variant="light" size="lg" mb="sm" aria-hidden>
              <s.icon size={20} />
            </ThemeIcon>
            <Text fw={600}>{t(s.titleKey)}</Text>
            <Text size="sm" c="dimmed">{t(s.textKey)}</Text>
          </Card>
        ))}
      </SimpleGrid>
    </Stack>
  );
}
