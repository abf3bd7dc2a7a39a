import { test, expect, Page } from '@playwright/test';
import { confirmEmail, emailedLink } from './mail';

async function hydrated(page: Page) {
  await expect(page.locator('body[data-hydrated="true"]')).toHaveCount(1);
}

function address(who: string): string {
  return `${who}.${test.info().project.name}.${Date.now()}@exemple.org`;
}

async function signUp(page: Page, name: string, email: string) {
  await hydrated(page);
  await page.getByLabel('Nom').fill(name);
  await page.getByLabel('Courriel').fill(email);
  await page.getByLabel('Mot de passe').fill('cuisine-partagee-2026');
  await page.getByRole('button', { name: 'Créer mon compte' }).click();
  await expect(page.getByRole('heading', { name: 'Vérifiez votre boîte de réception' })).toBeVisible();
}

test('invite a volunteer, who joins; removing them asks first', async ({ page }) => {
  const project = test.info().project.name;
  const org = `Cuisine collective des Saules ${project}`;
  const admin = address('nadia');
  const volunteer = address('samuel');

  // The coordinator registers the organization.
  await page.goto('/inscription');
  await signUp(page, 'Nadia Roy', admin);
  await confirmEmail(page, admin);
  await page.getByLabel('Nom de l’organisme').fill(org);
  await page.getByLabel('Type d’organisme').selectOption('community');
  await page.getByLabel('Région administrative').selectOption('06');
  await page.getByRole('button', { name: 'Inscrire l’organisme' }).click();
  await expect(page).toHaveURL(/\/organismes\/[0-9a-f-]+$/);
  const orgUrl = page.url();

  // She invites a volunteer by email.
  await hydrated(page);
  const invite = page.locator('form').filter({ hasText: 'Envoyer l’invitation' });
  await invite.getByLabel('Courriel').fill(volunteer);
  await page.getByRole('button', { name: 'Envoyer l’invitation' }).click();
  await expect(page.getByRole('status').filter({ hasText: 'Invitation envoyée' })).toBeVisible();
  await page.getByLabel('Menu du compte').click();
  await page.getByRole('button', { name: 'Se déconnecter' }).click();
  await expect(page).toHaveURL(/\/$/);

  // The volunteer opens the emailed link, creates an account, confirms it and accepts.
  const invitation = await emailedLink(volunteer, '/invitation');
  await page.goto(invitation);
  await hydrated(page);
  await expect(page.getByText(`rejoindre « ${org} »`)).toBeVisible();
  await page.getByRole('main').getByRole('link', { name: 'Créer un compte' }).click();
  await expect(page).toHaveURL(/\/inscription\?suivant=/);
  await signUp(page, 'Samuel Côté', volunteer);
  await confirmEmail(page, volunteer, /\/invitation\?jeton=/);
  await hydrated(page);
  await page.getByRole('button', { name: 'Accepter l’invitation' }).click();
  await expect(page.getByRole('status').filter({ hasText: 'Bienvenue dans l’organisme' })).toBeVisible();
  await page.getByLabel('Menu du compte').click();
  await page.getByRole('button', { name: 'Se déconnecter' }).click();
  await expect(page).toHaveURL(/\/$/);

  // The coordinator removes him: a dialog asks first; « Annuler » keeps him, by keyboard too.
  await page.goto('/connexion');
  await hydrated(page);
  await page.getByLabel('Courriel').fill(admin);
  await page.getByLabel('Mot de passe').fill('cuisine-partagee-2026');
  await page.getByRole('button', { name: 'Me connecter' }).click();
  await expect(page.getByLabel('Menu du compte')).toBeVisible();
  await page.goto(orgUrl);
  await hydrated(page);
  const row = page.getByRole('listitem').filter({ hasText: 'Samuel Côté' });
  await expect(row).toBeVisible();
  await row.getByRole('button', { name: 'Retirer' }).click();
  const dialog = page.getByRole('dialog', { name: 'Retirer ce membre ?' });
  await expect(dialog).toBeVisible();
  await expect(dialog.getByText('Samuel Côté n’aura plus accès')).toBeVisible();
  await page.keyboard.press('Escape');
  await expect(dialog).toBeHidden();
  await expect(row).toBeVisible();
  await row.getByRole('button', { name: 'Retirer' }).click();
  await expect(dialog).toBeVisible();
  await dialog.getByRole('button', { name: 'Annuler' }).click();
  await expect(dialog).toBeHidden();
  await row.getByRole('button', { name: 'Retirer' }).click();
  await dialog.getByRole('button', { name: 'Retirer' }).click();
  await expect(page.getByRole('status').filter({ hasText: 'Personne retirée de l’organisme' })).toBeVisible();
  await expect(page.getByRole('listitem').filter({ hasText: 'Samuel Côté' })).toHaveCount(0);
});
