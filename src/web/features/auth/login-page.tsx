import { Alert, Anchor, Button, PasswordInput, Stack, TextInput } from '@mantine/core';
import { useForm } from '@mantine/form';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, Navigate, useLocation, useNavigate, useSearchParams } from 'react-router';
import { applyServerErrors, focusFirstInvalid } from '../../api/errors';
import { FormAlert } from '../../components/form-alert';
import { FullPageLoader } from '../../components/full-page-loader';
import { useDocumentTitle } from '../../components/use-document-title';
import { email, required } from '../../lib/validation';
import { paths } from '../../routes/paths';
import { safeNext, useLogin, useMe } from './api';
import { AuthLayout } from './auth-layout';

export function LoginPage() {
  const { t } = useTranslation();
  useDocumentTitle(t('auth.login.docTitle'));
  const me = useMe();
  const login = useLogin();
  const navigate = useNavigate();
  const location = useLocation();
  const [params] = useSearchParams();
  const next = safeNext(params.get('next'), paths.events);
  const loggedOut = (location.state as { loggedOut?: boolean } | null)?.loggedOut === true;
  const [formError, setFormError] = useState<string | null>(null);

  const form = useForm({
    initialValues: { email: '', password: '' },
    validate: { email, password: required },
  });

  if (me.isPending) return <FullPageLoader />;
  if (me.data && !login.isPending) return <Navigate to={next} replace />;

  const submit = form.onSubmit(
    async (values) => {
      setFormError(null);
      try {
        await login.mutateAsync({ email: values.email.trim(), password: values.password });
        void navigate(next, { replace: true });
      } catch (err) {
        setFormError(applyServerErrors(form, err, t, ['email', 'password']));
        focusFirstInvalid();
      }
    },
    () => focusFirstInvalid(),
  );

  return (
    <AuthLayout
      title={t('auth.login.title')}
      footer={
        <>
          {t('auth.login.noAccount')}{' '}
          <Anchor component={Link} to={paths.signup} fw={600}>
            {t('auth.login.signupLink')}
          </Anchor>
        </>
      }
    >
      {loggedOut && !formError && (
        <Alert color="teal" variant="light" role="status">
          {t('auth.logout.done')}
        </Alert>
      )}
      <form onSubmit={submit} noValidate aria-label={t('auth.login.title')}>
        <Stack gap="md">
          <FormAlert message={formError} />
          <TextInput
            label={t('auth.fields.email')}
            type="email"
            autoComplete="email"
            inputMode="email"
            required
            data-autofocus
            {...form.getInputProps('email')}
          />
          <PasswordInput
            visibilityToggleButtonProps={{ 'aria-label': t('auth.fields.togglePassword') }} label={t('auth.fields.password')} autoComplete="current-password" required {...form.getInputProps('password')} />
          <Button type="submit" loading={login.isPending} fullWidth mt="xs">
            {t('auth.login.submit')}
          </Button>
        </Stack>
      </form>
    </AuthLayout>
  );
}
