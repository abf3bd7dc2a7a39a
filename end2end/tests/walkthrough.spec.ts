import { test, expect, Page } from '@playwright/test';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { execFileSync } from 'node:child_process';
import { call, hydrated, newOrganization } from './helpers';

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

  // A tap on the page, away from the menu (which covers the top of a phone's screen).
  await openMenu(page);
  await page.mouse.click(12, 420);
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

  // On a phone, wherever the page is scrolled, no field is under it: at the centre of every
  // field in view, the field (or what holds it) is on top, never the toast.
  const phone = test.info().project.name === 'phone';
  const covered = !phone ? [] : await page.evaluate(() => {
    const found = new Set<string>();
    for (let y = 0; y <= document.documentElement.scrollHeight; y += 24) {
      window.scrollTo(0, y);
      for (const f of Array.from(document.querySelectorAll('input, textarea, select'))) {
        const r = f.getBoundingClientRect();
        if (r.width === 0 || r.bottom < 0 || r.top > window.innerHeight) continue;
        const top = document.elementFromPoint(r.left + r.width / 2, r.top + r.height / 2);
        if (top && top.closest('.toasts')) found.add(f.getAttribute('name') ?? f.id);
      }
    }
    window.scrollTo(0, 0);
    return Array.from(found);
  });
  expect(covered).toEqual([]);

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
  await expect(row).toContainText('Valeurs acceptées :');
  await expect(row).toContainText('Cuisine commerciale');
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

test('catalogue filters apply as they change, show as chips, and clear in one tap', async ({ page }) => {
  const phone = test.info().project.name === 'phone';
  await page.goto('/catalogue');
  await hydrated(page);
  const category = page.getByLabel('Catégorie', { exact: true });
  await category.selectOption('freezer');
  await expect(page).toHaveURL(/categorie=freezer/);
  await expect(page.getByLabel('Catégorie', { exact: true })).toBeFocused();
  await expect(page.getByRole('status').filter({ hasText: /ressource/ })).toBeVisible();
  const freezerChip = page.getByRole('link', { name: 'Retirer le filtre « Congélateur »' });
  await expect(freezerChip).toBeVisible();
  await expect(page.getByRole('link', { name: 'Effacer les filtres' }).first()).toBeVisible();

  await page.getByText('Plus de filtres').click();
  const apply = page.getByRole('button', { name: 'Appliquer les filtres' });
  if (phone) await expect(apply).toBeVisible(); else await expect(apply).toBeHidden();
  await page.getByLabel('Gratuit seulement').check();
  await expect(page).toHaveURL(/gratuit=1/);
  await expect(page.getByRole('link', { name: 'Retirer le filtre « Gratuit seulement »' })).toBeVisible();

  await freezerChip.click();
  await expect(page).not.toHaveURL(/categorie=/);
  await expect(page).toHaveURL(/gratuit=1/);
  await expect(freezerChip).toHaveCount(0);
  await page.getByRole('link', { name: 'Effacer les filtres' }).first().click();
  await expect(page).toHaveURL(/\/catalogue$/);
  await expect(page.getByRole('link', { name: /^Retirer le filtre/ })).toHaveCount(0);
});

test('the organization acted for is readable at 360 px, and a switch shows its data at once', async ({ page }) => {
  const first = 'Cuisine collective Hochelaga';
  await newOrganization(page, 'Rémi', first);
  // A second organization of the same person.
  await page.goto('/organismes/nouveau');
  await hydrated(page);
  const second = 'Popote roulante Saint-Michel';
  await page.getByLabel('Nom de l’organisme').fill(second);
  await page.getByLabel('Type d’organisme').selectOption('community');
  await page.getByLabel('Région administrative').selectOption('06');
  await page.getByRole('button', { name: 'Inscrire l’organisme' }).click();
  await expect(page).toHaveURL(/\/organismes\/[0-9a-f-]+$/);

  await page.goto('/mon-catalogue');
  await hydrated(page);
  const switcher = page.locator('#org-switcher');
  await expect(switcher).toBeVisible();
  const active = await switcher.evaluate((s: HTMLSelectElement) => s.options[s.selectedIndex].text);
  await expect(page.locator('main .eyebrow').first()).toHaveText(active);
  // The whole name fits in the select, on a phone as on a desktop.
  const fits = await switcher.evaluate((s: HTMLSelectElement) => {
    const probe = document.createElement('span');
    probe.style.font = getComputedStyle(s).font;
    probe.style.whiteSpace = 'nowrap';
    probe.style.position = 'absolute';
    probe.style.display = 'inline-block';
    probe.textContent = s.options[s.selectedIndex].text;
    document.body.appendChild(probe);
    const wanted = probe.getBoundingClientRect().width;
    probe.remove();
    return { wanted, room: s.clientWidth };
  });
  // On a phone, room for the text beside the select's arrow and padding.
  if (test.info().project.name === 'phone') {
    expect(fits.room - 32, JSON.stringify(fits)).toBeGreaterThan(fits.wanted);
  }
  await page.screenshot({ path: `test-results/switcher-${test.info().project.name}.png` });

  const other = active.startsWith(first) ? second : first;
  await switcher.selectOption({ label: other });
  await expect(page.locator('main .eyebrow').first()).toHaveText(other);
  await expect(page.locator('.toast', { hasText: 'Organisme actif changé' })).toBeVisible();
});

