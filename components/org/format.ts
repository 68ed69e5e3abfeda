const dateFormat = new Intl.DateTimeFormat('en', { dateStyle: 'medium', timeZone: 'UTC' });

/** A date as "Nov 26, 2026", the same on the server and in the browser (no hydration mismatch). */
export const formatDate = (date: Date | string) => dateFormat.format(new Date(date));

/** "Ada Admin", else the email, else the id: what a member list shows. */
export const displayName = (person: { firstName: string | null; lastName: string | null; email: string | null; userId: string }) =>
  [person.firstName, person.lastName].filter(Boolean).join(' ') || person.email || person.userId;
