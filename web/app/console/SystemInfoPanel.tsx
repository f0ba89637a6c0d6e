'use client';

import { useFormatter, useTranslations } from 'next-intl';
import { useSyncExternalStore } from 'react';
import type { TechnicianControl } from '../../../client/technician-control';

/**
 * What the customer's Lifeline Helper reported about their computer, beside the screen rather than above it: the
 * answer arrives while the technician works, and must not move the screen they are aiming at.
 */
export function SystemInfoPanel({ control, customerName }: { control: TechnicianControl; customerName: string }) {
  const t = useTranslations('remoteControl');
  const format = useFormatter();
  const info = useSyncExternalStore(control.state.subscribe, () => control.state.get().systemInfo, () => control.state.get().systemInfo);
  if (!info) return null;
  const bytes = (n: number) => format.number(n / 1024 ** 3, { maximumFractionDigits: 1 });
  // Some systems name no processor (a virtual machine, Wine) or give no speed: say what is known, no stray comma.
  const cpuText = () => {
    const { brand, cores, speedGhz } = info.cpu;
    const ghz = format.number(speedGhz, { maximumFractionDigits: 1 });
    if (brand) return speedGhz > 0 ? t('info.cpuValue', { brand, cores, ghz }) : t('info.cpuNoSpeed', { brand, cores });
    return speedGhz > 0 ? t('info.cpuUnnamedValue', { cores, ghz }) : t('info.cpuUnnamed', { cores });
  };
  return (
    <section className="system-info-panel" aria-labelledby="system-info-title">
      <div className="spread">
        <h2 id="system-info-title">{t('info.title', { customer: customerName })}</h2>
        <button type="button" className="secondary small" data-testid="system-info-hide" onClick={() => control.hideSystemInfo()}>{t('info.hide')}</button>
      </div>
      <dl className="system-info" data-testid="system-info-result">
        <dt>{t('info.os')}</dt>
        <dd>{info.os.distro || info.os.platform} {info.os.release} ({info.os.arch}) · {info.os.hostname}</dd>
        <dt>{t('info.cpu')}</dt>
        <dd>{cpuText()}</dd>
        <dt>{t('info.memory')}</dt>
        <dd>{t('info.memoryValue', { free: bytes(info.memory.freeBytes), total: bytes(info.memory.totalBytes) })}</dd>
        <dt>{t('info.disks')}</dt>
        <dd>
          {info.disks.length ? (
            <ul>
              {info.disks.map((d) => <li key={d.mount}>{t('info.diskValue', { mount: d.mount, used: bytes(d.usedBytes), size: bytes(d.sizeBytes) })}</li>)}
            </ul>
          ) : (
            t('info.noDisks')
          )}
        </dd>
        <dt>{t('info.uptime')}</dt>
        <dd>{t('info.uptimeValue', { hours: format.number(info.uptimeSeconds / 3600, { maximumFractionDigits: 1 }) })}</dd>
        <dt>{t('info.user')}</dt>
        <dd>{info.user}</dd>
      </dl>
    </section>
  );
}
