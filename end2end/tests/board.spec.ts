import { test, expect, Browser, Page } from '@playwright/test';
import { call, hydrated, newOrganization } from './helpers';
import { confirmEmail, emailedLink } from './mail';

/** A Tuesday at least three days away, as « 2026-12-08 » (Monday-first weeks keep Wednesday beside it). */
function nextTuesday(): string {
  const day = new Date();
  day.setDate(day.getDate() + 3);
  while (day.getDay() !== 2) day.setDate(day.getDate() + 1);
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${day.getFullYear()}-${pad(day.getMonth() + 1)}-${pad(day.getDate())}`;
}

async function context(browser: Browser, width: number, height: number) {
  return browser.newContext({
    viewport: { width, height },
    locale: 'fr-CA',
    hasTouch: width < 600,
    baseURL: test.info().project.use.baseURL,
  });
}

const MONTHS = ['janvier', 'février', 'mars', 'avril', 'mai', 'juin', 'juillet', 'août', 'septembre', 'octobre', 'novembre', 'décembre'];

/** « 8 décembre » for « 2026-12-08 » plus `days`, as the board writes dates. */
function frDay(iso: string, days = 0): string {
  const [y, m, d] = iso.split('-').map(Number);
  const day = new Date(y, m - 1, d + days);
  return `${day.getDate() === 1 ? '1er' : day.getDate()} ${MONTHS[day.getMonth()]}`;
}

/** An aria-label of a block on `iso` (+ `days`) from `from` to `to` (« 9 h », « 12 h 30 »). */
function on(iso: string, days: number, from: string, to: string): RegExp {
  const nb = (t: string) => t.replace(/ /g, '\u00a0');
  return new RegExp(`${frDay(iso, days)} \\d{4}, ${nb(from)} – ${nb(to)}`);
}

/** A kitchen open every day 8 h – 17 h, one station, a 30-minute grid: answers its id. */
async function kitchen(page: Page, org: string, title: string): Promise<string> {
  const form: Record<string, string> = {
    org_id: org, publish: 'on', 'input[category]': 'kitchen', 'input[title]': title,
    'input[region]': '06', 'input[price_unit]': 'free', 'input[capacity]': '1',
    'input[booking_mode]': 'instant',
  };
  for (const day of ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun']) {
    form[`input[hours][${day}][open]`] = '08:00';
    form[`input[hours][${day}][close]`] = '17:00';
  }
  const created = await call(page, 'create_resource', form);
  expect(created.status).toBe(200);
  return created.body as string;
}

/** `asker` books `resource` for its organization on `date`, `from`–`to`: answers the booking's id. */
async function book(asker: Page, resource: string, org: string, date: string, from: string, to: string): Promise<string> {
  const answer = await call(asker, 'request_booking', {
    resource_id: resource, org_id: org, 'input[date]': date, 'input[from]': from,
    'input[to]': to, 'input[quantity]': '1', 'input[purpose]': 'Soupes <b>du jour</b>',
  });
  expect(answer.status, JSON.stringify(answer.body)).toBe(200);
  return answer.body.booking_id as string;
}

/** Where booking `id` is on `org`'s board of the week of `date`: its row's resource and its range. */
async function where(page: Page, org: string, date: string, id: string): Promise<{ resource: string; range: [number, number] }> {
  const board = await call(page, 'board', { org_id: org, 'query[date]': date });
  expect(board.status).toBe(200);
  for (const row of board.body.rows) {
    for (const b of row.bookings) if (b.id === id) return { resource: row.resource_id, range: b.range };
  }
  throw new Error(`booking ${id} not on the board`);
}

test('two coordinators share the board: a drag moves a booking to another day and the other sees it; keyboard move and resize; a conflict springs back', async ({ browser }) => {
  test.skip(test.info().project.name === 'phone', 'one run drives both coordinators on desktops');
  test.setTimeout(150_000);
  const a = await (await context(browser, 1366, 900)).newPage();
  const b = await (await context(browser, 1366, 900)).newPage();
  const asker = await (await context(browser, 1366, 900)).newPage();
  const errors: string[] = [];
  for (const page of [a, b]) page.on('pageerror', (e) => errors.push(e.message));

  // Léa runs the kitchen; she makes Max an admin too.
  const orgName = `Cuisine collective ${Date.now()}`;
  const org = await newOrganization(a, 'Léa Tremblay', orgName);
  const resource = await kitchen(a, org, 'Cuisine de production');
  const max = `max.${Date.now()}@exemple.org`;
  expect((await call(a, 'invite_member', { org_id: org, email: max, role: 'admin' })).status).toBe(200);
  await b.goto(await emailedLink(max, '/invitation'));
  await hydrated(b);
  await b.getByRole('main').getByRole('link', { name: 'Créer un compte' }).click();
  await hydrated(b);
  await b.getByLabel('Nom').fill('Max Côté');
  await b.getByLabel('Courriel').fill(max);
  await b.getByLabel('Mot de passe').fill('cuisine-partagee-2026');
  await b.getByRole('button', { name: 'Créer mon compte' }).click();
  await confirmEmail(b, max, /\/invitation\?jeton=/);
  await hydrated(b);
  await b.getByRole('button', { name: 'Accepter l’invitation' }).click();
  await expect(b.getByRole('status').filter({ hasText: 'Bienvenue dans l’organisme' })).toBeVisible();

  // A food bank books Tuesday morning and afternoon (confirmed at once).
  const askerName = `Banque alimentaire ${Date.now()}`;
  const askerOrg = await newOrganization(asker, 'Sam Roy', askerName);
  const tuesday = nextTuesday();
  const morning = await book(asker, resource, askerOrg, tuesday, '09:00', '11:00');
  const afternoon = await book(asker, resource, askerOrg, tuesday, '13:00', '15:00');

  // Both coordinators open the week.
  for (const page of [a, b]) {
    await page.goto(`/planning?date=${tuesday}`);
    await hydrated(page);
    await expect(page.getByRole('heading', { name: 'Planning' })).toBeVisible();
    await expect(page.locator(`#blk-${morning}`)).toContainText(askerName);
  }
  await expect(a.locator(`#blk-${morning}`)).toHaveAttribute('aria-label', on(tuesday, 0, '9 h', '11 h'));

  // A drags the morning booking one day to the right: Wednesday, same hours.
  const block = a.locator(`#blk-${morning}`);
  await block.scrollIntoViewIfNeeded();
  const box = (await block.boundingBox())!;
  const day = (await a.locator('.board-day').first().boundingBox())!.width;
  await a.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
  await a.mouse.down();
  await a.mouse.move(box.x + box.width / 2 + day, box.y + box.height / 2, { steps: 12 });
  await expect(a.locator('.board-verdict')).toHaveText('Ça convient.');
  await a.mouse.up();
  await expect(a.getByRole('status').filter({ hasText: 'déplacée' }).first()).toBeVisible();
  await expect(a.locator(`#blk-${morning}`)).toHaveAttribute('aria-label', on(tuesday, 1, '9 h', '11 h'));
  // B sees it move without reloading.
  await expect(b.locator(`#blk-${morning}`)).toHaveAttribute('aria-label', on(tuesday, 1, '9 h', '11 h'), { timeout: 5_000 });
  // Undo is offered for a while; A uses it, then moves it again.
  await a.getByRole('button', { name: 'Annuler le déplacement' }).click();
  await expect(a.locator(`#blk-${morning}`)).toHaveAttribute('aria-label', on(tuesday, 0, '9 h', '11 h'));
  await expect(b.locator(`#blk-${morning}`)).toHaveAttribute('aria-label', on(tuesday, 0, '9 h', '11 h'), { timeout: 5_000 });

  // By keyboard only: the board is one tab stop; arrows reach the morning booking, Space picks
  // it up, two steps right (an hour later), Shift+Right (half an hour longer), Enter.
  const grid = a.getByRole('grid', { name: 'Planning' });
  await grid.focus();
  await a.keyboard.press('Home');
  await expect(grid).toHaveAttribute('aria-activedescendant', `blk-${morning}`);
  await a.keyboard.press('Space');
  await expect(a.locator('.board-verdict')).toBeVisible();
  await a.keyboard.press('ArrowRight');
  await a.keyboard.press('ArrowRight');
  await a.keyboard.press('Shift+ArrowRight');
  await expect(a.locator('[role="status"][aria-live="assertive"]')).toContainText('10\u00a0h – 12\u00a0h\u00a030');
  await a.keyboard.press('Enter');
  await expect(a.locator(`#blk-${morning}`)).toHaveAttribute('aria-label', on(tuesday, 0, '10 h', '12 h 30'));
  const moved = await where(a, org, tuesday, morning);
  expect(moved.range[1] - moved.range[0]).toBe(150 * 60_000);
  // Escape puts a picked-up block back, nothing sent.
  await grid.focus();
  await a.keyboard.press('Home');
  await a.keyboard.press('Space');
  await a.keyboard.press('ArrowRight');
  await a.keyboard.press('Escape');
  await expect(a.locator('[role="status"][aria-live="assertive"]')).toContainText('Remise à sa place.');
  expect(await where(a, org, tuesday, morning)).toEqual(moved);

  // A drop onto a conflict (one station, taken) springs back with its reason.
  const pm = a.locator(`#blk-${afternoon}`);
  const from = (await pm.boundingBox())!;
  const to = (await a.locator(`#blk-${morning}`).boundingBox())!;
  await a.mouse.move(from.x + from.width / 2, from.y + from.height / 2);
  await a.mouse.down();
  await a.mouse.move(to.x + to.width / 2, from.y + from.height / 2, { steps: 10 });
  await expect(a.locator('.board-verdict')).toContainText('Plus assez de place');
  await a.mouse.up();
  await expect(a.getByRole('status').filter({ hasText: 'Plus assez de place' }).first()).toBeVisible();
  await expect(pm).toHaveAttribute('aria-label', on(tuesday, 0, '13 h', '15 h'));
  expect((await where(a, org, tuesday, afternoon)).range).toEqual((await where(b, org, tuesday, afternoon)).range);

  // The requester was told, with the old and the new time.
  const notices = await call(asker, 'list_notifications', { org_id: askerOrg });
  expect(JSON.stringify(notices.body)).toContain('booking_moved');

  // A draws across Thursday's free morning, 9 h to 11 h (the axis shows 8 h – 17 h): the
  // « Bloquer un créneau » sheet opens with those hours; with a reason written as markup, the
  // hours are blocked, and B sees them without reloading.
  const track = (await a.locator('.board-track').first().boundingBox())!;
  const hourX = (dayIndex: number, hour: number) => track.x + day * (dayIndex + (hour - 8) / 9);
  const midY = track.y + track.height / 2;
  await a.mouse.move(hourX(3, 9), midY);
  await a.mouse.down();
  await a.mouse.move(hourX(3, 11), midY, { steps: 10 });
  await expect(a.locator('.board-draft')).toBeVisible();
  await a.mouse.up();
  const sheet = a.getByRole('dialog', { name: 'Bloquer un créneau' });
  await expect(sheet).toBeVisible();
  await expect(sheet.getByLabel('De', { exact: true })).toHaveValue('09:00');
  await expect(sheet.getByLabel('À', { exact: true })).toHaveValue('11:00');
  await sheet.getByLabel('Précisions').fill('<img src=x onerror="window.pwned=1">Atelier');
  await sheet.getByRole('button', { name: 'Bloquer cette période' }).click();
  await expect(a.getByRole('status').filter({ hasText: 'Période bloquée' }).first()).toBeVisible();
  for (const page of [a, b]) {
    const blocked = page.locator('.board-blocked');
    await expect(blocked).toHaveCount(1, { timeout: 5_000 });
    await expect(blocked).toHaveAttribute('title', 'Usage interne : <img src=x onerror="window.pwned=1">Atelier');
    expect(await page.evaluate(() => (window as any).pwned)).toBeUndefined();
  }
  const stored = await call(a, 'board', { org_id: org, 'query[date]': tuesday });
  const hours = stored.body.rows[0].blocked[0].range as [number, number];
  expect(hours[1] - hours[0]).toBe(2 * 3_600_000);

  // A draws Friday 13 h – 15 h and books it for the food bank (it booked here before): the
  // booking is on both boards at once, and the food bank is told.
  await a.mouse.move(hourX(4, 13), midY);
  await a.mouse.down();
  await a.mouse.move(hourX(4, 15), midY, { steps: 10 });
  await a.mouse.up();
  const slot = a.getByRole('dialog', { name: 'Bloquer un créneau' });
  await slot.getByRole('radio', { name: 'Réserver pour un organisme' }).check();
  const bookSheet = a.getByRole('dialog', { name: 'Réserver pour un organisme' });
  await bookSheet.getByRole('combobox', { name: /^Organisme/ }).selectOption({ label: askerName });
  await expect(bookSheet.getByLabel(/^De( \*)?$/)).toHaveValue('13:00');
  await expect(bookSheet.getByLabel(/^À( \*)?$/)).toHaveValue('15:00');
  await bookSheet.getByRole('button', { name: 'Réserver pour cet organisme' }).click();
  await expect(a.getByRole('status').filter({ hasText: 'Réservation ajoutée au planning' }).first()).toBeVisible();
  const friday = (await call(a, 'board', { org_id: org, 'query[date]': tuesday })).body.rows[0].bookings
    .find((x: { id: string }) => ![morning, afternoon].includes(x.id));
  expect(friday.status).toBe('approved');
  for (const page of [a, b]) {
    await expect(page.locator(`#blk-${friday.id}`)).toHaveAttribute('aria-label', on(tuesday, 3, '13 h', '15 h'), { timeout: 5_000 });
    await expect(page.locator(`#blk-${friday.id}`)).toContainText(askerName);
  }
  const told = await call(asker, 'list_notifications', { org_id: askerOrg });
  expect(JSON.stringify(told.body)).toContain('booking_made_for_us');
  expect(errors).toEqual([]);
});

