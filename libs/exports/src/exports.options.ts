export const EXPORTS_OPTIONS = Symbol('EXPORTS_OPTIONS');
export const EXPORT_QUEUE = 'exports';

export interface ExportsOptions {
  /** Where background exports write their files (EXPORTS_DIR, default DATA_DIR/exports). */
  directory: string;
  /** How long a finished export's download link works; the file is deleted after that (EXPORT_LINK_TTL_SECONDS). */
  linkTtlMs: number;
  /** The installation's secrets key; download links are signed with a key derived from it. */
  signingKey: Buffer;
  /** Absolute base of the download links (PUBLIC_URL). */
  publicUrl: string;
  /** Runs the background jobs and the expiry sweeper in this process (ROLE all or worker). */
  worker: boolean;
  /** How often expired files are deleted. */
  sweepEveryMs: number;
  /** The database, for the exports' own connections: COPY streams run on plain pg clients, not the ORM's pool. */
  databaseUrl: string;
  /** UNANSWERED_PENDING_MS, so the `unanswered` filter selects what the list shows. Default 2 min. */
  unansweredAfterMs?: number;
}

export const DEFAULT_EXPORT_LINK_TTL_MS = 3_600_000;
