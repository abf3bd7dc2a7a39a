import { test, expect, Page } from '@playwright/test';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { hydrated, newOrganization } from './helpers';

// What a coordinator's walk-through of the catalogue found, each checked as they met it.

const menu = (page: Page) => page.locator('details.account-menu');
const openMenu = async (page: Page) => {
  await page.getByLabel('Menu du compte').click();
  await expect(menu(page)).toHaveAttribute('open', '');
};

test('the account menu closes once an item is chosen, on a tap outside and on Escape', async ({ page }) => {
  await newOrganization(page, 'Nadia', 'Banque alimentaire Nadia');
  await hydrated(page);

  await openMenu(page);
  await menu(page).getByRole('link', { name: 'Mon compte' }).click();
  await expect(page).toHaveURL(/\/compte$/);
  await expect(menu(page)).not.toHaveAttribute('open', '');

  await openMenu(page);
  await page.locator('main h1').first().click();
  await expect(menu(page)).not.toHaveAttribute('open', '');

  await openMenu(page);
  await page.keyboard.press('Escape');
  await expect(menu(page)).not.toHaveAttribute('open', '');
  await expect(page.getByLabel('Menu du compte')).toBeFocused();
});

test('a toast covers no field, and follows nobody to another page or account', async ({ page }) => {
  await newOrganization(page, 'Olivier', 'Cuisine Olivier');
  await page.goto('/compte');
  await hydrated(page);
  await page.getByRole('button', { name: 'Enregistrer' }).first().click();
  const toast = page.locator('.toast', { hasText: 'Profil enregistré' });
  await expect(toast).toBeVisible();

  // Wherever it shows, no field of the page is under it.
  const box = (await toast.boundingBox())!;
  for (const field of await page.locator('input:visible, textarea:visible, select:visible').all()) {
    const f = await field.boundingBox();
    if (!f) continue;
    const overlaps = f.x < box.x + box.width && box.x < f.x + f.width && f.y < box.y + box.height && box.y < f.y + f.height;
    expect(overlaps, `a toast over ${await field.getAttribute('name')}`).toBe(false);
  }

  // Some seconds later the person signs out: the sign-in page says nothing of it.
  await page.waitForTimeout(2_500);
  await openMenu(page);
  await menu(page).getByRole('button', { name: 'Se déconnecter' }).click();
  await expect(page).toHaveURL(/\/$/);
  await expect(page.getByRole('link', { name: /Se connecter|Connexion/ }).first()).toBeVisible();
  await expect(page.locator('.toast')).toHaveCount(0);
});

test('a refused CSV import names every problem in plain words, with plurals right', async ({ page }) => {
  await newOrganization(page, 'Pascale', 'Entrepôt Pascale');
  await page.goto('/mon-catalogue');
  await hydrated(page);
  const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'partage-csv-')), 'ressources.csv');
  fs.writeFileSync(file, 'categorie;titre;region;capacite\nfusée;Fusée;Mars;1\nCongélateur;Bon;Laval;2\n');
  await page.getByLabel('Fichier CSV').setInputFiles(file);
  await page.getByLabel('Publier dans le catalogue dès maintenant').uncheck();
  await page.getByRole('button', { name: 'Importer le fichier' }).click();

  await expect(page.getByText('Rien n’a été importé : 1 ligne à corriger.')).toBeVisible();
  const problems = page.locator('table.report tbody tr');
  await expect(problems).toHaveCount(1);
  const row = problems.first();
  await expect(row).toContainText('Colonne « categorie » : Choisissez une catégorie.');
  await expect(row).toContainText('Vous avez écrit « fusée ».');
  await expect(row).toContainText('Valeurs acceptées : Cuisine commerciale');
  await expect(row).toContainText('Colonne « region »');
  await expect(row).toContainText('Vous avez écrit « Mars ».');
  await expect(row).not.toContainText('(category)');
});

test('the catalogue’s headings go in order, h1 then h2 then the cards’ h3', async ({ page }) => {
  await page.goto('/catalogue');
  await hydrated(page);
  // Earlier journeys published resources: there are cards to read.
  await expect(page.locator('.card-grid li').first()).toBeVisible();
  const levels = await page.locator('main').evaluate((main) =>
    Array.from(main.querySelectorAll('h1, h2, h3, h4, h5, h6')).map((h) => Number(h.tagName[1])));
  expect(levels[0]).toBe(1);
  levels.reduce((previous, level) => {
    expect(level, `h${previous} then h${level}: ${levels.join(' ')}`).toBeLessThanOrEqual(previous + 1);
    return level;
  });
});
