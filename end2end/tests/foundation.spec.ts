import { test, expect, Page } from '@playwright/test';
import { confirmEmail } from './mail';

/** Waits until the WASM has hydrated the page (an effect sets this attribute). */
async function hydrated(page: Page) {
  await expect(page.locator('body[data-hydrated="true"]')).toHaveCount(1);
}

async function shot(page: Page, name: string) {
  await page.screenshot({ path: `screenshots/${test.info().project.name}-${name}.png`, fullPage: true });
}

test('sign up, create an organization, sign out and in, switch language', async ({ page }) => {
  const project = test.info().project.name;
  const email = `lea.${project}.${Date.now()}@exemple.org`;
  const password = 'cuisine-partagee-2026';

  await page.goto('/');
  await hydrated(page);
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Mettons nos ressources en commun');
  await shot(page, 'home');

  // Sign up.
  await page.getByRole('main').getByRole('link', { name: 'Créer un compte' }).click();
  await expect(page).toHaveURL(/\/inscription$/);
  await page.getByLabel('Nom').fill('Léa Tremblay');
  await page.getByLabel('Courriel').fill('pas-une-adresse');
  await page.getByLabel('Mot de passe').fill(password);
  await page.getByRole('button', { name: 'Créer mon compte' }).click();
  // A clear error beside the field, announced, nothing created.
  await expect(page.getByText('Cette adresse courriel n’est pas valide.', { exact: false })).toBeVisible();
  await expect(page.getByLabel('Courriel')).toHaveAttribute('aria-invalid', 'true');
  await shot(page, 'sign-up-error');
  await page.getByLabel('Courriel').fill(email);
  await page.getByRole('button', { name: 'Créer mon compte' }).click();
  // Nobody is signed in until the emailed link confirms the address.
  await expect(page.getByRole('heading', { name: 'Vérifiez votre boîte de réception' })).toBeVisible();
  await shot(page, 'sign-up-check-inbox');
  await confirmEmail(page, email);

  // Create the organization.
  await expect(page).toHaveURL(/\/organismes\/nouveau$/);
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Inscrire votre organisme');
  await page.getByLabel('Nom de l’organisme').fill(`Cuisine collective ${project}`);
  await page.getByLabel('Type d’organisme').selectOption('community');
  await page.getByLabel('Région administrative').selectOption('06');
  await page.getByLabel('Téléphone').fill('514 555-0142');
  await page.getByLabel('Description').fill('Cuisine de production 80 m², 4 postes, permis MAPAQ.');
  await shot(page, 'new-organization');
  await page.getByRole('button', { name: 'Inscrire l’organisme' }).click();
  await expect(page).toHaveURL(/\/organismes\/[0-9a-f-]+$/);
  await expect(page.getByRole('heading', { level: 1 })).toContainText(`Cuisine collective ${project}`);
  await expect(page.getByRole('status').filter({ hasText: 'inscrit' })).toBeVisible();
  await expect(page.getByText('Membres (1)')).toBeVisible();
  await shot(page, 'organization');

  // Sign out through the account menu (keyboard-reachable native disclosure).
  await page.getByLabel('Menu du compte').click();
  await page.getByRole('button', { name: 'Se déconnecter' }).click();
  await expect(page).toHaveURL(/\/$/);
  await expect(page.getByRole('banner').getByRole('link', { name: 'Se connecter' })).toBeVisible();

  // Sign in again, with a wrong password first.
  await page.getByRole('banner').getByRole('link', { name: 'Se connecter' }).click();
  await page.getByLabel('Courriel').fill(email);
  await page.getByLabel('Mot de passe').fill('mauvais-mot-de-passe');
  await page.getByRole('button', { name: 'Me connecter' }).click();
  await expect(page.getByText('Courriel ou mot de passe incorrect.')).toBeVisible();
  await page.getByLabel('Mot de passe').fill(password);
  await page.getByRole('button', { name: 'Me connecter' }).click();
  await expect(page).toHaveURL(/\/organismes\/[0-9a-f-]+$/);
  await expect(page.getByRole('heading', { level: 1 })).toContainText(`Cuisine collective ${project}`);

  // Switch to English and back; the choice survives a reload.
  await page.getByRole('button', { name: 'English' }).click();
  await expect(page.getByText('Members (1)')).toBeVisible();
  await expect(page.locator('html')).toHaveAttribute('lang', 'en-CA');
  await page.reload();
  await hydrated(page);
  await expect(page.getByText('Members (1)')).toBeVisible();
  await shot(page, 'organization-en');
  await page.getByRole('button', { name: 'Français' }).click();
  await expect(page.getByText('Membres (1)')).toBeVisible();
  await expect(page.locator('html')).toHaveAttribute('lang', 'fr-CA');
});

test('unknown pages say so', async ({ page }) => {
  const response = await page.goto('/nulle-part');
  expect(response?.status()).toBe(404);
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Page introuvable');
});

test('the home page carries its own messages, and every other page all of its own', async ({ page }) => {
  // The home page's script holds the frame's and the home page's messages; following a link
  // at once waits for the rest, so the next page never shows a blank label.
  await page.goto('/');
  await hydrated(page);
  expect(await page.evaluate(() => (window as any).__partageMessages.complete)).toBe(false);
  await page.getByRole('banner').getByRole('link', { name: 'Besoins', exact: true }).click();
  await expect(page).toHaveURL(/\/besoins$/);
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Tableau des besoins');
  await expect(page.getByText('Ce que les organismes cherchent')).toBeVisible();
  expect(await page.evaluate(() => (window as any).__partageMessages.complete)).toBe(true);
});
