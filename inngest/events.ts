import { eventType } from 'inngest';
import { z } from 'zod';

/** Every event MIST sends, with the schema its data must match (checked at enqueue). */
export const jobRunsPruneRequested = eventType('mist/job-runs.prune-requested', {
  schema: z.strictObject({ olderThanDays: z.number().int().min(1).max(3650) }),
});

/** An original is in storage: process it into published media (`version`: where to publish). */
export const trackUploaded = eventType('track/uploaded', {
  schema: z.strictObject({ trackId: z.uuid(), version: z.number().int().min(1) }),
});

/** Close idle listening sessions now rather than at the next minute's sweep. */
export const listeningSweepRequested = eventType('mist/listening.sweep-requested', { schema: z.strictObject({}) });

/** Vacuum and analyze the embedded database now (also at start and every ten minutes). */
export const databaseMaintenanceRequested = eventType('mist/database.maintenance-requested', { schema: z.strictObject({}) });

/** Build the co-listening neighbours from the plays counted since the last run, now rather than at the hour. */
export const recommendationsRebuildRequested = eventType('mist/recommendations.rebuild-requested', { schema: z.strictObject({}) });

/**
 * Analyse again the ready tracks whose features an older extractor made (at start, hourly,
 * and to continue a long catalog: `after` is the last track id the previous run reached).
 */
export const featuresRefreshRequested = eventType('mist/features.refresh-requested', {
  schema: z.strictObject({ after: z.uuid().optional() }),
});

export const eventSchemas: Record<string, z.ZodType<Record<string, unknown>>> = {
  [jobRunsPruneRequested.name]: jobRunsPruneRequested.schema,
  [trackUploaded.name]: trackUploaded.schema,
  [listeningSweepRequested.name]: listeningSweepRequested.schema,
  [databaseMaintenanceRequested.name]: databaseMaintenanceRequested.schema,
  [recommendationsRebuildRequested.name]: recommendationsRebuildRequested.schema,
  [featuresRefreshRequested.name]: featuresRefreshRequested.schema,
};
