import { test, expect, Browser, Page } from '@playwright/test';
import { call, hydrated, newOrganization } from './helpers';
import { spawn, ChildProcess } from 'node:child_process';
import * as path from 'node:path';

async function context(browser: Browser, width: number, height: number, javaScriptEnabled = true) {
  return browser.newContext({
    viewport: { width, height },
    locale: 'fr-CA',
    baseURL: test.info().project.use.baseURL,
    javaScriptEnabled,
  });
}

test('two organizations talk about a freezer: a phone writes, a desktop answers with Enter, a page without script answers too', async ({ browser }) => {
  test.skip(test.info().project.name === 'phone', 'one run drives both viewports');
  test.setTimeout(120_000);
  const ownerContext = await context(browser, 1366, 900);
  const owner = await ownerContext.newPage();
  const asker = await (await context(browser, 360, 740)).newPage();
  const dialogs: string[] = [];
  for (const page of [owner, asker]) page.on('dialog', (d) => { dialogs.push(d.message()); void d.dismiss(); });

  const ownerName = `Entrepôt solidaire ${Date.now()}`;
  const ownerOrg = await newOrganization(owner, 'Marc Gagnon', ownerName);
  const created = await call(owner, 'create_resource', {
    org_id: ownerOrg, publish: 'on', 'input[category]': 'freezer',
    'input[title]': 'Congélateur coffre 500 L', 'input[region]': '06', 'input[price_unit]': 'free',
  });
  expect(created.status).toBe(200);
  const resource = created.body as string;

  // On a phone, a food bank writes from the resource's page.
  const askerName = `Banque alimentaire ${Date.now()}`;
  await newOrganization(asker, 'Sam Roy', askerName);
  await asker.goto(`/ressources/${resource}`);
  await hydrated(asker);
  await asker.getByRole('link', { name: 'Écrire au propriétaire' }).click();
  await expect(asker.getByRole('heading', { name: `Écrire à ${ownerName}` })).toBeVisible();
  await expect(asker.getByRole('link', { name: 'Congélateur coffre 500 L' })).toBeVisible();
  await hydrated(asker);
  const markup = 'Bonjour! <img src=x onerror=alert(1)> Est-il libre jeudi ?';
  await asker.getByLabel('Votre message').fill(markup);
  await asker.getByRole('button', { name: 'Envoyer' }).click();
  await expect(asker).toHaveURL(/\/messages\/[0-9a-f-]+$/);
  const thread = asker.url().split('/').pop()!;
  // What people write stays text.
  await expect(asker.locator('.thread .msg-ours .msg-body')).toHaveText(markup);
  await expect(asker.locator('.thread img')).toHaveCount(0);

  // The owner sees one conversation waiting, in the header and in the list.
  await owner.goto('/messages');
  await hydrated(owner);
  await expect(owner.getByRole('navigation', { name: 'Sections' }).getByRole('link', { name: /Messages/ })).toContainText('1');
  const row = owner.locator('.conversation-row');
  await expect(row).toHaveCount(1);
  await expect(row).toHaveClass(/unread/);
  await expect(row).toContainText(askerName);
  await expect(row).toContainText('Congélateur coffre 500 L');
  await row.getByRole('link', { name: askerName }).click();
  await expect(owner).toHaveURL(new RegExp(`/messages/${thread}$`));
  // The food bank's phone is on its thread, hydrated, listening.
  await hydrated(asker);
  await expect(owner.locator('.thread .msg-theirs .msg-body')).toHaveText(markup);
  await hydrated(owner);
  // On a desktop, Enter sends; Shift+Enter makes a new line.
  const box = owner.getByLabel('Votre message');
  await box.fill('Oui, jeudi dès 9 h.');
  await box.press('Shift+Enter');
  await box.pressSequentially('Apportez vos bacs.');
  await box.press('Enter');
  await expect(owner.locator('.thread .msg-ours .msg-body')).toHaveText('Oui, jeudi dès 9 h.\nApportez vos bacs.');
  await expect(box).toHaveValue('');

  // On the phone, without reloading: the owner's receipt, then the answer.
  await expect(asker.getByText(`Lu par ${ownerName}`)).toBeVisible();
  await expect(asker.locator('.thread .msg-theirs .msg-body')).toHaveText('Oui, jeudi dès 9 h.\nApportez vos bacs.');
  // The composer stays in view above the section bar.
  const composer = asker.locator('form.composer');
  await expect(composer).toBeInViewport();
  // Typing: the page declares `interactive-widget=resizes-content`, so an on-screen keyboard
  // shrinks the viewport (here by hand: 740 → 400 px); the section bar steps aside and the
  // composer's field and button stay in view, right above the keyboard.
  await expect(asker.locator('meta[name=viewport]')).toHaveAttribute('content', /interactive-widget=resizes-content/);
  const sections = asker.getByRole('navigation', { name: 'Sections' });
  await expect(sections).toBeVisible();
  await asker.getByLabel('Votre message').focus();
  await asker.setViewportSize({ width: 360, height: 400 });
  await expect(sections).toBeHidden();
  await expect(asker.getByLabel('Votre message')).toBeInViewport({ ratio: 1 });
  await expect(composer.getByRole('button', { name: 'Envoyer' })).toBeInViewport({ ratio: 1 });
  await asker.getByLabel('Votre message').blur();
  await asker.setViewportSize({ width: 360, height: 740 });
  await expect(sections).toBeVisible();

  // Without any script, the thread reads and the form still sends.
  const plain = await (await browser.newContext({
    viewport: { width: 360, height: 740 },
    locale: 'fr-CA',
    baseURL: test.info().project.use.baseURL,
    javaScriptEnabled: false,
    storageState: await ownerContext.storageState(),
  })).newPage();
  await plain.goto(`/messages/${thread}`);
  await expect(plain.locator('.thread .msg')).toHaveCount(2);
  await plain.getByLabel('Votre message').fill('Envoyé sans JavaScript.');
  await plain.getByRole('button', { name: 'Envoyer', exact: true }).click();
  await expect(plain.locator('.thread .msg-ours .msg-body').last()).toHaveText('Envoyé sans JavaScript.');
  // A file goes without script too, as a plain multipart form.
  await plain.locator('.attach-form input[type=file]').setInputFiles({
    name: 'Bon de livraison.pdf', mimeType: 'application/pdf', buffer: Buffer.from('%PDF-1.4\n%%EOF\n'),
  });
  await plain.getByRole('button', { name: 'Envoyer le fichier' }).click();
  await expect(plain.locator('.thread .msg-ours .msg-file').last()).toContainText('Bon de livraison.pdf');
  expect(dialogs).toEqual([]);
});

