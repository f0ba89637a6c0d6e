'use client';

import { useFormatter, useTranslations } from 'next-intl';
import type { QualityPreset } from '../../../protocol';
import type { PeerState } from '../../../client/peer-link';
import type { ViewMode } from './RemoteScreen';

const PRESETS: QualityPreset[] = ['balanced', 'speed', 'quality'];

/** View mode, quality preset and the live connection figures for the screen being watched. */
export function ScreenToolbar({
  peer,
  mode,
  onMode,
  onFullScreen,
  onPreset,
  onOtherScreen,
  onScreenshot,
  onRecord,
  recording,
}: {
  peer: PeerState | null;
  mode: ViewMode;
  onMode: (mode: ViewMode) => void;
  onFullScreen: () => void;
  onPreset: (preset: QualityPreset) => void;
  /** Present while the customer shares: ask them for another monitor or window. */
  onOtherScreen?: () => void;
  /** Present while a screen is shown. */
  onScreenshot?: () => void;
  onRecord?: () => void;
  recording: boolean;
}) {
  const video = peer?.video;
  const t = useTranslations('screen');
  const format = useFormatter();
  const none = '–';
  return (
    <div className="screen-toolbar">
      <div className="row" role="group" aria-label={t('view')}>
        <button type="button" className="secondary small" aria-pressed={mode === 'fit'} onClick={() => onMode('fit')} data-testid="view-fit">
          {t('fit')}
        </button>
        <button type="button" className="secondary small" aria-pressed={mode === 'actual'} onClick={() => onMode('actual')} data-testid="view-actual" title={t('actualSize')}>
          1:1
        </button>
        <button type="button" className="secondary small" onClick={onFullScreen} data-testid="view-fullscreen">
          {t('fullScreen')}
        </button>
        {onScreenshot && (
          <button type="button" className="secondary small" onClick={onScreenshot} data-testid="screenshot">
            {t('screenshot')}
          </button>
        )}
        {(onRecord || recording) && (
          <button type="button" className="secondary small" aria-pressed={recording} onClick={onRecord} disabled={!onRecord} data-testid="record-toggle">
            {recording ? t('stopRecording') : t('record')}
          </button>
        )}
        {onOtherScreen && (
          <button type="button" className="secondary small" onClick={onOtherScreen} data-testid="request-other-screen">
            {t('otherScreen')}
          </button>
        )}
      </div>
      <label className="row preset">
        <span>{t('quality')}</span>
        <select
          data-testid="quality-preset"
          value={peer?.preset ?? 'balanced'}
          disabled={!peer?.controlOpen}
          onChange={(event) => onPreset(event.target.value as QualityPreset)}
        >
          {PRESETS.map((preset) => (
            <option key={preset} value={preset}>
              {t(`presets.${preset}`)}
            </option>
          ))}
        </select>
      </label>
      <dl className="stats" data-testid="stats-panel" aria-label={t('connection')}>
        <div><dt>{t('route')}</dt><dd>{peer?.route ? t('routes', { route: peer.route }) : none}</dd></div>
        {/* The frame rate stays a bare number: an e2e test reads it as one. */}
        <div><dt>{t('fps')}</dt><dd data-testid="stats-fps">{video ? video.framesPerSecond : none}</dd></div>
        <div><dt>{t('kbps')}</dt><dd>{video ? format.number(video.kilobitsPerSecond) : none}</dd></div>
        <div><dt>{t('rtt')}</dt><dd>{peer?.rttMs !== null && peer?.rttMs !== undefined ? t('milliseconds', { value: format.number(peer.rttMs) }) : none}</dd></div>
        <div><dt>{t('size')}</dt><dd>{video?.width ? `${video.width}×${video.height}` : none}</dd></div>
        <div><dt>{t('codec')}</dt><dd>{video?.codec?.replace('video/', '') ?? none}</dd></div>
      </dl>
    </div>
  );
}
