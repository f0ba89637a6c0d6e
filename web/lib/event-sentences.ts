import type { SessionEventType } from '../../core/model';

/**
 * The sentence keys (in the `timeline` namespace of the console area) the session log's timeline may say for each
 * event type (web/app/console/log/[sessionId]/Timeline.tsx). A Record over every type: a new event type does not
 * compile until it has its sentences, and web/lib/event-sentences.test.ts checks each exists in every language,
 * so the log never shows a raw name like `call_started`.
 */
export const TIMELINE_SENTENCES: Record<SessionEventType, readonly string[]> = {
  created: ['created', 'startedFromChannel', 'leftRequest'],
  joined: ['joined'],
  consented: ['consented', 'consentedTo'],
  chat: ['wrote'],
  screen_share_started: ['shareStarted'],
  screen_share_stopped: ['shareStopped'],
  url_pushed: ['sentLink'],
  file_transferred: ['fileSent', 'fileSentWithSize', 'fileReceived', 'fileReceivedWithSize'],
  screenshot_taken: ['screenshot', 'screenshotSized'],
  recording_started: ['recordingStarted'],
  recording_stopped: ['recordingStopped', 'recordingStoppedOne', 'recordingStoppedBoth'],
  call_started: ['callStarted'],
  call_ended: ['callEnded'],
  assigned: ['tookOver', 'pickedUp'],
  custom_fields_edited: ['fieldsEdited'],
  waiting_timed_out: ['waitTold', 'waitMoved'],
  transferred: ['transferredTo', 'transferredToQueue', 'transferredToAQueue'],
  resolved: ['resolved'],
  collaborator_invited: ['collaboratorInvited'],
  collaborator_removed: ['collaboratorRemoved', 'collaboratorRemovedByRights'],
  chat_toggled: ['chatOn', 'chatOff'],
  cobrowse_requested: ['cobrowseRequested'],
  cobrowse_started: ['cobrowseStarted'],
  cobrowse_stopped: ['cobrowseStopped'],
  abuse_reported: ['abuseReported'],
  control_requested: ['controlRequested'],
  control_granted: ['controlGranted'],
  control_declined: ['controlDeclined'],
  control_stopped: ['controlStopped'],
  ended: ['ended'],
};