/**
 * Two organizations and a conversation between them: `owner`'s person registers `names.owner`
 * and lists a resource of `category` titled `title`; `asker`'s registers `names.asker` and
 * writes `body` about it. Answers the conversation's id.
 */
async function conversation(
  owner: Page, asker: Page,
  names: { owner: [string, string]; asker: [string, string] },
  resource: { category: string; title: string },
  body: string,
): Promise<string> {
  const ownerOrg = await newOrganization(owner, names.owner[0], names.owner[1]);
  const created = await call(owner, 'create_resource', {
    org_id: ownerOrg, publish: 'on', 'input[category]': resource.category,
    'input[title]': resource.title, 'input[region]': '06', 'input[price_unit]': 'free',
  });
  expect(created.status).toBe(200);
  const askerOrg = await newOrganization(asker, names.asker[0], names.asker[1]);
  const started = await call(asker, 'start_conversation', {
    org_id: askerOrg, kind: 'resource', subject_id: created.body as string, body,
  });
  expect(started.status).toBe(200);
  return started.body as string;
}

test('a link in a message opens apart; a coordinator reports and blocks, and the other side sees it can no longer write', async ({ browser }) => {
  test.skip(test.info().project.name === 'phone', 'one run drives both viewports');
  test.setTimeout(120_000);
  const owner = await (await context(browser, 1366, 900)).newPage();
  const asker = await (await context(browser, 360, 740)).newPage();
  const thread = await conversation(owner, asker,
    { owner: ['Nadia Roy', `Cuisine Rosemont ${Date.now()}`], asker: ['Paul Tremblay', `Traiteur ${Date.now()}`] },
    { category: 'kitchen', title: 'Cuisine de production' },
    'Notre menu : https://exemple.org/menu?x=1. Et javascript:alert(1) reste du texte.');

  await owner.goto(`/messages/${thread}`);
  await hydrated(owner);
  const link = owner.locator('.thread .msg-body a');
  await expect(link).toHaveCount(1);
  await expect(link).toHaveAttribute('href', 'https://exemple.org/menu?x=1');
  await expect(link).toHaveAttribute('target', '_blank');
  await expect(link).toHaveAttribute('rel', /noopener/);

  // Report, with a reason; the page says it is done.
  await owner.getByText('Signaler ou bloquer').click();
  await owner.getByLabel('Ce qui ne va pas').fill('Publicité sans rapport');
  await owner.getByRole('button', { name: 'Envoyer le signalement' }).click();
  await expect(owner.locator('.toast', { hasText: 'Signalement envoyé' })).toBeVisible();
  await expect(owner.getByText('Vous avez signalé cette conversation')).toBeVisible();
  // Block: the composer gives way to a note, on both sides.
  await owner.getByRole('button', { name: 'Bloquer cet organisme' }).click();
  await expect(owner.locator('.toast', { hasText: 'Organisme bloqué' })).toBeVisible();
  await expect(owner.locator('form.composer')).toHaveCount(0);
  await expect(owner.locator('.blocked-note')).toBeVisible();

  await asker.goto(`/messages/${thread}`);
  await hydrated(asker);
  await expect(asker.getByText('Cet organisme ne reçoit plus de messages de votre organisme.')).toBeVisible();
  await expect(asker.locator('form.composer')).toHaveCount(0);

  // Unblocked, both may write again.
  await owner.getByRole('button', { name: /Débloquer/ }).click();
  await expect(owner.locator('.toast', { hasText: 'Organisme débloqué' })).toBeVisible();
  await expect(owner.locator('form.composer')).toBeVisible();
});