test('the bell’s count leads to the notification centre, and « Mon catalogue » opens on it too', async ({ page, browser }) => {
  const owner = await newOrganization(page, 'Sylvie', 'Entrepôt Sylvie');
  // A busy catalogue: forty kitchens, then the freezer someone will need.
  const rows = Array.from({ length: 40 }, (_, i) => `Cuisine commerciale;Cuisine ${i + 1};06`).join('\n');
  const imported = await call(page, 'import_resources', { org_id: owner, csv: `categorie;titre;region\n${rows}\n`, publish: 'on' });
  expect(imported.body.imported).toBe(40);
  const freezer = await call(page, 'create_resource', {
    org_id: owner, publish: 'on', 'input[category]': 'freezer', 'input[title]': 'Congélateur Sylvie',
    'input[region]': '06', 'input[pallet_spots]': '4', 'input[price_unit]': 'free',
  });
  expect(freezer.status).toBe(200);

  const other = await browser.newContext({ locale: 'fr-CA', baseURL: test.info().project.use.baseURL });
  const seeker = await other.newPage();
  const popote = await newOrganization(seeker, 'Théo', 'Popote Théo');
  const need = await call(seeker, 'create_need', {
    org_id: popote, 'input[category]': 'freezer', 'input[title]': 'Deux palettes au froid',
    'input[regions][5]': '06', 'input[quantity]': '2', 'input[quantity_unit]': 'pallets',
  });
  expect(need.status).toBe(200);
  await other.close();

  await page.goto('/');
  await hydrated(page);
  // The bell counts it and opens the notification centre.
  const bell = page.getByRole('link', { name: /^Notifications/ });
  await expect(bell.locator('.nav-count')).toHaveText(/Notifications non lues : [1-9]/);
  await bell.click();
  await expect(page).toHaveURL(/\/notifications/);
  await expect(page.locator('#avis').getByText('Deux palettes au froid').first()).toBeVisible();
  // « Mon catalogue » opens on it too.
  await page.getByRole('navigation', { name: 'Sections' }).getByRole('link', { name: /Mon catalogue/ }).click();
  await expect(page).toHaveURL(/\/mon-catalogue/);
  const notices = page.locator('#avis');
  await expect(notices.getByText('Deux palettes au froid').first()).toBeVisible();
  await expect(notices).toBeInViewport({ ratio: 0.3 });
});

