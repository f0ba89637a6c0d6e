'use client';

import { useTranslations } from 'next-intl';
import { CUSTOM_FIELD_TYPES, MAX_CUSTOM_FIELDS } from '../../../../core/channels/custom-fields';
import type { FormProblem } from '../../../components/FormErrors';
import { type FieldDraft, newFieldId } from './channel-draft';

/** A refusal about this part of the form (the server names nested fields by path: "fields.0.label"). */
export function PathProblem({ problem, prefix, id }: { problem: FormProblem | null; prefix: string; id: string }) {
  if (!problem?.field || !(problem.field === prefix || problem.field.startsWith(`${prefix}.`))) return null;
  return <p id={`${id}-problem`} className="error field-error" role="alert">{problem.text}</p>;
}

/** The custom fields a form asks: a channel's, or those of private sessions. */
export function FieldsEditor({ fields, onChange, problem, prefix = 'fields' }: { fields: FieldDraft[]; onChange: (fields: FieldDraft[]) => void; problem: FormProblem | null; prefix?: string }) {
  const t = useTranslations('channels');
  const setField = (index: number, patch: Partial<FieldDraft>) => onChange(fields.map((f, i) => (i === index ? { ...f, ...patch } : f)));
  const invalid = (index: number) => Boolean(problem?.field?.startsWith(`${prefix}.${index}`)) || undefined;
  return (
    <>
        {fields.map((field, index) => (
          <div key={field.id} className="channel-field" data-testid="channel-field">
            <div className="row">
              <label className="grow">
                <span className="visually-hidden">{t('fieldLabel')}</span>
                <input placeholder={t('fieldLabel')} value={field.label} onChange={(e) => setField(index, { label: e.target.value })} maxLength={60} data-testid="channel-field-label"
                  aria-invalid={invalid(index)} />
              </label>
              <label>
                <span className="visually-hidden">{t('fieldType')}</span>
                <select value={field.type} onChange={(e) => setField(index, { type: e.target.value as FieldDraft['type'] })} data-testid="channel-field-type">
                  {CUSTOM_FIELD_TYPES.map((type) => <option key={type} value={type}>{t(`types.${type}`)}</option>)}
                </select>
              </label>
              <label className="checkbox">
                <input type="checkbox" checked={field.required} onChange={(e) => setField(index, { required: e.target.checked })} data-testid="channel-field-required" /> {t('fieldRequired')}
              </label>
              <label className="checkbox">
                <input type="checkbox" checked={field.technicianEditable} onChange={(e) => setField(index, { technicianEditable: e.target.checked })} /> {t('fieldEditable')}
              </label>
              <button type="button" className="secondary" onClick={() => onChange(fields.filter((_, i) => i !== index))} aria-label={t('fieldRemove', { label: field.label || '…' })}>✕</button>
            </div>
            {field.type === 'choice' && (
              <label className="field">
                <span>{t('fieldChoices')}</span>
                <textarea rows={3} value={field.choices} onChange={(e) => setField(index, { choices: e.target.value })} />
              </label>
            )}
            <PathProblem problem={problem} prefix={`${prefix}.${index}`} id={`channel-field-${index}`} />
          </div>
        ))}
        <PathProblem problem={problem} prefix={prefix} id="channel-fields" />
        <button type="button" className="secondary" disabled={fields.length >= MAX_CUSTOM_FIELDS} data-testid="channel-field-add"
          onClick={() => onChange([...fields, { id: newFieldId(), label: '', type: 'short_text', required: false, technicianEditable: true, choices: '' }])}>
          {t('fieldAdd')}
        </button>
    </>
  );
}