/** Starts another `partage serve` on `port`, on the same database as the server under test. */
async function startServer(port: number): Promise<ChildProcess> {
  const dataDir = process.env.PARTAGE_E2E_DATA_DIR!;
  const child = spawn(process.env.PARTAGE_BIN!, ['serve'], {
    env: {
      ...process.env,
      DATABASE_URL: `sqlite://${dataDir}/partage.db`,
      PARTAGE_ADDR: `127.0.0.1:${port}`,
      PARTAGE_DATA_DIR: dataDir,
      LEPTOS_SITE_ROOT: process.env.LEPTOS_SITE_ROOT ?? path.resolve(__dirname, '../../target/site'),
      SMTP_URL: `smtp://127.0.0.1:${process.env.PARTAGE_E2E_SMTP_PORT}`,
      RUST_LOG: 'warn',
    },
    stdio: 'ignore',
  });
  for (let i = 0; i < 100; i++) {
    try {
      if ((await fetch(`http://127.0.0.1:${port}/healthz`)).ok) return child;
    } catch { /* not up yet */ }
    await new Promise((r) => setTimeout(r, 200));
  }
  child.kill('SIGKILL');
  throw new Error(`partage did not start on ${port}`);
}

test('after its server is killed and restarted, an open thread catches up with what it missed, once', async ({ browser }) => {
  test.skip(test.info().project.name === 'phone', 'one run is enough');
  test.setTimeout(120_000);
  const port = Number(process.env.PARTAGE_E2E_PORT ?? 3100) + 7;
  const owner = await (await context(browser, 1366, 900)).newPage();
  const asker = await (await context(browser, 1366, 900)).newPage();
  const thread = await conversation(owner, asker,
    { owner: ['Lise Caron', `Frigo partagé ${Date.now()}`], asker: ['Hugo Roy', `Popote ${Date.now()}`] },
    { category: 'cold_room', title: 'Chambre froide' }, 'Bonjour');

  // The owner reads the thread through a second server process (cookies know no port).
  let second = await startServer(port);
  try {
    await owner.goto(`http://127.0.0.1:${port}/messages/${thread}`);
    await hydrated(owner);
    await expect(owner.locator('.thread .msg-theirs')).toHaveCount(1);
    // That process dies at once; meanwhile the other organization writes twice.
    second.kill('SIGKILL');
    await new Promise((r) => second.once('exit', r));
    for (const body of ['Pendant la coupure', 'Toujours là ?']) {
      expect((await call(asker, 'send_message', { conversation_id: thread, body })).status).toBe(200);
    }
    second = await startServer(port);
    // The page reconnects by itself and shows both, each once, in order.
    await expect(owner.locator('.thread .msg-theirs .msg-body')).toHaveText(
      ['Bonjour', 'Pendant la coupure', 'Toujours là ?'], { timeout: 40_000 });
  } finally {
    second.kill('SIGKILL');
  }
});

test('a file chosen in the thread is sent at once and shows as a download; a program renamed .pdf is refused', async ({ page }) => {
  const other = await page.context().browser()!.newContext({ locale: 'fr-CA', baseURL: test.info().project.use.baseURL });
  const thread = await conversation(page, await other.newPage(),
    { owner: ['Rita Roy', `Épicerie ${Date.now()}`], asker: ['Yves Roy', `Banque ${Date.now()}`] },
    { category: 'dry_storage', title: 'Entrepôt sec' }, 'Bonjour');
  await other.close();

  await page.goto(`/messages/${thread}`);
  await hydrated(page);
  const input = page.locator('.attach-form input[type=file]');
  await input.setInputFiles({ name: 'Horaire.pdf', mimeType: 'application/pdf', buffer: Buffer.from('%PDF-1.4\n%%EOF\n') });
  const file = page.locator('.thread .msg-ours .msg-file');
  await expect(file).toContainText('Horaire.pdf');
  await expect(file).toHaveAttribute('href', /\/pieces-jointes\/pj-[0-9a-f-]+\.pdf$/);
  await input.setInputFiles({ name: 'facture.pdf', mimeType: 'application/pdf', buffer: Buffer.from('MZ\x90\x00 not a pdf') });
  await expect(page.locator('#attach-error')).toContainText('Seules les images (JPEG, PNG, WebP) et les PDF');
  await expect(page.locator('.thread .msg-file')).toHaveCount(1);
});
