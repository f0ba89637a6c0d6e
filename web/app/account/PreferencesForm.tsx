'use client';

import { useTranslations } from 'next-intl';
import { type ChangeEvent, type FormEvent, useEffect, useState } from 'react';
import { ALERT_SOUND_KEY } from '../../../client/session-alerts';
import type { Preferences } from '../../../core/preferences/preferences';
import { Avatar } from '../../components/Avatar';
import { FieldProblem, fieldProblemProps, type FormProblem, FormProblemText, useFormProblem } from '../../components/FormErrors';
import { SaveRow, useSavedNote } from '../../components/SaveRow';
import { LOCALE_COOKIE, LOCALE_NAMES, LOCALES } from '../../i18n/locales';
import { postJson } from '../../lib/post-json';

const THEME_KEY = 'lifeline.theme';
type Permission = NotificationPermission | 'unsupported';

/**
 * What the person chooses for themselves: the name customers see, their picture, language, theme, the alert
 * sound (saved on the server, so they follow them to another browser) and desktop notifications (a permission
 * of this browser, asked here as the console does).
 */
export function PreferencesForm({ initial, name }: { initial: Preferences; name: string }) {
  const t = useTranslations('preferences');
  const problemOf = useFormProblem();
  const [prefs, setPrefs] = useState(initial);
  const [problem, setProblem] = useState<FormProblem | null>(null);
  const [avatarProblem, setAvatarProblem] = useState<string | null>(null);
  const [saved, showSaved] = useSavedNote();
  const [avatarNote, showAvatarNote] = useSavedNote();
  const [permission, setPermission] = useState<Permission>('default');
  useEffect(() => {
    setPermission(typeof Notification === 'undefined' ? 'unsupported' : Notification.permission);
  }, []);

  async function save(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    showSaved(null);
    const form = new FormData(event.currentTarget);
    const language = String(form.get('language') ?? '');
    const theme = String(form.get('theme') ?? '');
    const patch = {
      nickname: String(form.get('nickname') ?? ''),
      language: language === '' ? null : language,
      theme: theme === '' ? null : theme,
      sound: form.get('sound') === 'on',
    };
    const result = (await postJson('/api/account/preferences', patch)) as Awaited<ReturnType<typeof postJson>> & { preferences?: Preferences };
    setProblem(result.ok ? null : problemOf(result));
    if (!result.ok || !result.preferences) return;
    const next = result.preferences;
    // This browser follows at once: the alert sound the console reads, the theme, and the language (a reload).
    localStorage.setItem(ALERT_SOUND_KEY, next.sound ? 'on' : 'off');
    if (next.theme) localStorage.setItem(THEME_KEY, next.theme);
    document.documentElement.dataset.theme = next.theme ?? (matchMedia('(prefers-color-scheme: dark)').matches ? 'dark' : 'light');
    if (next.language) document.cookie = `${LOCALE_COOKIE}=${next.language}; Path=/; Max-Age=31536000; SameSite=Lax`;
    setPrefs(next);
    if (next.language !== prefs.language) {
      window.location.reload();
      return;
    }
    showSaved(t('saved'));
  }

  async function upload(event: ChangeEvent<HTMLInputElement>) {
    const file = event.currentTarget.files?.[0];
    event.currentTarget.value = '';
    if (!file) return;
    showAvatarNote(null);
    const response = await fetch('/api/account/avatar', { method: 'POST', headers: { 'content-type': 'application/octet-stream' }, body: file }).catch(() => null);
    const body = (await response?.json().catch(() => ({}))) as { preferences?: Preferences; code?: string };
    if (!response?.ok || !body.preferences) {
      setAvatarProblem(response?.status === 413 ? t('avatarTooLarge') : response?.status === 400 ? t('avatarType') : t('avatarFailed'));
      return;
    }
    setAvatarProblem(null);
    setPrefs((p) => ({ ...p, avatarUrl: body.preferences!.avatarUrl }));
    showAvatarNote(t('avatarSaved'));
  }
  async function removeAvatar() {
    showAvatarNote(null);
    const result = (await postJson('/api/account/avatar/remove', {})) as Awaited<ReturnType<typeof postJson>> & { preferences?: Preferences };
    if (!result.ok) {
      setAvatarProblem(t('avatarFailed'));
      return;
    }
    setAvatarProblem(null);
    setPrefs((p) => ({ ...p, avatarUrl: null }));
    showAvatarNote(t('avatarRemoved'));
  }
  async function allowNotifications() {
    if (typeof Notification === 'undefined') return;
    setPermission(await Notification.requestPermission());
  }

  return (
    <section className="card" aria-labelledby="preferences-title">
      <h2 id="preferences-title">{t('title')}</h2>
      <div className="avatar-editor">
        <span data-testid="account-avatar"><Avatar name={prefs.nickname || name} src={prefs.avatarUrl} size={64} /></span>
        <div className="avatar-actions">
          <label htmlFor="account-avatar-file" className="button secondary small">{prefs.avatarUrl ? t('avatarChange') : t('avatarUpload')}</label>
          <input id="account-avatar-file" type="file" accept="image/png,image/jpeg,image/webp" className="visually-hidden" onChange={(e) => void upload(e)} data-testid="account-avatar-file" aria-describedby="account-avatar-hint" />
          {prefs.avatarUrl && <button type="button" className="secondary small" onClick={() => void removeAvatar()} data-testid="account-avatar-remove">{t('avatarRemove')}</button>}
          <span className="save-note" role="status" aria-live="polite">{avatarNote ? <span className="save-note-text">✓ {avatarNote}</span> : null}</span>
          <p className="field-hint" id="account-avatar-hint">{t('avatarHint')}</p>
          {avatarProblem && <p className="error" role="alert" data-testid="account-avatar-problem">{avatarProblem}</p>}
        </div>
      </div>
      <form onSubmit={save} noValidate>
        <div className="field">
          <label htmlFor="account-nickname">{t('nickname')}</label>
          <input id="account-nickname" name="nickname" defaultValue={prefs.nickname} required maxLength={80} data-testid="account-nickname" {...fieldProblemProps(problem, 'nickname', 'account-nickname')}
            aria-describedby={problem?.field === 'nickname' ? 'account-nickname-problem account-nickname-hint' : 'account-nickname-hint'} />
          <p className="field-hint" id="account-nickname-hint">{t('nicknameHint')}</p>
          <FieldProblem problem={problem} field="nickname" id="account-nickname" />
        </div>
        <div className="field-row">
          <div className="field">
            <label htmlFor="account-language">{t('language')}</label>
            <select id="account-language" name="language" defaultValue={prefs.language ?? ''} data-testid="account-language">
              <option value="">{t('languageBrowser')}</option>
              {LOCALES.map((l) => <option key={l} value={l} lang={l}>{LOCALE_NAMES[l]}</option>)}
            </select>
          </div>
          <div className="field">
            <label htmlFor="account-theme">{t('theme')}</label>
            <select id="account-theme" name="theme" defaultValue={prefs.theme ?? ''} data-testid="account-theme">
              <option value="">{t('themeSystem')}</option>
              <option value="light">{t('themeLight')}</option>
              <option value="dark">{t('themeDark')}</option>
            </select>
          </div>
        </div>
        <label className="checkbox field">
          <input type="checkbox" name="sound" defaultChecked={prefs.sound} data-testid="account-sound" /> {t('sound')}
        </label>
        <div className="field">
          <span className="label-like" id="account-notifications-label">{t('notifications')}</span>
          <div className="save-row" aria-labelledby="account-notifications-label" role="group">
            <span data-testid="account-notifications">{t('notificationState', { state: permission })}</span>
            {permission === 'default' && <button type="button" className="secondary small" onClick={() => void allowNotifications()} data-testid="account-notifications-allow">{t('notificationsAllow')}</button>}
          </div>
        </div>
        <FormProblemText problem={problem} fields={['nickname']} />
        <SaveRow label={t('save')} note={saved} testId="account-preferences-save" />
      </form>
    </section>
  );
}
