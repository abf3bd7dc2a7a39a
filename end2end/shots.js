const { chromium } = require('@playwright/test');
(async () => {
  const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: ['--no-sandbox', '--headless'] });
  for (const [name, viewport] of [['phone', { width: 360, height: 740 }], ['desktop', { width: 1366, height: 900 }]]) {
    const ctx = await browser.newContext({ viewport, locale: 'fr-CA', baseURL: 'http://127.0.0.1:3300' });
    const page = await ctx.newPage();
    const shot = async (file, full = false) => { await page.waitForTimeout(800); await page.screenshot({ path: `/tmp/shots/${name}-${file}.png`, fullPage: full }); };
    await page.goto('/'); await shot('home');
    await page.goto('/catalogue?q=congelateur'); await shot('catalogue-words');
    await page.goto('/catalogue?categorie=freezer&gratuit=1'); await shot('catalogue-chips');
    await page.goto('/connexion');
    await page.waitForTimeout(1500);
    await page.getByLabel('Courriel').fill('lea@demo.partage.local');
    await page.getByLabel('Mot de passe').fill('partage-demo-2026');
    await page.getByRole('button', { name: 'Me connecter' }).click();
    await page.waitForTimeout(1500);
    await page.goto('/mon-catalogue'); await shot('mon-catalogue');
    await page.goto('/ressources/nouvelle'); await shot('new-resource', true);
    const needs = await page.goto('/besoins'); await page.waitForTimeout(500);
    const link = page.locator('.card-grid a').first();
    if (await link.count()) { await link.click(); await shot('need', true); }
    await ctx.close();
  }
  await browser.close();
})();
