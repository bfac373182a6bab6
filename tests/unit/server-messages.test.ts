// Every message the API can send with a code (api/src/domain/messages.ts) has a Chinese and an
// English text in the web's dictionaries (web/src/i18n/server-messages/), with the same
// {placeholders} the API fills, so a person using the Chinese UI never sees a coded message in
// English. Codes that only appear in source (zod refinements' params, password warnings) are
// checked against the catalogue too.
import { describe, expect, it } from 'vitest';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { english, isMessageCode, MESSAGES, msg } from '../../api/src/domain/messages.ts';
import { zodFieldIssue } from '../../api/src/domain/zod-issues.ts';
import { PASSWORD_WARNINGS, passwordProblem } from '../../api/src/auth/password-policy.ts';
import { InputError, NotFoundError, ConflictError } from '../../api/src/domain/errors.ts';
import { validateDropOffBatch, type MaterialInfo } from '../../api/src/domain/drop-off-rules.ts';
import { dictionaries } from '../../web/src/i18n/index.ts';

const placeholders = (s: string) => [...s.matchAll(/\{(\w+)\}/g)].map((m) => m[1]!).sort();

function sources(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? sources(path.join(dir, e.name)) : e.name.endsWith('.ts') ? [path.join(dir, e.name)] : [],
  );
}

