import type { Metadata } from 'next';
import { getTranslations } from 'next-intl/server';
import { CSV_IMPORT_MAX_ROWS } from '../../../core/organisation/csv-import';
import { PageFrame } from '../../components/PageFrame';
import { lifeline } from '../../server/context';
import { pageViewer } from '../../server/viewer';
import { LoginForm } from '../console/LoginForm';
import { AdminCenter, type AdminData } from './AdminCenter';

export const dynamic = 'force-dynamic';

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations('admin'))('metaTitle') };
}

/** The organisation tree and its forms. The server decides what the viewer sees; every change is checked again by the API. */
export default async function AdminPage() {
  const viewer = await pageViewer();
  if (!viewer) return <LoginForm />;
  const t = await getTranslations('admin');
  const { organisation, invitations, repo, adminGroups } = lifeline();
  const organisationName = (await repo.organisation.get())?.name ?? 'Lifeline';
  if (viewer.role === 'technician') {
    return (
      <PageFrame organisationName={organisationName} user={viewer} current="admin">
        <h1>{t('title')}</h1>
        <p role="alert">{t('forAdministrators')}</p>
      </PageFrame>
    );
  }
  const snapshot = await organisation.snapshot(viewer);
  const manageable = new Set(snapshot.manageable);
  const pending = (await invitations.pending()).filter((i) => manageable.has(i.groupId));
  const data: AdminData = {
    viewer: { id: viewer.id, role: viewer.role },
    groups: snapshot.groups,
    people: snapshot.people,
    manageable: snapshot.manageable,
    adminGroups: await adminGroups.list(viewer),
    pending: pending.map((i) => ({ id: i.id, email: i.email, groupId: i.groupId, role: i.role, expiresAt: i.expiresAt })),
    csvMaxRows: CSV_IMPORT_MAX_ROWS,
  };
  return (
    <PageFrame organisationName={organisationName} user={viewer} current="admin">
      <AdminCenter data={data} />
    </PageFrame>
  );
}
