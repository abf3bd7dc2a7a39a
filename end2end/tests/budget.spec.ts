import { test, expect } from '@playwright/test';
import * as zlib from 'node:zlib';
import * as fs from 'node:fs';

// The first load of the home page on a phone — HTML, CSS, JS and WASM, each brotli-compressed
// at the highest quality (what a precompressing deployment serves) — stays within the goal,
// 250 KB. History (the README has the figures): 290,024 bytes with accounts and organizations
// only; 342,151 at the most, with the catalogue and photos; down to 297,921 by plain translated
// text, a data segment per symbol, the session carried in the page and the messages moved out of
// the WASM; under the goal once the header stopped pulling in `ActionForm`'s form reader, the
// error type's buffered enum deserializer, Unicode's case tables and a second session
// deserializer, and the routes became flat (`FlatRoutes`). 255,192 then; 261,952 after the
// catalogue walk-through (plural forms, menus, toasts that follow nobody, filters), which
// missed the goal by 5,952 bytes: the ceiling became 256 KB so that no more slips in while the
// goal is won back (open work, in the README). The home page's newest listings and the inbox
// (its routes, the split loader's table, its CSS) took the main WASM from 234,112 to 248,151
// bytes brotli and the whole to 281,570 (2026-11-30; a `Resource` for the listings would
// have cost 12 KB more): the ceiling was 288 KB until that was won back. Won back
// (2026-11-30, evening) by loading the signed-in header (bell, organization switcher, account
// menu) lazily, the language switch as a plain form, the home page's server call lazily, and the
// page's carried values in postcard instead of JSON (no JSON reader left in the main module):
// the ceiling is the goal again.
const GOAL_BYTES = 250 * 1024;
const CEILING_BYTES = GOAL_BYTES;

function brotli(body: Buffer): number {
  return zlib.brotliCompressSync(body, {
    params: { [zlib.constants.BROTLI_PARAM_QUALITY]: 11, [zlib.constants.BROTLI_PARAM_SIZE_HINT]: body.length },
  }).length;
}

test('first load of the home page stays under its ceiling (goal 250 KB)', async ({ request }, testInfo) => {
  test.skip(testInfo.project.name !== 'phone', 'measured once, as a phone loads it');
  const home = await request.get('/', { headers: { 'accept-encoding': 'identity' } });
  expect(home.status()).toBe(200);
  const html = await home.body();
  const text = html.toString('utf8');
  // Content is in the HTML before any WASM runs.
  expect(text).toContain('Mettons nos ressources en commun');

  const assets = new Set<string>();
  for (const match of text.matchAll(/(?:href|src)="(\/(?:pkg|i18n)\/[^"]+)"/g)) assets.add(match[1]);
  for (const match of text.matchAll(/["'](\/pkg\/[^"']+\.(?:js|wasm|css))["']/g)) assets.add(match[1]);
  expect([...assets].some((a) => a.endsWith('.wasm')), `a .wasm among ${[...assets]}`).toBeTruthy();
  expect([...assets].some((a) => a.endsWith('.js')), `a .js among ${[...assets]}`).toBeTruthy();
  expect([...assets].some((a) => a.endsWith('.css')), `a .css among ${[...assets]}`).toBeTruthy();
  // The page's messages (its language only): the browser module carries none.
  expect([...assets].some((a) => a.startsWith('/i18n/fr-')), `the messages among ${[...assets]}`).toBeTruthy();

  const rows: { path: string; raw: number; brotli: number }[] = [{ path: '/', raw: html.length, brotli: brotli(html) }];
  // Scripts pull in further modules (the WASM split loader): follow static imports too.
  const queue = [...assets];
  const seen = new Set<string>();
  while (queue.length > 0) {
    const path = queue.shift()!;
    if (seen.has(path)) continue;
    seen.add(path);
    const response = await request.get(path, { headers: { 'accept-encoding': 'identity' } });
    expect(response.status(), path).toBe(200);
    const body = await response.body();
    rows.push({ path, raw: body.length, brotli: brotli(body) });
    if (path.endsWith('.js')) {
      const dir = path.slice(0, path.lastIndexOf('/') + 1);
      for (const m of body.toString('utf8').matchAll(/(?:import|from)\s*["'](\.\/[^"']+\.js)["']/g)) {
        queue.push(dir + m[1].slice(2));
      }
    }
  }
  const total = rows.reduce((sum, r) => sum + r.brotli, 0);
  const totalRaw = rows.reduce((sum, r) => sum + r.raw, 0);
  const report = {
    goal_bytes: GOAL_BYTES,
    ceiling_bytes: CEILING_BYTES,
    goal_met: total <= GOAL_BYTES,
    total_brotli_bytes: total,
    total_raw_bytes: totalRaw,
    assets: rows,
  };
  fs.writeFileSync('size-report.json', JSON.stringify(report, null, 2) + '\n');
  console.log(rows.map((r) => `${r.path.padEnd(32)} raw ${String(r.raw).padStart(9)}  brotli ${String(r.brotli).padStart(8)}`).join('\n'));
  console.log(
    `first load: ${totalRaw} bytes raw, ${total} bytes brotli (goal ${GOAL_BYTES}, ceiling ${CEILING_BYTES}, goal met: ${total <= GOAL_BYTES})`,
  );
  expect(total, 'first-load brotli bytes may not grow past the goal, 250 KB').toBeLessThanOrEqual(CEILING_BYTES);
});
