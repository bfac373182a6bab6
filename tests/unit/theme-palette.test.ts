// Colours come from the palette in web/src/theme.css: a component's <style> and markup use its
// variables, never a literal colour, so changing a colour (or a dark theme later) is one edit. A part
// of the page may redefine a variable for everything inside it (the counter's senior mode). Colours
// the canvas draws with (station status, the map's cluster inks) live in TypeScript (lib/status.ts).
import { describe, expect, it } from 'vitest';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';

const WEB = path.resolve('web/src');

function components(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? components(path.join(dir, e.name)) : e.name.endsWith('.svelte') ? [path.join(dir, e.name)] : [],
  );
}

/** `--color-x: #abcdef;` in theme.css → the lower-case values, #fff as #ffffff. */
function paletteValues(): Set<string> {
  const css = readFileSync(path.join(WEB, 'theme.css'), 'utf8');
  return new Set([...css.matchAll(/--color-[\w-]+:\s*(#[0-9a-fA-F]{3,6})\b/g)].map((m) => normalise(m[1]!)));
}

const normalise = (hex: string) => {
  const h = hex.toLowerCase();
  return h.length === 4 ? `#${h[1]}${h[1]}${h[2]}${h[2]}${h[3]}${h[3]}` : h;
};

describe('theme palette', () => {
  it('has the colours components use (ink, surface, border, action, danger, ok)', () => {
    const values = paletteValues();
    for (const hex of ['#101828', '#ffffff', '#d0d5dd', '#175cd3', '#b42318', '#05603a'])
      expect(values.has(hex)).toBe(true);
  });

  it("no component's <style> repeats a palette colour as a literal", () => {
    const values = paletteValues();
    const found: string[] = [];
    for (const file of components(WEB)) {
      const text = readFileSync(file, 'utf8');
      for (const style of text.matchAll(/<style[^>]*>([\s\S]*?)<\/style>/g)) {
        for (const m of style[1]!.matchAll(/#[0-9a-fA-F]{6}\b|#[0-9a-fA-F]{3}\b/g)) {
          if (values.has(normalise(m[0]))) found.push(`${path.relative(WEB, file)}: ${m[0]}`);
        }
      }
    }
    expect(found).toEqual([]);
  });

  it('no component uses a literal colour, in its <style> or its markup, except to redefine a variable', () => {
    const found: string[] = [];
    for (const file of components(WEB)) {
      const text = readFileSync(file, 'utf8');
      for (const style of text.matchAll(/<style[^>]*>([\s\S]*?)<\/style>/g)) {
        for (const line of style[1]!.split('\n')) {
          if (/^\s*--color-[\w-]+:/.test(line)) continue; // a scope's own value for a palette variable
          for (const m of line.matchAll(/#[0-9a-fA-F]{3,8}\b/g)) found.push(`${path.relative(WEB, file)}: ${m[0]}`);
        }
      }
      const markup = text.replace(/<style[^>]*>[\s\S]*?<\/style>/g, '').replace(/<script[^>]*>[\s\S]*?<\/script>/g, '');
      for (const m of markup.matchAll(/(?:fill|stroke|color)=["'{][^"'}]*#[0-9a-fA-F]{3,8}\b/g))
        found.push(`${path.relative(WEB, file)}: ${m[0]}`);
    }
    expect(found).toEqual([]);
  });
});
