/** Hosting dashboards often store a PEM on one line with literal `\n`s. */
export const normalizePem = (value: string) => value.replace(/\\n/g, '\n').trim();
