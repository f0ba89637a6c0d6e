import type { Metadata } from 'next';
import { getTranslations } from 'next-intl/server';
import { lifeline } from '../../server/context';
import { pageViewer } from '../../server/viewer';
import { Console } from './Console';
import { LoginForm } from './LoginForm';
import { SetupForm } from './SetupForm';

export const dynamic = 'force-dynamic';

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations('console'))('metaTitle') };
}

/** First run: owner setup. Then: sign in. Then: the console. The server decides; nothing is a client-side guess. */
export default async function ConsolePage({ searchParams }: { searchParams: Promise<{ signedOut?: string | string[] }> }) {
  const { accounts, repo, organisation, channels, consoleSettings } = lifeline();
  if (await accounts.needsSetup()) return <SetupForm />;
  const user = await pageViewer();
  // The server ended the sign-in after a time without input: the form says so (the reason is a closed set).
  if (!user) return <LoginForm signedOut={(await searchParams).signedOut === 'inactive' ? 'inactive' : undefined} />;
  const [org, rights, privateFields, preferences, settings] = await Promise.all([
    repo.organisation.get(), organisation.rightsOf(user), channels.privateFields(), lifeline().preferences.of(user), consoleSettings.current(),
  ]);
  return (
    <Console
      user={{ id: user.id, role: user.role, groupId: user.groupId, name: user.name, nickname: user.nickname, email: user.email, avatarUrl: preferences.avatarUrl, sound: preferences.sound }}
      organisationName={org?.name ?? 'Lifeline'}
      rights={rights}
      privateFields={privateFields}
      waitThresholds={{ warnMs: settings.waitWarnSeconds * 1000, lateMs: settings.waitLateSeconds * 1000 }}
    />
  );
}
