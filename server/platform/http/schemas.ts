import { z } from 'zod';

/** Route params `:id` as a UUID; anything else is a 404, never a database error. */
export const idParams = z.object({ id: z.uuid() });
export const languages = ['en', 'ar', 'az'] as const;
export const languageCode = z.string().regex(/^[a-z]{2,3}(-[A-Za-z0-9]{2,8})?$/, 'a language code such as ar, en or az');
export const errorBody = z.object({ error: z.object({ code: z.string(), message: z.string(), details: z.unknown().optional() }) });
export const listOf = <T extends z.ZodType>(item: T) => z.object({ items: z.array(item), nextCursor: z.string().nullable() });
/** Client address and agent for the audit log. */
export const requestContext = (req: { ip: string; headers: Record<string, unknown> }) => ({
  ip: req.ip, userAgent: typeof req.headers['user-agent'] === 'string' ? req.headers['user-agent'] : undefined,
});
