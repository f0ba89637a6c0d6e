import { useTranslations } from 'next-intl';
import { Avatar } from '../components/Avatar';
import { LanguageSelect } from '../components/LanguageSelect';
import type { CustomerClient, CustomerState } from '../../client/customer-client';
import { BrandHeader, ContactLine, useBrand } from './BrandHeader';
import { useErrorText } from './error-text';
import { ReportLink, useHelper } from './session-parts';

/**
 * Before anything is allowed: whose page this is (the organisation's brand), who asks (the technician's name and
 * face), the code the customer typed (the one the technician reads on the phone), what the technician may do, and
 * how to stop it all.
 */
export function Consent({ client, state }: { client: CustomerClient; state: CustomerState }) {
  const view = state.view!;
  const t = useTranslations('join');
  const c = useTranslations('consent');
  const errorText = useErrorText();
  const helperOf = useHelper(view);
  const brand = useBrand();
  const organisation = brand.name || view.organisationName;
  const code = client.code();
  // The list says what this technician's group allows. While the session waits for someone to pick it up, it
  // says what anyone may at most do: each part still waits for the customer (Share, accept a file) and for the
  // rights of whoever picks it up.
  const rights = view.technicianNickname ? view.rights : { screenView: true, sendFiles: true, receiveFiles: true };
  return (
    <main className="center-page">
      <BrandHeader />
      <section className="card consent-card" aria-labelledby="consent-title">
        <div className="consent-who">
          {view.technicianNickname && <Avatar name={view.technicianNickname} src={view.technicianAvatarUrl} size={48} />}
          <h1 id="consent-title">
            {t.rich('consentTitle', { helper: helperOf(true), organisation, strong: (chunks) => <span data-testid="technician-name">{chunks}</span> })}
          </h1>
        </div>
        {code && (
          <p className="consent-code" data-testid="consent-code" data-code={code}>
            {c.rich('code', { code: `${code.slice(0, 3)} ${code.slice(3)}`, strong: (chunks) => <strong className="sas">{chunks}</strong> })}
          </p>
        )}
        <p className="verified" data-testid="verified-organisation">
          {t.rich('verified', { organisation, domain: typeof location === 'undefined' ? '' : location.host, strong: (chunks) => <strong>{chunks}</strong> })}
        </p>
        <p>{t('consentIntro', { helper: helperOf() })}</p>
        <ul className="rights" data-testid="consent-rights">
          <li>{t('rightChat')}</li>
          {rights.screenView && <li data-testid="consent-screen">{t('rightScreen')}</li>}
          {rights.sendFiles && rights.receiveFiles ? (
            <li data-testid="consent-files">{t('rightFiles')}</li>
          ) : rights.sendFiles ? (
            <li data-testid="consent-files">{t('rightFilesSend')}</li>
          ) : (
            rights.receiveFiles && <li data-testid="consent-files">{t('rightFilesReceive')}</li>
          )}
          {view.singlePrompt && <li data-testid="consent-control">{t('rightControl')}</li>}
        </ul>
        <p className="muted">{view.singlePrompt ? t('consentLimitsControl', { helper: helperOf(true) }) : t('consentLimits', { helper: helperOf(true) })}</p>
        <div className="consent-stop" data-testid="consent-stop">
          <strong>{c('stopTitle')}</strong>
          <p>{c.rich('stopHow', { key: (chunks) => <kbd>{chunks}</kbd> })}</p>
        </div>
        {state.error && <p className="error" role="alert">{errorText(state.error.code)}</p>}
        <div className="row">
          <button type="button" data-testid="consent-accept" onClick={() => void client.consent()}>
            {t('agree')}
          </button>
          <button type="button" className="secondary" data-testid="end-session" onClick={() => void client.end()}>
            {t('decline')}
          </button>
        </div>
        <div className="spread">
          <LanguageSelect />
          <ReportLink client={client} />
        </div>
      </section>
      <ContactLine />
    </main>
  );
}