test('a board of 60 resources holds only the rows in view, and the keyboard reaches the last', async ({ browser }) => {
  test.skip(test.info().project.name === 'phone', 'one desktop run');
  test.setTimeout(180_000);
  const owner = await (await context(browser, 1366, 900)).newPage();
  const asker = await (await context(browser, 1366, 900)).newPage();
  const errors: string[] = [];
  owner.on('pageerror', (e) => errors.push(e.message));
  const org = await newOrganization(owner, 'Léa Tremblay', `Cuisine collective ${Date.now()}`);
  const ids: string[] = [];
  for (let i = 0; i < 60; i++) ids.push(await kitchen(owner, org, `Cuisine ${String(i).padStart(2, '0')}`));
  const askerOrg = await newOrganization(asker, 'Sam Roy', `Banque alimentaire ${Date.now()}`);
  const tuesday = nextTuesday();
  const last = await book(asker, ids[59], askerOrg, tuesday, '09:00', '11:00');

  await owner.goto(`/planning?date=${tuesday}`);
  await hydrated(owner);
  const grid = owner.getByRole('grid', { name: 'Planning' });
  await expect(grid).toHaveAttribute('aria-rowcount', '61');
  const rows = owner.locator('.board-row[data-row]');
  expect(await rows.count()).toBeLessThan(40);
  await expect(owner.locator(`#blk-${last}`)).toHaveCount(0);
  // Scrolled to the bottom, the last resources are in the page and the first are not.
  await owner.locator('.board-scroll').evaluate((el) => { el.scrollTop = el.scrollHeight; });
  await expect(owner.getByRole('rowheader', { name: /Cuisine 59/ })).toBeVisible();
  await expect(owner.getByRole('rowheader', { name: /Cuisine 00/ })).toHaveCount(0);
  // Back to the top, then by keyboard: the only booking is on the last row; Home reaches it.
  await owner.locator('.board-scroll').evaluate((el) => { el.scrollTop = 0; });
  await expect(owner.getByRole('rowheader', { name: /Cuisine 00/ })).toBeVisible();
  await grid.focus();
  await owner.keyboard.press('Home');
  await expect(grid).toHaveAttribute('aria-activedescendant', `blk-${last}`);
  await expect(owner.locator(`#blk-${last}`)).toBeInViewport();
  // Printing shows every row.
  await owner.emulateMedia({ media: 'print' });
  await owner.evaluate(() => window.dispatchEvent(new Event('beforeprint')));
  await expect(rows).toHaveCount(60);
  expect(errors).toEqual([]);
});

