import { eventSchemas } from '@/inngest/events';
import { AppError, fieldErrorsOf } from '@/lib/errors';
import type { EventInput } from './functions';

/** Checks an event against its schema before anything runs; the message says what is wrong. */
export function validateEvent(input: unknown): EventInput {
  const event = input as EventInput;
  if (!event || typeof event !== 'object' || typeof event.name !== 'string') throw new AppError('bad_request', 'An event needs a name.');
  const schema = eventSchemas[event.name];
  if (!schema) throw new AppError('bad_request', `Unknown event "${event.name}".`);
  const parsed = schema.safeParse(event.data ?? {});
  if (!parsed.success) {
    const fieldErrors = fieldErrorsOf(parsed.error);
    const detail = Object.entries(fieldErrors).map(([field, messages]) => `${field}: ${messages[0]}`).join('; ');
    throw new AppError('validation_failed', `Event "${event.name}" is invalid. ${detail}`, { fieldErrors });
  }
  if (event.id !== undefined && (typeof event.id !== 'string' || event.id.length === 0 || event.id.length > 200)) {
    throw new AppError('validation_failed', 'An event id must be a string of 1 to 200 characters.');
  }
  return { name: event.name, data: parsed.data, id: event.id, ts: event.ts };
}
