import '../../styles/public';
import { Anchor, Box, Container, Group, Text } from '@mantine/core';
import { useEffect, useId, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { Logo } from '../../components/logo';
import { useDocumentTitle } from '../../components/use-document-title';
import { changeLanguage, currentLanguage } from '../../i18n';
import { LANGUAGES, isLanguage } from '../../i18n/languages';

/**
 * A native <select> for the language: a phone shows its own picker, keyboards and screen
 * readers know it, and it costs no popover code on the buyer's first load.
 */
export function LanguageSelect() {
  const { t, i18n } = useTranslation();
  const id = useId();
  const active = currentLanguage();
  return (
    <Group gap={6} wrap="nowrap" key={i18n.language}>
      <label htmlFor={id} className="foyer-visually-hidden">
        {t('public.ui.language')}
      </label>
      <select
        id={id}
        className="foyer-lang-select"
        value={active}
        data-testid="language-select"
        onChange={(e) => {
          if (isLanguage(e.target.value)) void changeLanguage(e.target.value);
        }}
      >
        {LANGUAGES.map((l) => (
          <option key={l.code} value={l.code} lang={l.code}>
            {l.name}
          </option>
        ))}
      </select>
    </Group>
  );
}

let firstPage = true;

/** Header (organiser, language), main landmark and footer of every buyer page. */
export function PublicShell({ title, organizer, children }: { title?: string; organizer?: string; children: ReactNode }) {
  const { t } = useTranslation();
  useDocumentTitle(title);
  // After an in-app navigation, focus starts at the new page's content (screen readers read it).
  useEffect(() => {
    if (firstPage) {
      firstPage = false;
      return;
    }
    document.getElementById('main')?.focus();
  }, []);
  return (
    <Box className="foyer-public" mih="100vh" bg="var(--mantine-color-gray-0)" style={{ display: 'flex', flexDirection: 'column' }}>
      <a className="foyer-skip-link" href="#main">
        {t('public.ui.skipToContent')}
      </a>
      <header className="foyer-public-header">
        <Container size={760} px="md" py="xs">
          <Group justify="space-between" wrap="nowrap" gap="sm">
            {organizer ? (
              <Text fw={700} className="foyer-wrap" data-testid="organizer-name">
                {organizer}
              </Text>
            ) : (
              <Logo />
            )}
            <LanguageSelect />
          </Group>
        </Container>
      </header>
      <Container size={760} w="100%" px="md" py="lg" component="main" id="main" tabIndex={-1} style={{ flex: 1 }}>
        {children}
      </Container>
      <Box component="footer" py="md">
        <Text ta="center" size="sm" c="dimmed">
          {t('public.poweredBy')}{' '}
          <Anchor href="/" size="sm">
            Foyer
          </Anchor>
        </Text>
      </Box>
    </Box>
  );
}
