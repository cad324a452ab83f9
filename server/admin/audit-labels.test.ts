import { describe, expect, it } from 'vitest';
import { createI18n, LANGUAGES } from '../platform/i18n.ts';
import { auditActionLabel } from './audit-labels.ts';

describe('audit actions in words', () => {
  const i18n = createI18n();
  it('says what happened in every language, for whole codes and for a draft section', () => {
    const cs = (a: string) => auditActionLabel((k) => i18n.t('cs', k), a);
    expect(cs('signin.failed')).toBe('Neúspěšné přihlášení');
    expect(cs('feedback.answer')).toBe('Podnět: veřejná odpověď');
    expect(cs('draft.emergency')).toMatch(/^Úprava konceptu: \S/);
    expect(cs('draft.emergency')).not.toContain('emergency');
    for (const lang of LANGUAGES) {
      for (const a of ['signin', 'signin.failed', 'signin.locked', 'signout', 'site.add', 'user.add', 'user.update', 'feed.refresh', 'publish', 'publish.failed', 'draft.seed', 'draft.reseed', 'feedback.export', 'feedback.purge', 'feedback.status', 'feedback.assign', 'feedback.answer', 'feedback.note', 'draft.names', 'draft.announcements']) {
        const label = auditActionLabel((k) => i18n.t(lang, k), a);
        expect(label, `${lang} ${a}`).not.toContain('admin:');
        expect(label, `${lang} ${a}`).not.toBe(a);
      }
    }
  });
  it('shows an unknown code as it is, so nothing recorded is hidden', () => {
    expect(auditActionLabel((k) => i18n.t('en', k), 'alerts.issue')).toBe('alerts.issue');
    expect(auditActionLabel((k) => i18n.t('en', k), 'draft.somethingNew')).toBe('Draft edited: somethingNew');
  });
});
