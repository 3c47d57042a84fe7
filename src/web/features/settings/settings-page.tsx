import '../../styles/editor';
import { Skeleton, Stack, Tabs, Text, Title } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { useNavigate, useParams } from 'react-router';
import { QueryError } from '../../components/query-error';
import { useDocumentTitle } from '../../components/use-document-title';
import { paths } from '../../routes/paths';
import { useMe } from '../auth/api';
import { useMemberAccount, useSaveMemberAccount } from './api';
import { AccountForm, IntegrationsTab } from './integrations-tab';
import { MembersTab } from './members-tab';
import { OrganizationTab } from './organization-tab';
import { SettingsCard } from './shared';

const TABS = ['organization', 'members', 'integrations', 'conferencing'] as const;
type Tab = (typeof TABS)[number];

export const settingsPath = (tab: Tab = 'organization') => `${paths.settings}${tab === 'organization' ? '' : `/${tab}`}`;

export function SettingsPage() {
  const { t } = useTranslation();
  const { tab: raw } = useParams();
  const navigate = useNavigate();
  const me = useMe();
  const tab: Tab = (TABS as readonly string[]).includes(raw ?? '') ? (raw as Tab) : 'organization';
  useDocumentTitle(t(`settings.tabs.${tab}`));
  if (!me.data) return null;
  const canManage = me.data.member.role !== 'staff';
  return (
    <Stack gap="lg">
      <Title order={1}>{t('settings.title')}</Title>
      <Tabs value={tab} onChange={(v) => v && navigate(settingsPath(v as Tab))} keepMounted={false}>
        <Tabs.List mb="lg">
          {TABS.map((k) => (
            <Tabs.Tab key={k} value={k} data-testid={`settings-tab-${k}`}>
              {t(`settings.tabs.${k}`)}
            </Tabs.Tab>
          ))}
        </Tabs.List>
        <Tabs.Panel value="organization">
          <OrganizationTab canManage={canManage} />
        </Tabs.Panel>
        <Tabs.Panel value="members">
          <MembersTab canManage={canManage} myMemberId={me.data.member.id} />
        </Tabs.Panel>
        <Tabs.Panel value="integrations">
          <IntegrationsTab canManage={canManage} />
        </Tabs.Panel>
        <Tabs.Panel value="conferencing">
          <MyConferencing memberId={me.data.member.id} />
        </Tabs.Panel>
      </Tabs>
    </Stack>
  );
}

/** A member's own conferencing account: their sessions and slots use it instead of the default (SPEC 3.6). */
function MyConferencing({ memberId }: { memberId: string }) {
  const { t } = useTranslation();
  const account = useMemberAccount(memberId);
  const save = useSaveMemberAccount(memberId);
  return (
    <SettingsCard title={t('settings.conferencing.mineTitle')} description={t('settings.conferencing.mineHint')} testId="my-conferencing">
      {account.isPending ? (
        <Skeleton height={140} />
      ) : account.isError ? (
        <QueryError title={t('settings.loadError')} error={account.error} onRetry={() => void account.refetch()} />
      ) : (
        <>
          {account.data.implicit && (
            <Text size="sm" c="dimmed">
              {t('settings.conferencing.usingDefault')}
            </Text>
          )}
          <AccountForm account={account.data} canManage onSave={(input) => save.mutateAsync(input)} saving={save.isPending} />
        </>
      )}
    </SettingsCard>
  );
}
