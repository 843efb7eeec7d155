/**
 * A schedule's timing as the API returns it (`cron` + `timeZone`, or `intervalSeconds`), in words.
 * The API keeps no "when" sentence of its own, so this is presentation only: common cron shapes
 * (every n minutes, hourly, daily, weekly on one day, monthly on one day) read as a sentence, any
 * other expression is shown as it is. The expression itself is always shown beside it.
 */

const UNITS = [
  { seconds: 86_400, one: 'day', many: 'days' },
  { seconds: 3_600, one: 'hour', many: 'hours' },
  { seconds: 60, one: 'minute', many: 'minutes' },
  { seconds: 1, one: 'second', many: 'seconds' },
] as const;

/** 21600 → "Every 6 hours", 3600 → "Every hour", 5400 → "Every 90 minutes". */
export function describeInterval(seconds: number): string {
  const unit = UNITS.find((u) => seconds % u.seconds === 0) ?? UNITS[3];
  const count = seconds / unit.seconds;
  return count === 1 ? `Every ${unit.one}` : `Every ${count} ${unit.many}`;
}

const DAYS = ['Sunday', 'Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday', 'Sunday'];
const isNumber = (field: string) => /^\d+$/.test(field);
const twoDigits = (field: string) => field.padStart(2, '0');

function ordinal(n: number): string {
  const tens = n % 100;
  if (tens >= 11 && tens <= 13) return `${n}th`;
  return `${n}${n % 10 === 1 ? 'st' : n % 10 === 2 ? 'nd' : n % 10 === 3 ? 'rd' : 'th'}`;
}

/**
 * "Every day at 03:00", "Every Monday at 07:30", "Every 15 minutes", …; null when the expression
 * is of another shape (six fields, ranges, lists, names), which is then shown as it is.
 */
export function describeCron(cron: string): string | null {
  const fields = cron.trim().split(/\s+/);
  if (fields.length !== 5) return null;
  const [minute, hour, dom, month, dow] = fields as [string, string, string, string, string];
  if (month !== '*') return null;
  const step = /^\*\/(\d+)$/.exec(minute);
  if (step && hour === '*' && dom === '*' && dow === '*') return describeInterval(Number(step[1]) * 60);
  if (!isNumber(minute)) return null;
  if (hour === '*' && dom === '*' && dow === '*') return `Every hour at minute ${Number(minute)}`;
  if (!isNumber(hour) || Number(hour) > 23 || Number(minute) > 59) return null;
  const at = `at ${twoDigits(hour)}:${twoDigits(minute)}`;
  if (dom === '*' && dow === '*') return `Every day ${at}`;
  if (dom === '*' && isNumber(dow) && Number(dow) <= 7) return `Every ${DAYS[Number(dow)]} ${at}`;
  if (dow === '*' && isNumber(dom) && Number(dom) >= 1 && Number(dom) <= 31) {
    return `On the ${ordinal(Number(dom))} of every month ${at}`;
  }
  return null;
}

/** The whole timing in words: the interval, or the cron sentence (if any) and its time zone. */
export function describeTiming(schedule: {
  cron?: string | null;
  timeZone?: string | null;
  intervalSeconds?: number | null;
}): string {
  if (schedule.intervalSeconds != null) return describeInterval(schedule.intervalSeconds);
  if (schedule.cron) {
    const words = describeCron(schedule.cron);
    const zone = schedule.timeZone ?? 'UTC';
    return words ? `${words} (${zone})` : `By cron expression (${zone})`;
  }
  return '—';
}
