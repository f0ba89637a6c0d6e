import type { Metadata } from 'next';
import { getTranslations } from 'next-intl/server';
import { cookies } from 'next/headers';
import { AUTH_COOKIE } from '../../../signaling/cookie';
import { PageFrame } from '../../components/PageFrame';
import { lifeline } from '../../server/context';
import { pageViewer } from '../../server/viewer';
import { LoginForm } from '../console/LoginForm';
import { AccountForms } from './AccountForms';
import { PreferencesForm } from './PreferencesForm';

export const dynamic = 'force-dynamic';

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations('account'))('metaTitle') };
}

/** Your own account: how you appear and what you prefer, e-mail, password, two-step verification, where you are signed in. */
export default async function AccountPage() {
  const viewer = await pageViewer();
  if (!viewer) return <LoginForm />;
  const t = await getTranslations('account');
  const { repo, authSessions, accountSettings, organisation, preferences } = lifeline();
  const { session } = await authSessions.validate((await cookies()).get(AUTH_COOKIE)?.value);
  const [org, signIns, access, mine] = await Promise.all([
    repo.organisation.get(),
    accountSettings.signIns(viewer, session?.id ?? ''),
    organisation.accessFor(viewer.id),
    preferences.of(viewer),
  ]);
  return (
    <PageFrame organisationName={org?.name ?? 'Lifeline'} user={viewer} current="account">
      <h1>{t('title')}</h1>
      <PreferencesForm initial={mine} name={viewer.name} />
      <AccountForms
        email={viewer.email}
        twoFactorEnrolled={viewer.totpSecret !== null}
        twoFactorRequired={access.requireTwoFactor}
        signIns={signIns}
      />
    </PageFrame>
  );
}
