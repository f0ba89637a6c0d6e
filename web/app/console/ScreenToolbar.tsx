'use client';

import type { QualityPreset } from '../../../signaling/protocol';
import type { PeerState } from '../../rtc/peer-link';
import type { ViewMode } from './RemoteScreen';

const presetLabels: Record<QualityPreset, string> = { balanced: 'Balanced', speed: 'Best speed', quality: 'Best quality' };

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
  return (
    <div className="screen-toolbar">
      <div className="row" role="group" aria-label="View">
        <button type="button" className="secondary small" aria-pressed={mode === 'fit'} onClick={() => onMode('fit')} data-testid="view-fit">
          Fit
        </button>
        <button type="button" className="secondary small" aria-pressed={mode === 'actual'} onClick={() => onMode('actual')} data-testid="view-actual">
          1:1
        </button>
        <button type="button" className="secondary small" onClick={onFullScreen} data-testid="view-fullscreen">
          Full screen
        </button>
        {onScreenshot && (
          <button type="button" className="secondary small" onClick={onScreenshot} data-testid="screenshot">
            Screenshot
          </button>
        )}
        {(onRecord || recording) && (
          <button type="button" className="secondary small" aria-pressed={recording} onClick={onRecord} disabled={!onRecord} data-testid="record-toggle">
            {recording ? '■ Stop recording' : '● Record'}
          </button>
        )}
        {onOtherScreen && (
          <button type="button" className="secondary small" onClick={onOtherScreen} data-testid="request-other-screen">
            Ask for another screen
          </button>
        )}
      </div>
      <label className="row preset">
        <span>Quality</span>
        <select
          data-testid="quality-preset"
          value={peer?.preset ?? 'balanced'}
          disabled={!peer?.controlOpen}
          onChange={(event) => onPreset(event.target.value as QualityPreset)}
        >
          {(Object.keys(presetLabels) as QualityPreset[]).map((preset) => (
            <option key={preset} value={preset}>
              {presetLabels[preset]}
            </option>
          ))}
        </select>
      </label>
      <dl className="stats" data-testid="stats-panel" aria-label="Connection">
        <div><dt>Route</dt><dd>{peer?.route === 'relay' ? 'Relayed' : peer?.route === 'direct' ? 'Direct' : '–'}</dd></div>
        <div><dt>fps</dt><dd data-testid="stats-fps">{video ? video.framesPerSecond : '–'}</dd></div>
        <div><dt>kbit/s</dt><dd>{video ? video.kilobitsPerSecond : '–'}</dd></div>
        <div><dt>RTT</dt><dd>{peer?.rttMs !== null && peer?.rttMs !== undefined ? `${peer.rttMs} ms` : '–'}</dd></div>
        <div><dt>Size</dt><dd>{video?.width ? `${video.width}×${video.height}` : '–'}</dd></div>
        <div><dt>Codec</dt><dd>{video?.codec?.replace('video/', '') ?? '–'}</dd></div>
      </dl>
    </div>
  );
}
