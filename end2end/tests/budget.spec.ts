import { test, expect } from '@playwright/test';
import * as zlib from 'node:zlib';
import * as fs from 'node:fs';

// The first load of the home page on a phone — HTML, CSS, JS and WASM, each brotli-compressed
// at the highest quality (what a precompressing deployment serves). The goal is 250 KB; it is
// not met yet, so what is enforced is a ratchet: the first load may not grow past
// CEILING_BYTES. Lower the ceiling as it shrinks, down to the goal.
// History: 290,024 bytes with accounts and organizations only (ceiling 300 KB); 337,053 once
// the catalogue, needs board and matching pages landed (ceiling raised to 340 KB); 342,151 with
// photos (their views' data, not their code, lands in the main module); 331,030 once views
// showed translated text as plain strings instead of a reactive closure each (ceiling lowered
// to 335 KB); 309,508 once the browser module is linked with a data segment per symbol (so the
// splitter can move a page's strings and vtables into its chunk) and the session no longer is a
// resource read under three Transitions (ceiling lowered to 315 KB); 297,921 once the browser
// module carries no messages and the page loads its own language's in a cacheable script
// (ceiling lowered to 305 KB). What remains in the main module is mostly the framework's
// generic code (see the README's benchmarks).
const GOAL_BYTES = 250 * 1024;
const CEILING_BYTES = 305 * 1024;

function brotli(body: Buffer): number {
  return zlib.brotliCompressSync(body, {
    params: { [zlib.constants.BROTLI_PARAM_QUALITY]: 11, [zlib.constants.BROTLI_PARAM_SIZE_HINT]: body.length },
  }).length;
}

test('first load of the home page stays under its ceiling', async ({ request }, testInfo) => {
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
  expect(total, 'first-load brotli bytes may not grow past the ceiling').toBeLessThanOrEqual(CEILING_BYTES);
});
