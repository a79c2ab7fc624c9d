/**
 * Chinese personal names with their pinyin initials, from small tables (no
 * pinyin dictionary at runtime). Surnames are read as surnames: 单 Shan,
 * 曾 Zeng, 区 Ou. Given-name characters are chosen to have one common reading.
 */
import { itemAt, weightedTable } from './prng';
import type { Rng, WeightedTable } from './prng';

/** [surname, initials, relative frequency]; Cantonese surnames lifted for a Guangzhou branch. */
export const SURNAMES: readonly (readonly [string, string, number])[] = [
  ['王', 'W', 70], ['李', 'L', 70], ['张', 'Z', 62], ['陈', 'C', 60], ['刘', 'L', 53],
  ['黄', 'H', 35], ['杨', 'Y', 30], ['赵', 'Z', 20], ['吴', 'W', 20], ['周', 'Z', 19],
  ['林', 'L', 14], ['梁', 'L', 14], ['徐', 'X', 13], ['孙', 'S', 12], ['何', 'H', 12],
  ['马', 'M', 11], ['朱', 'Z', 11], ['罗', 'L', 11], ['胡', 'H', 10], ['郭', 'G', 10],
  ['高', 'G', 9], ['郑', 'Z', 9], ['谢', 'X', 8], ['邓', 'D', 7], ['冯', 'F', 6],
  ['曾', 'Z', 6], ['宋', 'S', 5], ['唐', 'T', 5], ['许', 'X', 5], ['韩', 'H', 5],
  ['叶', 'Y', 5], ['曹', 'C', 4], ['彭', 'P', 4], ['肖', 'X', 4], ['潘', 'P', 4],
  ['蔡', 'C', 4], ['余', 'Y', 4], ['钟', 'Z', 4], ['田', 'T', 3], ['董', 'D', 3],
  ['袁', 'Y', 3], ['于', 'Y', 3], ['蒋', 'J', 3], ['杜', 'D', 3], ['程', 'C', 3],
  ['苏', 'S', 3], ['卢', 'L', 3], ['谭', 'T', 3], ['廖', 'L', 3], ['魏', 'W', 2],
  ['吕', 'L', 2], ['丁', 'D', 2], ['任', 'R', 2], ['沈', 'S', 2], ['姚', 'Y', 2],
  ['姜', 'J', 2], ['崔', 'C', 2], ['陆', 'L', 2], ['汪', 'W', 2], ['范', 'F', 2],
  ['金', 'J', 2], ['石', 'S', 2], ['贾', 'J', 2], ['夏', 'X', 2], ['韦', 'W', 2],
  ['方', 'F', 2], ['邱', 'Q', 2], ['江', 'J', 2], ['黎', 'L', 2], ['温', 'W', 2],
  ['关', 'G', 2], ['莫', 'M', 2], ['麦', 'M', 2], ['白', 'B', 1], ['邹', 'Z', 1],
  ['孟', 'M', 1], ['熊', 'X', 1], ['秦', 'Q', 1], ['尹', 'Y', 1], ['薛', 'X', 1],
  ['段', 'D', 1], ['雷', 'L', 1], ['侯', 'H', 1], ['龙', 'L', 1], ['史', 'S', 1],
  ['冼', 'X', 1], ['邝', 'K', 1], ['区', 'O', 1], ['单', 'S', 1], ['覃', 'Q', 1],
  ['甘', 'G', 1], ['欧阳', 'OY', 1], ['司徒', 'ST', 1],
];

function pairs(table: string): (readonly [string, string])[] {
  const out: (readonly [string, string])[] = [];
  for (let i = 0; i + 1 < table.length; i += 2) out.push([table.charAt(i), table.charAt(i + 1)]);
  return out;
}

/** Given-name characters and their initials, in "字I" pairs. */
export const MALE_GIVEN = pairs(
  '伟W强Q磊L军J勇Y杰J涛T明M超C华H平P刚G辉H鹏P波B斌B宇Y浩H凯K健J俊J帆F帅S旭X宁N龙L林L峰F' +
  '建J国G志Z文W博B晨C昊H天T子Z睿R轩X泽Z航H瑞R嘉J豪H家J成C东D新X海H永Y亮L晓X兵B金J毅Y' +
  '振Z锋F德D荣R立L正Z卫W坤K达D康K',
);
export const FEMALE_GIVEN = pairs(
  '芳F娜N敏M静J丽L艳Y娟J霞X秀X玲L婷T雪X琳L颖Y倩Q慧H佳J欣X怡Y萍P红H燕Y梅M莉L晶J洁J琪Q' +
  '悦Y涵H萱X雨Y思S梦M诗S可K馨X瑶Y婉W薇W蕾L彤T妍Y璐L菲F凤F兰L艺Y心X晓X丹D月Y春C嘉J文W子Z',
);

const SURNAME_TABLE: WeightedTable<readonly [string, string]> = weightedTable(
  SURNAMES.map(([s, i, w]) => [[s, i] as const, w] as const),
);

export interface PersonName {
  name: string;
  initials: string;
}

export function randomName(rng: Rng, gender: 'M' | 'F'): PersonName {
  const [surname, surnameInitials] = rng.weighted(SURNAME_TABLE);
  const given = gender === 'M' ? MALE_GIVEN : FEMALE_GIVEN;
  const first = rng.pick(given);
  let name = surname + first[0];
  let initials = surnameInitials + first[1];
  if (rng.chance(0.72)) {
    let second = rng.pick(given);
    if (second[0] === first[0]) second = itemAt(given, (given.indexOf(second) + 1) % given.length);
    name += second[0];
    initials += second[1];
  }
  return { name, initials };
}

/** Company accounts (公司卡), fictional. */
export const COMPANIES: readonly string[] = [
  '广州羊城商贸有限公司', '广东粤通物流有限公司', '深圳华信电子科技有限公司', '广州珠江建设工程有限公司',
  '佛山南海五金制品有限公司', '湖南湘江医药有限公司', '东莞新联纺织有限公司', '广州天河软件园发展有限公司',
  '中山华南灯饰有限公司', '广西八桂建材有限公司',
];
