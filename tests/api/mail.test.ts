// Optional e-mail of activation and reset codes, against a real SMTP server in this process
// (smtp-server, by the nodemailer authors): with SMTP configured, creating an account or
// resetting a password with an e-mail sends the link and the code in Chinese and English; a
// refused or unreachable delivery never fails the account operation and is reported as
// emailDelivered: false; the code is never logged; without SMTP nothing is sent.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createServer, type Server } from 'node:net';
import { Writable } from 'node:stream';
import pino from 'pino';
import { SMTPServer } from 'smtp-server';
import { createMailer, type Mailer } from '../../api/src/mail/mailer.ts';
import { loadConfig } from '../../api/src/config.ts';
import { createTestApp, ok, type TestApp, member } from '../helpers/app.ts';
import { makeUser } from '../helpers/factories.ts';
import { graphql, type VariablesOf } from '../../web/src/lib/graphql.ts';

interface Received {
  to: string[];
  raw: string;
}

const PUBLIC_URL = 'https://recycle.example.cn';
const CREATE = graphql(`
  mutation ($input: CreateUserInput!) {
    createUser(input: $input) {
      __typename
      ... on UserActivation {
        user {
          id
          email
        }
        activation {
          code
          link
          emailDelivered
        }
      }
      ... on Error {
        message
      }
    }
  }
`);
const RESET = graphql(`
  mutation ($id: ID!) {
    resetUserPassword(id: $id) {
      __typename
      ... on UserActivation {
        activation {
          code
          emailDelivered
        }
      }
      ... on Error {
        message
      }
    }
  }
`);

let smtp: SMTPServer;
let smtpPort: number;
const inbox: Received[] = [];
const logLines: string[] = [];
let mailer: Mailer;
let t: TestApp;
let admin: string;

/** Quoted-printable and folded lines undone, so the body can be searched as written. */
const decode = (raw: string) =>
  raw
    .replace(/=\r?\n/g, '')
    .replace(/(?:=[0-9A-F]{2})+/g, (m) => Buffer.from(m.replace(/=/g, ''), 'hex').toString('utf8'));

beforeAll(async () => {
  smtp = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS'],
    logger: false,
    onRcptTo(address, _session, callback) {
      // A mailbox that does not exist: the server refuses the recipient, as a real one would.
      if (address.address.endsWith('@refused.example')) callback(new Error('550 5.1.1 no such mailbox'));
      else callback();
    },
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on('data', (c: Buffer) => chunks.push(c));
      stream.on('end', () => {
        inbox.push({
          to: session.envelope.rcptTo.map((r) => r.address),
          raw: decode(Buffer.concat(chunks).toString('utf8')),
        });
        callback();
      });
    },
  });
  await new Promise<void>((resolve) => smtp.listen(0, '127.0.0.1', resolve));
  smtpPort = (smtp.server.address() as { port: number }).port;
  const logger = pino(
    { level: 'info' },
    new Writable({
      write(chunk, _enc, done) {
        logLines.push(String(chunk));
        done();
      },
    }),
  );
  mailer = createMailer(
    {
      smtpUrl: `smtp://127.0.0.1:${smtpPort}`,
      from: 'Recycling stations <no-reply@recycle.example.cn>',
      publicUrl: PUBLIC_URL,
    },
    logger,
  );
  t = await createTestApp({ mailer });
  admin = (await makeUser(t, 'ADMIN')).token;
});
afterAll(async () => {
  mailer?.close();
  await t?.close();
  await new Promise<void>((resolve) => smtp.close(() => resolve()));
});

/** Creates an account, which must succeed (the mail is reported on the activation). */
const create = async (input: VariablesOf<typeof CREATE>['input']) =>
  member(ok(await t.gql(CREATE, { input }, admin)).createUser, 'UserActivation');

