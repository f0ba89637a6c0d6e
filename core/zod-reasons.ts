import type { z } from 'zod';
import type { Reason } from './errors';

/**
 * The reason a page shows for a value zod refused, in words a person understands ("Enter at least 8
 * characters") rather than zod's own English for developers.
 * Parse with `{ reportInput: true }` so a missing value reads "required" rather than "invalid".
 */
export function reasonOf(issue: z.core.$ZodIssue): Reason {
  switch (issue.code) {
    case 'invalid_format':
      return { key: issue.format === 'email' ? 'invalidEmail' : 'invalidFormat' };
    case 'too_small':
      if (issue.origin === 'string') return Number(issue.minimum) <= 1 ? { key: 'required' } : { key: 'tooShort', values: { minimum: Number(issue.minimum) } };
      if (issue.origin === 'array' || issue.origin === 'set') return { key: 'tooFew', values: { minimum: Number(issue.minimum) } };
      return { key: 'tooLow', values: { minimum: Number(issue.minimum) } };
    case 'too_big':
      if (issue.origin === 'string') return { key: 'tooLong', values: { maximum: Number(issue.maximum) } };
      if (issue.origin === 'array' || issue.origin === 'set') return { key: 'tooMany', values: { maximum: Number(issue.maximum) } };
      return { key: 'tooHigh', values: { maximum: Number(issue.maximum) } };
    case 'invalid_type':
      return { key: issue.input === undefined || issue.input === null ? 'required' : 'invalid' };
    case 'invalid_value':
      return { key: 'invalidChoice' };
    default:
      return { key: 'invalid' };
  }
}
