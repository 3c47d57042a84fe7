// Zoom's error envelope and the codes the emulator answers with.
// Body shape `{code, message}` (plus `errors` on validation failures) as documented in Zoom's
// Meetings OpenAPI spec (ballerina-platform/module-ballerinax-zoom.meetings docs/spec/openapi.json)
// and summarised in /work/shared/reference/zoom.md "Errors and limits".
import type { ZodError } from 'zod';

export interface Reply {
  status: number;
  body?: unknown;
  headers?: Record<string, string>;
}

/** Thrown by handlers; the pipeline turns it into a reply. */
export class ZoomError extends Error {
  constructor(
    readonly status: number,
    readonly code: number,
    message: string,
    readonly headers: Record<string, string> = {},
    readonly extra: Record<string, unknown> = {},
  ) {
    super(message);
  }

  toReply(): Reply {
    return { status: this.status, body: { code: this.code, message: this.message, ...this.extra }, headers: this.headers };
  }
}

/**
 * Zoom's validation failure: 400 `{code: 300, message: "Validation Failed.", errors: [{field, message}]}`.
 * The per-field message text is not documented; Zoom commonly answers "Invalid field.".
 */
export function validationError(error: ZodError, prefix = ''): ZoomError {
  const errors = error.issues.map((i) => ({
    field: [prefix, ...i.path.map(String)].filter(Boolean).join('.'),
    message: 'Invalid field.',
  }));
  return new ZoomError(400, 300, 'Validation Failed.', {}, { errors });
}

export function fieldError(field: string, message = 'Invalid field.'): ZoomError {
  return new ZoomError(400, 300, 'Validation Failed.', {}, { errors: [{ field, message }] });
}

export const errors = {
  // 124: spec + reference ("Invalid access token" / expired token), HTTP 401.
  invalidToken: () => new ZoomError(401, 124, 'Invalid access token.'),
  expiredToken: () => new ZoomError(401, 124, 'Access token is expired.'),
  // 4711: "Invalid access token, does not contain scopes:[…]" (spec), status usually 400.
  missingScopes: (status: number, scopes: string[]) =>
    new ZoomError(status, 4711, `Invalid access token, does not contain scopes:[${scopes.join(', ')}].`),
  // 1001 on user lookups (spec: "User does not exist: {userId}.").
  userNotFound: (userId: string) => new ZoomError(404, 1001, `User does not exist: ${userId}.`),
  // 3001 "Meeting does not exist: {meetingId}." / "Webinar does not exist: {webinarId}." (404).
  meetingNotFound: (id: string) => new ZoomError(404, 3001, `Meeting does not exist: ${id}.`),
  webinarNotFound: (id: string) => new ZoomError(404, 3001, `Webinar does not exist: ${id}.`),
  // Add-registrant on a missing meeting answers 1001, not 3001 (spec, meetingRegistrantCreate).
  registrantMeetingNotFound: (id: string) => new ZoomError(404, 1001, `Meeting does not exist: ${id}.`),
  // A webinar id on a meeting endpoint: 400 / 3000 (reference, "Checked against ... spec").
  webinarOnMeetingEndpoint: () => new ZoomError(400, 3000, 'Cannot access webinar info.'),
  // 3161 hosting disabled; 3000 "You cannot schedule a meeting for {userId}" (meetingCreate).
  hostingDisabled: () =>
    new ZoomError(400, 3161, 'Meeting hosting and scheduling capabilities are not allowed for your user account.'),
  cannotScheduleFor: (userId: string) => new ZoomError(400, 3000, `You cannot schedule a meeting for ${userId}`),
  invalidScheduleFor: () =>
    new ZoomError(400, 300, 'The value that you entered in the `schedule_for` field is invalid. Enter a valid value and try again.'),
  // Webinar endpoints on a host without the add-on (spec: code 200).
  webinarPlanMissing: () =>
    new ZoomError(400, 200, 'Webinar plan is missing. You must subscribe to the webinar plan and enable webinars for this user in order to perform this action.'),
  // Registration needs a Licensed host; older Zoom error table: 200 "Only available for Paid user".
  paidUserOnly: (userId: string) => new ZoomError(400, 200, `Only available for Paid user: ${userId}.`),
  // 3027 "Host cannot register." (spec, webinarRegistrantCreate; seed 001 for meetings too).
  hostCannotRegister: () => new ZoomError(400, 3027, 'Host cannot register.'),
  // 3038 meeting/webinar over (spec, batch registration).
  meetingOver: (kind: 'meeting' | 'webinar') =>
    kind === 'meeting'
      ? new ZoomError(400, 3038, 'Meeting is over, you can not register now. If you have any questions, please contact the Meeting host.')
      : new ZoomError(400, 3038, 'The webinar is over. You cannot register now. If you have any questions, contact the webinar\'s host.'),
  // 3043 capacity (spec: meeting add/batch, webinar batch); 3035 for webinar status approval.
  capacity: (kind: 'meeting' | 'webinar', onApprove = false) =>
    kind === 'meeting'
      ? new ZoomError(400, 3043, 'Meeting has reached maximum attendee capacity.')
      : new ZoomError(400, onApprove ? 3035 : 3043, 'Webinar has reached maximum attendee capacity.'),
  invalidOccurrence: (param: string) => new ZoomError(400, 300, `Invalid parameter: \`${param}\`.`),
  invalidPageToken: () => new ZoomError(400, 300, 'The next page token is invalid or expired.'),
  invalidJson: () => new ZoomError(400, 300, 'Request Body should be a valid JSON object.'),
  notFound: () => new ZoomError(404, 404, 'Not Found.'),
};
