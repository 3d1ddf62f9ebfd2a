import { describe, expect, it } from 'vitest';
import { shouldSurvey, surveyLanguage, surveyPrompt, surveySubject } from './rules.js';
import { readToken, signToken, verifyToken } from './token.js';

const id = '3f1c2a9e-1b2c-4d5e-8f90-123456789abc';
const now = new Date('2025-05-01T10:00:00Z');

describe('survey tokens', () => {
  it('verifies its own signature until it expires', () => {
    const token = signToken(id, new Date('2025-05-08T10:00:00Z'), 'k1');
    expect(verifyToken(token, 'k1', now)).toEqual({ interactionId: id });
    expect(verifyToken(token, 'k2', now)).toEqual({ error: 'invalid' });
    expect(verifyToken(token, 'k1', new Date('2025-05-08T10:00:00Z'))).toEqual({ error: 'expired' });
  });
  it('rejects tampered and malformed tokens', () => {
    const token = signToken(id, new Date('2025-05-08T10:00:00Z'), 'k1');
    const [, exp, sig] = token.split('.');
    const other = '3f1c2a9e-1b2c-4d5e-8f90-123456789abd';
    expect(verifyToken(`${other}.${exp}.${sig}`, 'k1', now)).toEqual({ error: 'invalid' });
    expect(verifyToken(`${id}.${Number(exp) + 3600}.${sig}`, 'k1', now)).toEqual({ error: 'invalid' });
    expect(readToken('nope')).toBeNull();
    expect(verifyToken(`${id}.${exp}.${sig}x`, 'k1', now)).toEqual({ error: 'invalid' });
  });
});

describe('survey rules', () => {
  const rules = { enabled: true, minDaysBetween: 7, linkDays: 7, channels: ['email'] };
  const c = { resolved: true, closed: true, alreadySurveyed: false };
  it('asks about resolved, closed contacts when the queue asks', () => {
    expect(shouldSurvey(c, rules, null, now)).toBe(true);
    expect(shouldSurvey({ ...c, resolved: false }, rules, null, now)).toBe(false);
    expect(shouldSurvey({ ...c, closed: false }, rules, null, now)).toBe(false);
    expect(shouldSurvey(c, { ...rules, enabled: false }, null, now)).toBe(false);
    expect(shouldSurvey({ ...c, alreadySurveyed: true }, rules, null, now)).toBe(false);
  });
  it('asks a customer at most once per N days', () => {
    expect(shouldSurvey(c, rules, new Date(now.getTime() - 6.9 * 86_400_000), now)).toBe(false);
    expect(shouldSurvey(c, rules, new Date(now.getTime() - 7 * 86_400_000), now)).toBe(true);
    expect(shouldSurvey(c, { ...rules, minDaysBetween: 0 }, now, now)).toBe(true);
  });
  it('speaks the customer’s language', () => {
    expect(surveyPrompt('ar', 'https://x/s/1')).toContain('قيّم');
    expect(surveyPrompt('az-Latn', 'https://x/s/1')).toContain('qiymətləndirin');
    expect(surveyPrompt('fr', 'https://x/s/1')).toMatch(/^How did we do\?.*https:\/\/x\/s\/1$/);
    expect(surveyLanguage(null)).toBe('en');
    expect(surveySubject('ar-AE')).toBe('كيف كانت خدمتنا؟');
    expect(surveySubject('de')).toBe('How did we do?');
  });
});
