import type { Metadata } from 'next';
import { getTranslations } from 'next-intl/server';
import { isDomainError } from '../../../../core/errors';
import { Brand } from '../../../components/Brand';
import { lifeline } from '../../../server/context';
import { SignupForm } from './SignupForm';

export const dynamic = 'force-dynamic';
export const metadata: Metadata = { title: 'Create your account · Lifeline', referrer: 'no-referrer' };

/** Where an invitation's link lands: the invitee picks their name and password. */
export default async function SignupPage({ params }: { params: Promise<{ token: string }> }) {
  const { token } = await params;
  try {
    const { invitations, settings } = lifeline();
    const { invitation, groupName, organisationName } = await invitations.lookup(token);
    const { minLength } = await settings.passwordPolicy();
    return <SignupForm token={token} email={invitation.email} groupName={groupName} organisationName={organisationName} minLength={minLength} />;
  } catch (error) {
    if (!isDomainError(error)) throw error;
    const t = await getTranslations('signup');
    return (
      <main className="center-page">
        <Brand />
        <div className="card" role="alert">
          <h1>{t('linkDeadTitle')}</h1>
          <p>{t('linkDead')}</p>
        </div>
      </main>
    );
  }
}
