import type { Metadata } from 'next';
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
    const { invitation, groupName, organisationName } = await lifeline().invitations.lookup(token);
    return <SignupForm token={token} email={invitation.email} groupName={groupName} organisationName={organisationName} />;
  } catch (error) {
    if (!isDomainError(error)) throw error;
    return (
      <main className="center-page">
        <Brand />
        <div className="card" role="alert">
          <h1>This link does not work any more</h1>
          <p>{error.message}</p>
        </div>
      </main>
    );
  }
}
