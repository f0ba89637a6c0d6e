import type { Page } from 'puppeteer-core';
import type { TestServer } from '../../testing/server';
import { TECHNICIAN_PASSWORD, testClients } from '../../testing/socket-clients';
import { signIn } from './flows';

/**
 * An organisation of two technicians in the first group, "tess" and "tom", invited through the API as the
 * admin center does, each signed in in their own browser. Returns the group's id.
 */
export async function twoTechnicians(server: TestServer, tess: Page, tom: Page): Promise<string> {
  const admin = testClients(server);
  await admin.setupOwner();
  const technicians = await admin.firstGroupId();
  await admin.addTechnician('tess@example.com', technicians);
  await admin.addTechnician('tom@example.com', technicians);
  await signIn(tess, server.url, { email: 'tess@example.com', password: TECHNICIAN_PASSWORD });
  await signIn(tom, server.url, { email: 'tom@example.com', password: TECHNICIAN_PASSWORD });
  return technicians;
}
