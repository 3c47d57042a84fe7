import '@mantine/core/styles/Popover.css';
import '@mantine/core/styles/Menu.css';
import { Button, Menu, VisuallyHidden } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { changeLanguage, currentLanguage } from '../i18n';
import { LANGUAGES } from '../i18n/languages';
import { IconCheck, IconChevronDown, IconLanguage } from './icons';

/** Header control listing each language in its own name; the choice is remembered. */
export function LanguageSwitcher() {
  const { t, i18n } = useTranslation();
  const active = currentLanguage();
  const activeName = LANGUAGES.find((l) => l.code === active)?.name ?? active;

  return (
    <Menu position="bottom-end" withinPortal shadow="md" key={i18n.language}>
      <Menu.Target>
        <Button
          variant="subtle"
          color="gray"
          c="var(--mantine-color-text)"
          px="xs"
          leftSection={<IconLanguage />}
          rightSection={<IconChevronDown size={14} className="foyer-hide-narrow" />}
          data-testid="language-switcher"
        >
          <VisuallyHidden>{t('language.label')}: </VisuallyHidden>
          <span lang={active}>
            <span className="foyer-lang-long">{activeName}</span>
            <span className="foyer-lang-short">{active.toUpperCase()}</span>
          </span>
        </Button>
      </Menu.Target>
      <Menu.Dropdown aria-label={t('language.label')}>
        {LANGUAGES.map((l) => (
          <Menu.Item
            key={l.code}
            lang={l.code}
            // Mantine fixes role="menuitem" (so no aria-checked); aria-current marks the active one.
            aria-current={l.code === active ? 'true' : undefined}
            rightSection={l.code === active ? <IconCheck size={16} /> : null}
            onClick={() => void changeLanguage(l.code)}
            data-testid={`language-${l.code}`}
          >
            {l.name}
          </Menu.Item>
        ))}
      </Menu.Dropdown>
    </Menu>
  );
}
