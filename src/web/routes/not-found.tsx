import { Button, Container, Stack, Text, Title } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { useDocumentTitle } from '../components/use-document-title';

/** The 404 message; inside the organiser shell it renders in the shell's own <main>. */
export function NotFoundContent() {
  const { t } = useTranslation();
  useDocumentTitle(t('notFound.docTitle'));
  return (
    <Stack align="center" gap="md" ta="center" py={{ base: 40, sm: 80 }}>
      <Text fz={64} fw={800} c="dimmed" aria-hidden="true" lh={1}>
        404
      </Text>
      <Title order={1}>{t('notFound.title')}</Title>
      <Text c="dimmed">{t('notFound.text')}</Text>
      <Button component={Link} to="/" mt="sm">
        {t('notFound.home')}
      </Button>
    </Stack>
  );
}

export function NotFoundPage() {
  return (
    <Container size="sm" component="main" id="main">
      <NotFoundContent />
    </Container>
  );
}
