/** A schedule's timing in words (the schedules page), without a browser. */
import { describe, expect, test } from 'vitest';
import { describeCron, describeInterval, describeTiming } from '../src/pages/tenants/schedule-timing';

describe('a schedule’s timing in words', () => {
  test('intervals in the largest whole unit', () => {
    expect(describeInterval(300)).toBe('Every 5 minutes');
    expect(describeInterval(3600)).toBe('Every hour');
    expect(describeInterval(5400)).toBe('Every 90 minutes');
    expect(describeInterval(21_600)).toBe('Every 6 hours');
    expect(describeInterval(86_400)).toBe('Every day');
    expect(describeInterval(2_678_400)).toBe('Every 31 days');
    expect(describeInterval(301)).toBe('Every 301 seconds');
  });

  test('the common cron shapes as sentences, any other shape left to the expression', () => {
    expect(describeCron('*/15 * * * *')).toBe('Every 15 minutes');
    expect(describeCron('5 * * * *')).toBe('Every hour at minute 5');
    expect(describeCron('0 3 * * *')).toBe('Every day at 03:00');
    expect(describeCron('30 7 * * 1')).toBe('Every Monday at 07:30');
    expect(describeCron('0 0 * * 7')).toBe('Every Sunday at 00:00');
    expect(describeCron('0 22 1 * *')).toBe('On the 1st of every month at 22:00');
    expect(describeCron('0 22 12 * *')).toBe('On the 12th of every month at 22:00');
    for (const other of ['0 3 * * 1-5', '0 3 1 1 *', '0 0 3 * * *', '0 3,15 * * *', '0 3 * * MON', '61 3 * * *']) {
      expect(describeCron(other), other).toBeNull();
    }
  });

  test('the whole timing: an interval, or a cron expression with its time zone', () => {
    expect(describeTiming({ intervalSeconds: 7200, cron: null, timeZone: null })).toBe('Every 2 hours');
    expect(describeTiming({ cron: '0 3 * * *', timeZone: 'Europe/Berlin', intervalSeconds: null })).toBe(
      'Every day at 03:00 (Europe/Berlin)',
    );
    expect(describeTiming({ cron: '0 3 * * 1-5', timeZone: null })).toBe('By cron expression (UTC)');
  });
});
