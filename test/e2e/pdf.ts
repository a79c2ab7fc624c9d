/**
 * Just enough of a PDF reader for the printed report's checks: the pages in
 * order and how much text each one draws. Chromium (Skia) writes plain
 * objects with Flate-compressed content streams; a page's text is in its
 * content stream or in form XObjects it draws; a glyph is two bytes of a
 * hex string shown by Tj or TJ.
 */
import { inflateSync } from 'node:zlib';

export interface PdfPage {
  /** Glyphs the page draws (its text, by count). */
  glyphs: number;
}

interface PdfObject { dict: string; stream: Buffer | null }

/** The dictionary that starts at `from` ("<<"), nested ones included. */
function dictAt(pdf: string, from: number): string {
  let depth = 0;
  for (let i = from; i < pdf.length - 1; i += 1) {
    const two = pdf.slice(i, i + 2);
    if (two === '<<') { depth += 1; i += 1; } else if (two === '>>') { depth -= 1; i += 1; if (depth === 0) return pdf.slice(from, i + 1); }
  }
  return pdf.slice(from);
}

function objects(pdf: string): Map<number, PdfObject> {
  const out = new Map<number, PdfObject>();
  const re = /(\d+) 0 obj\s*/g;
  for (let m = re.exec(pdf); m; m = re.exec(pdf)) {
    const at = m.index + m[0].length;
    if (!pdf.startsWith('<<', at)) continue;
    const dict = dictAt(pdf, at);
    let stream: Buffer | null = null;
    const after = /^\s*stream\r?\n/.exec(pdf.slice(at + dict.length, at + dict.length + 20));
    if (after) {
      const length = Number(/\/Length (\d+)/.exec(dict)?.[1] ?? NaN);
      const start = at + dict.length + after[0].length;
      const raw = Buffer.from(pdf.slice(start, start + length), 'latin1');
      try { stream = /\/FlateDecode/.test(dict) ? inflateSync(raw) : raw; } catch { stream = null; }
      re.lastIndex = start + length;
    }
    out.set(Number(m[1]), { dict, stream });
  }
  return out;
}

const refs = (text: string): number[] => [...text.matchAll(/(\d+) 0 R/g)].map((r) => Number(r[1]));

function glyphsIn(text: string): number {
  let glyphs = 0;
  for (const show of text.matchAll(/<([0-9A-Fa-f\s]*)>\s*Tj|\[([^\]]*)\]\s*TJ/g)) {
    const body = show[1] ?? (show[2] ?? '').match(/<[0-9A-Fa-f\s]*>/g)?.join('') ?? '';
    glyphs += body.replace(/[^0-9A-Fa-f]/g, '').length / 4;
  }
  return glyphs;
}

/** The pages of a PDF in reading order, with the glyphs each draws. */
export function pdfPages(bytes: Uint8Array): PdfPage[] {
  const pdf = Buffer.from(bytes).toString('latin1');
  const objs = objects(pdf);
  const root = [...objs.values()].find((o) => /\/Type \/Pages\b/.test(o.dict) && !/\/Parent /.test(o.dict));
  if (!root) throw new Error('No page tree in the PDF.');
  /** Text drawn by a content stream and the form XObjects its resources name (each once). */
  const textOf = (id: number, seen: Set<number>): number => {
    if (seen.has(id)) return 0;
    seen.add(id);
    const obj = objs.get(id);
    if (!obj) return 0;
    let glyphs = obj.stream ? glyphsIn(obj.stream.toString('latin1')) : 0;
    const xobjects = /\/XObject\s*(<<[\s\S]*?>>|\d+ 0 R)/.exec(obj.dict)?.[1] ?? '';
    const named = xobjects.startsWith('<<') ? refs(xobjects) : refs(objs.get(refs(xobjects)[0] ?? -1)?.dict ?? '');
    for (const x of named) if (/\/Subtype \/Form/.test(objs.get(x)?.dict ?? '')) glyphs += textOf(x, seen);
    return glyphs;
  };
  const pages: PdfPage[] = [];
  const walk = (dict: string): void => {
    for (const kidId of refs(/\/Kids \[([^\]]*)\]/.exec(dict)?.[1] ?? '')) {
      const kid = objs.get(kidId);
      if (!kid) continue;
      if (/\/Type \/Pages\b/.test(kid.dict)) { walk(kid.dict); continue; }
      const contents = /\/Contents (?:(\d+) 0 R|\[([^\]]*)\])/.exec(kid.dict);
      const ids = contents?.[1] ? [Number(contents[1])] : refs(contents?.[2] ?? '');
      const seen = new Set<number>();
      // The page's own resources (its XObjects) count as drawn by it.
      let glyphs = textOf(kidId, seen);
      for (const id of ids) glyphs += textOf(id, seen);
      pages.push({ glyphs });
    }
  };
  walk(root.dict);
  return pages;
}
