/**
 * Names that are data rather than interface text, shown in the desk's
 * language: a branch's name (its `nameEn` on the English desk, when the
 * chain gave one) and the member tags the chain uses (a tag it has no
 * translation for is shown as written).
 */
import type { TFunction } from 'i18next';
import type { Branch } from '../domain/model';

export function branchName(branch: Pick<Branch, 'name' | 'nameEn'>, language: string): string {
  return language.startsWith('en') && branch.nameEn ? branch.nameEn : branch.name;
}

/** The chain's member tags (as stored) and their text keys under `memberTag.`. */
export const KNOWN_TAGS: Readonly<Record<string, string>> = {
  商务: 'business',
  常客: 'regular',
  VIP: 'vip',
  投诉敏感: 'complaintSensitive',
  需要发票: 'invoice',
};

export function tagLabel(t: TFunction, tag: string): string {
  const code = Object.hasOwn(KNOWN_TAGS, tag.trim()) ? KNOWN_TAGS[tag.trim()] : undefined;
  return code ? t(`memberTag.${code}`) : tag;
}
