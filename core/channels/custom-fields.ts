import * as z from 'zod';
import { DomainError, type Reason } from '../errors';
import { reasonOf } from '../zod-reasons';

/**
 * Custom fields (LogMeIn Rescue's "custom fields"): what a channel's form asks the customer, or what the
 * technician fills in when creating a private session. The values travel with the session into the queue, the
 * session panel, the session log and its CSV.
 */
export const CustomFieldType = {
  shortText: 'short_text',
  longText: 'long_text',
  email: 'email',
  phone: 'phone',
  choice: 'choice',
} as const;
export type CustomFieldType = (typeof CustomFieldType)[keyof typeof CustomFieldType];
export const CUSTOM_FIELD_TYPES = Object.values(CustomFieldType) as [CustomFieldType, ...CustomFieldType[]];

export const MAX_CUSTOM_FIELDS = 8;
export const MAX_CHOICES = 20;
const VALUE_MAX: Record<CustomFieldType, number> = { short_text: 200, long_text: 2000, email: 254, phone: 40, choice: 100 };

export const customFieldIdSchema = z.string().regex(/^[a-z0-9]{1,16}$/);

export const customFieldSchema = z
  .object({
    id: customFieldIdSchema,
    label: z.string().trim().min(1, 'Enter a label.').max(60),
    type: z.enum(CUSTOM_FIELD_TYPES),
    required: z.boolean().default(false),
    /** The technician may change the value later (with the editCustomFields right). */
    technicianEditable: z.boolean().default(true),
    /** The answers a choice list offers; empty for the other types. */
    choices: z.array(z.string().trim().min(1).max(100)).max(MAX_CHOICES).default([]),
  })
  .refine((f) => f.type !== 'choice' || f.choices.length > 0, { message: 'A choice list needs at least one choice.', path: ['choices'] });
export type CustomField = z.infer<typeof customFieldSchema>;

/**
 * What a request left outside working hours asks besides the channel's fields: how to reach the customer and
 * what the problem is. Their ids are reserved; pages show the labels in the customer's language.
 */
export const REQUEST_FIELDS: readonly CustomField[] = [
  { id: 'contact', label: 'How to reach you', type: 'short_text', required: true, technicianEditable: true, choices: [] },
  { id: 'problem', label: 'Problem', type: 'long_text', required: true, technicianEditable: true, choices: [] },
];
const RESERVED_IDS = new Set(REQUEST_FIELDS.map((f) => f.id));

export const customFieldsSchema = z
  .array(customFieldSchema)
  .max(MAX_CUSTOM_FIELDS)
  .refine((fields) => new Set(fields.map((f) => f.id)).size === fields.length, { message: 'Two fields have the same id.' })
  .refine((fields) => fields.every((f) => !RESERVED_IDS.has(f.id)), { message: 'That field id is reserved.' });

/** Values by field id, as stored on a session. */
export type CustomFieldValues = Record<string, string>;
export const customFieldValuesSchema = z.record(customFieldIdSchema, z.string().max(2000)).refine((v) => Object.keys(v).length <= MAX_CUSTOM_FIELDS);

// A phone number as people type it: digits, spaces and the usual punctuation, at least 5 digits.
const PHONE = /^\+?[0-9 ().\-/]{5,40}$/;

/** The schema of one field's value: what the customer's form checks before sending and the server checks again. */
export function valueSchema(field: CustomField): z.ZodType<string> {
  const max = VALUE_MAX[field.type];
  let text = z.string().trim().max(max);
  if (field.required) text = text.min(1);
  const filled = (check: (s: string) => boolean, format: string) =>
    text.refine((s) => s === '' || check(s), { params: { format } });
  switch (field.type) {
    case 'email':
      return filled((s) => z.email().safeParse(s).success, 'email');
    case 'phone':
      return filled((s) => PHONE.test(s) && (s.match(/[0-9]/g)?.length ?? 0) >= 5, 'phone');
    case 'choice':
      return filled((s) => field.choices.includes(s), 'choice');
    default:
      return text;
  }
}

export interface FieldProblem {
  fieldId: string;
  reason: Reason;
}

/**
 * Checks every field at once (so a form can mark them all), returning the cleaned values of the fields the
 * channel defines (anything else sent is dropped) or each problem with a reason key the page translates.
 */
export function checkValues(fields: readonly CustomField[], input: Record<string, unknown>): { values: CustomFieldValues; problems: FieldProblem[] } {
  const values: CustomFieldValues = {};
  const problems: FieldProblem[] = [];
  for (const field of fields) {
    const raw = input[field.id];
    const parsed = valueSchema(field).safeParse(raw ?? '', { reportInput: true });
    if (parsed.success) {
      if (parsed.data !== '') values[field.id] = parsed.data;
      continue;
    }
    const issue = parsed.error.issues[0];
    const format = issue.code === 'custom' ? (issue.params as { format?: string } | undefined)?.format : undefined;
    const reason = format === 'email' ? { key: 'invalidEmail' } : format === 'phone' ? { key: 'invalidPhone' } : format === 'choice' ? { key: 'invalidChoice' } : reasonOf(issue);
    problems.push({ fieldId: field.id, reason });
  }
  return { values, problems };
}

/** Like `checkValues`, but throws the first problem as a refusal naming its field (`field:<id>`). */
export function requireValues(fields: readonly CustomField[], input: Record<string, unknown>): CustomFieldValues {
  const { values, problems } = checkValues(fields, input);
  const first = problems[0];
  if (first) {
    const label = fields.find((f) => f.id === first.fieldId)?.label ?? first.fieldId;
    throw DomainError.invalidField(`field:${first.fieldId}`, `${label}: ${first.reason.key}`, [first.reason]);
  }
  return values;
}

/** The values in the channel's field order with their labels, for the queue, the log and its CSV. */
export function labelled(fields: readonly Pick<CustomField, 'id' | 'label'>[], values: CustomFieldValues): { id: string; label: string; value: string }[] {
  return fields.filter((f) => values[f.id] !== undefined).map((f) => ({ id: f.id, label: f.label, value: values[f.id] }));
}
