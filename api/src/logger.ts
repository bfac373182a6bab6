import pino from 'pino';

export type Logger = pino.Logger;

export function createLogger(level = process.env.LOG_LEVEL ?? 'info'): Logger {
  // A second line of defence: a token or password passed in any logged object is censored.
  return pino({
    level,
    base: { service: 'recycle-api' },
    redact: {
      paths: [
        'req.headers.authorization',
        'req.headers["x-device-token"]',
        'req.headers.cookie',
        '*.token',
        '*.password',
        '*.secret',
      ],
      censor: '[redacted]',
    },
  });
}
