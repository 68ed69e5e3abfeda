/**
 * Free text people type: no control characters (Postgres cannot store U+0000,
 * and the others only hide or garble text). Multi-line text keeps line breaks
 * and tabs.
 */
const CONTROL = /\p{Cc}/u;
const CONTROL_BUT_LINE_BREAKS = /[^\P{Cc}\t\n\r]/u;

export const isSingleLineText = (text: string) => !CONTROL.test(text);
export const isMultiLineText = (text: string) => !CONTROL_BUT_LINE_BREAKS.test(text);
export const CONTROL_CHARACTERS_MESSAGE = 'Remove control characters.';
