import { describe, expect, it } from 'vitest';
import { toAppError } from '@/lib/errors';
import { zonedToInstant } from '@/lib/time-zone';
import { parseHistoryQuery } from './history-query';

const parse = (query: Record<string, string>, now = new Date('2026-03-29T12:00:00Z')) => parseHistoryQuery(new URLSearchParams(query), now);

function rejection(query: Record<string, string>) {
  try {
    parse(query);
  } catch (error) {
    const e = toAppError(error);
    return { status: e.status, message: e.message, fields: Object.keys(e.details.fieldErrors ?? {}) };
  }
  throw new Error('expected a rejection');
}

describe('parseHistoryQuery', () => {
  it('reads dates as local midnights in the listener’s zone, and instants as given', () => {
    const q = parse({ granularity: 'day', tz: 'Europe/Berlin', from: '2026-03-28', to: '2026-03-30' });
    expect(q).toEqual({ granularity: 'day', tz: 'Europe/Berlin', from: new Date('2026-03-27T23:00:00Z'), to: new Date('2026-03-29T22:00:00Z') });
    const i = parse({ granularity: 'hour', tz: 'America/New_York', from: '2026-03-08T05:00:00Z', to: '2026-03-08T09:30:00-04:00' });
    expect(i.from).toEqual(new Date('2026-03-08T05:00:00Z'));
    expect(i.to).toEqual(new Date('2026-03-08T13:30:00Z'));
    expect(parse({ tz: 'Asia/Kolkata', from: '2026-01-01T09:15', to: '2026-01-02' }).from).toEqual(new Date('2026-01-01T03:45:00Z'));
  });

  it('defaults to day buckets over the last 30 days, ending now; names the zone canonically', () => {
    const q = parse({ tz: 'utc' });
    expect(q).toEqual({ granularity: 'day', tz: 'UTC', from: new Date('2026-02-27T12:00:00Z'), to: new Date('2026-03-29T12:00:00Z') });
    expect(parse({ tz: 'US/Eastern', granularity: 'hour' }).tz).toBe('America/New_York');
  });

  it('rejects a missing or unknown time zone, and UTC offsets', () => {
    expect(rejection({})).toMatchObject({ status: 400, fields: ['tz'] });
    for (const tz of ['Mars/Olympus', '+05:00', 'GMT+5:30', '', 'Europe/Berlin; drop table users']) {
      const r = rejection({ tz });
      expect(r, tz).toMatchObject({ status: 400, fields: ['tz'] });
      expect(r.message).toMatch(/not a time zone.*IANA/);
    }
  });

  it('rejects an unknown granularity, malformed or impossible times, and from not before to', () => {
    expect(rejection({ tz: 'UTC', granularity: 'minute' })).toMatchObject({ status: 400, fields: ['granularity'] });
    for (const from of ['yesterday', '2026-02-30', '2026-13-01', '2026-03-29T24:00', '2026-03-29T10:00+25:00', '1712345678']) {
      expect(rejection({ tz: 'UTC', from, to: '2026-04-01' }), from).toMatchObject({ status: 400, fields: ['from'] });
    }
    expect(rejection({ tz: 'UTC', from: '2026-03-02', to: '2026-03-01' }).message).toMatch(/from must be before to/);
    expect(rejection({ tz: 'UTC', from: '2026-03-01', to: '2026-03-01' }).fields).toEqual(['from']);
  });

  it('caps the range per granularity, saying which granularity fits', () => {
    const r = rejection({ tz: 'UTC', granularity: 'hour', from: '2024-01-01', to: '2026-01-01' });
    expect(r).toMatchObject({ status: 400, fields: ['to'] });
    expect(r.message).toMatch(/731 days is too long for hour buckets: at most 31 days\. Use day, week or month buckets/);
    expect(parse({ tz: 'UTC', granularity: 'hour', from: '2026-01-01', to: '2026-02-01' }).granularity).toBe('hour');
    expect(rejection({ tz: 'UTC', granularity: 'day', from: '2020-01-01', to: '2026-01-01' }).fields).toEqual(['to']);
    expect(parse({ tz: 'UTC', granularity: 'month', from: '2010-01-01', to: '2026-01-01' }).granularity).toBe('month');
  });
});

describe('zonedToInstant', () => {
  const wall = (s: string) => Date.parse(`${s}Z`);
  it('resolves skipped and repeated wall times as PostgreSQL does', () => {
    // Berlin skips 02:00–03:00 on 2026-03-29: 02:30 is read with the winter offset (= 03:30 CEST).
    expect(new Date(zonedToInstant(wall('2026-03-29T02:30:00'), 'Europe/Berlin')).toISOString()).toBe('2026-03-29T01:30:00.000Z');
    // ...and repeats 02:00–03:00 on 2026-10-25: 02:30 is read with the winter offset, after the change.
    expect(new Date(zonedToInstant(wall('2026-10-25T02:30:00'), 'Europe/Berlin')).toISOString()).toBe('2026-10-25T01:30:00.000Z');
    expect(new Date(zonedToInstant(wall('2026-10-25T00:00:00'), 'Europe/Berlin')).toISOString()).toBe('2026-10-24T22:00:00.000Z');
    expect(new Date(zonedToInstant(wall('2026-11-01T00:00:00'), 'America/New_York')).toISOString()).toBe('2026-11-01T04:00:00.000Z');
  });
});
