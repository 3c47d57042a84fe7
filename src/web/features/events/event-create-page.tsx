import { Anchor, Button, Group, Paper, Stack, Title } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate } from 'react-router';
import { IconArrowLeft } from '../../components/icons';
import { notifySuccess } from '../../components/notify';
import { useDocumentTitle } from '../../components/use-document-title';
import { paths } from '../../routes/paths';
import { useCreateEvent } from './api';
import { LocalisedDates } from './dates-setup';
import { EventForm } from './event-form';

export function EventCreatePage() {
  const { t } = useTranslation();
  useDocumentTitle(t('events.create.docTitle'));
  const create = useCreateEvent();
  const navigate = useNavigate();

  return (
    <Stack gap="lg" maw={760}>
      <Anchor component={Link} to={paths.events} size="sm" w="fit-content">
        <Group gap={4} wrap="nowrap" component="span">
          <IconArrowLeft size={16} />
          {t('events.detail.backToEvents')}
        </Group>
      </Anchor>
      <Title order={1}>{t('events.create.title')}</Title>
      <Paper withBorder radius="md" p={{ base: 'md', sm: 'xl' }}>
        <LocalisedDates>
          <EventForm
            submitLabel={t('events.create.submit')}
            submitting={create.isPending}
            onSubmit={async (input) => {
              const event = await create.mutateAsync(input);
              notifySuccess(t('events.create.created', { title: event.title }));
              void navigate(paths.event(event.id));
            }}
            secondaryAction={
              <Button component={Link} to={paths.events} variant="default">
                {t('common.cancel')}
              </Button>
            }
          />
        </LocalisedDates>
      </Paper>
    </Stack>
  );
}
