/**
 * The demo branch the browser loads on its first start is deterministic:
 * the same generator, run here, says which member cards to swipe.
 */
import { DEMO_SEED, demoBusinessDate } from '../../src/app/demo-config';
import { demoCardNumbers, generateDemoBranch } from '../../src/demo/generate';

export function demoCards(now = Date.now()): { goldCard: string; goldName: string; unknownCard: string } {
  const demo = generateDemoBranch({ seed: DEMO_SEED, businessDate: demoBusinessDate(now), now });
  const gold = demoCardNumbers(demo).find((c) => c.key === 'gold-big-balance');
  if (!gold) throw new Error('the demo branch has no gold member with points');
  const taken = new Set(demo.members.map((m) => m.cardNo));
  let n = 770_000_000_001;
  while (taken.has(String(n))) n += 1;
  return { goldCard: gold.cardNo, goldName: gold.name, unknownCard: String(n) };
}
