import { ActionIcon, Alert, Badge, Button, Code, CopyButton, Group, Modal, Select, Skeleton, Stack, Table, Text, TextInput } from '@mantine/core';
import { useForm } from '@mantine/form';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { applyServerErrors, errorMessage, focusFirstInvalid } from '../../api/errors';
import type { Role } from '../../api/types';
import { FormAlert } from '../../components/form-alert';
import { IconCheck } from '../../components/icons';
import { notifyError, notifySuccess } from '../../components/notify';
import { QueryError } from '../../components/query-error';
import { email as emailRule } from '../../lib/validation';
import { useChangeRole, useInviteMember, useMembers, useRemoveMember, type Member } from './api';
import { SettingsCard } from './shared';

const ROLES: Role[] = ['owner', 'admin', 'staff'];

export function MembersTab({ canManage, myMemberId }: { canManage: boolean; myMemberId: string }) {
  const { t } = useTranslation();
  const members = useMembers();
  const changeRole = useChangeRole();
  const remove = useRemoveMember();
  const [removing, setRemoving] = useState<Member | null>(null);
  const roleOptions = ROLES.map((r) => ({ value: r, label: t(`shell.role.${r}`) }));

  const onRole = (m: Member, role: Role) =>
    changeRole.mutate(
      { memberId: m.id, role },
      { onSuccess: () => notifySuccess(t('settings.members.roleChanged', { name: m.name || m.email })), onError: (err) => notifyError(t('settings.members.changeRole'), errorMessage(err, t)) },
    );
  const onRemove = () => {
    if (!removing) return;
    remove.mutate(removing.id, {
      onSuccess: () => {
        notifySuccess(t('settings.members.removed', { name: removing.name || removing.email }));
        setRemoving(null);
      },
      onError: (err) => {
        notifyError(t('settings.members.remove'), errorMessage(err, t));
        setRemoving(null);
      },
    });
  };

  return (
    <Stack gap="lg">
      {canManage && (
        <SettingsCard title={t('settings.members.invite')} description={t('settings.members.inviteHint')}>
          <InviteForm />
        </SettingsCard>
      )}
      <SettingsCard title={t('settings.members.title')} testId="members">
        {members.isPending ? (
          <Skeleton height={120} />
        ) : members.isError ? (
          <QueryError title={t('settings.loadError')} error={members.error} onRetry={() => void members.refetch()} />
        ) : (
          <Table.ScrollContainer minWidth={560}>
            <Table verticalSpacing="xs" data-testid="members-table">
              <Table.Thead>
                <Table.Tr>
                  <Table.Th scope="col">{t('settings.members.name')}</Table.Th>
                  <Table.Th scope="col">{t('settings.members.email')}</Table.Th>
                  <Table.Th scope="col">{t('settings.members.role')}</Table.Th>
                  <Table.Th scope="col">
                    <span className="foyer-visually-hidden">{t('settings.members.actions')}</span>
                  </Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {members.data.map((m) => (
                  <Table.Tr key={m.id}>
                    <Table.Td className="foyer-wrap">
                      {m.name || '—'}
                      {m.status === 'invited' && (
                        <Badge ml="xs" size="sm" variant="light" color="yellow" c="yellow.9">
                          {t('settings.members.invited')}
                        </Badge>
                      )}
                    </Table.Td>
                    <Table.Td className="foyer-wrap">{m.email}</Table.Td>
                    <Table.Td>
                      {canManage && m.id !== myMemberId ? (
                        <Select
                          aria-label={t('settings.members.roleOf', { name: m.name || m.email })}
                          data={roleOptions}
                          value={m.role}
                          allowDeselect={false}
                          w={140}
                          onChange={(v) => v && v !== m.role && onRole(m, v as Role)}
                        />
                      ) : (
                        t(`shell.role.${m.role}`)
                      )}
                    </Table.Td>
                    <Table.Td ta="right">
                      {canManage && m.id !== myMemberId && (
                        <Button size="xs" variant="subtle" color="red" onClick={() => setRemoving(m)}>
                          {t('settings.members.remove')}
                        </Button>
                      )}
                    </Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          </Table.ScrollContainer>
        )}
      </SettingsCard>
      <Modal opened={removing !== null} onClose={() => setRemoving(null)} title={t('settings.members.removeTitle')} centered closeButtonProps={{ 'aria-label': t('common.close') }}>
        <Stack gap="lg">
          <Text>{t('settings.members.removeText', { name: removing?.name || removing?.email })}</Text>
          <Group justify="flex-end">
            <Button variant="default" onClick={() => setRemoving(null)} data-autofocus>
              {t('common.cancel')}
            </Button>
            <Button color="red" onClick={onRemove} loading={remove.isPending}>
              {t('settings.members.remove')}
            </Button>
          </Group>
        </Stack>
      </Modal>
    </Stack>
  );
}

function InviteForm() {
  const { t } = useTranslation();
  const invite = useInviteMember();
  const [formError, setFormError] = useState<string | null>(null);
  const [inviteUrl, setInviteUrl] = useState<string | null>(null);
  const form = useForm({ initialValues: { email: '', name: '', role: 'staff' as Role }, validate: { email: emailRule } });
  const submit = form.onSubmit(
    async (v) => {
      setFormError(null);
      setInviteUrl(null);
      try {
        const r = await invite.mutateAsync({ email: v.email.trim(), name: v.name.trim() || undefined, role: v.role });
        setInviteUrl(r.inviteUrl);
        notifySuccess(t('settings.members.added', { email: r.member.email }));
        form.reset();
      } catch (err) {
        setFormError(applyServerErrors(form, err, t, ['email', 'name', 'role']));
        focusFirstInvalid();
      }
    },
    () => focusFirstInvalid(),
  );
  return (
    <form onSubmit={submit} noValidate aria-label={t('settings.members.invite')}>
      <Stack gap="sm">
        <FormAlert message={formError} />
        <Group align="flex-start" gap="sm" wrap="wrap">
          <TextInput label={t('settings.members.email')} type="email" required style={{ flex: '2 1 220px' }} {...form.getInputProps('email')} />
          <TextInput label={t('settings.members.name')} style={{ flex: '2 1 180px' }} {...form.getInputProps('name')} />
          <Select
            label={t('settings.members.role')}
            data={ROLES.map((r) => ({ value: r, label: t(`shell.role.${r}`) }))}
            allowDeselect={false}
            style={{ flex: '1 1 120px' }}
            {...form.getInputProps('role')}
          />
        </Group>
        <Group justify="flex-end">
          <Button type="submit" loading={invite.isPending}>
            {t('settings.members.inviteSubmit')}
          </Button>
        </Group>
        {inviteUrl && (
          <Alert color="teal" variant="light" title={t('settings.members.inviteLink')}>
            <Group gap="xs" wrap="nowrap">
              <Code style={{ overflowWrap: 'anywhere' }}>{inviteUrl}</Code>
              <CopyButton value={inviteUrl}>
                {({ copied, copy }) => (
                  <ActionIcon variant="subtle" onClick={copy} aria-label={copied ? t('settings.copied') : t('settings.copy')}>
                    {copied ? <IconCheck size={16} /> : <Text size="xs">⧉</Text>}
                  </ActionIcon>
                )}
              </CopyButton>
            </Group>
          </Alert>
        )}
      </Stack>
    </form>
  );
}
