import { test, expect, Page } from '@playwright/test';
import * as path from 'node:path';
import { hydrated, newOrganization } from './helpers';

async function shot(page: Page, name: string) {
  await page.screenshot({ path: `screenshots/${test.info().project.name}-${name}.png`, fullPage: true });
}

async function signOut(page: Page) {
  await page.getByLabel('Menu du compte').click();
  await page.getByRole('button', { name: 'Se déconnecter' }).click();
  await expect(page).toHaveURL(/\/$/);
}

test('list a resource, post a need elsewhere, see the match, find it without accents', async ({ page }) => {
  const project = test.info().project.name;
  const title = `Congélateurs coffres Érable ${project}`;

  // An food bank in Laval lists its freezers, from the section bar.
  await newOrganization(page, 'Marc Gagnon', `Entrepôt Érable ${project}`, '13');
  await page.getByRole('navigation', { name: 'Sections' }).getByRole('link', { name: 'Mon catalogue' }).click();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Mon catalogue');
  await page.getByRole('main').getByRole('link', { name: 'Proposer une ressource' }).first().click();
  await expect(page).toHaveURL(/\/ressources\/nouvelle$/);
  await hydrated(page);
  await page.getByLabel('Catégorie').selectOption('freezer');
  // The facts wait in the folded details of the first step; only the freezer's are offered.
  await page.getByText('Détails, tarif et règles de réservation').click();
  await expect(page.getByLabel('Places de palettes')).toBeVisible();
  await expect(page.getByLabel('Postes de travail')).toBeHidden();
  await page.getByLabel('Titre').fill(title);
  await page.getByLabel('Description').fill('Deux congélateurs coffres de 500 L, -18 °C.');
  await page.getByRole('combobox', { name: 'Région', exact: true }).selectOption('13');
  await page.getByLabel('Places de palettes').fill('beaucoup');
  await page.getByLabel('Ouverture, Jeudi').fill('07:00');
  await page.getByLabel('Fermeture, Jeudi').fill('18:00');
  await page.getByRole('button', { name: 'Enregistrer la ressource' }).click();
  // A clear error beside the field; nothing is saved.
  await expect(page.getByLabel('Places de palettes')).toHaveAttribute('aria-invalid', 'true');
  await expect(page.getByText('Entrez un nombre entier, sans lettres.')).toBeVisible();
  await shot(page, 'resource-form-error');
  await page.getByLabel('Places de palettes').fill('4');
  await page.getByRole('button', { name: 'Enregistrer la ressource' }).click();
  await expect(page).toHaveURL(/\/ressources\/[0-9a-f-]+$/);
  await expect(page.getByRole('heading', { level: 1 })).toHaveText(title);
  await expect(page.getByRole('status').filter({ hasText: 'Ressource publiée' })).toBeVisible();
  await expect(page.getByText('7 h – 18 h').first()).toBeVisible();

  // Add a photo: a description is required; the upload shows its progress (on a slowed network).
  await hydrated(page);
  await page.getByRole('link', { name: 'Gérer les photos' }).first().click();
  await expect(page).toHaveURL(/\/ressources\/[0-9a-f-]+\/modifier#photos$/);
  await hydrated(page);
  const photos = page.locator('#photos');
  await expect(photos.getByText('Aucune photo pour l’instant.', { exact: false })).toBeVisible();
  await photos.getByLabel(/^Photo/).setInputFiles(path.join(__dirname, '../../server/demo-photos/congelateur-coffre.jpg'));
  // The description starts from the title, a suggestion; emptied, it is asked for.
  await expect(photos.getByLabel('Décrivez la photo en une phrase')).toHaveValue(title);
  await photos.getByLabel('Décrivez la photo en une phrase').fill('');
  await photos.getByRole('button', { name: 'Ajouter la photo' }).click();
  await expect(photos.getByLabel('Décrivez la photo en une phrase')).toHaveAttribute('aria-invalid', 'true');
  await expect(photos.getByText('Ajoutez une phrase qui décrit la photo.')).toBeVisible();
  const alt = `Congélateur coffre ouvert ${project}`;
  await photos.getByLabel('Décrivez la photo en une phrase').fill(alt);
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('Network.emulateNetworkConditions', {
    offline: false, latency: 20, downloadThroughput: -1, uploadThroughput: 60 * 1024,
  });
  await photos.getByRole('button', { name: 'Ajouter la photo' }).click();
  await expect(photos.getByRole('progressbar', { name: 'Progression du téléversement' })).toBeVisible();
  await expect(photos.getByText(/Téléversement : \d+ %/)).toBeVisible();
  await shot(page, 'photo-uploading');
  await expect(page.getByRole('status').filter({ hasText: 'Photo ajoutée' })).toBeVisible({ timeout: 20_000 });
  await cdp.send('Network.emulateNetworkConditions', {
    offline: false, latency: 0, downloadThroughput: -1, uploadThroughput: -1,
  });
  await expect(photos.getByRole('img', { name: alt })).toBeVisible();
  await expect(photos.getByText('Couverture', { exact: true })).toBeVisible();
  await expect(photos.getByRole('progressbar')).toBeHidden();
  await shot(page, 'photos');
  await page.getByRole('link', { name: 'Annuler' }).click();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText(title);
  await expect(page.getByRole('region', { name: 'Photos de la ressource' }).getByRole('img', { name: alt })).toBeVisible();
  await shot(page, 'resource');
  await signOut(page);

  // A meals-on-wheels group in Montréal posts what it needs.
  await newOrganization(page, 'Jean Bouchard', `Popote Érable ${project}`, '06');
  await page.getByRole('navigation', { name: 'Sections' }).getByRole('link', { name: 'Besoins' }).click();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Tableau des besoins');
  await hydrated(page);
  await page.getByRole('main').getByRole('link', { name: 'Publier un besoin' }).first().click();
  await expect(page).toHaveURL(/\/besoins\/nouveau$/);
  await hydrated(page);
  await page.getByLabel('Catégorie').selectOption('freezer');
  await page.getByLabel('Titre').fill(`Espace congélateur, 2 palettes, jeudis (${project})`);
  await page.getByLabel('Montréal').check();
  await page.getByLabel('Laval').check();
  await page.getByLabel('Jeudi').check();
  await page.getByLabel('De', { exact: true }).fill('08:00');
  await page.getByLabel('À', { exact: true }).fill('12:00');
  await page.getByLabel('Quantité').fill('2');
  await page.getByLabel('Unité').selectOption('pallets');
  await page.getByRole('button', { name: 'Publier le besoin' }).click();
  await expect(page).toHaveURL(/\/besoins\/[0-9a-f-]+$/);
  await expect(page.getByRole('status').filter({ hasText: 'Besoin publié' })).toBeVisible();

  // The freezer is among the matches, with its reasons in plain words.
  const match = page.getByRole('article').filter({ hasText: title });
  await expect(match).toBeVisible();
  await expect(match.getByText('Même région')).toBeVisible();
  await expect(match.getByText('Assez de place : 2 palettes')).toBeVisible();
  await expect(match.getByText('Ouvert le jeudi de 8 h à 12 h')).toBeVisible();
  await shot(page, 'need-matches');

  // The match waits in the notifications, new until read: listing them reads nothing.
  await page.getByRole('navigation', { name: 'Sections' }).getByRole('link', { name: 'Mon catalogue' }).click();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Mon catalogue');
  await hydrated(page);
  const notices = page.locator('#avis');
  // (The other viewport's freezer, listed earlier in Laval too, may be told of as well.)
  const notice = notices.getByRole('listitem').filter({ hasText: title });
  await expect(notice.getByText('Nouveau', { exact: true })).toBeVisible();
  await page.reload();
  await hydrated(page);
  await expect(notice.getByText('Nouveau', { exact: true })).toBeVisible();
  await notices.getByRole('button', { name: 'Tout marquer comme lu' }).click();
  await expect(notices.getByText('Nouveau', { exact: true })).toHaveCount(0);
  await expect(notices.getByText(title)).toBeVisible();

  // Search the catalogue the way people type on a phone: no accents, plural or not.
  await page.getByRole('navigation', { name: 'Sections' }).getByRole('link', { name: 'Catalogue', exact: true }).click();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Catalogue des ressources');
  await hydrated(page);
  await page.getByLabel('Rechercher une ressource').fill(`congelateur erable ${project}`);
  await page.getByLabel('Rechercher une ressource').press('Enter');
  await expect(page).toHaveURL(/q=congelateur/);
  await expect(page.getByRole('heading', { name: title })).toBeVisible();
  await expect(page.getByText('1 ressource', { exact: true })).toBeVisible();
  // The card shows the photo as its cover.
  await expect(page.getByRole('article').filter({ hasText: title }).getByRole('img', { name: `Congélateur coffre ouvert ${project}` })).toBeVisible();
  await shot(page, 'catalogue-search');

  // The search lives in the URL: a reload shows the same results, rendered by the server.
  await page.reload();
  await expect(page.getByRole('heading', { name: title })).toBeVisible();
  await expect(page.getByLabel('Rechercher une ressource')).toHaveValue(`congelateur erable ${project}`);
});
