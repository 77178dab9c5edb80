import { describe, expect, it } from 'vitest';
import { AppError } from '@/lib/errors';
import { validateEvent } from './validate-event';

function rejection(input: unknown): AppError {
  try {
    validateEvent(input);
  } catch (error) {
    return error as AppError;
  }
  throw new Error('expected the event to be rejected');
}

describe('validateEvent', () => {
  it('accepts an event that matches its schema', () => {
    expect(validateEvent({ name: 'mist/job-runs.prune-requested', data: { olderThanDays: 7 }, id: 'x' })).toEqual({
      name: 'mist/job-runs.prune-requested',
      data: { olderThanDays: 7 },
      id: 'x',
      ts: undefined,
    });
  });

  it('rejects data that does not match, naming the field', () => {
    const error = rejection({ name: 'mist/job-runs.prune-requested', data: { olderThanDays: 'seven' } });
    expect(error.code).toBe('validation_failed');
    expect(error.message).toMatch(/^Event "mist\/job-runs.prune-requested" is invalid\. olderThanDays: /);
    expect(rejection({ name: 'mist/job-runs.prune-requested', data: { olderThanDays: 7, extra: true } }).message).toMatch(/extra/);
  });

  it('rejects unknown events and missing names', () => {
    expect(rejection({ name: 'mist/nothing' }).message).toBe('Unknown event "mist/nothing".');
    expect(rejection({ data: {} }).message).toBe('An event needs a name.');
    expect(rejection({ name: 'mist/job-runs.prune-requested', data: { olderThanDays: 7 }, id: '' }).message).toMatch(/event id/);
  });
});