describe('activation codes by e-mail (SMTP configured)', () => {
  it('creating an account with an e-mail sends the link and the code in Chinese and English', async () => {
    const before = inbox.length;
    const r = await create({ role: 'SUSTAINABILITY_ANALYST', displayName: '王分析', email: 'wang.mail@example.cn' });
    expect(r.__typename).toBe('UserActivation');
    expect(r.activation.emailDelivered).toBe(true);
    expect(inbox.length).toBe(before + 1);
    const mail = inbox.at(-1)!;
    expect(mail.to).toEqual(['wang.mail@example.cn']);
    expect(mail.raw).toContain(`${PUBLIC_URL}/activate?code=${r.activation.code}`);
    expect(mail.raw).toContain(`激活码：${r.activation.code}`);
    expect(mail.raw).toContain(`Activation code: ${r.activation.code}`);
    expect(mail.raw).toContain('王分析，您好');
    expect(mail.raw).toMatch(/From: Recycling stations <no-reply@recycle\.example\.cn>/);
    // 72 hours from the test clock (2026-11-11 04:00Z): 2026-11-14 12:00 China time.
    expect(mail.raw).toContain('有效期至 2026-11-14 12:00（北京时间）');
    expect(mail.raw).toContain('Valid until 2026-11-14 12:00 (China time)');
  });

  it('a reset sends the new code; the old one is no longer in any new mail', async () => {
    const made = await create({
      role: 'SUSTAINABILITY_ANALYST',
      displayName: 'Reset Me',
      email: 'reset.mail@example.cn',
    });
    const r = member(ok(await t.gql(RESET, { id: made.user.id }, admin)).resetUserPassword, 'UserActivation');
    expect(r.activation.emailDelivered).toBe(true);
    const mail = inbox.at(-1)!;
    expect(mail.to).toEqual(['reset.mail@example.cn']);
    expect(mail.raw).toContain(`Activation code: ${r.activation.code}`);
    expect(mail.raw).toContain('Your password has been reset.');
    expect(mail.raw).not.toContain(made.activation.code);
  });

  it('an account without an e-mail address gets no mail (emailDelivered null)', async () => {
    const before = inbox.length;
    const r = await create({ role: 'SUSTAINABILITY_ANALYST', displayName: 'Phone Only', phone: '13900001111' });
    expect(r.activation.emailDelivered).toBeNull();
    expect(inbox.length).toBe(before);
  });

  it('a refused delivery still creates the account, reports false and logs no code', async () => {
    const before = inbox.length;
    const r = await create({ role: 'SUSTAINABILITY_ANALYST', displayName: 'Nobody', email: 'nobody@refused.example' });
    expect(r.__typename).toBe('UserActivation');
    expect(r.activation.emailDelivered).toBe(false);
    expect(inbox.length).toBe(before);
    const row = await t.db.db
      .selectFrom('app_user')
      .select('id')
      .where('email', '=', 'nobody@refused.example')
      .executeTakeFirst();
    expect(row).toBeDefined();
    const warn = logLines.find((l) => l.includes('could not be sent') && l.includes(`"userId":${row!.id}`));
    expect(warn).toBeDefined();
    expect(warn).not.toContain(r.activation.code);
  });

  it('never writes a code or a link to the log', async () => {
    const codes = await t.db.db.selectFrom('app_user').select('id').execute();
    expect(codes.length).toBeGreaterThan(0);
    const all = logLines.join('');
    expect(all).toContain('activation e-mail sent');
    expect(all).not.toMatch(/[0-9A-HJKMNP-TV-Z]{4}-[0-9A-HJKMNP-TV-Z]{4}-[0-9A-HJKMNP-TV-Z]{4}/);
    expect(all).not.toContain('/activate?code=');
  });
});

describe('an SMTP server that cannot be reached', () => {
  let closed: Server;
  let down: Mailer;
  let t2: TestApp;
  beforeAll(async () => {
    // A port that was just free: connecting to it is refused at once.
    closed = createServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
    const port = (closed.address() as { port: number }).port;
    await new Promise<void>((resolve) => closed.close(() => resolve()));
    down = createMailer(
      { smtpUrl: `smtp://127.0.0.1:${port}`, from: 'x <x@example.cn>', publicUrl: PUBLIC_URL },
      pino({ level: 'silent' }),
    );
    t2 = await createTestApp({ mailer: down });
  });
  afterAll(async () => {
    down?.close();
    await t2?.close();
  });

  it('creates the account and reports emailDelivered false', async () => {
    const token = (await makeUser(t2, 'ADMIN')).token;
    const r = ok(
      await t2.gql(
        CREATE,
        { input: { role: 'SUSTAINABILITY_ANALYST', displayName: 'Offline', email: 'offline@example.cn' } },
        token,
      ),
    ).createUser;
    const { activation } = member(r, 'UserActivation');
    expect(activation.emailDelivered).toBe(false);
    expect(activation.code).toMatch(/^\w{4}-\w{4}-\w{4}$/);
  });
});

describe('configuration', () => {
  const base = { JWT_SECRET: 'x'.repeat(32), PGLITE_DATA_DIR: 'memory://' };
  it('without SMTP_URL there is no mail configuration (nothing is sent)', () => {
    expect(loadConfig(base).mail).toBeUndefined();
  });
  it('SMTP_URL needs PUBLIC_URL for the links; MAIL_FROM defaults to no-reply at its host', () => {
    expect(() => loadConfig({ ...base, SMTP_URL: 'smtp://mail.example.cn:587' })).toThrow(/SMTP_URL needs PUBLIC_URL/);
    expect(loadConfig({ ...base, SMTP_URL: 'smtp://mail.example.cn:587', PUBLIC_URL: PUBLIC_URL }).mail).toEqual({
      smtpUrl: 'smtp://mail.example.cn:587',
      from: 'Recycling stations <no-reply@recycle.example.cn>',
      publicUrl: PUBLIC_URL,
    });
    expect(() => loadConfig({ ...base, SMTP_URL: 'mail.example.cn' })).toThrow(/SMTP_URL must be/);
  });
});
