/**
 * The local calendar as the frozen migrations need it: a migration carries its own code, so it does
 * not follow common/calendar.ts as that moves on. Straight from Intl, without common/calendar.ts's
 * per-zone offset caches: a migration runs once, and Intl is what those caches are checked against.
 */
const formats = new Map<string, Intl.DateTimeFormat>();

/** Calendar date ('YYYY-MM-DD') of `instant` on the wall clock of `timeZone`. */
export function localDateOf(instant: Date, timeZone: string): string {
  let format = formats.get(timeZone);
  if (!format) {
    format = new Intl.DateTimeFormat('en-US', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' });
    formats.set(timeZone, format);
  }
  const parts = format.formatToParts(instant);
  const part = (type: string) => parts.find((p) => p.type === type)!.value;
  return `${part('year').padStart(4, '0')}-${part('month')}-${part('day')}`;
}
