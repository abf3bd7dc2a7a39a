import { test, expect, Page } from '@playwright/test';
import { confirmEmail } from './mail';

/** Waits until the page's WASM has taken over (every page marks `body[data-hydrated]`). */
export async function hydrated(page: Page) {
  await expect(page.locator('body[data-hydrated="true"]')).toHaveCount(1, { timeout: 20_000 });
}

/** Calls a server function from the page, as its own forms do (same origin). */
export async function call(page: Page, endpoint: string, form: Record<string, string>) {
  return page.evaluate(async ({ endpoint, form }) => {
    const response = await fetch(`/api/${endpoint}`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams(form).toString(),
    });
    return { status: response.status, body: await response.json() };
  }, { endpoint, form });
}

/**
 * Signs up a new person, who confirms their address and registers a food bank in `region`;
 * answers the organization's id.
 */
export async function newOrganization(page: Page, person: string, org: string, region = '06'): Promise<string> {
  const email = `${person.toLowerCase().replace(/[^a-z]/g, '')}.${test.info().project.name}.${Date.now()}@exemple.org`;
  await page.goto('/inscription');
  await hydrated(page);
  await page.getByLabel('Nom').fill(person);
  await page.getByLabel('Courriel').fill(email);
  await page.getByLabel('Mot de passe').fill('cuisine-partagee-2026');
  await page.getByRole('button', { name: 'Créer mon compte' }).click();
  // Nobody is signed in until the emailed link confirms the address.
  await expect(page.getByRole('heading', { name: 'Vérifiez votre boîte de réception' })).toBeVisible();
  await confirmEmail(page, email);
  await page.getByLabel('Nom de l’organisme').fill(org);
  await page.getByLabel('Type d’organisme').selectOption('food_bank');
  await page.getByLabel('Région administrative').selectOption(region);
  await page.getByRole('button', { name: 'Inscrire l’organisme' }).click();
  await expect(page).toHaveURL(/\/organismes\/[0-9a-f-]+$/);
  return page.url().split('/').pop()!;
}
