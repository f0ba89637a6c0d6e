import { expect, it } from 'vitest';
import { byId, consent, createSession, enterCode, sendChat, setupOwner, waitForChat } from './support/flows';
import { useRig } from './support/rig';

const rig = useRig();

it('the technician turns chat off and on again: both sides see it, and nobody can write while it is off', async () => {
  const { server, tech, customer } = rig;
  await setupOwner(tech, server.url);
  const { code } = await createSession(tech, 'Chad Chat');
  await enterCode(customer, server.url, code);
  await consent(customer);
  await tech.waitForSelector(`${byId('session-status')}[data-state="active"]`);
  await sendChat(customer, 'Hello?');
  await waitForChat(tech, 'Hello?');

  await tech.click(byId('chat-toggle'));
  await customer.waitForSelector(byId('chat-off'), { visible: true });
  await tech.waitForSelector(byId('chat-off'), { visible: true });
  expect(await customer.$eval(byId('chat-input'), (el) => (el as HTMLInputElement).disabled)).toBe(true);
  expect(await tech.$eval(byId('chat-toggle'), (el) => el.getAttribute('aria-pressed'))).toBe('false');

  await tech.click(byId('chat-toggle'));
  await customer.waitForSelector(byId('chat-off'), { hidden: true });
  await sendChat(customer, 'Back again');
  await waitForChat(tech, 'Back again');
  expect(rig.pageErrors).toEqual([]);
});
