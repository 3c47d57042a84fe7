import '@mantine/core/styles/Checkbox.css';
import { Alert, Button, Card, Checkbox, FileInput, Stack, Table, Text, Title } from '@mantine/core';
import { useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { isApiError } from '../../api/client';
import { errorMessage } from '../../api/errors';
import { IconAlert } from '../../components/icons';
import { useIntlLocale } from '../../i18n/use-intl-locale';
import { formatNumber } from '../../lib/format';
import { BulkProgress } from '../dashboard/bulk-progress';
import { csvExportUrl, orderKeys, useImportJob, useStartImport, type ImportState } from './api';

/** Download link to the CSV endpoint; the session cookie authorises the plain GET. */
export function ExportCard({ eventId }: { eventId: string }) {
  const { t } = useTranslation();
  const [includeUnpaid, setIncludeUnpaid] = useState(false);
  const [includeBilling, setIncludeBilling] = useState(false);
  return (
    <Card withBorder radius="md" padding="lg" component="section" aria-labelledby="export-heading">
      <Stack gap="sm">
        <Title order={2} fz="h4" id="export-heading">
          {t('orders.export.heading')}
        </Title>
        <Checkbox label={t('orders.export.includeUnpaid')} checked={includeUnpaid} onChange={(e) => setIncludeUnpaid(e.currentTarget.checked)} data-testid="export-unpaid" />
        <Checkbox label={t('orders.export.includeBilling')} checked={includeBilling} onChange={(e) => setIncludeBilling(e.currentTarget.checked)} data-testid="export-billing" />
        <Button component="a" href={csvExportUrl(eventId, { includeUnpaid, includeBilling })} download w="fit-content" data-testid="export-csv">
          {t('orders.export.download')}
        </Button>
      </Stack>
    </Card>
  );
}

type Issue = ImportState['errors'][number];

function issuesOf(err: unknown): Issue[] | null {
  if (!isApiError(err) || err.code !== 'import_invalid') return null;
  const raw = err.details.errors;
  return Array.isArray(raw) ? (raw as Issue[]) : null;
}

/** Upload a CSV; every problem is listed with its line and field, or the progress is shown. */
export function ImportCard({ eventId }: { eventId: string }) {
  const { t } = useTranslation();
  const locale = useIntlLocale();
  const qc = useQueryClient();
  const [file, setFile] = useState<File | null>(null);
  const [issues, setIssues] = useState<Issue[] | null>(null);
  const [formError, setFormError] = useState<string | null>(null);
  const [importId, setImportId] = useState<string | null>(null);
  const start = useStartImport(eventId);
  const refresh = () => {
    void qc.invalidateQueries({ queryKey: orderKeys.event(eventId) });
    void qc.invalidateQueries({ queryKey: ['dashboard', eventId] });
  };
  const job = useImportJob(importId, (s) => {
    if (s.status === 'failed') setIssues(s.errors);
    refresh();
  });

  const submit = async () => {
    if (!file) return;
    setIssues(null);
    setFormError(null);
    setImportId(null);
    let text: string;
    try {
      text = await file.text();
    } catch {
      setFormError(t('orders.import.readError'));
      return;
    }
    start.mutate(text, {
      onSuccess: (s) => {
        qc.setQueryData(orderKeys.importJob(s.importId), s);
        setImportId(s.importId);
        if (s.status === 'completed') refresh();
      },
      onError: (err) => {
        const list = issuesOf(err);
        if (list) setIssues(list);
        else setFormError(errorMessage(err, t));
      },
    });
  };

  const state = job.data;
  return (
    <Card withBorder radius="md" padding="lg" component="section" aria-labelledby="import-heading">
      <Stack gap="sm">
        <Title order={2} fz="h4" id="import-heading">
          {t('orders.import.heading')}
        </Title>
        <Text size="sm" c="dimmed">
          {t('orders.import.help')}
        </Text>
        <FileInput
          label={t('orders.import.file')}
          placeholder={t('orders.import.filePlaceholder')}
          accept=".csv,text/csv"
          value={file}
          onChange={(f) => {
            setFile(f);
            setIssues(null);
            setFormError(null);
          }}
          clearable
          error={formError ?? undefined}
          data-testid="import-file"
        />
        <Button onClick={() => void submit()} disabled={!file} loading={start.isPending} w="fit-content" data-testid="import-submit">
          {t('orders.import.submit')}
        </Button>
        {state && state.status !== 'failed' && (
          <BulkProgress
            testId="import-progress"
            done={state.processed}
            total={state.total}
            label={
              state.status === 'completed'
                ? t('orders.import.done', { attendees: formatNumber(state.total, locale), orders: formatNumber(state.ordersCreated, locale) })
                : t('orders.import.progress', { done: formatNumber(state.processed, locale), total: formatNumber(state.total, locale) })
            }
          />
        )}
        {issues && issues.length > 0 && <IssuesTable issues={issues} />}
      </Stack>
    </Card>
  );
}

function IssuesTable({ issues }: { issues: Issue[] }) {
  const { t } = useTranslation();
  const locale = useIntlLocale();
  return (
    <Alert color="red" variant="light" icon={<IconAlert />} title={t('orders.import.errorsTitle')} role="alert" data-testid="import-errors">
      <Table.ScrollContainer minWidth={360} mah={320}>
        <Table verticalSpacing={4} fz="sm">
          <Table.Thead>
            <Table.Tr>
              <Table.Th scope="col">{t('orders.import.errorLine')}</Table.Th>
              <Table.Th scope="col">{t('orders.import.errorField')}</Table.Th>
              <Table.Th scope="col">{t('orders.import.errorMessage')}</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {issues.map((i, n) => (
              <Table.Tr key={n}>
                <Table.Td>{formatNumber(i.line, locale)}</Table.Td>
                <Table.Td style={{ whiteSpace: 'nowrap' }}>{i.field}</Table.Td>
                <Table.Td className="foyer-wrap">{i.message}</Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      </Table.ScrollContainer>
    </Alert>
  );
}
