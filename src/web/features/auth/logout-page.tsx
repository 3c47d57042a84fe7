import { Anchor, Button, Group, Loader, Stack, Text } from '@mantine/core';
import { useEffect, useRef } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate } from 'react-router';
import { errorMessage } from '../../api/errors';
import { FormAlert } from '../../components/form-alert';
import { useDocumentTitle } from '../../components/use-document-title';
import { paths } from '../../routes/paths';
import { useLogout } from './api';
import { AuthLayout } from './auth-layout';

/** `/logout` ends the session (POST, with the CSRF header) and goes to the login page. */
export function LogoutPage() {
  const { t } = useTranslation();
  useDocumentTitle(t('auth.logout.docTitle'));
  const logout = useLogout();
  const navigate = useNavigate();
  const started = useRef(false);

  const run = () =>
    logout.mutate(undefined, {
      onSuccess: () => void navigate(paths.login, { replace: true, state: { loggedOut: true } }),
    });

  useEffect(() => {
    // Once, even under StrictMode's double effects.
    if (started.current) return;
    started.current = true;
    run();
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, []);

  return (
    <AuthLayout title={t('auth.logout.docTitle')}>
      {logout.isError ? (
        <Stack gap="md">
          <FormAlert message={errorMessage(logout.error, t)} />
          <Group>
            <Button onClick={run}>{t('common.retry')}</Button>
            <Anchor component={Link} to={paths.login}>
              {t('auth.logout.loginAgain')}
            </Anchor>
          </Group>
        </Stack>
      ) : (
        <Group gap="sm" role="status">
          <Loader size="sm" aria-hidden="true" />
          <Text>{t('auth.logout.inProgress')}</Text>
        </Group>
      )}
    </AuthLayout>
  );
}
