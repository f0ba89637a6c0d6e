'use client';

import { useTranslations } from 'next-intl';
import { type FormEvent, useMemo, useState } from 'react';
import type { Channel } from '../../../../core/channels/channel';
import { MAX_CUSTOM_FIELDS } from '../../../../core/channels/custom-fields';
import { WEEKDAYS } from '../../../../core/channels/working-hours';
import type { FormProblem } from '../../../components/FormErrors';
import { useActionProblem } from '../admin-actions';
import { channelActions } from './channel-actions';
import { type ChannelDraft, draftOf, inputOf } from './channel-draft';
import { FieldsEditor, PathProblem } from './FieldsEditor';

const about = (problem: FormProblem | null, prefix: string) => Boolean(problem?.field && (problem.field === prefix || problem.field.startsWith(`${prefix}.`)));

export function ChannelEditor({ channel, groups, technicians, otherChannels, onSaved, onRemoved }: {
  channel: Channel | null;
  groups: { id: string; name: string }[];
  technicians: { id: string; name: string; groupId: string | null }[];
  otherChannels: { id: string; name: string }[];
  onSaved: (channel: Channel) => void;
  onRemoved: (id: string) => void;
}) {
  const t = useTranslations('channels');
  const [draft, setDraft] = useState<ChannelDraft>(() => draftOf(channel, Intl.DateTimeFormat().resolvedOptions().timeZone));
  const [problem, settle, setProblem] = useProblem();
  const [busy, setBusy] = useState(false);
  const set = <K extends keyof ChannelDraft>(key: K, value: ChannelDraft[K]) => setDraft((d) => ({ ...d, [key]: value }));
  // Only technicians of the assigned groups can be excluded.
  const assignable = useMemo(() => technicians.filter((p) => p.groupId !== null && draft.groupIds.includes(p.groupId)), [technicians, draft.groupIds]);

  async function submit(event: FormEvent) {
    event.preventDefault();
    const parsed = inputOf(draft);
    if ('invalid' in parsed) {
      setProblem({ field: parsed.invalid, text: t('hoursInvalid') });
      return;
    }
    setBusy(true);
    const result = channel ? await channelActions.update(channel.id, parsed.input) : await channelActions.create(parsed.input);
    setBusy(false);
    if (settle(result) && result.channel) onSaved(result.channel);
  }

  async function remove() {
    if (!channel || !window.confirm(t('removeConfirm', { name: channel.name }))) return;
    if (settle(await channelActions.remove(channel.id))) onRemoved(channel.id);
  }

  return (
    <form className="card channel-editor" onSubmit={submit} noValidate aria-labelledby="channel-editor-title">
      <h2 id="channel-editor-title">{channel ? channel.name : t('newTitle')}</h2>

      <div className="field">
        <label htmlFor="channel-name">{t('name')}</label>
        <input id="channel-name" value={draft.name} onChange={(e) => set('name', e.target.value)} maxLength={80} required data-testid="channel-name" aria-invalid={about(problem, 'name') || undefined} />
        <PathProblem problem={problem} prefix="name" id="channel-name" />
      </div>
      <div className="field">
        <label htmlFor="channel-description">{t('description')}</label>
        <textarea id="channel-description" value={draft.description} onChange={(e) => set('description', e.target.value)} maxLength={500} rows={2} />
      </div>
      <label className="checkbox field">
        <input type="checkbox" checked={draft.enabled} onChange={(e) => set('enabled', e.target.checked)} data-testid="channel-enabled" /> {t('enabled')}
      </label>

      <fieldset className="field">
        <legend>{t('who')}</legend>
        <label htmlFor="channel-groups">{t('groups')}</label>
        <select id="channel-groups" multiple size={Math.min(6, Math.max(2, groups.length))} value={draft.groupIds}
          onChange={(e) => set('groupIds', [...e.target.selectedOptions].map((o) => o.value))} data-testid="channel-groups" aria-invalid={about(problem, 'groupIds') || undefined}>
          {groups.map((g) => <option key={g.id} value={g.id}>{g.name}</option>)}
        </select>
        <p className="field-hint">{t('groupsHint')}</p>
        <PathProblem problem={problem} prefix="groupIds" id="channel-groups" />
        {assignable.length > 0 && (
          <div className="field">
            <span className="label-like">{t('excluded')}</span>
            <div className="checkbox-list">
              {assignable.map((p) => (
                <label key={p.id} className="checkbox">
                  <input type="checkbox" checked={draft.excludedTechnicianIds.includes(p.id)} data-testid="channel-excluded"
                    onChange={(e) => set('excludedTechnicianIds', e.target.checked ? [...draft.excludedTechnicianIds, p.id] : draft.excludedTechnicianIds.filter((id) => id !== p.id))} /> {p.name}
                </label>
              ))}
            </div>
          </div>
        )}
      </fieldset>

      <fieldset className="field">
        <legend>{t('fields')}</legend>
        <p className="field-hint">{t('fieldsHint', { max: MAX_CUSTOM_FIELDS })}</p>
        <FieldsEditor fields={draft.fields} onChange={(fields) => set('fields', fields)} problem={problem} />
      </fieldset>

      <fieldset className="field">
        <legend>{t('hours')}</legend>
        <label className="checkbox field">
          <input type="checkbox" checked={draft.hoursEnabled} onChange={(e) => set('hoursEnabled', e.target.checked)} data-testid="channel-hours-enabled" /> {t('hoursEnabled')}
        </label>
        {draft.hoursEnabled && (
          <>
            <div className="field">
              <label htmlFor="channel-time-zone">{t('timeZone')}</label>
              <input id="channel-time-zone" value={draft.timeZone} onChange={(e) => set('timeZone', e.target.value)} aria-invalid={about(problem, 'hours.timeZone') || undefined} />
              <PathProblem problem={problem} prefix="hours.timeZone" id="channel-time-zone" />
            </div>
            <div className="hours-grid">
              {WEEKDAYS.map((day) => (
                <label key={day} className="row">
                  <span className="weekday">{t(`days.${day}`)}</span>
                  <input value={draft.days[day]} placeholder={t('closedAllDay')} onChange={(e) => set('days', { ...draft.days, [day]: e.target.value })} data-testid={`channel-hours-${day}`}
                    aria-invalid={about(problem, `hours.weekly.${day}`) || undefined} />
                </label>
              ))}
            </div>
            <p className="field-hint">{t('hoursHint')}</p>
            <PathProblem problem={problem} prefix="hours.weekly" id="channel-hours" />
            <div className="field">
              <label htmlFor="channel-closed-dates">{t('closedDates')}</label>
              <textarea id="channel-closed-dates" rows={2} value={draft.closedDates} placeholder="2026-12-25" onChange={(e) => set('closedDates', e.target.value)} />
              <PathProblem problem={problem} prefix="hours.closedDates" id="channel-closed-dates" />
            </div>
          </>
        )}
        <div className="field">
          <label htmlFor="channel-unavailable">{t('unavailable')}</label>
          <select id="channel-unavailable" value={draft.unavailableMode} onChange={(e) => set('unavailableMode', e.target.value as ChannelDraft['unavailableMode'])} data-testid="channel-unavailable">
            <option value="message">{t('unavailableMessage')}</option>
            <option value="request">{t('unavailableRequest')}</option>
            <option value="redirect">{t('unavailableRedirect')}</option>
          </select>
        </div>
        {draft.unavailableMode === 'redirect' ? (
          <div className="field">
            <label htmlFor="channel-redirect">{t('redirectUrl')}</label>
            <input id="channel-redirect" type="url" value={draft.redirectUrl} onChange={(e) => set('redirectUrl', e.target.value)} data-testid="channel-redirect" aria-invalid={about(problem, 'unavailable') || undefined} />
          </div>
        ) : (
          <div className="field">
            <label htmlFor="channel-unavailable-text">{t('unavailableText')}</label>
            <textarea id="channel-unavailable-text" rows={2} value={draft.unavailableMessage} onChange={(e) => set('unavailableMessage', e.target.value)} data-testid="channel-unavailable-text" />
          </div>
        )}
        <PathProblem problem={problem} prefix="unavailable" id="channel-unavailable" />
      </fieldset>

      <fieldset className="field">
        <legend>{t('waiting')}</legend>
        <label className="checkbox field">
          <input type="checkbox" checked={draft.timeoutEnabled} onChange={(e) => set('timeoutEnabled', e.target.checked)} /> {t('timeoutEnabled')}
        </label>
        {draft.timeoutEnabled && (
          <div className="row">
            <label>
              {t('timeoutAfter')}{' '}
              <input type="number" min={1} max={1440} value={draft.timeoutMinutes} onChange={(e) => set('timeoutMinutes', e.target.value)} style={{ width: '5rem' }} />
            </label>
            <select value={draft.timeoutAction} onChange={(e) => set('timeoutAction', e.target.value as ChannelDraft['timeoutAction'])} aria-label={t('timeoutThen')}>
              <option value="tell">{t('timeoutTell')}</option>
              <option value="channel" disabled={otherChannels.length === 0}>{t('timeoutChannel')}</option>
              <option value="group">{t('timeoutGroup')}</option>
            </select>
            {draft.timeoutAction !== 'tell' && (
              <select value={draft.timeoutTarget} onChange={(e) => set('timeoutTarget', e.target.value)} aria-label={t('timeoutTarget')}>
                <option value="">…</option>
                {(draft.timeoutAction === 'channel' ? otherChannels : groups).map((o) => <option key={o.id} value={o.id}>{o.name}</option>)}
              </select>
            )}
          </div>
        )}
        {draft.timeoutEnabled && draft.timeoutAction === 'tell' && (
          <textarea rows={2} value={draft.timeoutMessage} placeholder={t('timeoutMessage')} aria-label={t('timeoutMessage')} onChange={(e) => set('timeoutMessage', e.target.value)} />
        )}
        <PathProblem problem={problem} prefix="waitingTimeout" id="channel-timeout" />
      </fieldset>

      <fieldset className="field">
        <legend>{t('widget')}</legend>
        <div className="field">
          <label htmlFor="channel-origins">{t('origins')}</label>
          <textarea id="channel-origins" rows={3} value={draft.origins} placeholder="https://www.example.com" onChange={(e) => set('origins', e.target.value)} data-testid="channel-origins"
            aria-invalid={about(problem, 'allowedOrigins') || undefined} />
          <p className="field-hint">{t('originsHint')}</p>
          <PathProblem problem={problem} prefix="allowedOrigins" id="channel-origins" />
        </div>
        <div className="row align-end">
          <label className="stacked">{t('accent')} <input type="color" value={draft.accent} onChange={(e) => set('accent', e.target.value)} data-testid="channel-accent" /></label>
          <label className="stacked grow">
            {t('position')}
            <select value={draft.position} onChange={(e) => set('position', e.target.value as ChannelDraft['position'])}>
              <option value="bottom-right">{t('bottomRight')}</option>
              <option value="bottom-left">{t('bottomLeft')}</option>
            </select>
          </label>
        </div>
        <div className="row align-end">
          <label className="stacked grow">{t('launcherText')} <input value={draft.launcherText} maxLength={40} placeholder={t('launcherDefault')} onChange={(e) => set('launcherText', e.target.value)} /></label>
          <label className="stacked grow">{t('widgetTitle')} <input value={draft.title} maxLength={80} onChange={(e) => set('title', e.target.value)} /></label>
        </div>
        <div className="field">
          <label htmlFor="channel-logo">{t('logo')}</label>
          <input id="channel-logo" type="url" value={draft.logoUrl} placeholder="https://" onChange={(e) => set('logoUrl', e.target.value)} aria-invalid={about(problem, 'appearance') || undefined} />
          <PathProblem problem={problem} prefix="appearance" id="channel-logo" />
        </div>
      </fieldset>

      <fieldset className="field">
        <legend>{t('privacy')}</legend>
        <p className="field-hint">{t('privacyHint')}</p>
        <div className="field">
          <label htmlFor="channel-mask">{t('maskSelectors')}</label>
          <textarea id="channel-mask" rows={2} value={draft.maskSelectors} placeholder=".account-number" onChange={(e) => set('maskSelectors', e.target.value)} />
        </div>
        <label className="checkbox field">
          <input type="checkbox" checked={draft.privateByDefault} onChange={(e) => set('privateByDefault', e.target.checked)} /> {t('privateByDefault')}
        </label>
        {draft.privateByDefault && (
          <div className="field">
            <label htmlFor="channel-allow">{t('allowSelectors')}</label>
            <textarea id="channel-allow" rows={2} value={draft.allowSelectors} placeholder="main h1, .help-text" onChange={(e) => set('allowSelectors', e.target.value)} />
          </div>
        )}
        <PathProblem problem={problem} prefix="privacy" id="channel-privacy" />
      </fieldset>

      {problem && !problem.field && <p className="error" role="alert">{problem.text}</p>}
      {problem?.field && !/^(name|groupIds|fields|hours|unavailable|waitingTimeout|allowedOrigins|appearance|privacy)/.test(problem.field) && <p className="error" role="alert">{problem.text}</p>}
      <div className="row">
        <button type="submit" disabled={busy} data-testid="channel-save">{t('save')}</button>
        {channel && <button type="button" className="secondary danger" onClick={() => void remove()} data-testid="channel-remove">{t('remove')}</button>}
      </div>
    </form>
  );
}

/** useActionProblem, plus setting a problem found before anything was sent. */
function useProblem() {
  const [serverProblem, settle] = useActionProblem();
  const [local, setLocal] = useState<FormProblem | null>(null);
  const settleBoth: typeof settle = (result) => {
    setLocal(null);
    return settle(result);
  };
  return [local ?? serverProblem, settleBoth, setLocal] as const;
}
