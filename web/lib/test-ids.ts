/**
 * Every `data-testid` the pages carry, in one place. Outside checks and our e2e tests find elements by these;
 * keep them stable. A unit test (test-ids.test.ts) fails when a page uses an id that is not listed here, or
 * when one listed here is used nowhere. Ids ending in `*` are families (one per group, permission, person).
 * Ids marked "(issue)" were promised in an issue's test surface.
 */
export const TEST_IDS = {
  /** First run, sign-in and sign-up (/console, /signup/[token]). */
  access: [
    'setup-organisation', 'setup-name', 'setup-email', 'setup-password', 'setup-submit',
    'login-email', 'login-password', 'login-submit', 'login-error', 'sign-out',
    'login-code', 'login-code-submit', 'login-use-recovery', 'login-use-email',
    'enroll-qr', 'enroll-secret', 'enroll-code', 'enroll-submit', 'recovery-codes', 'recovery-continue', 'new-password', 'new-password-submit',
    'signup-name', 'signup-password', 'signup-submit', // (issue 4)
  ],
  /** The technician console (/console): the queue, tabs and the workspace of one session. */
  console: [
    'new-session', 'new-session-why', 'customer-name', 'create-session', 'session-code', 'session-link', 'copy-code', 'copy-link',
    'queue-list', 'queue-row', 'queue-filter', 'queue-empty', 'queue-wait', 'queue-detail', 'session-item', // queue-list (issue 3)
    'tech-status', 'toast', 'signed-out-why', // tech-status (issue 14)
    'assign-to-me', 'take-over', 'console-notice', 'session-tab', 'tab-unread', // assign-to-me (issue 3)
    'session-status', 'connection-route', 'sas-code', 'remote-screen', 'end-session',
    'transfer-session', 'transfer-target', 'transfer-note', 'transfer-confirm', 'handoff-note', // transfer-session (issue 3)
    'resolve-session', 'resolve-note', 'resolve-confirm', // resolve-session (issue 3)
    'collab-open', 'collab-target', 'collab-invite', 'collab-list', 'collab-full', 'collab-leave', 'viewing-notice',
    'view-fit', 'view-actual', 'view-fullscreen', 'quality-preset', 'stats-panel', 'stats-fps', 'request-other-screen', // quality-preset (issue 3)
    'screenshot', 'record-toggle', 'evidence-status', // (issue 3)
    'annotate-toggle', 'annotate-undo', 'annotate-clear', 'annotation-overlay',
    'notes-input', 'notes-status', 'url-input', 'url-push', // notes-input (issue 3)
    'canned-replies', 'canned-keyword', 'canned-text', 'canned-save', 'canned-hint',
    'alert-sound', 'alert-enable', 'idle-warning', 'idle-keep-alive',
    'send-file-input', 'file-request', // send-file-input (issue 3)
    'call-propose', 'call-end', 'call-mute', 'call-camera', 'call-local-video', 'call-remote-video',
    'session-log-link', 'admin-link', 'account-link', 'sessions-link', 'staff-nav', 'admin-nav', 'topbar-name', // one staff nav on every page (issue 14)
    'control-request', 'control-stop', 'system-info', // (issue 5)
    'cobrowse-request', 'cobrowse-view', 'cobrowse-laser', 'new-session-field', 'queue-channel', 'custom-field', 'custom-fields', 'custom-field-edit', 'custom-field-input', 'custom-field-save', 'request-badge', // (issue 12)
    'end-confirm', 'end-cancel', 'session-summary', 'summary-duration', 'summary-log-link', // (issue 14)
    'screen-frame', 'stats-toggle', 'screen-more', 'panel-tab-*', 'panel-unread', 'sidebar-toggle', 'console-settings', 'shortcuts-open', 'shortcuts-sheet', // (issue 14)
    'canned-picker', 'canned-option', 'control-mode-menu', 'control-problem', // (issue 14)
    'control-mode', 'control-refused', 'helper-status', 'helper-reboot', 'system-info-result', 'system-info-hide', 'clipboard-send', 'control-combo', 'control-combo-send',
  ],
  /** The customer's page (/join, /s/[token]). */
  join: [
    'code-input', 'code-submit', 'join-error', 'technician-name', 'consent-accept', 'estimated-wait', 'viewers',
    'share-screen', 'stop-sharing', 'switch-screen', 'share-status', 'share-unavailable', 'share-not-allowed', 'other-screen-request',
    'recording-indicator', 'annotation-layer', // (issue 3)
    'file-offer-accept', 'file-offer-decline', 'file-request-prompt', 'file-request-answer', 'customer-file-input', // file-offer-accept (issue 3)
    'pushed-url', 'url-open', 'call-accept', 'call-decline', 'session-ended', 'language-select',
    'share-tab', 'control-accept', 'control-banner', 'control-revoke', 'helper-download', 'helper-run', 'helper-download-other', // (issue 5; the other system's helper: issue 16)
    'control-prompt', 'control-decline', 'consent-control', 'consent-rights', 'consent-screen', 'consent-files', 'verified-organisation', 'report-abuse', // sas-code: with the console's
    'abuse-code', 'abuse-text', 'abuse-submit', 'abuse-received', 'abuse-error', // report abuse (issue 13)
    'widget-name', 'widget-field', 'widget-field-error', 'widget-submit', 'widget-queue-position', 'channel-closed', 'channel-request-intro', // the channel form (issue 12)
    'cobrowse-prompt', 'cobrowse-accept', 'cobrowse-decline', 'cobrowse-banner', 'cobrowse-stop', 'cobrowse-failed', 'wait-notice', 'widget-refused', // the widget's frame on a site the channel does not allow
    'channel-not-found', // a channel's address that names none, or a switched-off one
    'brand-logo', 'brand-name', 'brand-contact', 'consent-code', 'consent-stop', // brand-logo (issue 14)
    'rating-*', 'rating-comment', 'rating-submit', 'rating-thanks', 'transcript-download', // rating-* (issue 14)
    'customer-requests', 'session-actions', 'chat-attach', 'share-preview-toggle', 'sound-toggle', // the session page built around the conversation (issue 14)
  ],
  /** Both sides of a session. */
  shared: [
    'chat-log', 'chat-earlier', 'chat-message', 'chat-pending', 'chat-input', 'chat-send', 'chat-typing', 'chat-off', 'chat-toggle',
    'transfer-row', 'transfer-download', // transfer-row with data-state and data-sha256 (issue 3)
  ],
  /** The session log (/console/log, /console/log/[sessionId]). */
  log: [
    'log-view', 'log-technician', 'log-from', 'log-to', 'log-apply', 'log-csv', 'log-table', 'log-row', 'log-open', 'log-empty', 'log-error',
    'log-rating', 'log-session-rating', 'log-rating-comment', // the customer's rating (issue 14)
    'log-back', 'log-session-state', 'session-notes', 'timeline', 'timeline-event', 'transferred-note', 'resolved-note', 'abuse-report',
    'log-verify', 'log-verify-result', // (issue 13)
  ],
  /** A person's own account (/account). */
  account: [
    'account-email', 'account-new-email', 'account-email-password', 'account-email-send', 'account-email-code', 'account-email-confirm', 'account-email-status',
    'account-current-password', 'account-new-password', 'account-password-save', 'account-password-status',
    'account-2fa-start', 'account-2fa-status', 'account-sign-ins', 'account-sign-in', 'account-sign-out-there',
    'account-avatar', 'account-avatar-file', 'account-avatar-remove', 'account-avatar-problem', 'account-nickname', 'account-language', 'account-theme', // (issue 14)
    'account-sound', 'account-notifications', 'account-notifications-allow', 'account-preferences-save',
  ],
  /** The admin center (/admin, /admin/outbox). */
  admin: [
    'branding-name', 'branding-logo-input', 'branding-logo-remove', 'branding-own-accent', 'branding-accent', 'branding-contact', 'branding-status', 'branding-save', 'branding-preview', // Settings -> Branding (issue 14)
    'org-tree', 'tree-search', 'tree-menu', 'tree-group-*', 'tree-person-*', 'admin-status', // org-tree (issue 4)
    'group-name', 'group-parent', 'group-save', 'group-input-priority', 'permission-*', 'permissions-save', 'new-group-name', 'new-group-submit',
    'invite-email', 'invite-role', 'invite-submit', 'pending-invitations',
    'person-enabled', 'person-save', 'person-group', 'person-require-2fa', 'person-security-save', 'person-rights',
    'admin-tab-*', 'tab-unsaved', 'save-status', 'group-members', // group and person pages in tabs, success beside each Save (issue 14)
    'invitation-row', 'invitation-link', 'invitation-copy', 'invitation-resend', 'invitation-revoke', 'invitation-revoke-confirm', // (issue 14)
    'person-reset-password', 'person-reset-2fa', 'person-temporary-password',
    'group-require-2fa', 'group-ip-mode', 'group-ip-ranges', 'group-security-save',
    'csv-upload', 'csv-import', 'csv-errors', // (issue 4)
    'admin-groups', 'admin-group-item', 'admin-group-name', 'admin-group-create', 'admin-group-panel', 'admin-group-parent', 'admin-group-save',
    'admin-group-remove', 'admin-group-scope', 'admin-group-scope-save', 'admin-group-members', 'admin-group-add', 'admin-group-add-submit',
    'policy-min-length', 'policy-strength', 'policy-expires', 'policy-max-age', 'policy-save',
    'security-mail-*', 'security-mail-save',
    'console-settings-form', 'console-setting-*', 'console-settings-save', 'group-max-sessions', // (issue 14)
    'outbox', 'audit-log', // (issue 4)
    'audit-actor', 'audit-group', 'audit-apply', 'audit-csv',
    'channels-nav', 'channel-new', 'channel-item', 'channel-name', 'channel-enabled', 'channel-groups', 'channel-excluded', 'channel-origins', // channels (issue 12)
    'channel-field', 'channel-field-add', 'channel-field-label', 'channel-field-type', 'channel-field-required',
    'channel-hours-enabled', 'channel-hours-*', 'channel-unavailable', 'channel-unavailable-text', 'channel-redirect', 'channel-accent',
    'private-fields', 'private-fields-save', 'channel-save', 'channel-remove', 'channel-snippet', 'channel-snippet-copy', 'channel-link', 'channel-link-copy', 'channel-code-snippet', 'channel-code-snippet-copy',
    'report-from', 'report-to', 'report-group', 'report-totals', 'report-sessions', 'report-resolved', 'report-pick-up',
    'chart-sessions', 'chart-pick-up', 'chart-resolved', 'chart-duration', 'report-table', 'report-row', 'report-rating', 'report-row-rating',
  ],
  /** The widget's loader on a company's page (widget/loader.ts), in its shadow root. */
  widget: ['widget-launcher', 'widget-minimise', 'widget-frame'],
} as const;

export type TestId = (typeof TEST_IDS)[keyof typeof TEST_IDS][number];
