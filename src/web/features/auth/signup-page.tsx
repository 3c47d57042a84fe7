import { Anchor, Button, PasswordInput, Stack, TextInput } from '@mantine/core';
import { useForm } from '@mantine/form';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, Navigate, useNavigate } from 'react-router';
import { applyServerErrors, focusFirstInvalid } from '../../api/errors';
import { FormAlert } from '../../components/form-alert';
import { FullPageLoader } from '../../components/full-page-loader';
import { useDocumentTitle } from '../../components/use-document-title';
import { email, password, required } from '../../lib/validation';
import { paths } from '../../routes/paths';
import { useMe, useSignup } from './api';
import { AuthLayout } from './auth-layout';

const FIELDS = ['name', 'email', 'password', 'organizationName'] as const;

export function SignupPage() {
  const { t } = useTranslation();
  useDocumentTitle(t('auth.signup.docTitle'));
  const me = useMe();
  const signup = useSignup();
  const navigate = useNavigate();
  const [formError, setFormError] = useState<string | null>(null);

  const form = useForm({
    initialValues: { name: '', email: '', password: '', organizationName: '' },
    validate: { name: required, email, password, organizationName: required },
  });

  if (me.isPending) return <FullPageLoader />;
  if (me.data && !signup.isPending) return <Navigate to={paths.events} replace />;

  const submit = form.onSubmit(
    async (values) => {
      setFormError(null);
      try {
        await signup.mutateAsync({
          name: values.name.trim(),
          email: values.email.trim(),
          password: values.password,
          organizationName: values.organizationName.trim(),
        });
        void navigate(paths.events, { replace: true });
      } catch (err) {
        setFormError(applyServerErrors(form, err, t, FIELDS));
        focusFirstInvalid();
      }
    },
    () => focusFirstInvalid(),
  );

  return (
    <AuthLayout
      title={t('auth.signup.title')}
      subtitle={t('auth.signup.subtitle')}
      footer={
        <>
          {t('auth.signup.haveAccount')}{' '}
          <Anchor component={Link} to={paths.login} fw={600}>
            {t('auth.signup.loginLink')}
          </Anchor>
        </>
      }
    >
      <form onSubmit={submit} noValidate aria-label={t('auth.signup.title')}>
        <Stack gap="md">
          <FormAlert message={formError} />
          <TextInput label={t('auth.fields.name')} autoComplete="name" required {...form.getInputProps('name')} />
          <TextInput label={t('auth.fields.email')} type="email" autoComplete="email" inputMode="email" required {...form.getInputProps('email')} />
          <PasswordInput
            visibilityToggleButtonProps={{ 'aria-label': t('auth.fields.togglePassword') }}
            label={t('auth.fields.password')}
            description={t('auth.fields.passwordHint')}
            autoComplete="new-password"
            required
            {...form.getInputProps('password')}
          />
          <TextInput
            label={t('auth.fields.organizationName')}
            description={t('auth.fields.organizationHint')}
            autoComplete="organization"
            required
            {...form.getInputProps('organizationName')}
          />
          <Button type="submit" loading={signup.isPending} fullWidth mt="xs">
            {t('auth.signup.submit')}
          </Button>
        </Stack>
      </form>
    </AuthLayout>
  );
}
