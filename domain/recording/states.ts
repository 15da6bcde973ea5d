/** The states a stored recording's files can be in: one definition for the tables, the contract and the UI. */

/** Whether originals are copied into the library or left where they are and referenced. */
export type RecordingStorage = 'copy' | 'reference';

/** The playable H.264 copy for originals Chromium cannot decode (HEVC, MJPEG, AVI, MKV/H.264...). */
export type ProxyStatus = 'not_needed' | 'pending' | 'ready' | 'failed';

/** A referenced original that moved or changed after import; copies are checked the same way. */
export type RecordingFileStatus = 'ok' | 'missing' | 'changed';
