import { Alert, Badge, Button, Card, Code, Grid, Group, Select, Skeleton, Stack, Switch, Text, TextInput, Textarea } from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import { useQuery } from '@tanstack/react-query';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { isApiError } from '../../api/client';
import { errorMessage } from '../../api/errors';
import { IconAlert } from '../../components/icons';
import { notifyError, notifySuccess } from '../../components/notify';
import { QueryError } from '../../components/query-error';
import { LANGUAGES } from '../../i18n/languages';
import { currentLanguage } from '../../i18n';
import { previewTemplate, TEMPLATE_KEYS, useEventTemplate, useResetTemplate, useSaveTemplate, type EditorEvent, type EmailTemplate, type TemplateKey } from './api';
import { EditorSection } from './shared';

/** E-mail templates of this event: subject and body (Liquid), on/off, copy to the organiser, live preview. */
export function EmailsTab({ event }: { event: EditorEvent }) {
  const { t } = useTranslation();
  const [key, setKey] = useState<TemplateKey>('order_confirmation');
  const template = useEventTemplate(event.id, key);
  return (
    <EditorSection title={t('editor.emails.title')} description={
        <>
          {t('editor.emails.hint')} <Code>{'{{ event.title }}'}</Code>
        </>
      }
      testId="emails-editor">
      <Select
        label={t('editor.emails.template')}
        data={TEMPLATE_KEYS.map((k) => ({ value: k, label: t(`editor.emails.keys.${k}`) }))}
        value={key}
        onChange={(v) => v && setKey(v as TemplateKey)}
        allowDeselect={false}
        w={{ base: '100%', sm: 360 }}
        data-testid="template-select"
      />
      {template.isPending ? (
        <Skeleton height={300} />
      ) : template.isError ? (
        <QueryError title={t('editor.loadError')} error={template.error} onRetry={() => void template.refetch()} />
      ) : (
        <TemplateEditor key={key} event={event} templateKey={key} template={template.data} />
      )}
    </EditorSection>
  );
}

interface SyntaxProblem {
  field: string;
  message: string;
  line?: number;
  column?: number;
}

function syntaxProblems(err: unknown): SyntaxProblem[] {
  if (!isApiError(err) || err.code !== 'template_syntax_error') return [];
  const raw = (err.details.fields ?? []) as { field?: string; message?: string; line?: number; column?: number }[];
  return raw.map((f) => ({ field: String(f.field ?? ''), message: String(f.message ?? err.message), line: f.line, column: f.column }));
}

