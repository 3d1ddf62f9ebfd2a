import pino from 'pino';

export type Logger = pino.Logger;

/** JSON logs; `redact` keeps secrets out of them. */
export function createLogger(level: string): Logger {
  return pino({
    level,
    redact: ['req.headers.cookie', 'req.headers.authorization', 'password', '*.password', 'token'],
  });
}
