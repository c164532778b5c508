import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { screenshot } from './browser';

/** A screenshot in the shared folder and in a folder of its own (SHOTS_DIR), for looking through one area's pictures. */
export async function shot(page: Page, name: string): Promise<void> {
  await screenshot(page, name);
  const dir = process.env.SHOTS_DIR;
  if (!dir) return;
  mkdirSync(dir, { recursive: true });
  await page.screenshot({ path: join(dir, `${name}.png`), fullPage: true });
}
