import type { Metadata } from 'next';
import { PageFrame } from '../../../components/PageFrame';
import { lifeline } from '../../../server/context';
import { pageViewer } from '../../../server/viewer';
import { LoginForm } from '../../console/LoginForm';
import { SECURITY_MAIL_LABELS } from '../../../../core/audit/security-mail';
import { PasswordPolicyForm, SecurityMailForm } from './PasswordPolicyForm';

export const dynamic = 'force-dynamic';
export const metadata: Metadata = { title: 'Settings · Lifeline' };

/** Global settings: only master administrators. */
export default async function SettingsPage() {
  const viewer = await pageViewer();
  if (!viewer) return <LoginForm />;
  const { repo, settings, securityMail } = lifeline();
  const organisationName = (await repo.organisation.get())?.name ?? 'Lifeline';
  return (
    <PageFrame organisationName={organisationName} user={viewer} current="settings">
      <h1>Settings</h1>
      {viewer.role === 'master_admin' ? (
        <>
          <PasswordPolicyForm policy={await settings.passwordPolicy()} />
          <SecurityMailForm settings={await securityMail.current()} labels={SECURITY_MAIL_LABELS} />
        </>
      ) : (
        <p role="alert">Only master administrators change global settings.</p>
      )}
    </PageFrame>
  );
}
