import { NavLink, Stack, Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { Link, useLocation } from 'react-router';
import type { Role } from '../auth/types';
import { sectionsFor, type NavItem } from './nav';

function isActive(pathname: string, item: NavItem): boolean {
  if (item.end) return pathname === item.to;
  return pathname === item.to || pathname.startsWith(`${item.to}/`);
}

export function Navigation({ role, onNavigate }: { role: Role; onNavigate: () => void }) {
  const { t } = useTranslation();
  const { pathname } = useLocation();
  return (
    <Stack gap="lg">
      {sectionsFor(role).map((section) => (
        <section key={section.key} aria-labelledby={`nav-${section.key}`}>
          <Text id={`nav-${section.key}`} size="xs" fw={700} c="dimmed" tt="uppercase" px="sm" mb={4}>
            {t(section.labelKey)}
          </Text>
          {section.items.map((item) => {
            const active = isActive(pathname, item);
            return (
              <NavLink
                key={item.to}
                component={Link}
                to={item.to}
                label={t(item.labelKey)}
                leftSection={<item.icon size={18} stroke={1.6} aria-hidden />}
                active={active}
                aria-current={active ? 'page' : undefined}
                onClick={onNavigate}
              />
            );
          })}
        </section>
      ))}
    </Stack>
  );
}
