const { chromium } = require('@playwright/test');
(async () => {
  const browser = await chromium.launch({ executablePath: '/usr/bin/chromium' });
  for (const [name, vp] of [['phone', { width: 360, height: 740 }], ['desktop', { width: 1366, height: 900 }]]) {
    const ctx = await browser.newContext({ viewport: vp, locale: 'fr-CA', baseURL: 'http://127.0.0.1:3300' });
    const page = await ctx.newPage();
    await page.goto('/connexion');
    await page.waitForSelector('body[data-hydrated="true"]');
    await page.getByLabel('Courriel').fill('lea@demo.partage.local');
    await page.getByLabel('Mot de passe').fill('partage-demo-2026');
    await page.getByRole('button', { name: 'Me connecter' }).click();
    await page.waitForTimeout(1500);
    await page.goto('/reservations?vue=nos-ressources');
    await page.waitForSelector('body[data-hydrated="true"]');
    await page.screenshot({ path: `/tmp/demo/${name}-reservations.png`, fullPage: true });
    const first = page.locator('.booking-list a').nth(2);
    await first.click();
    await page.waitForTimeout(1500);
    await page.screenshot({ path: `/tmp/demo/${name}-booking.png`, fullPage: true });
    await ctx.close();
  }
  await browser.close();
})().catch((e) => { console.error(e); process.exit(1); });
