'use client';

import { useTranslations } from 'next-intl';
import { type FormEvent, useState } from 'react';
import type { CustomField } from '../../../../core/channels/custom-fields';
import { useActionProblem } from '../admin-actions';
import { channelActions } from './channel-actions';
import type { FieldDraft } from './channel-draft';
import { FieldsEditor } from './FieldsEditor';
import { SaveRow } from '../../../components/SaveRow';

/** The same custom fields, switched on for private sessions: the technician fills them in when creating one. */
export function PrivateFields({ initial }: { initial: CustomField[] }) {
  const t = useTranslations('channels');
  const [fields, setFields] = useState<FieldDraft[]>(() => initial.map((f) => ({ ...f, choices: f.choices.join('\n') })));
  const [problem, settle] = useActionProblem();
  const [saved, setSaved] = useState(false);
  async function submit(event: FormEvent) {
    event.preventDefault();
    const lines = (text: string) => text.split('\n').map((l) => l.trim()).filter(Boolean);
    const result = await channelActions.setPrivateFields(fields.map((f) => ({ ...f, choices: f.type === 'choice' ? lines(f.choices) : [] })));
    setSaved(settle(result));
  }
  return (
    <form className="card channel-editor" onSubmit={submit} noValidate aria-labelledby="private-fields-title" data-testid="private-fields">
      <h2 id="private-fields-title">{t('privateFields')}</h2>
      <p className="field-hint">{t('privateFieldsHint')}</p>
      <FieldsEditor fields={fields} onChange={(next) => { setFields(next); setSaved(false); }} problem={problem} />
      {problem && !problem.field?.startsWith('fields') && <p className="error" role="alert">{problem.text}</p>}
      <SaveRow label={t('privateFieldsSave')} note={saved ? t('privateFieldsSaved') : null} testId="private-fields-save" />
    </form>
  );
}
