'use client';

import { useEffect } from 'react';
import type { SessionAlerts } from '../../../client/session-alerts';
import { saveForAccount } from '../../lib/account-preferences';

/**
 * One setting for the alert sound: the person's saved choice (web/app/account) is taken over by this browser
 * before the console starts, and the console's own switch saves back to the account.
 */
export function AccountSound({ alerts, saved }: { alerts: SessionAlerts; saved: boolean | undefined }) {
  useEffect(() => {
    if (saved !== undefined) alerts.adoptSound(saved);
    alerts.persistSound = (sound) => void saveForAccount({ sound });
    return () => {
      alerts.persistSound = null;
    };
  }, [alerts, saved]);
  return null;
}
