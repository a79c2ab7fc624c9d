/**
 * Every rule code and note code the points engine can produce has a text in
 * Simplified Chinese and in English, both languages have the same keys, and
 * each text's {{placeholders}} are filled by the params the engine puts on
 * that line, so a clerk never reads "{{fee}}" to a guest.
 */
import { describe, expect, it } from 'vitest';
import { ledgerText, noteTextKey, ruleTextKey } from '../../src/i18n/ledger-text';
import { DEFAULT_RULES as R, NOTE_CODES, REDEMPTION_ITEMS, RULE_CODES } from '../../src/domain/rules';
import type { LineParams } from '../../src/domain/points';
import { computeStayEarnings, suggestionAdoptedLine } from '../../src/domain/points';
import type { StayInput } from '../../src/domain/points';
import { voucherLine } from '../../src/domain/ledger';
import { redeem, redemptionLine } from '../../src/domain/redemption';
import {
  checkGuarantee, guaranteeForfeitLine, guaranteeHoldLine, guaranteeNote, guaranteeReleaseLine, noShowOutcome,
} from '../../src/domain/guarantee';
import { migrationLine } from '../../src/demo/ledger';
import { compensatingEntry } from '../../src/domain/overdraft';
import { mergeBalanceLines } from '../../src/domain/member-merge';

const languages = Object.keys(ledgerText) as (keyof typeof ledgerText)[];
const placeholders = (text: string): string[] => [...text.matchAll(/\{\{\s*([\w.]+)\s*\}\}/g)].map((m) => m[1] ?? '');

describe('ledger text tables', () => {
  it('has zh and en', () => {
    expect(languages.sort()).toEqual(['en', 'zh']);
  });

  it.each(languages)('%s has a non-empty text for every rule and note code', (lang) => {
    const table: Record<string, string> = ledgerText[lang];
    for (const code of RULE_CODES) expect(table[ruleTextKey(code)]?.trim(), `rule.${code}`).toBeTruthy();
    for (const code of NOTE_CODES) expect(table[noteTextKey(code)]?.trim(), `note.${code}`).toBeTruthy();
  });

  it('zh and en have the same keys, and nothing beyond the codes', () => {
    const expected = [...RULE_CODES.map(ruleTextKey), ...NOTE_CODES.map(noteTextKey)].sort();
    expect(Object.keys(ledgerText.zh).sort()).toEqual(expected);
    expect(Object.keys(ledgerText.en).sort()).toEqual(expected);
  });

  it('zh and en use the same placeholders for each key', () => {
    for (const key of Object.keys(ledgerText.zh) as (keyof typeof ledgerText.zh)[]) {
      expect(placeholders(ledgerText.en[key]).sort(), key).toEqual(placeholders(ledgerText.zh[key]).sort());
    }
  });

  it('the Chinese texts are written in Chinese', () => {
    for (const text of Object.values(ledgerText.zh)) expect(text).toMatch(/[\u4e00-\u9fff]/);
  });

  it('every redemption item has a rule code', () => {
    for (const item of REDEMPTION_ITEMS) expect(RULE_CODES).toContain(`redeem.${item}`);
  });
});

const base: StayInput = {
  reservationId: 'R1', memberId: 'M1', branchId: 'B1', channel: 'app', memberRate: true,
  nights: 2, extensionNights: 0, extensionAdvanceOwnChannel: false, rateFen: 19_900,
  bookedForOther: false, tier: 'silver', newMemberEligible: true,
};

