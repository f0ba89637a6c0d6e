import { describe, expect, it } from 'vitest';
import { checkValues, type CustomField, customFieldsSchema, labelled, requireValues } from './custom-fields';

const fields: CustomField[] = customFieldsSchema.parse([
  { id: 'order', label: 'Order number', type: 'short_text', required: true },
  { id: 'mail', label: 'E-mail', type: 'email' },
  { id: 'phone', label: 'Phone', type: 'phone' },
  { id: 'topic', label: 'Topic', type: 'choice', choices: ['Billing', 'Printer'], required: true },
  { id: 'more', label: 'Anything else', type: 'long_text' },
]);

describe('custom fields', () => {
  it('refuses each empty required field and each malformed value, all at once, with a reason to translate', () => {
    const { problems } = checkValues(fields, { order: '  ', mail: 'not-mail', phone: 'call me', topic: 'Cars' });
    expect(problems).toEqual([
      { fieldId: 'order', reason: { key: 'required' } },
      { fieldId: 'mail', reason: { key: 'invalidEmail' } },
      { fieldId: 'phone', reason: { key: 'invalidPhone' } },
      { fieldId: 'topic', reason: { key: 'invalidChoice' } },
    ]);
  });

  it('keeps only the channel\'s fields, trimmed, and drops empty optional ones', () => {
    const { values, problems } = checkValues(fields, { order: ' A-1 ', mail: '', phone: '+31 (0)20 123 4567', topic: 'Printer', injected: 'x' });
    expect(problems).toEqual([]);
    expect(values).toEqual({ order: 'A-1', phone: '+31 (0)20 123 4567', topic: 'Printer' });
    expect(labelled(fields, values).map((f) => f.label)).toEqual(['Order number', 'Phone', 'Topic']);
  });

  it('throws the first problem as a refusal naming its field', () => {
    expect(() => requireValues(fields, { topic: 'Billing' })).toThrow(expect.objectContaining({ code: 'bad_request', field: 'field:order', reasons: [{ key: 'required' }] }));
  });

  it('bounds the definitions: eight fields, unique ids, choices for a choice list', () => {
    const one = { id: 'a', label: 'A', type: 'short_text' };
    expect(customFieldsSchema.safeParse(Array.from({ length: 9 }, (_, i) => ({ ...one, id: `f${i}` }))).success).toBe(false);
    expect(customFieldsSchema.safeParse([one, one]).success).toBe(false);
    expect(customFieldsSchema.safeParse([{ ...one, type: 'choice' }]).success).toBe(false);
    expect(customFieldsSchema.safeParse([{ ...one, type: 'date' }]).success).toBe(false);
  });
});
