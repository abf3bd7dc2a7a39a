const { chromium } = require('@playwright/test');
(async () => {
  const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: ['--headless', '--no-sandbox', '--disable-gpu'] });
  const base = 'http://127.0.0.1:3300';
  for (const [w, h, tag] of [[360, 740, 'phone'], [1366, 900, 'desk']]) {
    const ctx = await browser.newContext({ viewport: { width: w, height: h }, locale: 'fr-CA' });
    const page = await ctx.newPage();
    await page.goto(base + '/');
    await page.waitForSelector('body[data-hydrated="true"]');
    await page.screenshot({ path: `/tmp/home-${tag}.png`, fullPage: true });
    await page.goto(base + '/connexion');
    await page.waitForSelector('body[data-hydrated="true"]');
    await page.getByLabel('Courriel').fill('lea@demo.partage.local');
    await page.getByLabel('Mot de passe').fill('partage-demo-2026');
    await page.getByRole('button', { name: 'Me connecter' }).click();
    await page.waitForTimeout(1500);
    await page.goto(base + '/messages');
    await page.waitForSelector('body[data-hydrated="true"]');
    await page.screenshot({ path: `/tmp/inbox-${tag}.png`, fullPage: true });
    const link = page.locator('.conversation-row a').first();
    await link.click();
    await page.waitForURL(/\/messages\/.+/);
    await page.waitForTimeout(1000);
    await page.screenshot({ path: `/tmp/thread-${tag}.png`, fullPage: false });
    await ctx.close();
  }
  await browser.close();
})();
