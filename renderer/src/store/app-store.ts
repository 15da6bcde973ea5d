import { create } from 'zustand';
import type { AppInfo } from '../../../contract/system';
import type { ExamSession } from '../../../contract/recordings';
import { ApiError, callApi } from '../api/client';

export type Section = 'recordings' | 'review' | 'rubrics' | 'reports' | 'settings';

interface AppState {
  section: Section;
  info: AppInfo | null;
  /** Set when the backend could not start (e.g. a database from a newer version). */
  fatal: { name: string; message: string } | null;
  sessions: ExamSession[];
  go(section: Section): void;
  load(): Promise<void>;
  reloadSessions(): Promise<void>;
}

/** UI state only; the database stays the source of truth and is re-read on 'data-changed'. */
export const useApp = create<AppState>((set) => ({
  section: 'recordings',
  info: null,
  fatal: null,
  sessions: [],
  go: (section) => set({ section }),
  load: async () => {
    try {
      const [info, sessions] = await Promise.all([callApi('appInfo'), callApi('listSessions')]);
      set({ info, sessions, fatal: null });
    } catch (err) {
      const e = err instanceof ApiError ? err : new ApiError({ name: 'Error', message: String(err) });
      set({ fatal: { name: e.name, message: e.message } });
    }
  },
  reloadSessions: async () => set({ sessions: await callApi('listSessions') }),
}));
