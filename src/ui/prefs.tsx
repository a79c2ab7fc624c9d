import { useTranslation } from 'react-i18next';
import type { Preferences } from '../domain/model';

/** Short chips for the preferences a clerk acts on (only non-default ones). */
export function prefChips(prefs: Preferences): string[] {
  const chips: string[] = [];
  if (prefs.roomType !== 'any') chips.push(`roomType.${prefs.roomType}`);
  if (prefs.floor !== 'any') chips.push(`pref.floor.${prefs.floor}`);
  if (prefs.pillow !== 'any') chips.push(`pref.pillow.${prefs.pillow}`);
  chips.push(prefs.smoking ? 'pref.smoking' : 'pref.nonSmoking');
  if (prefs.diet !== 'none') chips.push(`pref.diet.${prefs.diet}`);
  if (prefs.quiet) chips.push('pref.quiet');
  return chips;
}

export function PrefChips({ prefs }: { prefs: Preferences }) {
  const { t } = useTranslation();
  return (
    <span className="chips">
      {prefChips(prefs).map((k) => <span key={k} className="chip">{t(k)}</span>)}
    </span>
  );
}
