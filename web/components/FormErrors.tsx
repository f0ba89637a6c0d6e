'use client';

import { retryWait } from '../i18n/units';
import { useLocale, useTranslations } from 'next-intl';
import { useCallback } from 'react';
import type { Reason } from '../../core/errors';
import type { PostResult } from '../lib/post-json';

/** What a refused request said, as kept by a form: which field it is about and the sentence to show. */
export interface FormProblem {
  field?: string;
  text: string;
}

/**
 * Says a refused request in the reader's language: each reason the server gave (with its values), else the
 * sentence for its code. The server's own English `message` is for logs and is never shown.
 */
export function useErrorText(): (result: Pick<PostResult, 'code' | 'reasons' | 'retryAfterMs'>) => string {
  const t = useTranslations('formErrors');
  const locale = useLocale();
  return useCallback(
    (result) => {
      const list = (words: string[]) => new Intl.ListFormat(locale, { type: 'disjunction' }).format(words.map((w) => (t.has(`words.${w}`) ? t(`words.${w}`) : w)));
      const say = ({ key, values = {} }: Reason) => {
        if (!t.has(`reasons.${key}`)) return t('reasons.invalid');
        const plain = Object.fromEntries(Object.entries(values).map(([name, value]) => [name, Array.isArray(value) ? list(value) : value]));
        return t(`reasons.${key}`, plain);
      };
      if (result.reasons?.length) return result.reasons.map(say).join(' ');
      const code = result.code ?? 'internal';
      if (code === 'rate_limited') return t('codes.rate_limited', retryWait(result.retryAfterMs));
      return t.has(`codes.${code}`) ? t(`codes.${code}`) : t('codes.internal');
    },
    [t, locale],
  );
}

/** The problem as a form keeps it, from a refused request. */
export function useFormProblem(): (result: PostResult) => FormProblem {
  const text = useErrorText();
  return useCallback((result) => ({ field: result.field, text: text(result) }), [text]);
}

/** Attributes for an input whose field may have a problem: marked invalid and described by the message. */
export function fieldProblemProps(problem: FormProblem | null, field: string, id: string) {
  const mine = problem?.field === field;
  return { 'aria-invalid': mine || undefined, 'aria-describedby': mine ? `${id}-problem` : undefined };
}

/** The problem next to its field, when it is about that field. */
export function FieldProblem({ problem, field, id, testId }: { problem: FormProblem | null; field: string; id: string; testId?: string }) {
  if (problem?.field !== field) return null;
  return <p id={`${id}-problem`} className="error field-error" role="alert" data-testid={testId}>{problem.text}</p>;
}

/** A problem about none of the form's fields, shown once for the whole form. */
export function FormProblemText({ problem, fields, testId }: { problem: FormProblem | null; fields: string[]; testId?: string }) {
  if (!problem || (problem.field && fields.includes(problem.field))) return null;
  return <p className="error" role="alert" data-testid={testId}>{problem.text}</p>;
}
