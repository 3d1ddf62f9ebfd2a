import { Badge, Button, Menu, Text } from '@mantine/core';
import { useDisclosure } from '@mantine/hooks';
import { IconChevronDown, IconKey, IconLogout, IconLogout2 } from '@tabler/icons-react';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router';
import { PasswordChangeModal } from '../auth/PasswordChangeModal';
import { useCurrentSession, useLogout } from '../auth/session';

/** Who is signed in, plus password change and the two ways to sign out. */
export function UserMenu() {
  const { t } = useTranslation();
  const { user } = useCurrentSession();
  const logout = useLogout();
  const navigate = useNavigate();
  const [passwordOpen, password] = useDisclosure(false);

  const signOut = (everywhere: boolean) =>
    logout.mutate(everywhere, { onSettled: () => navigate('/login', { replace: true }) });

  return (
    <>
      <Menu position="bottom-end" withinPortal>
        <Menu.Target>
          <Button
            variant="subtle"
            color="gray"
            rightSection={<IconChevronDown size={14} aria-hidden />}
            aria-label={t('header.accountMenu', { name: `${user.name} ${t(`roles.${user.role}`)}` })}
            data-testid="user-menu"
          >
            <Text span size="sm" fw={600} me={6} visibleFrom="xs">{user.name}</Text>{' '}
            <Badge size="sm" variant="light" styles={{ label: { overflow: 'visible' } }}>{t(`roles.${user.role}`)}</Badge>
          </Button>
        </Menu.Target>
        <Menu.Dropdown>
          <Menu.Label>{user.email}</Menu.Label>
          <Menu.Item leftSection={<IconKey size={16} aria-hidden />} onClick={password.open}>
            {t('header.changePassword')}
          </Menu.Item>
          <Menu.Divider />
          <Menu.Item leftSection={<IconLogout size={16} aria-hidden />} onClick={() => signOut(false)}>
            {t('header.signOut')}
          </Menu.Item>
          <Menu.Item color="red" leftSection={<IconLogout2 size={16} aria-hidden />} onClick={() => signOut(true)}>
            {t('header.signOutEverywhere')}
          </Menu.Item>
        </Menu.Dropdown>
      </Menu>
      <PasswordChangeModal opened={passwordOpen} onClose={password.close} />
    </>
  );
}
