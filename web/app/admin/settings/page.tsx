import type { Metadata } from 'next';
import { getTranslations } from 'next-intl/server';
import { PageFrame } from '../../../components/PageFrame';
import { lifeline } from '../../../server/context';
import { pageViewer } from '../../../server/viewer';
import { LoginForm } from '../../console/LoginForm';
import { DEFAULT_SECURITY_MAIL } from '../../../../core/audit/security-mail';
import { PasswordPolicyForm, SecurityMailForm } from './PasswordPolicyForm';
import { BrandingForm } from './BrandingForm';
import { LOGO_MAX_BYTES } from '../../../../core/organisation/branding';
import { ConsoleSettingsForm } from './ConsoleSettingsForm';

export const dynamic = 'force-dynamic';

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations('settings'))('metaTitle') };
}

/** Global settings: only master administrators. */
export default async function SettingsPage() {
  const viewer = await pageViewer();
  if (!viewer) return <LoginForm />;
  const t = await getTranslations('settings');
  const { repo, settings, securityMail, branding, consoleSettings } = lifeline();
  const organisationName = (await repo.organisation.get())?.name ?? 'Lifeline';
  return (
    <PageFrame organisationName={organisationName} user={viewer} current="settings">
      <h1>{t('title')}</h1>
      {viewer.role === 'master_admin' ? (
        <>
          <BrandingForm branding={await branding.get()} logoMaxKb={LOGO_MAX_BYTES / 1024} />
          <PasswordPolicyForm policy={await settings.passwordPolicy()} />
          <SecurityMailForm settings={await securityMail.current()} kinds={Object.keys(DEFAULT_SECURITY_MAIL)} />
          <ConsoleSettingsForm settings={await consoleSettings.current()} />
        </>
      ) : (
        <p role="alert">{t('onlyMasters')}</p>
      )}
    </PageFrame>
  );
}
