import { chromium } from 'playwright-core';
const base = 'http://127.0.0.1:4977';
const browser = await chromium.launch({ executablePath: '/usr/bin/chromium' });
for (const lang of ['de', 'en']) {
  const ctx = await browser.newContext({ viewport: { width: 1440, height: 900 }, locale: lang });
  const page = await ctx.newPage();
  await page.goto(`${base}/`);
  await page.locator('input[name=email]').fill('katrin.vogel@waermewerk.example');
  await page.locator('input[name=password]').fill('parley-demo-2026');
  await page.keyboard.press('Enter');
  await page.getByTestId('user-menu').waitFor();
  await page.getByTestId('user-menu').click();
  await page.getByTestId(`language-${lang}`).click();
  await page.waitForTimeout(1000);
  await page.goto(`${base}/inbox`);
  await page.waitForTimeout(4000);
  await page.screenshot({ path: `/tmp/shots/lead-inbox-${lang}.png` });
  await page.keyboard.press('j');
  await page.keyboard.press('Enter');
  await page.waitForTimeout(3000);
  await page.screenshot({ path: `/tmp/shots/lead-thread-${lang}.png` });
  await ctx.close();
}
await browser.close();
