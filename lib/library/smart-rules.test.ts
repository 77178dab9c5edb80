import { describe, expect, it } from 'vitest';
import { ZodError } from 'zod';
import { fieldErrorsOf } from '@/lib/errors';
import { describeRules, parseRules } from './smart-rules';

function errorsOf(input: unknown): Record<string, string[]> {
  try {
    parseRules(input);
  } catch (error) {
    if (error instanceof ZodError) return fieldErrorsOf(error);
    throw error;
  }
  throw new Error('expected the rules to be refused');
}

describe('smart playlist rules', () => {
  it('accepts every condition kind and fills in match, sort, order and limit', () => {
    const rules = parseRules({
      conditions: [
        { field: 'artist', op: 'contains', value: '  Aurora ' },
        { field: 'album', op: 'is', value: 'Infections of a Different Kind' },
        { field: 'year', from: 1990, to: 1999 },
        { field: 'added', days: 30 },
        { field: 'plays', moreThan: 3 },
        { field: 'notPlayed', days: 90 },
        { field: 'liked' },
        { field: 'duration', to: 240 },
      ],
    });
    expect(rules).toMatchObject({ match: 'all', sort: 'added', order: 'desc', limit: 100 });
    expect(rules.conditions[0]).toEqual({ field: 'artist', op: 'contains', value: 'Aurora' });
  });

  it('refuses rules without conditions, with too many, or with a bad limit, naming the field', () => {
    expect(errorsOf({ conditions: [] })).toEqual({ conditions: ['Add at least one condition.'] });
    expect(errorsOf({ conditions: Array.from({ length: 21 }, () => ({ field: 'liked' })) })).toEqual({ conditions: ['At most 20 conditions.'] });
    expect(errorsOf({ conditions: [{ field: 'liked' }], limit: 0 })).toEqual({ limit: ['"limit" must be at least 1.'] });
    expect(errorsOf({ conditions: [{ field: 'liked' }], limit: 1001 })).toEqual({ limit: ['"limit" must be at most 1000.'] });
    expect(errorsOf({ conditions: [{ field: 'liked' }], sort: 'loudness', match: 'some' })).toMatchObject({ sort: [expect.stringContaining('"sort" must be one of')], match: ['"match" must be "all" or "any".'] });
    expect(errorsOf('liked')).toEqual({ _: ['Rules must be an object: { match, conditions, sort, order, limit }.'] });
  });

  it('refuses a bad condition with the path to its field', () => {
    expect(errorsOf({ conditions: [{ field: 'mood' }] })).toEqual({ 'conditions.0.field': [expect.stringContaining('"field" must be one of: artist, album')] });
    expect(errorsOf({ conditions: [{ field: 'liked' }, { field: 'artist', op: 'is', value: ' ' }] })).toEqual({ 'conditions.1.value': ['Give the artist to look for.'] });
    expect(errorsOf({ conditions: [{ field: 'artist', op: 'startsWith', value: 'a' }] })).toEqual({ 'conditions.0.op': ['Use "is" or "contains".'] });
    expect(errorsOf({ conditions: [{ field: 'year', from: 2001, to: 1999 }] })).toEqual({ 'conditions.0.to': ['"from" must not be after "to".'] });
    expect(errorsOf({ conditions: [{ field: 'duration' }] })).toEqual({ 'conditions.0.from': ['Give "from", "to" or both.'] });
    expect(errorsOf({ conditions: [{ field: 'added', days: 0 }] })).toEqual({ 'conditions.0.days': ['At least 1 day.'] });
    expect(errorsOf({ conditions: [{ field: 'plays', moreThan: 1.5 }] })).toEqual({ 'conditions.0.moreThan': ['A whole number of plays.'] });
    expect(Object.keys(errorsOf({ conditions: [{ field: 'liked', value: true }] }))).toEqual(['conditions.0']);
  });

  it('puts the rules into words', () => {
    const rules = parseRules({ conditions: [{ field: 'artist', op: 'contains', value: 'aurora' }, { field: 'added', days: 30 }], sort: 'plays', order: 'desc', limit: 50 });
    expect(describeRules(rules)).toBe('Artist contains ‘aurora’ and added in the last 30 days, most played first, up to 50 tracks');
    const any = parseRules({ match: 'any', conditions: [{ field: 'liked' }, { field: 'duration', from: 90, to: 150 }, { field: 'year', to: 1979 }, { field: 'notPlayed', days: 1 }], sort: 'random', limit: 1 });
    expect(describeRules(any)).toBe('Liked or length 1:30–2:30 or year up to 1979 or not played in 1 day, in random order, up to 1 track');
  });
});
