import '../../styles/app';
import { Anchor, Box, Container, Group, Paper, Stack, Text, Title } from '@mantine/core';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { LanguageSwitcher } from '../../components/language-switcher';
import { Logo } from '../../components/logo';

/** Centred card for sign-up, login and logout, with the language switcher in reach. */
export function AuthLayout({ title, subtitle, children, footer }: { title: string; subtitle?: string; children: ReactNode; footer?: ReactNode }) {
  const { t } = useTranslation();
  return (
    <Box mih="100vh" bg="var(--mantine-color-gray-0)">
      <Group justify="space-between" px="md" py="sm" component="header">
        <Anchor component={Link} to="/" underline="never" c="var(--mantine-color-text)" aria-label={t('app.name')}>
          <Logo />
        </Anchor>
        <LanguageSwitcher />
      </Group>
      <Container size={460} px="md" pb="xl" pt={{ base: 'md', sm: 48 }} component="main" id="main">
        <Paper withBorder shadow="sm" radius="md" p={{ base: 'lg', sm: 'xl' }}>
          <Stack gap="lg">
            <Stack gap={6}>
              <Title order={1} fz={{ base: 24, sm: 28 }} className="foyer-wrap">
                {title}
              </Title>
              {subtitle && <Text c="dimmed">{subtitle}</Text>}
            </Stack>
            {children}
          </Stack>
        </Paper>
        {footer && (
          <Text ta="center" mt="lg">
            {footer}
          </Text>
        )}
      </Container>
    </Box>
  );
}
