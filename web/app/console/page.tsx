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
export default async function ConsolePage() {
  const { accounts, repo, organisation, channels } = lifeline();
  if (await accounts.needsSetup()) return <SetupForm />;
  const user = await pageViewer();
  if (!user) return <LoginForm />;
  const [org, rights, privateFields, preferences] = await Promise.all([repo.organisation.get(), organisation.rightsOf(user), channels.privateFields(), lifeline().preferences.of(user)]);
  return (
    <Console
      user={{ id: user.id, role: user.role, groupId: user.groupId, name: user.name, nickname: user.nickname, email: user.email, avatarUrl: preferences.avatarUrl, sound: preferences.sound }}
      organisationName={org?.name ?? 'Lifeline'}
      rights={rights}
      privateFields={privateFields}
    />
  );
}
