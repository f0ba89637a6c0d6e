'use client';

import { useRouter } from 'next/navigation';
import { useTranslations } from 'next-intl';
import { type ChangeEvent, type CSSProperties, type FormEvent, useState } from 'react';
import type { Branding } from '../../../../core/organisation/branding';
import { FieldProblem, fieldProblemProps, FormProblemText } from '../../../components/FormErrors';
import { accentColours } from '../../../lib/brand-colours';
import { postJson } from '../../../lib/post-json';
import { useActionProblem } from '../admin-actions';

/** Lifeline's own blue (globals.css --accent, light): what the colour field shows while none is chosen. */
const DEFAULT_ACCENT = '#0b5cad';
const FIELDS = ['name', 'accent', 'contact', 'logo'];

/**
 * Settings -> Branding: how the customer's pages present the organisation, with the code page as a customer
 * will see it beside the form, changing as the administrator types.
 */
export function BrandingForm({ branding: initial, logoMaxKb }: { branding: Branding; logoMaxKb: number }) {
  const t = useTranslations('settings.branding');
  const [name, setName] = useState(initial.name);
  const [ownAccent, setOwnAccent] = useState(initial.accent !== null);
  const [accent, setAccent] = useState(initial.accent ?? DEFAULT_ACCENT);
  const [contact, setContact] = useState(initial.contact);
  const [logo, setLogo] = useState(initial.logo);
  const [status, setStatus] = useState<string | null>(null);
  const [problem, settle] = useActionProblem();
  const [busy, setBusy] = useState(false);
  const router = useRouter();
  const validAccent = /^#[0-9a-f]{6}$/i.test(accent);

  async function save(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    setBusy(true);
    const result = await postJson('/api/admin/settings/branding', { name, accent: ownAccent ? accent : null, contact });
    setBusy(false);
    const ok = settle(result);
    setStatus(ok ? t('saved') : null);
    // The organisation's name heads every staff page too.
    if (ok) router.refresh();
  }

  async function upload(event: ChangeEvent<HTMLInputElement>) {
    const file = event.currentTarget.files?.[0];
    event.currentTarget.value = '';
    if (!file) return;
    setBusy(true);
    const result = await postJson('/api/admin/settings/branding/logo', { logo: await base64Of(file) });
    setBusy(false);
    if (settle(result)) {
      setLogo((result as unknown as { branding: Branding }).branding.logo);
      setStatus(t('logoSaved'));
    } else setStatus(null);
  }

  async function removeLogo() {
    setBusy(true);
    const result = await fetch('/api/admin/settings/branding/logo', { method: 'DELETE', headers: { 'Content-Type': 'application/json' }, body: '{}' })
      .then(async (response) => ({ ok: response.ok, ...((await response.json().catch(() => ({}))) as object) }))
      .catch(() => ({ ok: false, code: 'network' }));
    setBusy(false);
    if (settle(result)) {
      setLogo(null);
      setStatus(t('logoRemoved'));
    } else setStatus(null);
  }

  const colours = accentColours(ownAccent && validAccent ? accent.toLowerCase() : DEFAULT_ACCENT);
  const previewStyle = {
    '--accent': colours.accent,
    '--accent-text': colours.accentText,
    '--preview-link-light': colours.linkLight,
    '--preview-link-dark': colours.linkDark,
  } as CSSProperties;

  return (
    <div className="branding-layout">
      <form className="card settings-form" onSubmit={save} aria-labelledby="branding-title" noValidate>
        <h2 id="branding-title">{t('title')}</h2>
        <p className="muted">{t('intro')}</p>
        <div className="field">
          <label htmlFor="branding-name">{t('name')}</label>
          <input id="branding-name" value={name} onChange={(e) => setName(e.currentTarget.value)} maxLength={80} required data-testid="branding-name"
            {...fieldProblemProps(problem, 'name', 'branding-name')} />
          <FieldProblem problem={problem} field="name" id="branding-name" />
        </div>
        <fieldset className="scope">
          <legend>{t('logo')}</legend>
          <div className="branding-logo-row">
            {logo ? <img src={`/brand/logo/${logo.hash}`} alt={t('currentLogo')} /> : <span className="muted">{t('noLogo')}</span>}
            <label className="button secondary" htmlFor="branding-logo">{logo ? t('replaceLogo') : t('chooseLogo')}</label>
            <input id="branding-logo" className="visually-hidden" type="file" accept="image/png,image/jpeg,image/webp" onChange={(e) => void upload(e)} disabled={busy}
              data-testid="branding-logo-input" aria-describedby="branding-logo-hint" />
            {logo && <button type="button" className="secondary" onClick={() => void removeLogo()} disabled={busy} data-testid="branding-logo-remove">{t('removeLogo')}</button>}
          </div>
          <p className="field-hint" id="branding-logo-hint">{t('logoHint', { maximum: logoMaxKb })}</p>
          <FieldProblem problem={problem} field="logo" id="branding-logo" />
        </fieldset>
        <fieldset className="scope branding-accent">
          <legend>{t('accent')}</legend>
          <label className="checkbox">
            <input type="checkbox" checked={ownAccent} onChange={(e) => setOwnAccent(e.currentTarget.checked)} data-testid="branding-own-accent" /> {t('ownAccent')}
          </label>
          {ownAccent && (
            <div className="row align-end">
              <input type="color" value={validAccent ? accent.toLowerCase() : DEFAULT_ACCENT} onChange={(e) => setAccent(e.currentTarget.value)} aria-label={t('accentPicker')} />
              <div className="field">
                <label htmlFor="branding-accent">{t('accentHex')}</label>
                <input id="branding-accent" value={accent} onChange={(e) => setAccent(e.currentTarget.value.trim())} maxLength={7} spellCheck={false} data-testid="branding-accent"
                  {...fieldProblemProps(problem, 'accent', 'branding-accent')} />
                <FieldProblem problem={problem} field="accent" id="branding-accent" />
              </div>
            </div>
          )}
          <p className="field-hint">{t('accentHint')}</p>
        </fieldset>
        <div className="field">
          <label htmlFor="branding-contact">{t('contact')}</label>
          <input id="branding-contact" value={contact} onChange={(e) => setContact(e.currentTarget.value)} maxLength={200} placeholder={t('contactExample')} data-testid="branding-contact"
            aria-describedby="branding-contact-hint" aria-invalid={problem?.field === 'contact' || undefined} />
          <p className="field-hint" id="branding-contact-hint">{t('contactHint')}</p>
          <FieldProblem problem={problem} field="contact" id="branding-contact" />
        </div>
        <FormProblemText problem={problem} fields={FIELDS} />
        {status && <p className="admin-status" role="status" data-testid="branding-status">{status}</p>}
        <button type="submit" disabled={busy} data-testid="branding-save">{t('save')}</button>
      </form>
      <section className="branding-preview" style={previewStyle} aria-labelledby="branding-preview-title" data-testid="branding-preview">
        <h2 id="branding-preview-title" className="muted">{t('preview')}</h2>
        <div className="brand customer-brand">
          {logo ? <img className="brand-logo" src={`/brand/logo/${logo.hash}`} alt="" /> : <span className="brand-mark" aria-hidden="true">{Array.from(name)[0]?.toLocaleUpperCase() ?? 'L'}</span>}
          <span>{name || t('namePlaceholder')}</span>
        </div>
        <div className="card" aria-hidden="true">
          <h3>{t('previewTitle')}</h3>
          <p className="muted">{t('previewIntro')}</p>
          <div className="field">
            <span className="code-input preview-code">123 456</span>
          </div>
          <button type="button" tabIndex={-1} style={{ width: '100%' }}>{t('previewContinue')}</button>
          <p style={{ marginTop: '0.75rem', marginBottom: 0 }}><a href="#branding-title" tabIndex={-1}>{t('previewLink')}</a></p>
        </div>
        {contact.trim() && <p className="brand-contact muted">{contact}</p>}
      </section>
    </div>
  );
}

/** A file's bytes as base64, for the JSON body (the server reads their type from the bytes, not from the name). */
async function base64Of(file: File): Promise<string> {
  const bytes = new Uint8Array(await file.arrayBuffer());
  let binary = '';
  for (let i = 0; i < bytes.length; i += 0x8000) binary += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(binary);
}
