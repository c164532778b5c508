import { chmodSync, mkdirSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';

/** Where the banner goes: process.stdout in production, any stream in tests. */
export interface BannerStream {
  write(chunk: string): unknown;
  isTTY?: boolean;
}

export interface FirstStartFacts {
  publicUrl: string;
  dataDir: string;
  /** Generated on this start (already stored in DATA_DIR/platform-admin.key). */
  platformAdminKey?: string;
  /** Seeded on this start. */
  demo?: { apiKey: string; assistantId: string; dashboard?: { email: string; password: string } };
}

export const DEMO_KEY_FILE = 'demo-api-key';
export const DEMO_PASSWORD_FILE = 'demo-dashboard-password';

/**
 * The first-start banner. Keys are printed only when standard output is a terminal: a service manager or a
 * container runtime keeps whatever a process writes to stdout in log storage, where a key would stay readable by
 * anyone with access to the logs. Otherwise the demo key is written to an owner-only file in DATA_DIR (the
 * platform key already lives in one) and the banner names the file.
 */
export function printFirstStartBanner(out: BannerStream, facts: FirstStartFacts): void {
  const terminal = out.isTTY === true;
  const platformLine = (key: string) =>
    terminal
      ? `  Platform key:  ${key}   (creates tenants; stored in ${join(facts.dataDir, 'platform-admin.key')})`
      : `  Platform key:  stored in ${join(resolve(facts.dataDir), 'platform-admin.key')} (creates tenants; readable by this user only)`;
  const dashboardLine = (dashboard: { email: string; password: string }) =>
    terminal
      ? `  Dashboard:     ${facts.publicUrl}/  sign in as ${dashboard.email} / ${dashboard.password}`
      : `  Dashboard:     ${facts.publicUrl}/  sign in as ${dashboard.email}; the password is written to ${writeOwnerOnly(facts.dataDir, DEMO_PASSWORD_FILE, dashboard.password)} (readable by this user only)`;
  const demoLines = (demo: NonNullable<FirstStartFacts['demo']>) => {
    let keyLine = `  Demo tenant API key: ${demo.apiKey}   (shown once)`;
    let bearer = demo.apiKey;
    if (!terminal) {
      const file = writeOwnerOnly(facts.dataDir, DEMO_KEY_FILE, demo.apiKey);
      keyLine = `  Demo tenant API key: written to ${file} (readable by this user only; not printed because standard output is not a terminal)`;
      bearer = `$(cat ${file})`;
    }
    return [
      ...(demo.dashboard ? [dashboardLine(demo.dashboard)] : []),
      keyLine,
      `  Demo assistant:      ${demo.assistantId}`,
      '  Try a test chat:',
      `    curl -s -X POST ${facts.publicUrl}/api/v1/assistants/${demo.assistantId}/test-chats -H "Authorization: Bearer ${bearer}"`,
    ];
  };
  const lines = [
    '',
    '  Confab is running.',
    `  API:           ${facts.publicUrl}/api/v1`,
    `  API docs:      ${facts.publicUrl}/docs`,
    ...(facts.platformAdminKey ? [platformLine(facts.platformAdminKey)] : []),
    ...(facts.demo ? demoLines(facts.demo) : []),
    '',
  ];
  out.write(`${lines.join('\n')}\n`);
}

/** Writes `value` to DATA_DIR/name readable and writable by the owner only (also when the file already existed). */
function writeOwnerOnly(dataDir: string, name: string, value: string): string {
  const dir = resolve(dataDir);
  mkdirSync(dir, { recursive: true });
  const file = join(dir, name);
  // Tighten first when the file exists, so the new key is never readable by others, even for a moment.
  try {
    chmodSync(file, 0o600);
  } catch {
    /* not there yet: created below with 0600 */
  }
  writeFileSync(file, `${value}\n`, { mode: 0o600 });
  chmodSync(file, 0o600); // the mode of writeFileSync is reduced by the umask and ignored for an existing file
  return file;
}
