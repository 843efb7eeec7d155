/**
 * Presentation only. Enum values come from the API (schema/api.graphql) and are shown as
 * words: `ROTATE_PROVIDER_CREDENTIALS` → "Rotate provider credentials". The console keeps no
 * table of its own for outcomes, reasons or next steps: messages are the API's.
 */
export function humanize(value: string): string {
  const words = value.toLowerCase().replaceAll('_', ' ');
  return words.charAt(0).toUpperCase() + words.slice(1);
}

const dateTime = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium', timeStyle: 'medium' });

export function formatDateTime(iso: string | null | undefined): string {
  return iso ? dateTime.format(new Date(iso)) : '—';
}

/** "3 s", "4 min 2 s", "1 h 5 min" between two instants (the second defaults to now). */
export function formatDuration(fromIso: string, toIso?: string | null): string {
  const seconds = Math.max(0, Math.round(((toIso ? Date.parse(toIso) : Date.now()) - Date.parse(fromIso)) / 1000));
  if (seconds < 60) return `${seconds} s`;
  const minutes = Math.floor(seconds / 60);
  if (minutes < 60) return `${minutes} min ${seconds % 60} s`;
  return `${Math.floor(minutes / 60)} h ${minutes % 60} min`;
}
