import type { BootStep } from './boot';
import { zh } from '../i18n/zh';
import { bootEn } from '../i18n/boot.en';

/** The share of the first start each step takes, as measured (the IndexedDB writes dominate). */
const BEFORE_LOAD: Record<'generate' | 'staff', number> = { generate: 0.02, staff: 0.06 };

function fill(text: string, params: Record<string, string>): string {
  return text.replace(/\{\{(\w+)\}\}/g, (_, k: string) => params[k] ?? '');
}

/**
 * The first start's screen while the demo branch is generated and written
 * (before the desk, and its language switch, exist): what is happening and
 * how far, in both languages, with a progress bar.
 */
export function BootProgress({ step }: { step: BootStep }) {
  const share = step.step === 'load' ? 0.1 + 0.9 * (step.done / Math.max(1, step.total)) : BEFORE_LOAD[step.step];
  const percent = Math.min(100, Math.round(share * 100));
  const nums = step.step === 'load'
    ? { done: step.done.toLocaleString('en-US'), total: step.total.toLocaleString('en-US') }
    : { done: '', total: '' };
  return (
    <div className="boot" role="status">
      <p>{zh.boot.first}<br /><small>{bootEn.first}</small></p>
      <progress max={100} value={percent} aria-label={`${zh.boot.progress} / ${bootEn.progress}`} />
      <p className="boot-step">{fill(zh.boot[step.step], nums)} · {percent}%<br /><small>{fill(bootEn[step.step], nums)}</small></p>
    </div>
  );
}
