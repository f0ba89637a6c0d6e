import { describe, expect, it } from 'vitest';
import * as z from 'zod';
import { reasonOf } from './zod-reasons';

const first = (schema: z.ZodType, value: unknown) => reasonOf(schema.safeParse(value, { reportInput: true }).error!.issues[0]);

describe('reasons for refused values', () => {
  it('names what is wrong and the limit, for the page to translate', () => {
    expect(first(z.string().email(), 'x')).toEqual({ key: 'invalidEmail' });
    expect(first(z.string().min(1), '')).toEqual({ key: 'required' });
    expect(first(z.string().min(8), 'short')).toEqual({ key: 'tooShort', values: { minimum: 8 } });
    expect(first(z.string().max(3), 'long')).toEqual({ key: 'tooLong', values: { maximum: 3 } });
    expect(first(z.number().int().min(8), 3)).toEqual({ key: 'tooLow', values: { minimum: 8 } });
    expect(first(z.number().max(90), 91)).toEqual({ key: 'tooHigh', values: { maximum: 90 } });
    expect(first(z.object({ a: z.string() }), {})).toEqual({ key: 'required' });
    expect(first(z.string(), 3)).toEqual({ key: 'invalid' });
    expect(first(z.enum(['a', 'b']), 'c')).toEqual({ key: 'invalidChoice' });
    expect(first(z.array(z.string()).max(1), ['a', 'b'])).toEqual({ key: 'tooMany', values: { maximum: 1 } });
    expect(first(z.string().regex(/^a/), 'b')).toEqual({ key: 'invalidFormat' });
  });
});
