import { expect, test } from 'bun:test';
import { renderMail } from './templates';

test('a mail names the company, speaks the recipient’s language, and escapes what it quotes in HTML', () => {
  const en = renderMail({ type: 'checklist.task_assigned', language: 'en', company: 'Acme', recipient: 'Ada', lines: ['Laptop for <Grace>'] });
  expect(en.subject).toBe('[Acme] New tasks for you');
  expect(en.text).toContain('Hello Ada,');
  expect(en.text).toContain('- Laptop for <Grace>');
  expect(en.html).toContain('Laptop for &#60;Grace&#62;');
  const de = renderMail({ type: 'checklist.task_assigned', language: 'de', company: 'Acme', recipient: 'Ada', lines: ['x'] });
  expect(de.subject).toBe('[Acme] Neue Aufgaben für Sie');
  expect(de.text).toContain('Hallo Ada,');
  expect(renderMail({ type: 'unknown.type', language: 'de', company: 'A', recipient: 'B', lines: [] }).subject).toBe('[A] Eine neue Benachrichtigung');
});
