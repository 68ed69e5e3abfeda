import { describe, expect, it } from 'vitest';
import { createProjectSchema, updateProjectSchema } from '@/lib/projects/schema';

describe('project input', () => {
  it('refuses control characters, which Postgres cannot store (U+0000: found by the route fuzzing)', () => {
    expect(createProjectSchema.safeParse({ name: '\u0000' }).success).toBe(false);
    expect(createProjectSchema.safeParse({ name: 'Apollo', description: 'a\u0000b' }).success).toBe(false);
    expect(updateProjectSchema.safeParse({ name: 'two\nlines' }).success).toBe(false);
    expect(updateProjectSchema.safeParse({ name: 'x\u007f' }).success).toBe(false);
  });

  it('keeps unicode, and line breaks and tabs in descriptions', () => {
    expect(createProjectSchema.parse({ name: ' Zoë 😀 ', description: 'line 1\n\tline 2\r\n' })).toEqual({
      name: 'Zoë 😀',
      description: 'line 1\n\tline 2',
    });
  });
});
