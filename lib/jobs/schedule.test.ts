import { describe, expect, it } from 'vitest';
import type { StoredEvent } from './functions';
import { CronScheduler, parseCron } from './schedule';

describe('parseCron', () => {
  it('reads Inngest’s TZ= prefix', () => {
    expect(parseCron('TZ=Europe/Paris 0 3 * * *')).toEqual({ pattern: '0 3 * * *', timezone: 'Europe/Paris' });
    expect(parseCron(' 30 3 * * * ')).toEqual({ pattern: '30 3 * * *' });
  });
});

describe('CronScheduler', () => {
  it('starts the function on time with an event id naming the scheduled time', async () => {
    const fired: [string, StoredEvent][] = [];
    const scheduler = new CronScheduler([{ functionId: 'mist-every-second', cron: '* * * * * *' }], async (id, event) => void fired.push([id, event]));
    scheduler.start();
    await new Promise((r) => setTimeout(r, 2300));
    scheduler.stop();
    expect(fired.length).toBeGreaterThanOrEqual(2);
    const [id, event] = fired[0]!;
    expect(id).toBe('mist-every-second');
    expect(event).toMatchObject({ name: 'inngest/scheduled.timer', data: { cron: '* * * * * *' } });
    expect(event.id).toMatch(/^cron:mist-every-second:\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.000Z$/);
    expect(new Set(fired.map(([, e]) => e.id)).size).toBe(fired.length);
  });
});
