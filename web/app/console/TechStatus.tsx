'use client';

import { useTranslations } from 'next-intl';
import { TECH_STATUSES } from '../../../core/support/technician-status';
import type { OwnStatus } from '../../../protocol';
import type { TechnicianClient } from '../../../client/technician-client';

/**
 * Available / Busy / Away in the top bar. Busy at the group's maximum and Away after no input come from the
 * server; the line under the label says why, for those who cannot see the dot's colour.
 */
export function TechStatus({ client, status }: { client: TechnicianClient; status: OwnStatus | null }) {
  const t = useTranslations('console.status');
  const why = status?.why === 'full' ? t('full') : status?.why === 'idle' ? t('idle') : undefined;
  return (
    <span className="tech-status" data-status={status?.status ?? ''} title={why}>
      <span className="status-dot" aria-hidden="true" />
      <label htmlFor="tech-status" className="visually-hidden">{t('label')}</label>
      <select id="tech-status" data-testid="tech-status" data-why={status?.why ?? ''} value={status?.status ?? 'available'} disabled={!status}
        onChange={(event) => void client.setStatus(event.target.value as OwnStatus['status'])} aria-describedby={why ? 'tech-status-why' : undefined}>
        {TECH_STATUSES.map((s) => <option key={s} value={s}>{t(s)}</option>)}
      </select>
      {why && <span id="tech-status-why" className="visually-hidden">{why}</span>}
    </span>
  );
}
