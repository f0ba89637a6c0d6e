'use client';

import { useTranslations } from 'next-intl';
import { useEffect, useState } from 'react';
import type { Channel } from '../../../../core/channels/channel';
import type { CustomField } from '../../../../core/channels/custom-fields';
import { PrivateFields } from './PrivateFields';
import { FormProblemText } from '../../../components/FormErrors';
import { useActionProblem } from '../admin-actions';
import { ChannelEditor } from './ChannelEditor';
import { channelActions } from './channel-actions';
import { ChannelSnippets } from './ChannelSnippets';

export interface ChannelsData {
  channels: Channel[];
  limit: number;
  publicUrl: string;
  groups: { id: string; name: string }[];
  technicians: { id: string; name: string; groupId: string | null }[];
  privateFields: CustomField[];
}

/** The list of channels beside the editor of the one selected (or of a new one). */
export function ChannelsAdmin({ data, master }: { data: ChannelsData; master: boolean }) {
  const t = useTranslations('channels');
  const [channels, setChannels] = useState(data.channels);
  const [selected, setSelected] = useState<string | 'new' | null>(data.channels[0]?.id ?? null);
  const [status, setStatus] = useState<string | null>(null);
  useEffect(() => {
    if (!status) return;
    const timer = setTimeout(() => setStatus(null), 8000);
    return () => clearTimeout(timer);
  }, [status]);
  const current = channels.find((c) => c.id === selected) ?? null;
  const full = channels.length >= data.limit;

  const saved = (channel: Channel) => {
    setChannels((list) => (list.some((c) => c.id === channel.id) ? list.map((c) => (c.id === channel.id ? channel : c)) : [...list, channel]));
    setSelected(channel.id);
    setStatus(t('saved', { name: channel.name }));
  };
  const removed = (id: string) => {
    const name = channels.find((c) => c.id === id)?.name ?? '';
    setChannels((list) => list.filter((c) => c.id !== id));
    setSelected(null);
    setStatus(t('removed', { name }));
  };

  return (
    <div className="channels-admin">
      <aside className="card channels-list" aria-labelledby="channels-list-title">
        <div className="spread">
          <h2 id="channels-list-title">{t('listTitle', { count: channels.length, limit: data.limit })}</h2>
        </div>
        {channels.length === 0 && <p className="muted">{t('none')}</p>}
        <ul className="plain-list">
          {channels.map((c) => (
            <li key={c.id}>
              <button type="button" className={`list-button${c.id === selected ? ' selected' : ''}`} aria-pressed={c.id === selected} onClick={() => { setSelected(c.id); setStatus(null); }} data-testid="channel-item">
                <span>{c.name}</span>
                {!c.enabled && <span className="badge">{t('off')}</span>}
              </button>
            </li>
          ))}
        </ul>
        <button type="button" onClick={() => { setSelected('new'); setStatus(null); }} disabled={full} data-testid="channel-new">{t('new')}</button>
        {full && <p className="muted">{master ? t('fullMaster', { limit: data.limit }) : t('full', { limit: data.limit })}</p>}
        {master && <ChannelLimit limit={data.limit} />}
      </aside>
      <section className="channels-detail" aria-live="polite">
        {selected === null && <p className="muted">{t('pick')}</p>}
        {(selected === 'new' || current) && (
          <ChannelEditor
            key={current?.id ?? 'new'}
            channel={current}
            groups={data.groups}
            technicians={data.technicians}
            otherChannels={channels.filter((c) => c.id !== current?.id).map((c) => ({ id: c.id, name: c.name }))}
            onSaved={saved}
            onRemoved={removed}
          />
        )}
        {current && <ChannelSnippets channel={current} publicUrl={data.publicUrl} />}
        {master && <PrivateFields initial={data.privateFields} />}
      </section>
      {/* A saved or removed channel is said in a toast over the page: the editor below does not move. */}
      <div className="toast-region" role="status" aria-live="polite" data-testid="admin-status">
        {status ? <p className="toast">{status}</p> : null}
      </div>
    </div>
  );
}

/** A master administrator allows more channels than the default ten. */
function ChannelLimit({ limit }: { limit: number }) {
  const t = useTranslations('channels');
  const [value, setValue] = useState(String(limit));
  const [problem, settle] = useActionProblem();
  const [done, setDone] = useState(false);
  return (
    <form
      className="field"
      onSubmit={async (event) => {
        event.preventDefault();
        setDone(settle(await channelActions.setLimit(Number(value))));
      }}
    >
      <label htmlFor="channel-limit">{t('limit')}</label>
      <div className="row">
        <input id="channel-limit" type="number" min={10} max={100} value={value} onChange={(e) => setValue(e.target.value)} style={{ width: '6rem' }} />
        <button type="submit" className="secondary">{t('limitSave')}</button>
      </div>
      <FormProblemText problem={problem} fields={[]} />
      {done && <p className="muted" role="status">{t('limitSaved')}</p>}
    </form>
  );
}
