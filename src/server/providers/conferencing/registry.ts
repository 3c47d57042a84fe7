import type { ConferencingProvider } from './port.js';
import { jitsiProvider } from './jitsi/jitsi.adapter.js';
import { customLinkProvider } from './custom-link/custom-link.adapter.js';
import { zoomProvider } from './zoom/zoom.adapter.js';

/**
 * Builds a provider from an account's stored settings. A new provider (Google Meet, Teams)
 * registers a factory here; the sync engine and ticketing code stay as they are.
 */
export interface ProviderAccount {
  provider: string;
  /** Decrypted settings: Zoom credentials, custom link URL/password, Jitsi domain, ... */
  settings: Record<string, unknown>;
}

export interface ProviderEnv {
  jitsiDomain: string;
  zoomOAuthUrl: string;
  zoomTimeoutMs: number;
}

type Factory = (account: ProviderAccount, env: ProviderEnv) => ConferencingProvider;

const factories = new Map<string, Factory>([
  ['jitsi', (a, env) => jitsiProvider({ domain: String(a.settings.domain ?? env.jitsiDomain) })],
  ['custom_link', (a) => customLinkProvider({ url: String(a.settings.url ?? ''), password: (a.settings.password as string | undefined) ?? null })],
  [
    'zoom',
    (a, env) =>
      zoomProvider({
        accountId: String(a.settings.accountId),
        clientId: String(a.settings.clientId),
        clientSecret: String(a.settings.clientSecret),
        oauthUrl: env.zoomOAuthUrl,
        timeoutMs: env.zoomTimeoutMs,
      }),
  ],
]);

export function registerConferencingProvider(id: string, factory: Factory): void {
  factories.set(id, factory);
}

export function conferencingProviderIds(): string[] {
  return [...factories.keys()];
}

export function buildConferencingProvider(account: ProviderAccount, env: ProviderEnv): ConferencingProvider {
  const f = factories.get(account.provider);
  if (!f) throw new Error(`Unknown conferencing provider ${account.provider}`);
  return f(account, env);
}
