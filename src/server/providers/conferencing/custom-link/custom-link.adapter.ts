import type { ConferencingProvider } from '../port.js';

/**
 * Any other tool (Google Meet, Teams, Skype, ...): one URL with an optional password and
 * description, shared by every session it covers. Nothing to call; the link is the conference.
 */
export function customLinkProvider(opts: { url: string; password?: string | null }): ConferencingProvider {
  const info = () => ({ externalId: opts.url, kind: 'meeting' as const, joinUrl: opts.url, passcode: opts.password ?? null, registrationEnabled: true });
  return {
    id: 'custom_link',
    capabilities: { registration: false, batchRegistration: false, webinars: false, recurrence: true, listExisting: false, maxBatch: 1 },
    async createConference() {
      return info();
    },
    async updateConference() {},
    async deleteConference() {},
    async getConference() {
      return info();
    },
    async registerAttendee(ref, r) {
      return { email: r.email, registrantId: null, joinUrl: ref.joinUrl ?? opts.url };
    },
    async cancelRegistrants() {},
    async listRegistrants() {
      return [];
    },
  };
}
