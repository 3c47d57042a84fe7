import { Button, Container, Stack, Text, Title } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { isRouteErrorResponse, useRouteError } from 'react-router';
import { useDocumentTitle } from '../components/use-document-title';
import { NotFoundPage } from './not-found';

/**
 * Shown when a page throws or its chunk cannot be loaded (typically right after a deploy, when
 * the old file names are gone): reloading fetches the new ones.
 */
export function RouteErrorPage() {
  const { t } = useTranslation();
  const error = useRouteError();
  useDocumentTitle(t('routeError.title'));
  if (isRouteErrorResponse(error) && error.status === 404) return <NotFoundPage />;
  if (import.meta.env.DEV) console.error(error);
  return (
    <Container size="sm" py={80} component="main" id="main">
      <Stack align="center" gap="md" ta="center" role="alert">
        <Title order={1}>{t('routeError.title')}</Title>
        <Text c="dimmed">{t('routeError.text')}</Text>
        <Button onClick={() => window.location.reload()} mt="sm">
          {t('routeError.reload')}
        </Button>
      </Stack>
    </Container>
  );
}
