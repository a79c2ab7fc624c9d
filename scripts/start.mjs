#!/usr/bin/env node
/**
 * `npm start`: the front desk with its demo branch, on this machine.
 * Starts Vite's dev server on loopback and prints the URL and a few member
 * cards to try (computed from the same deterministic demo generator the
 * browser uses on first start).
 */
import { createServer } from 'vite';

const port = Number(process.env.PORT ?? 5173);
const host = process.env.HOST ?? '127.0.0.1';

const server = await createServer({ server: { port, host, strictPort: true }, clearScreen: false });
await server.listen();

const { DEMO_SEED, DEMO_STAFF } = await server.ssrLoadModule('/src/app/demo-config.ts');
const { generateDemoBranch, demoCardNumbers } = await server.ssrLoadModule('/src/demo/generate.ts');
const { localDateOf } = await server.ssrLoadModule('/src/domain/dates.ts');
const now = Date.now();
const demo = generateDemoBranch({ seed: DEMO_SEED, businessDate: localDateOf(now, 'Asia/Shanghai'), now });
const url = `http://${host}:${port}/`;

console.log('');
console.log(`  前台 Front Desk  →  ${url}`);
console.log(`  Demo branch: ${demo.branch.name} (${demo.members.length} members, ${demo.rooms.length} rooms, business date ${demo.branch.businessDate})`);
console.log('  Member cards to try (type the number fast + Enter, as a card reader does, or search for it):');
for (const card of demoCardNumbers(demo)) console.log(`    ${card.cardNo}  ${card.name}  ${card.descriptionZh} · ${card.description}`);
console.log('  Staff PINs (switch shift in the top bar):');
for (const s of DEMO_STAFF) console.log(`    ${s.pin}  ${s.name} (${s.role})`);
console.log('');
console.log('  Press Ctrl+C to stop.');
