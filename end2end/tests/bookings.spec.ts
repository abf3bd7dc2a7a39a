import { test, expect, Browser } from '@playwright/test';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { call, hydrated, newOrganization } from './helpers';

/** The next Saturday at least three days away, as « 2026-12-05 », and how many days away. */
function nextSaturday(): [string, number] {
  const day = new Date();
  let ahead = 3;
  day.setDate(day.getDate() + 3);
  while (day.getDay() !== 6) { day.setDate(day.getDate() + 1); ahead += 1; }
  const pad = (n: number) => String(n).padStart(2, '0');
  return [`${day.getFullYear()}-${pad(day.getMonth() + 1)}-${pad(day.getDate())}`, ahead];
}

/** Every email the test SMTP sink received, quoted-printable undone. */
function mailbox(): string {
  const dir = process.env.PARTAGE_E2E_MAILDIR!;
  return fs.readdirSync(dir)
    .map((n) => fs.readFileSync(path.join(dir, n), 'utf8'))
    .join('\n')
    .replace(/=\r?\n/g, '')
    .replace(/(=[0-9A-F]{2})+/g, (m) => Buffer.from(m.replace(/=/g, ''), 'hex').toString('utf8'));
}

async function context(browser: Browser, width: number, height: number) {
  return browser.newContext({
    viewport: { width, height },
    locale: 'fr-CA',
    baseURL: test.info().project.use.baseURL,
  });
}

