import { describe, expect, it } from 'vitest';
import { parseSearchParams } from './catalog-search';

const parse = (query: string) => parseSearchParams(new URLSearchParams(query));

describe('search parameters', () => {
  it('takes a trimmed query and a per-group limit, 10 by default', () => {
    expect(parse('q=%20th%C3%A9%C3%A2tre%20')).toEqual({ query: 'théâtre', limit: 10 });
    expect(parse('q=x&limit=50')).toEqual({ query: 'x', limit: 50 });
    expect(parse('')).toEqual({ query: '', limit: 10 });
  });

  it('refuses a query over 200 characters with a message, counting characters, not bytes', () => {
    expect(parse(`q=${'é'.repeat(200)}`).query).toHaveLength(200);
    expect(() => parse(`q=${'a'.repeat(201)}`)).toThrow(/at most 200 characters/);
  });

  it('refuses limits that are not whole numbers from 1 to 50', () => {
    for (const bad of ['0', '51', '2.5', '-1', 'ten', '']) expect(() => parse(`q=x&limit=${bad}`), bad).toThrow(/limit must be a whole number from 1 to 50/);
  });
});
