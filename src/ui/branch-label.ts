/**
 * Another branch of the chain by its name, in the desk's language, from the
 * chain's branch list the tablet keeps (src/data/chain-branches.ts); by its
 * id while the tablet has not read the list yet, or for a branch not on it.
 */
import { useCallback } from 'react';
import { useTranslation } from 'react-i18next';
import { chainBranches$ } from '../data/chain-branches';
import { liveValue, useLive } from '../data/react';
import { branchName } from './names';

const NONE: ReadonlyMap<string, { name: string; nameEn?: string }> = new Map();

export function useBranchLabel(): (branchId: string) => string {
  const { i18n } = useTranslation();
  const branches = liveValue(useLive(chainBranches$, 'chain-branches'), NONE);
  const language = i18n.language;
  return useCallback((branchId: string) => {
    const b = branches.get(branchId);
    return b ? branchName(b, language) : branchId;
  }, [branches, language]);
}
