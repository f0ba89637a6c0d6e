'use client';

import { useFormatter, useTranslations } from 'next-intl';
import type { QualityPreset } from '../../../protocol';
import type { PeerState } from '../../../client/peer-link';
import type { ViewMode } from './RemoteScreen';
import { IconButton, Popover } from './Popover';
import { keyOf } from './Shortcuts';

const PRESETS: QualityPreset[] = ['balanced', 'speed', 'quality'];

/**
 * The screen's tools as one row of icons (name, tooltip and key on each): view mode, full screen, screenshot,
 * drawing; the connection figures in a popover; the rarer tools (quality, recording, another screen) in the
 * overflow menu.
 */
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
  drawing,
  onDrawing,
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
  drawing: boolean;
  /** Present while a screen is shown to draw on. */
  onDrawing?: (drawing: boolean) => void;
}) {
  const video = peer?.video;
  const t = useTranslations('screen');
  const tw = useTranslations('workspace.toolbar');
  const format = useFormatter();
  const none = '–';
  return (
    <div className="screen-toolbar" role="toolbar" aria-label={tw('label')}>
      <div className="tool-group" role="group" aria-label={t('view')}>
        <IconButton icon="fit" label={t('fit')} shortcut={keyOf('fit')} pressed={mode === 'fit'} onClick={() => onMode('fit')} testId="view-fit" />
        <IconButton icon="actual" label={t('actualSize')} shortcut={keyOf('actualSize')} pressed={mode === 'actual'} onClick={() => onMode('actual')} testId="view-actual" />
        <IconButton icon="fullscreen" label={t('fullScreen')} shortcut={keyOf('fullScreen')} onClick={onFullScreen} testId="view-fullscreen" />
      </div>
      <div className="tool-group">
        {onScreenshot && <IconButton icon="screenshot" label={t('screenshot')} shortcut={keyOf('screenshot')} onClick={onScreenshot} testId="screenshot" />}
        {onDrawing && <IconButton icon="draw" label={tw('draw')} shortcut={keyOf('draw')} pressed={drawing} onClick={() => onDrawing(!drawing)} testId="annotate-toggle" />}
        {recording && (
          <IconButton icon="stop" className="recording" label={t('stopRecording')} onClick={() => onRecord?.()} disabled={!onRecord} testId="record-toggle" pressed />
        )}
      </div>
      <Popover icon="stats" label={t('connection')} testId="stats-toggle">
        <dl className="stats" data-testid="stats-panel" aria-label={t('connection')}>
          <div>
            <dt>{t('route')}</dt>
            <dd>
              {peer?.route ? (
                <span data-testid="connection-route" data-route={peer.route} data-local-type={peer.localCandidateType ?? ''}>{t('routes', { route: peer.route })}</span>
              ) : none}
            </dd>
          </div>
          {/* The frame rate stays a bare number: an e2e test reads it as one. */}
          <div><dt>{t('fps')}</dt><dd data-testid="stats-fps">{video ? video.framesPerSecond : none}</dd></div>
          <div><dt>{t('kbps')}</dt><dd>{video ? format.number(video.kilobitsPerSecond) : none}</dd></div>
          <div><dt>{t('rtt')}</dt><dd>{peer?.rttMs !== null && peer?.rttMs !== undefined ? t('milliseconds', { value: format.number(peer.rttMs) }) : none}</dd></div>
          <div><dt>{t('size')}</dt><dd>{video?.width ? `${video.width}×${video.height}` : none}</dd></div>
          <div><dt>{t('codec')}</dt><dd>{video?.codec?.replace('video/', '') ?? none}</dd></div>
        </dl>
      </Popover>
      <Popover icon="more" label={tw('more')} testId="screen-more">
        {(close) => (
          <div className="menu-items">
            <label className="menu-field">
              <span>{t('quality')}</span>
              <select data-testid="quality-preset" value={peer?.preset ?? 'balanced'} disabled={!peer?.controlOpen} onChange={(event) => onPreset(event.target.value as QualityPreset)}>
                {PRESETS.map((preset) => (
                  <option key={preset} value={preset}>{t(`presets.${preset}`)}</option>
                ))}
              </select>
            </label>
            {onRecord && !recording && (
              <button type="button" className="ghost menu-item" onClick={() => { onRecord(); close(); }} data-testid="record-toggle" aria-pressed={false}>
                {t('record')}
              </button>
            )}
            {onOtherScreen && (
              <button type="button" className="ghost menu-item" onClick={() => { onOtherScreen(); close(); }} data-testid="request-other-screen">
                {t('otherScreen')}
              </button>
            )}
          </div>
        )}
      </Popover>
    </div>
  );
}