test('on a phone, a booking moves through its « Déplacer » sheet', async ({ browser }) => {
  test.skip(test.info().project.name === 'desktop', 'a phone-sized run');
  test.setTimeout(180_000);
  const owner = await (await context(browser, 360, 740)).newPage();
  const asker = await (await context(browser, 360, 740)).newPage();
  const org = await newOrganization(owner, 'Léa Tremblay', `Cuisine collective ${Date.now()}`);
  const resource = await kitchen(owner, org, 'Cuisine de production');
  const askerOrg = await newOrganization(asker, 'Sam Roy', `Banque alimentaire ${Date.now()}`);
  const tuesday = nextTuesday();
  const id = await book(asker, resource, askerOrg, tuesday, '09:00', '11:00');

  // The owner's page in front (a page behind another runs no animation frames).
  await owner.bringToFront();
  await owner.goto(`/planning?date=${tuesday}&vue=jour`);
  await hydrated(owner);
  const block = owner.locator(`#blk-${id}`);
  await block.scrollIntoViewIfNeeded();
  await block.tap();
  const sheet = owner.getByRole('dialog');
  await expect(sheet.getByRole('heading', { level: 2 })).toContainText('Banque alimentaire');
  await sheet.getByLabel('De', { exact: true }).fill('14:00');
  await sheet.getByLabel('À', { exact: true }).fill('16:30');
  await sheet.getByRole('button', { name: 'Déplacer la réservation' }).click();
  await expect(owner.getByRole('status').filter({ hasText: 'déplacée' }).first()).toBeVisible();
  await expect(block).toHaveAttribute('aria-label', on(tuesday, 0, '14 h', '16 h 30'));
  // Without drawing: « Bloquer un créneau » from the toolbar, hours typed in its sheet.
  await owner.getByRole('button', { name: 'Bloquer ou réserver' }).tap();
  const blockSheet = owner.getByRole('dialog', { name: 'Bloquer un créneau' });
  await blockSheet.getByLabel('De', { exact: true }).fill('10:00');
  await blockSheet.getByLabel('À', { exact: true }).fill('12:00');
  await blockSheet.getByRole('button', { name: 'Bloquer cette période' }).tap();
  await expect(owner.getByRole('status').filter({ hasText: 'Période bloquée' }).first()).toBeVisible();
  await expect(owner.locator('.board-blocked')).toHaveCount(1);
  // No sideways scroll of the page itself: only the board scrolls.
  const overflow = await owner.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
  expect(overflow).toBeLessThanOrEqual(0);
});
