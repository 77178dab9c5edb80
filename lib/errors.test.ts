import { describe, expect, it, vi } from 'vitest';
import { z } from 'zod';
import { AppError, errorResponse } from './errors';

describe('errorResponse', () => {
  it('knows an AppError made by another bundle’s copy of the class', async () => {
    const copy = './errors?another-bundle'; // another module instance, as another bundle has
    const { AppError: OtherCopy } = (await import(/* @vite-ignore */ copy)) as typeof import('./errors');
    expect(OtherCopy).not.toBe(AppError);
    const foreign = new OtherCopy('rate_limited', 'Slow down.');
    expect(foreign).toBeInstanceOf(AppError);
    expect(errorResponse(foreign).status).toBe(429);
    expect(new Error('plain')).not.toBeInstanceOf(AppError);
  });

  it('maps an AppError to its status and a { error: { code, message } } body', async () => {
    const res = errorResponse(new AppError('rate_limited', 'Slow down.', { retryAfterSeconds: 30 }));
    expect(res.status).toBe(429);
    expect(res.headers.get('retry-after')).toBe('30');
    expect(await res.json()).toEqual({ error: { code: 'rate_limited', message: 'Slow down.' } });
  });

  it('turns a zod error into a 400 with per-field messages', async () => {
    const parsed = z.object({ email: z.email('Enter a valid email address'), age: z.number() }).safeParse({ email: 'x', age: 'y' });
    const res = errorResponse(parsed.error);
    const body = await res.json();
    expect(res.status).toBe(400);
    expect(body.error.code).toBe('validation_failed');
    expect(body.error.fieldErrors.email).toEqual(['Enter a valid email address']);
    expect(body.error.fieldErrors.age).toHaveLength(1);
  });

  it('hides everything about an unexpected error from the client', async () => {
    const log = vi.spyOn(console, 'error').mockImplementation(() => {});
    const res = errorResponse(new Error('relation "users" does not exist at /app/db/x.ts:12'));
    const text = await res.text();
    expect(res.status).toBe(500);
    expect(text).not.toMatch(/relation|users|\.ts/);
    expect(JSON.parse(text).error.code).toBe('internal');
    expect(log).toHaveBeenCalled();
    log.mockRestore();
  });
});