test('a platform admin verifies on a phone: details first, a filter, a confirmation to remove', async ({ page }) => {
  const project = test.info().project.name;
  const org = `Regroupement des cuisines collectives du quartier Hochelaga-Maisonneuve ${project}`;
  await newOrganization(page, 'Ursule', org);
  const email = `administration.plateforme.${project}.${Date.now()}@exemple-tres-long.quebec`;
  const dataDir = process.env.PARTAGE_E2E_DATA_DIR!;
  execFileSync(process.env.PARTAGE_BIN!, ['create-admin', '--email', email, '--password', 'administration-2026'], {
    env: { ...process.env, DATABASE_URL: `sqlite://${dataDir}/partage.db`, PARTAGE_DATA_DIR: dataDir, RUST_LOG: 'warn' },
  });
  await page.context().clearCookies();
  await page.goto('/connexion');
  await hydrated(page);
  await page.getByLabel('Courriel').fill(email);
  await page.getByLabel('Mot de passe').fill('administration-2026');
  await page.getByRole('button', { name: 'Me connecter' }).click();
  await expect(page).not.toHaveURL(/connexion/);
  await page.goto('/admin');
  await hydrated(page);
  await expect(page.getByRole('heading', { name: 'Organismes' })).toBeVisible();
  const sideways = () => page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
  expect(await sideways()).toBeLessThanOrEqual(0);

  await page.getByLabel(/Seulement les organismes en attente de vérification/).check();
  const row = page.locator('.admin-orgs li', { hasText: org });
  await expect(row).toHaveCount(1);
  await expect(page.locator('.admin-orgs .verified-badge, .admin-orgs .badge-verified')).toHaveCount(0);
  await row.getByRole('button', { name: 'Examiner et vérifier' }).click();
  const dialog = page.getByRole('dialog', { name: `Vérifier « ${org} »` });
  await expect(dialog).toBeVisible();
  await expect(dialog.getByText('Type d’organisme')).toBeVisible();
  await expect(dialog.getByText('Banque alimentaire')).toBeVisible();
  expect(await sideways()).toBeLessThanOrEqual(0);
  await dialog.getByRole('button', { name: 'Marquer comme vérifié' }).click();
  await expect(page.locator('.toast', { hasText: 'Vérification mise à jour' })).toBeVisible();
  // Verified, it leaves the list of those waiting.
  await expect(row).toHaveCount(0);

  await page.getByLabel(/Seulement les organismes en attente de vérification/).uncheck();
  await row.getByRole('button', { name: 'Retirer la vérification' }).click();
  const confirm = page.getByRole('dialog', { name: `Retirer la vérification de « ${org} » ?` });
  await expect(confirm).toContainText('ne portera plus le badge');
  await confirm.getByRole('button', { name: 'Annuler' }).click();
  await expect(confirm).toBeHidden();
  await expect(row.getByRole('button', { name: 'Retirer la vérification' })).toBeVisible();
  await row.getByRole('button', { name: 'Retirer la vérification' }).click();
  await confirm.getByRole('button', { name: 'Retirer la vérification' }).click();
  await expect(row.getByRole('button', { name: 'Examiner et vérifier' })).toBeVisible();
  expect(await sideways()).toBeLessThanOrEqual(0);
});

test('publishing is quick: region from the organization, every missing field at once, a photo before the first save', async ({ page }) => {
  const project = test.info().project.name;
  await newOrganization(page, 'Véronique', `Cuisine Véronique ${project}`, '13');
  await page.goto('/ressources/nouvelle');
  await hydrated(page);
  const region = page.getByRole('combobox', { name: 'Région', exact: true });
  await expect(region).toHaveValue('13');
  // The first step is short: the rest waits, folded.
  await expect(page.getByText('Détails, tarif et règles de réservation')).toBeVisible();
  await expect(page.getByLabel('Dépôt (facultatif)')).toBeHidden();
  await expect(page.getByLabel('Ouverture, Jeudi')).toBeVisible();

  await region.selectOption('');
  await page.getByRole('button', { name: 'Enregistrer la ressource' }).click();
  for (const field of [page.getByLabel('Catégorie'), page.getByLabel('Titre'), region]) {
    await expect(field).toHaveAttribute('aria-invalid', 'true');
  }

  const title = `Congélateur vertical ${project}`;
  await page.getByLabel('Catégorie').selectOption('freezer');
  await page.getByLabel('Titre').fill(title);
  await region.selectOption('13');
  await page.getByLabel('Une photo (facultatif)').setInputFiles(path.join(__dirname, '../../server/demo-photos/congelateur-coffre.jpg'));
  await page.getByRole('button', { name: 'Enregistrer la ressource' }).click();
  await expect(page).toHaveURL(/\/ressources\/[0-9a-f-]+$/);
  await expect(page.getByRole('heading', { level: 1 })).toHaveText(title);
  await expect(page.getByRole('region', { name: 'Photos de la ressource' }).getByRole('img', { name: title })).toBeVisible();
});

test('the home page searches and leads into the catalogue; cards without a photo show their category', async ({ page }) => {
  await page.goto('/');
  await hydrated(page);
  const search = page.getByRole('search');
  await search.getByLabel('Rechercher une ressource').fill('congélateur');
  await search.getByRole('button', { name: 'Rechercher' }).click();
  await expect(page).toHaveURL(/\/catalogue\?q=cong%C3%A9lateur/);
  await expect(page.getByLabel('Rechercher une ressource')).toHaveValue('congélateur');

  await page.goto('/');
  await page.getByRole('link', { name: 'Froid et entreposage' }).click();
  await expect(page).toHaveURL(/\/catalogue\?categorie=cold_room/);
  await expect(page.getByRole('link', { name: 'Retirer le filtre « Chambre froide »' })).toBeVisible();

  // Every card has a picture: its photo, or its category's.
  await page.goto('/catalogue');
  await hydrated(page);
  const cards = page.locator('.card-grid .resource-card');
  await expect(cards.first()).toBeVisible();
  const count = await cards.count();
  expect(await page.locator('.card-grid .resource-card .resource-card-photo').count()).toBe(count);
  expect(await page.locator('.card-grid .resource-card .resource-card-art').count()).toBeGreaterThan(0);
});
