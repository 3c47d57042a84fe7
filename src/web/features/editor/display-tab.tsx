import { Stack, Switch } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { errorMessage } from '../../api/errors';
import { notifyError, notifySuccess } from '../../components/notify';
import { usePatchEvent, type EditorEvent } from './api';
import { EditorSection } from './shared';

const OPTIONS = ['showConferenceDetails', 'hideJoinLinkInEmail', 'hideJoinLinkOnTicket'] as const;

/** Ticket display options (SPEC 5), stored in the event's settings. */
export function DisplayTab({ event, editable }: { event: EditorEvent; editable: boolean }) {
  const { t } = useTranslation();
  const patch = usePatchEvent(event.id);
  const settings = event.settings ?? {};
  const toggle = (key: (typeof OPTIONS)[number], value: boolean) =>
    patch.mutate(
      { settings: { [key]: value } },
      { onSuccess: () => notifySuccess(t('editor.saved')), onError: (err) => notifyError(t('editor.display.title'), errorMessage(err, t)) },
    );
  return (
    <EditorSection title={t('editor.display.title')} description={t('editor.display.description')} testId="display-options">
      <Stack gap="md">
        {OPTIONS.map((k) => (
          <Switch
            key={k}
            label={t(`editor.display.${k}`)}
            description={t(`editor.display.${k}Hint`)}
            checked={settings[k] === true}
            disabled={!editable || patch.isPending}
            onChange={(e) => toggle(k, e.currentTarget.checked)}
            data-testid={`display-${k}`}
          />
        ))}
      </Stack>
    </EditorSection>
  );
}
