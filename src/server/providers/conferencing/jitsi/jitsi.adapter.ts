import { randomBytes } from 'node:crypto';
import type { ConferencingProvider, ConferenceSpec } from '../port.js';

/**
 * Jitsi Meet needs no account: a conference is an unguessable room name on the configured
 * domain (default meet.jit.si), and every attendee joins through the same room URL.
 */
export function jitsiProvider(opts: { domain: string }): ConferencingProvider {
  const domain = opts.domain.replace(/^https?:\/\//, '').replace(/\/+$/, '');
  return {
    id: 'jitsi',
    capabilities: { registration: false, batchRegistration: false, webinars: false, recurrence: true, listExisting: false, maxBatch: 1 },
    async createConference(spec: ConferenceSpec) {
      const slug = spec.topic.toLowerCase().normalize('NFKD').replace(/[^a-z0-9]+/g, '-').replace(/^-|-$/g, '').slice(0, 40) || 'foyer';
      // 128 random bits: the room name is the only thing that keeps strangers out.
      const room = `${slug}-${randomBytes(16).toString('hex')}`;
      const joinUrl = `https://${domain}/${room}`;
      return { externalId: room, kind: 'meeting', joinUrl, registrationEnabled: true, topic: spec.topic };
    },
    async updateConference() {},
    async deleteConference() {},
    async getConference(ref) {
      return { externalId: ref.externalId, kind: 'meeting', joinUrl: ref.joinUrl ?? `https://${domain}/${ref.externalId}`, registrationEnabled: true };
    },
    async registerAttendee(ref, r) {
      return { email: r.email, registrantId: null, joinUrl: ref.joinUrl ?? `https://${domain}/${ref.externalId}` };
    },
    async cancelRegistrants() {},
    async listRegistrants() {
      return [];
    },
  };
}