function TemplateEditor({ event, templateKey, template }: { event: EditorEvent; templateKey: TemplateKey; template: EmailTemplate }) {
  const { t } = useTranslation();
  const save = useSaveTemplate(event.id, templateKey);
  const reset = useResetTemplate(event.id, templateKey);
  const ui = currentLanguage();
  const [locale, setLocale] = useState<string>(template.texts[event.locale] ? event.locale : ui);
  const text = template.texts[locale] ?? { subject: '', body: '', source: 'default' as const };
  const [subject, setSubject] = useState(text.subject);
  const [body, setBody] = useState(text.body);
  const [saveProblems, setSaveProblems] = useState<SyntaxProblem[]>([]);
  useEffect(() => {
    setSubject(text.subject);
    setBody(text.body);
    setSaveProblems([]);
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [locale, template]);

  const [debounced] = useDebouncedValue({ subject, body }, 400);
  const preview = useQuery({
    queryKey: ['editor', event.id, 'preview', templateKey, locale, debounced.subject, debounced.body],
    queryFn: ({ signal }) => previewTemplate({ key: templateKey, locale, eventId: event.id, subject: debounced.subject, body: debounced.body }, signal),
    retry: false,
    staleTime: 60_000,
    placeholderData: (prev) => prev,
  });
  const previewProblems = syntaxProblems(preview.error);
  const problems = saveProblems.length ? saveProblems : previewProblems;
  const problemFor = (field: 'subject' | 'body') => {
    const p = problems.find((x) => x.field === field || x.field.endsWith(`.${field}`));
    return p ? (p.line ? t('editor.emails.syntaxAt', { line: p.line, column: p.column ?? 1, message: p.message }) : p.message) : null;
  };

  const toggle = (field: 'enabled' | 'copyToOrganizer', value: boolean) =>
    save.mutate({ [field]: value }, { onSuccess: () => notifySuccess(t('editor.saved')), onError: (err) => notifyError(t('editor.emails.title'), errorMessage(err, t)) });

  const onSave = () => {
    setSaveProblems([]);
    save.mutate(
      { locale, subject, body },
      {
        onSuccess: () => notifySuccess(t('editor.emails.saved')),
        onError: (err) => {
          const p = syntaxProblems(err);
          if (p.length) setSaveProblems(p);
          else notifyError(t('editor.emails.title'), errorMessage(err, t));
        },
      },
    );
  };

  const sourceLabel = t(`editor.emails.source.${text.source}`);
  return (
    <Stack gap="md">
      <Group gap="xl">
        <Switch label={t('editor.emails.enabled')} checked={template.enabled} onChange={(e) => toggle('enabled', e.currentTarget.checked)} data-testid="template-enabled" />
        <Switch label={t('editor.emails.copyToOrganizer')} checked={template.copyToOrganizer} onChange={(e) => toggle('copyToOrganizer', e.currentTarget.checked)} data-testid="template-copy" />
      </Group>
      <Grid gap="lg">
        <Grid.Col span={{ base: 12, md: 6 }}>
          <Stack gap="sm">
            <Group gap="sm" align="flex-end">
              <Select
                label={t('editor.emails.language')}
                data={LANGUAGES.map((l) => ({ value: l.code, label: l.name }))}
                value={locale}
                onChange={(v) => v && setLocale(v)}
                allowDeselect={false}
                w={180}
              />
              <Badge variant="light" color={text.source === 'event' ? 'blue' : 'gray'} c={text.source === 'event' ? 'blue.9' : 'gray.8'} tt="none" mb={6}>
                {sourceLabel}
              </Badge>
            </Group>
            <TextInput label={t('editor.emails.subject')} value={subject} onChange={(e) => setSubject(e.currentTarget.value)} error={problemFor('subject')} data-testid="template-subject" />
            <Textarea
              label={t('editor.emails.body')}
              description={t('editor.emails.bodyHint')}
              value={body}
              onChange={(e) => setBody(e.currentTarget.value)}
              error={problemFor('body')}
              autosize
              minRows={12}
              maxRows={28}
              spellCheck={false}
              styles={{ input: { fontFamily: 'var(--mantine-font-family-monospace)', fontSize: 13 } }}
              data-testid="template-body"
            />
            <Group justify="flex-end" gap="sm">
              {template.overridden && (
                <Button
                  variant="subtle"
                  color="red"
                  loading={reset.isPending}
                  onClick={() => reset.mutate(undefined, { onSuccess: () => notifySuccess(t('editor.emails.resetDone')), onError: (err) => notifyError(t('editor.emails.reset'), errorMessage(err, t)) })}
                >
                  {t('editor.emails.reset')}
                </Button>
              )}
              <Button onClick={onSave} loading={save.isPending} data-testid="template-save">
                {t('editor.emails.save')}
              </Button>
            </Group>
          </Stack>
        </Grid.Col>
        <Grid.Col span={{ base: 12, md: 6 }}>
          <Stack gap="xs" aria-live="polite">
            <Text size="sm" fw={600}>
              {t('editor.emails.preview')}
            </Text>
            {previewProblems.length > 0 && (
              <Alert color="red" variant="light" icon={<IconAlert />} data-testid="template-syntax-error">
                {previewProblems.map((p) => (
                  <Text size="sm" key={p.field}>
                    {t(`editor.emails.fieldName.${p.field.endsWith('subject') ? 'subject' : 'body'}`)}: {p.line ? t('editor.emails.syntaxAt', { line: p.line, column: p.column ?? 1, message: p.message }) : p.message}
                  </Text>
                ))}
              </Alert>
            )}
            {preview.isError && previewProblems.length === 0 && <QueryError title={t('editor.emails.previewError')} error={preview.error} />}
            {preview.data ? (
              <Card withBorder radius="sm" padding="md" data-testid="template-preview" style={{ opacity: preview.isFetching ? 0.7 : 1 }}>
                <Stack gap="xs">
                  <Text size="xs" c="dimmed">
                    {t('editor.emails.subject')}
                  </Text>
                  <Text fw={600} className="foyer-wrap" data-testid="preview-subject">
                    {preview.data.subject}
                  </Text>
                  <Text size="sm" style={{ whiteSpace: 'pre-wrap' }} className="foyer-wrap" data-testid="preview-body">
                    {preview.data.body}
                  </Text>
                </Stack>
              </Card>
            ) : (
              preview.isPending && <Skeleton height={240} />
            )}
            <Text size="xs" c="dimmed">
              {t('editor.emails.sampleNote')}
            </Text>
          </Stack>
        </Grid.Col>
      </Grid>
    </Stack>
  );
}
