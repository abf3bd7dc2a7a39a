import * as fs from 'node:fs';
import * as path from 'node:path';
import { expect, Page } from '@playwright/test';

/**
 * The path of the newest single-use link to `page` (« /verifier-courriel », « /invitation »)
 * emailed to `to`, read from the test SMTP sink. Emails leave through the server's outbox a
 * moment after the request that caused them: this waits for the one asked for.
 */
export async function emailedLink(to: string, page = '/'): Promise<string> {
  const dir = process.env.PARTAGE_E2E_MAILDIR!;
  let link = '';
  await expect(async () => {
    const names = fs.existsSync(dir) ? fs.readdirSync(dir).sort().reverse() : [];
    for (const name of names) {
      // Quoted-printable: soft line breaks, `=3D` for `=`.
      const text = fs.readFileSync(path.join(dir, name), 'utf8')
        .replace(/=\r?\n/g, '').replace(/=3D/g, '=');
      if (!text.includes(to)) continue;
      const found = text.match(/https?:\/\/[^/\s]+(\/[^\s]*jeton=[^\s]+)/);
      if (found && found[1].startsWith(page)) { link = found[1]; return; }
    }
    throw new Error(`no link emailed to ${to} yet`);
  }).toPass({ timeout: 15_000 });
  return link;
}

/**
 * Opens the confirmation link emailed to `to` and confirms: the person is signed in and sent on
 * to `next` (a new person: registering an organization), or, if the page posted before its code
 * arrived, shown « Continuer », which goes on.
 */
export async function confirmEmail(page: Page, to: string, next: RegExp = /\/organismes\/nouveau$/) {
  await page.goto(await emailedLink(to, '/verifier-courriel'));
  await expect(page.locator('body[data-hydrated="true"]')).toHaveCount(1);
  await page.getByRole('button', { name: 'Confirmer mon adresse' }).click();
  // The page goes on by itself; « Continuer » is there for a page whose form posted before its
  // code arrived (the server sends back to it, confirmed).
  const onward = page.getByRole('main').getByRole('link', { name: 'Continuer' });
  try {
    await page.waitForURL(next, { timeout: 10_000 });
  } catch {
    await onward.click({ timeout: 5_000 });
  }
  await expect(page).toHaveURL(next);
}