describe('server messages in both languages', () => {
  const codes = Object.keys(MESSAGES);

  it('has a zh and an en text for every code, using only the placeholders the API fills', () => {
    expect(codes.length).toBeGreaterThan(100);
    const problems: string[] = [];
    for (const code of codes) {
      const api = placeholders(MESSAGES[code as keyof typeof MESSAGES]);
      for (const lang of ['zh', 'en'] as const) {
        const text = dictionaries[lang][`reason.${code}`];
        if (!text?.trim()) problems.push(`${lang}: reason.${code} is missing`);
        // A translation may leave a parameter out (zh names no English entity) but never use one the API does not fill.
        else if (placeholders(text).some((p) => !api.includes(p)))
          problems.push(`${lang}: reason.${code} has {${placeholders(text)}} but the API fills {${api}}`);
      }
      const zh = dictionaries.zh[`reason.${code}`] ?? '';
      if (zh && !/[\u4e00-\u9fff]/.test(zh)) problems.push(`zh: reason.${code} is not Chinese: ${zh}`);
    }
    expect(problems).toEqual([]);
  });

  it('translates no code the API does not have', () => {
    const stale = Object.keys(dictionaries.en)
      .filter((k) => k.startsWith('reason.'))
      .filter((k) => !isMessageCode(k.slice('reason.'.length)));
    expect(stale).toEqual([]);
  });

  it('every code written in the API source is in the catalogue (msg(...), params: { reason })', () => {
    const used = new Set<string>();
    for (const file of sources(path.resolve('api/src'))) {
      const text = readFileSync(file, 'utf8');
      for (const m of text.matchAll(/\bmsg\(\s*'([^']+)'/g)) used.add(m[1]!);
      for (const m of text.matchAll(/\breason: '([\w.]+)'/g)) used.add(m[1]!);
    }
    expect(used.size).toBeGreaterThan(100);
    expect([...used].filter((c) => !isMessageCode(c))).toEqual([]);
    // Warnings of the password checker each have their own message.
    expect([...PASSWORD_WARNINGS].filter((w) => !isMessageCode(`password.tooEasy.${w}`))).toEqual([]);
  });

  it('no typed error in the API source is written as bare English (each names a code with msg(...))', () => {
    // A string literal (or template) given straight to a typed error, InputError.of or an issue's
    // message would reach the Chinese UI in English. Codes only: the catalogue holds the words.
    const bare =
      /new (?:InputError|ConflictError|ForbiddenError|UnauthenticatedError|TooManyRequestsError)\(\s*['"`]|InputError\.of\([^,]+,\s*['"`]|\bmessage: ['"`]/;
    const found: string[] = [];
    // config.ts refuses a bad environment at start-up (an operator reads it, in English).
    for (const file of sources(path.resolve('api/src')).filter((f) => !f.endsWith(`${path.sep}config.ts`))) {
      // Validation messages given to Pothos's zod plugin are coded by their kind (zod-issues.ts).
      const text = readFileSync(file, 'utf8');
      for (const m of text.matchAll(new RegExp(bare.source, 'g'))) {
        const lineStart = text.lastIndexOf('\n', m.index) + 1;
        const line = text.slice(lineStart, text.indexOf('\n', m.index + m[0].length));
        // HTTP answers ({ code, message }) are shown by their status, not their words.
        const http = /\bcode: '[A-Z_]+', message:/.test(line);
        if (!http && !/validate:|\{ message: '/.test(line) && !/^\s*(\/\/|\/?\*)/.test(line))
          found.push(`${path.relative(process.cwd(), file)}: ${line.trim()}`);
      }
    }
    expect(found).toEqual([]);
  });

  it('fills the English text from the params (the API message a client without the code shows)', () => {
    expect(english('row.badLat', { value: '91' })).toBe('"91" is not a latitude (-90 to 90)');
    expect(msg('auth.throttled', { seconds: 30 })).toEqual({
      reason: 'auth.throttled',
      params: { seconds: 30 },
      text: 'Too many failed sign-ins; try again in 30 s',
    });
    expect(passwordProblem('short')).toEqual(msg('password.tooShort', { min: 8 }));
    expect(passwordProblem('password1')?.reason).toMatch(/^password\.tooEasy/);
  });

  it('typed errors carry the code and params in their extensions', () => {
    const input = InputError.of('input.email', msg('account.badEmail'));
    expect(input.message).toBe('input.email: is not an email address');
    expect(input.extensions).toMatchObject({ code: 'BAD_USER_INPUT', reason: 'account.badEmail', params: {} });
    expect(input.issues[0]).toMatchObject({ field: 'input.email', reason: 'account.badEmail' });
    const missing = new NotFoundError('Station', 'SH-99999', 'stationCode');
    expect(missing.extensions).toMatchObject({ reason: 'notFound', params: { entity: 'Station', key: 'SH-99999' } });
    expect(new ConflictError('plain English', 'id').reason).toBeNull();
  });

  it('codes a field validation (zod) refusal by its kind, and refinements by their own code', () => {
    const now = new Date('2026-11-11T04:00:00Z');
    const materials = new Map([['CARTON', { typical_mass_kg: 0.2 } as MaterialInfo]]);
    const item = { idempotencyKey: 'k1', materialCode: 'CARTON', outcome: 'RECYCLED' as const };
    let caught: unknown = null;
    try {
      validateDropOffBatch(
        [
          { ...item, quantity: 0 },
          { ...item, idempotencyKey: 'k 2', quantity: 1, occurredAt: new Date('2026-11-12T00:00:00Z') },
        ],
        now,
        materials,
      );
    } catch (e) {
      caught = e;
    }
    expect(caught).toBeInstanceOf(InputError);
    const issues = (caught as InputError).issues;
    expect(issues).toContainEqual(
      expect.objectContaining({ field: 'input.items.0.quantity', reason: 'input.tooSmall', params: { min: 1 } }),
    );
    expect(issues).toContainEqual(
      expect.objectContaining({ field: 'input.items.1.idempotencyKey', reason: 'dropOff.badKey' }),
    );
    expect(issues).toContainEqual(
      expect.objectContaining({ field: 'input.items.1.occurredAt', reason: 'dropOff.future' }),
    );
    expect(
      zodFieldIssue('x', { code: 'too_big', origin: 'string', maximum: 8, path: [], message: 'm', input: '' }),
    ).toEqual({
      field: 'x',
      message: 'm',
      reason: 'input.tooLong',
      params: { max: 8 },
    });
  });
});

describe('failures the web detects itself (LocalError)', () => {
  it('has a Chinese and an English text for every key thrown in web/src', () => {
    const keys = sources(path.resolve(import.meta.dirname, '../../web/src'))
      .concat(
        readdirSync(path.resolve(import.meta.dirname, '../../web/src'), { recursive: true, encoding: 'utf8' })
          .filter((f) => f.endsWith('.svelte'))
          .map((f) => path.resolve(import.meta.dirname, '../../web/src', f)),
      )
      .flatMap((file) => [...readFileSync(file, 'utf8').matchAll(/new LocalError\('([\w.]+)'/g)].map((m) => m[1]!));
    expect(keys).toContain('error.jobNotFound'); // the import panel's vanished job
    for (const key of keys)
      for (const lang of ['zh', 'en'] as const) expect(dictionaries[lang][key], `${lang} ${key}`).toBeTruthy();
  });
});
