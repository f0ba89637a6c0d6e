import type { Metadata } from 'next';
import { PageFrame } from '../../components/PageFrame';
import { lifeline } from '../../server/context';
import { pageViewer } from '../../server/viewer';
import { LoginForm } from '../console/LoginForm';
import { AdminCenter, type AdminData } from './AdminCenter';

export const dynamic = 'force-dynamic';
export const metadata: Metadata = { title: 'Admin center · Lifeline' };

/** The organisation tree and its forms. The server decides what the viewer sees; every change is checked again by the API. */
export default async function AdminPage() {
  const viewer = await pageViewer();
  if (!viewer) return <LoginForm />;
  const { organisation, invitations, repo } = lifeline();
  const organisationName = (await repo.organisation.get())?.name ?? 'Lifeline';
  if (viewer.role === 'technician') {
    return (
      <PageFrame organisationName={organisationName} user={viewer} current="admin">
        <h1>Admin center</h1>
        <p role="alert">The admin center is for administrators. Ask your administrator if you need a change.</p>
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
    pending: pending.map((i) => ({ id: i.id, email: i.email, groupId: i.groupId, role: i.role, expiresAt: i.expiresAt })),
  };
  return (
    <PageFrame organisationName={organisationName} user={viewer} current="admin">
      <AdminCenter data={data} />
    </PageFrame>
  );
}
