import type { Metadata } from 'next';
import { getTranslations } from 'next-intl/server';
import { PageFrame } from '../../../components/PageFrame';
import { lifeline } from '../../../server/context';
import { channelsAdminView } from '../../../server/channels-view';
import { pageViewer } from '../../../server/viewer';
import { LoginForm } from '../../console/LoginForm';
import { ChannelsAdmin } from './ChannelsAdmin';

export const dynamic = 'force-dynamic';

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations('channels'))('metaTitle') };
}

/** Channels: ways for customers to start support themselves. Administrators see those of the groups they manage. */
export default async function ChannelsPage() {
  const viewer = await pageViewer();
  if (!viewer) return <LoginForm />;
  const t = await getTranslations('channels');
  const organisationName = (await lifeline().repo.organisation.get())?.name ?? 'Lifeline';
  return (
    <PageFrame organisationName={organisationName} user={viewer} current="channels">
      <h1>{t('title')}</h1>
      {viewer.role === 'technician' ? (
        <p role="alert">{t('forAdministrators')}</p>
      ) : (
        <ChannelsAdmin data={await channelsAdminView(viewer)} master={viewer.role === 'master_admin'} />
      )}
    </PageFrame>
  );
}
