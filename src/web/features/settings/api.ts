import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api } from '../../api/client';
import { queryKeys } from '../../api/query-client';
import type { List, Organization, Role } from '../../api/types';

// Organisation settings, members and integrations (SPEC 1, 3.2, 3.6, 4).

export interface OrganizationSettings extends Organization {
  senderName: string | null;
  replyTo: string | null;
}

export type OrganizationPatch = Partial<{
  name: string;
  defaultCurrency: string;
  timeZone: string;
  locale: string;
  senderName: string | null;
  replyTo: string | null;
  feePercent: number | null;
}>;

export interface Member {
  id: string;
  userId: string;
  email: string;
  name: string;
  role: Role;
  status: 'active' | 'invited';
  createdAt: string;
}

export interface ZoomIntegration {
  connected: boolean;
  accountId?: string;
  clientId?: string;
  clientSecret?: string;
  webhookSecretToken?: string | null;
  visibleHostIds?: string[];
  generateHostId?: string | null;
  joinLinkSender?: 'foyer' | 'zoom';
}

export interface ZoomIntegrationInput {
  accountId: string;
  clientId: string;
  clientSecret?: string;
  webhookSecretToken?: string;
  visibleHostIds?: string[];
  generateHostId?: string;
  joinLinkSender?: 'foyer' | 'zoom';
}

export interface ZoomTestResult {
  ok: boolean;
  user: { id: string; email: string; name: string } | null;
  missingScopes: string[];
}

export interface ZoomUser {
  id: string;
  email: string;
  name: string;
  type: number;
  licensed: boolean;
  timeZone: string | null;
  visible: boolean;
  generateHost: boolean;
}

export interface PaymentIntegration {
  provider: string;
  configured: boolean;
  settings: Record<string, string>;
  updatedAt?: string;
}

export type ConferencingProvider = 'zoom' | 'jitsi' | 'custom_link';

export interface ConferencingAccount {
  id?: string;
  provider: ConferencingProvider;
  memberId: string | null;
  settings: Record<string, unknown>;
  implicit: boolean;
}

export interface ConferencingAccountInput {
  provider: ConferencingProvider;
  url?: string;
  password?: string | null;
  description?: string | null;
  domain?: string;
  hostId?: string;
  zoom?: ZoomIntegrationInput;
}

export const settingsKeys = {
  organization: ['settings', 'organization'] as const,
  members: ['settings', 'members'] as const,
  zoom: ['settings', 'zoom'] as const,
  zoomUsers: ['settings', 'zoom', 'users'] as const,
  payments: ['settings', 'payments'] as const,
  defaultAccount: ['settings', 'conferencing', 'default'] as const,
  memberAccount: (memberId: string) => ['settings', 'conferencing', 'member', memberId] as const,
};

export function useOrganization() {
  return useQuery({ queryKey: settingsKeys.organization, queryFn: ({ signal }) => api.get<OrganizationSettings>('/api/v1/organization', { signal }) });
}

export function useUpdateOrganization() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (patch: OrganizationPatch) => api.patch<OrganizationSettings>('/api/v1/organization', patch),
    onSuccess: (org) => {
      qc.setQueryData(settingsKeys.organization, org);
      void qc.invalidateQueries({ queryKey: queryKeys.me });
    },
  });
}

export function useMembers() {
  return useQuery({ queryKey: settingsKeys.members, queryFn: ({ signal }) => api.get<List<Member>>('/api/v1/members', { signal }).then((r) => r.data) });
}

export function useInviteMember() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (input: { email: string; name?: string; role: Role }) => api.post<{ member: Member; inviteUrl: string | null }>('/api/v1/members', input),
    onSuccess: () => void qc.invalidateQueries({ queryKey: settingsKeys.members }),
  });
}

export function useChangeRole() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: ({ memberId, role }: { memberId: string; role: Role }) => api.patch<Member>(`/api/v1/members/${encodeURIComponent(memberId)}`, { role }),
    onSuccess: () => void qc.invalidateQueries({ queryKey: settingsKeys.members }),
  });
}

export function useRemoveMember() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (memberId: string) => api.delete<void>(`/api/v1/members/${encodeURIComponent(memberId)}`),
    onSuccess: () => void qc.invalidateQueries({ queryKey: settingsKeys.members }),
  });
}

export function useZoomIntegration() {
  return useQuery({ queryKey: settingsKeys.zoom, queryFn: ({ signal }) => api.get<ZoomIntegration>('/api/v1/integrations/zoom', { signal }) });
}

export function useSaveZoom() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (input: ZoomIntegrationInput) => api.put<ZoomIntegration>('/api/v1/integrations/zoom', input),
    onSuccess: (z) => {
      qc.setQueryData(settingsKeys.zoom, z);
      void qc.invalidateQueries({ queryKey: settingsKeys.zoomUsers });
    },
  });
}

export function useTestZoom() {
  return useMutation({ mutationFn: () => api.post<ZoomTestResult>('/api/v1/integrations/zoom/test') });
}

export function useZoomUsers(enabled: boolean) {
  return useQuery({
    queryKey: settingsKeys.zoomUsers,
    queryFn: ({ signal }) => api.get<List<ZoomUser>>('/api/v1/integrations/zoom/users', { signal }).then((r) => r.data),
    enabled,
    staleTime: 0,
  });
}

export function usePaymentIntegrations() {
  return useQuery({ queryKey: settingsKeys.payments, queryFn: ({ signal }) => api.get<List<PaymentIntegration>>('/api/v1/integrations', { signal }).then((r) => r.data) });
}

export function useSavePayment(provider: 'stripe' | 'paypal' | 'payu') {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (input: Record<string, string>) => api.put<PaymentIntegration>(`/api/v1/integrations/${provider}`, input),
    onSuccess: () => void qc.invalidateQueries({ queryKey: settingsKeys.payments }),
  });
}

export function useDeletePayment(provider: 'stripe' | 'paypal' | 'payu') {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: () => api.delete<void>(`/api/v1/integrations/${provider}`),
    onSuccess: () => void qc.invalidateQueries({ queryKey: settingsKeys.payments }),
  });
}

export function useDefaultAccount() {
  return useQuery({ queryKey: settingsKeys.defaultAccount, queryFn: ({ signal }) => api.get<ConferencingAccount>('/api/v1/conferencing/default', { signal }) });
}

export function useSaveDefaultAccount() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (input: ConferencingAccountInput) => api.put<ConferencingAccount>('/api/v1/conferencing/default', input),
    onSuccess: (a) => qc.setQueryData(settingsKeys.defaultAccount, a),
  });
}

export function useMemberAccount(memberId: string) {
  return useQuery({
    queryKey: settingsKeys.memberAccount(memberId),
    queryFn: ({ signal }) => api.get<ConferencingAccount>(`/api/v1/members/${encodeURIComponent(memberId)}/conferencing`, { signal }),
  });
}

export function useSaveMemberAccount(memberId: string) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (input: ConferencingAccountInput) => api.put<ConferencingAccount>(`/api/v1/members/${encodeURIComponent(memberId)}/conferencing`, input),
    onSuccess: (a) => qc.setQueryData(settingsKeys.memberAccount(memberId), a),
  });
}