/** One real line or note per code, made by the engine itself. */
function samples(): { key: string; params: LineParams }[] {
  const out: { key: string; params: LineParams }[] = [];
  const addStay = (input: Partial<StayInput>): void => {
    const r = computeStayEarnings({ ...base, ...input }, R);
    for (const l of r.lines) out.push({ key: ruleTextKey(l.rule), params: l.params });
    for (const n of r.notes) out.push({ key: noteTextKey(n.rule), params: n.params });
  };
  addStay({ bookedForOther: true, extensionNights: 1 });
  addStay({ tier: 'gold', channel: 'ota', memberRate: false });
  addStay({ tier: 'gold' });
  addStay({ memberId: '' });
  // An advance own-channel extension, and an early departure.
  addStay({ extensionNights: 2, extensionAdvanceOwnChannel: true, nightsStayed: 3 });
  const lines = [
    suggestionAdoptedLine('F1', R), voucherLine('R1', 1, R), guaranteeHoldLine('R1', 500, '19:00', R),
    guaranteeReleaseLine('R1', 500), guaranteeForfeitLine('R1', 500),
    ...REDEMPTION_ITEMS.map((item) => redemptionLine('X', item, 1, R)),
    // Not an engine rule: the legacy balance carried over (made by the migration / demo data).
    migrationLine('M1', 1234),
  ];
  // Not engine rules either: the manager's answers to an overdraft (src/domain/overdraft).
  const overdrawn = [{ ...redemptionLine('X', 'milk', 1, R), memberId: 'M1', reservationId: '', branchId: 'B1', businessDate: '2026-01-01', createdAt: 0, deviceId: 'd', staffId: 's' }];
  for (const c of [compensatingEntry('reversal', { memberId: 'M1', lines: overdrawn, lineId: 'X:redeem.milk' }), compensatingEntry('writeOff', { memberId: 'M1', lines: overdrawn })]) {
    if (c.ok) lines.push(c.line);
  }
  // Nor the merge of two records of one person (src/domain/member-merge).
  for (const m of mergeBalanceLines('M1', 'M2', [{ id: 'x', points: 300 }])) lines.push(m.line);
  for (const l of lines) if (l) out.push({ key: ruleTextKey(l.rule), params: l.params });
  const ns = { reservationId: 'R1', nights: 1, guaranteePoints: 0, bookedOnArrivalDay: true, bookedAtLocal: '09:00' };
  for (const o of [noShowOutcome(ns, R), noShowOutcome({ ...ns, bookedAtLocal: '20:00' }, R)]) {
    for (const l of o.lines) out.push({ key: ruleTextKey(l.rule), params: l.params });
    for (const n of o.notes) out.push({ key: noteTextKey(n.rule), params: n.params });
  }
  for (const r of [redeem(0, 'X', 'milk', 1, R), redeem(0, 'X', 'milk', 3, R)]) {
    if (!r.ok) out.push({ key: noteTextKey(r.note.rule), params: r.note.params });
  }
  for (const c of [checkGuarantee(0, 'silver', 1, R), checkGuarantee(0, 'silver', 0, R), checkGuarantee(0, 'silver', 9, R)]) {
    if (!c.ok) out.push({ key: noteTextKey(guaranteeNote(c).rule), params: guaranteeNote(c).params });
  }
  return out;
}

describe('texts render from the engine params', () => {
  const all = samples();

  it('the samples cover every rule and note code', () => {
    const covered = new Set(all.map((s) => s.key));
    for (const code of RULE_CODES) expect(covered.has(ruleTextKey(code)), code).toBe(true);
    for (const code of NOTE_CODES) expect(covered.has(noteTextKey(code)), code).toBe(true);
  });

  it.each(languages)('%s: every placeholder is a param of the line', (lang) => {
    const table: Record<string, string> = ledgerText[lang];
    for (const { key, params } of all) {
      const text = table[key] ?? '';
      for (const name of placeholders(text)) expect(Object.keys(params), `${key} {{${name}}}`).toContain(name);
    }
  });

  it('reads the stay line to the guest in Chinese', () => {
    const stay = computeStayEarnings({ ...base, newMemberEligible: false }, R).lines[0];
    const text = ledgerText.zh['rule.stay'].replace(/\{\{(\w+)\}\}/g, (_m, k: string) => String(stay?.params[k]));
    expect(text).toBe('入住积分：2晚 × 每晚房费199元 × 每元1分 = 398分');
  });
});
