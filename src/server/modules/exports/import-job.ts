import { z } from 'zod';
import { defineJob } from '../../jobs/job.js';
import { IMPORT_JOB, runImport } from './attendee-import.service.js';

/**
 * Writes a large, already validated attendee import; progress lands on the import row.
 * Once its seats are reserved an import can only finish by being run again, so a failed run
 * is retried generously; each retry continues after the last written chunk.
 */
export const attendeeImportJob = defineJob({
  name: IMPORT_JOB,
  schema: z.object({ importId: z.string() }),
  retryLimit: 10,
  // 100,000 attendees with their domain events take minutes on a small machine.
  expireInSeconds: 3600,
  concurrency: 1,
  handler: async ({ importId }, ctx) => {
    await runImport(ctx, importId);
  },
});