test('a food bank asks for a kitchen on a phone; the owner approves one and declines one', async ({ browser }) => {
  test.skip(test.info().project.name === 'phone', 'one run drives both viewports');
  // Two people, two organizations, five requests and two answers: a long journey.
  test.setTimeout(120_000);
  const owner = await (await context(browser, 1366, 900)).newPage();
  const asker = await (await context(browser, 360, 740)).newPage();

  // The owner lists a kitchen open on Saturdays, 4 stations, each request approved by hand.
  const ownerOrg = await newOrganization(owner, 'Léa Tremblay', `Cuisine collective ${Date.now()}`);
  const created = await call(owner, 'create_resource', {
    org_id: ownerOrg, publish: 'on', 'input[category]': 'kitchen',
    'input[title]': 'Cuisine de production du Plateau', 'input[region]': '06',
    'input[price_unit]': 'hour', 'input[price]': '20', 'input[capacity]': '4',
    'input[hours][sat][open]': '08:00', 'input[hours][sat][close]': '17:00',
  });
  expect(created.status).toBe(200);
  const resource = created.body as string;

  // On a phone, a food bank finds it and asks for two stations, then for the afternoon.
  const askerOrg = await newOrganization(asker, 'Sam Roy', `Banque alimentaire ${Date.now()}`);
  const [date, ahead] = nextSaturday();
  for (const [from, to, units, purpose] of [
    ['08:00', '12:00', '2', 'Soupes pour 300 paniers'],
    ['13:00', '15:00', '1', 'Essai de recettes'],
  ]) {
    await asker.goto(`/ressources/${resource}`);
    await hydrated(asker);
    const card = asker.getByRole('region', { name: 'Réserver' });
    await expect(card.getByRole('heading', { name: 'Disponibilités' })).toBeVisible();
    await card.getByLabel('Date').fill(date);
    await card.getByRole('textbox', { name: 'De', exact: true }).fill(from);
    await card.getByRole('textbox', { name: 'À', exact: true }).fill(to);
    await card.getByLabel('Unités').fill(units);
    await card.getByLabel('Utilisation prévue').fill(purpose);
    await card.getByRole('button', { name: 'Envoyer la demande' }).click();
    await expect(asker).toHaveURL(/\/reservations\/[0-9a-f-]+$/);
    await expect(asker.getByText('En attente').first()).toBeVisible();
    await expect(asker.getByText(purpose)).toBeVisible();
  }

  // On a desktop, the owner sees both waiting, pending first.
  await owner.goto('/reservations?vue=nos-ressources');
  await hydrated(owner);
  await expect(owner.getByText('2 en attente de réponse')).toBeVisible();
  const rows = owner.getByRole('main').getByRole('listitem');
  await expect(rows).toHaveCount(2);
  await rows.first().getByRole('link').click();
  await hydrated(owner);
  await owner.getByRole('button', { name: 'Accepter' }).click();
  await expect(owner.getByRole('status').filter({ hasText: 'Demande acceptée' })).toBeVisible();
  await expect(owner.locator('.booking-status')).toHaveText('Confirmée');

  await owner.goto('/reservations?vue=nos-ressources');
  await hydrated(owner);
  await owner.getByRole('main').getByRole('listitem').filter({ hasText: 'En attente' }).getByRole('link').click();
  await hydrated(owner);
  await owner.getByRole('button', { name: 'Refuser' }).click();
  const dialog = owner.getByRole('dialog', { name: 'Refuser la demande' });
  await expect(dialog).toBeVisible();
  await dialog.getByLabel('Motif').fill('La cuisine est prise par notre production ce jour-là.');
  await dialog.getByRole('button', { name: 'Refuser' }).click();
  await expect(owner.locator('.booking-status')).toHaveText('Refusée');
  await expect(owner.getByText('La cuisine est prise par notre production ce jour-là.').first()).toBeVisible();

  // The food bank sees both answers, and the week now shows two stations taken.
  await asker.goto('/reservations');
  await hydrated(asker);
  await expect(asker.locator('.booking-list').getByText('Confirmée')).toBeVisible();
  await expect(asker.locator('.booking-list').getByText('Refusée')).toBeVisible();
  await asker.goto(`/ressources/${resource}`);
  await hydrated(asker);
  if (ahead >= 7) await asker.getByRole('button', { name: 'Semaine suivante' }).click();
  await expect(asker.getByText('2 sur 4 libres')).toBeVisible();

  // The owner got both requests, and the food bank both answers, by email.
  await expect(async () => {
    const mail = mailbox();
    expect(mail).toContain('demande à réserver « Cuisine de production du Plateau »');
    expect(mail).toContain('a accepté votre demande pour « Cuisine de production du Plateau »');
    expect(mail).toContain('a refusé votre demande pour « Cuisine de production du Plateau »');
    expect(mail).toContain('Motif : La cuisine est prise par notre production ce jour-là.');
  }).toPass({ timeout: 15_000 });

  // Every week for three weeks, three stations: the first Saturday has only two left. The
  // dates are shown before anything is sent, and only the free ones are asked for.
  await asker.goto(`/ressources/${resource}`);
  await hydrated(asker);
  const card = asker.getByRole('region', { name: 'Réserver' });
  await card.getByLabel('Date').fill(date);
  await card.getByRole('textbox', { name: 'De', exact: true }).fill('08:00');
  await card.getByRole('textbox', { name: 'À', exact: true }).fill('12:00');
  await card.getByLabel('Unités').fill('3');
  await card.getByLabel('Répéter chaque semaine').check();
  const until = new Date(`${date}T12:00:00`);
  until.setDate(until.getDate() + 14);
  const pad = (n: number) => String(n).padStart(2, '0');
  await card.getByLabel('Jusqu’au (inclus)').fill(`${until.getFullYear()}-${pad(until.getMonth() + 1)}-${pad(until.getDate())}`);
  await card.getByRole('button', { name: 'Vérifier les dates' }).click();
  await expect(card.getByText('2 dates libres sur 3')).toBeVisible();
  await expect(card.getByText('En conflit')).toHaveCount(1);
  await expect(card.getByText('Ce créneau est déjà pris. Choisissez un autre moment ou moins d’unités.')).toBeVisible();
  await card.getByRole('button', { name: 'Envoyer la demande' }).click();
  await expect(asker).toHaveURL(/\/reservations$/);
  await expect(asker.getByRole('status').filter({ hasText: '2 demandes envoyées' })).toBeVisible();

  // The owner approves both dates from the request's email, on another device, signed out: the
  // link opens a page that asks first (opening it changes nothing), then works once.
  let link = '';
  await expect(async () => {
    link = newestLinkAbout('chaque semaine', '/reponse?jeton=');
  }).toPass({ timeout: 15_000 });
  const elsewhere = await (await context(browser, 360, 740)).newPage();
  await elsewhere.goto(link);
  await hydrated(elsewhere);
  await expect(elsewhere.getByRole('heading', { name: 'Répondre à une demande' })).toBeVisible();
  await expect(elsewhere.getByText('2 dates en attente dans cette série')).toBeVisible();
  await elsewhere.getByRole('button', { name: 'Accepter la demande' }).click();
  await expect(elsewhere.getByText('Demande acceptée. L’organisme demandeur en est informé.')).toBeVisible();
  await elsewhere.reload();
  await hydrated(elsewhere);
  await expect(elsewhere.getByText('Ce lien a déjà été utilisé.')).toBeVisible();

  // The food bank sees three confirmed bookings, told in the app as well.
  await asker.goto('/reservations?statut=approved');
  await hydrated(asker);
  await expect(asker.getByRole('main').getByRole('listitem')).toHaveCount(3);
  const notices = await call(asker, 'list_notifications', { org_id: askerOrg });
  expect(JSON.stringify(notices.body)).toContain('booking_approved');

  // A confirmed booking goes into the calendar the food bank already uses.
  await asker.getByRole('main').getByRole('listitem').first().getByRole('link').click();
  await hydrated(asker);
  const [download] = await Promise.all([
    asker.waitForEvent('download'),
    asker.getByRole('link', { name: 'Ajouter à mon calendrier (.ics)' }).click(),
  ]);
  expect(download.suggestedFilename()).toMatch(/^reservation-[0-9a-f-]+\.ics$/);
  const ics = fs.readFileSync(await download.path(), 'utf8');
  expect(ics).toContain('BEGIN:VEVENT');
  expect(ics).toContain('STATUS:CONFIRMED');

  // Then asks to come an hour later; the owner accepts, and the booking moves.
  await asker.getByRole('button', { name: 'Demander un changement' }).click();
  const change = asker.getByRole('dialog', { name: 'Changer la réservation' });
  await expect(change).toBeVisible();
  await change.getByRole('textbox', { name: 'De', exact: true }).fill('09:00');
  await change.getByRole('textbox', { name: 'À', exact: true }).fill('13:00');
  await change.getByLabel('Note pour le propriétaire').fill('Livraison retardée');
  await change.getByRole('button', { name: 'Envoyer le changement' }).click();
  await expect(asker.getByRole('status').filter({ hasText: 'Changement envoyé' })).toBeVisible();
  await expect(asker.getByRole('heading', { name: 'Changement demandé' })).toBeVisible();
  const bookingUrl = asker.url();
  await owner.goto(bookingUrl);
  await hydrated(owner);
  await expect(owner.locator('.pending-change').getByText('Livraison retardée')).toBeVisible();
  await owner.getByRole('button', { name: 'Accepter le changement' }).click();
  await expect(owner.getByRole('status').filter({ hasText: 'Changement accepté' })).toBeVisible();
  await expect(owner.getByText(/9\s*h\s*–\s*13\s*h/).first()).toBeVisible();
});

/** The newest single-use link starting with `prefix` in an email that mentions `about`. */
function newestLinkAbout(about: string, prefix: string): string {
  const dir = process.env.PARTAGE_E2E_MAILDIR!;
  const names = fs.readdirSync(dir).sort().reverse();
  for (const name of names) {
    const text = fs.readFileSync(path.join(dir, name), 'utf8')
      .replace(/=\r?\n/g, '').replace(/=3D/g, '=');
    if (!text.includes(about) && !text.includes(about.replace(/ /g, '=20'))) continue;
    const found = text.match(new RegExp(`https?://[^/\\s]+(${prefix.replace(/[?]/g, '\\?')}[^\\s]+)`));
    if (found) return found[1];
  }
  throw new Error(`no email about ${about} with a link ${prefix}`);
}
