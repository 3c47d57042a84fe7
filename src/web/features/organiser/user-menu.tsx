import { Avatar, Group, Menu, Stack, Text, UnstyledButton } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import type { Me } from '../../api/types';
import { IconChevronDown, IconLogout } from '../../components/icons';
import { paths } from '../../routes/paths';

export function UserMenu({ me }: { me: Me }) {
  const { t } = useTranslation();
  return (
    <Menu position="bottom-end" shadow="md" width={260} withinPortal>
      <Menu.Target>
        <UnstyledButton aria-label={t('shell.accountMenu')} data-testid="user-menu" style={{ borderRadius: 'var(--mantine-radius-md)' }} p={4}>
          <Group gap={6} wrap="nowrap">
            <Avatar name={me.user.name} color="indigo" variant="filled" size={32} radius="xl" />
            <Text size="sm" fw={500} visibleFrom="md" maw={160} truncate="end">
              {me.user.name}
            </Text>
            <IconChevronDown size={14} className="foyer-hide-narrow" />
          </Group>
        </UnstyledButton>
      </Menu.Target>
      <Menu.Dropdown>
        <Menu.Label>{t('shell.signedInAs')}</Menu.Label>
        <Stack gap={0} px="sm" pb="xs">
          <Text size="sm" fw={600} className="foyer-wrap">
            {me.user.name}
          </Text>
          <Text size="sm" c="dimmed" className="foyer-wrap">
            {me.user.email}
          </Text>
          <Text size="xs" c="dimmed" mt={4}>
            {me.organization.name} · {t(`shell.role.${me.member.role}`)}
          </Text>
        </Stack>
        <Menu.Divider />
        <Menu.Item component={Link} to={paths.logout} leftSection={<IconLogout size={16} />} data-testid="logout">
          {t('shell.logout')}
        </Menu.Item>
      </Menu.Dropdown>
    </Menu>
  );
}
