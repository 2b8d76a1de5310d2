import type { MailLanguage } from './mail.sql.ts';

/**
 * Mail templates per notification type and language. The subject and the frame (greeting,
 * why you get this, where to act) are written per language; the notification's own line
 * (names, dates, titles) is quoted as it was written. Unknown types fall back to a generic
 * template, an unknown language to English: a mail is never lost for want of a template.
 */
interface Wording {
  subject: string;
  lead: string;
}

type Catalogue = Record<string, Partial<Record<MailLanguage, Wording>>>;

const catalogue: Catalogue = {
  'checklist.task_assigned': {
    en: { subject: 'New tasks for you', lead: 'You have new checklist tasks.' },
    de: { subject: 'Neue Aufgaben für Sie', lead: 'Sie haben neue Checklisten-Aufgaben.' },
  },
  'checklist.task_overdue': {
    en: { subject: 'A task is overdue', lead: 'A checklist task assigned to you is past its due date.' },
    de: { subject: 'Eine Aufgabe ist überfällig', lead: 'Eine Ihnen zugewiesene Checklisten-Aufgabe ist überfällig.' },
  },
  'timeoff.approval_requested': {
    en: { subject: 'Time off to approve', lead: 'A time-off request waits for your decision.' },
    de: { subject: 'Urlaubsantrag zur Genehmigung', lead: 'Ein Urlaubsantrag wartet auf Ihre Entscheidung.' },
  },
  'timeoff.approval_reminder': {
    en: { subject: 'Reminder: time off to approve', lead: 'A time-off request is still waiting for your decision.' },
    de: { subject: 'Erinnerung: Urlaubsantrag zur Genehmigung', lead: 'Ein Urlaubsantrag wartet noch auf Ihre Entscheidung.' },
  },
  'timeoff.request_approved': {
    en: { subject: 'Time off approved', lead: 'Your time-off request was approved.' },
    de: { subject: 'Urlaub genehmigt', lead: 'Ihr Urlaubsantrag wurde genehmigt.' },
  },
  'timeoff.request_rejected': {
    en: { subject: 'Time off rejected', lead: 'Your time-off request was rejected.' },
    de: { subject: 'Urlaub abgelehnt', lead: 'Ihr Urlaubsantrag wurde abgelehnt.' },
  },
  'mail.digest': {
    en: { subject: 'Your daily summary', lead: 'What happened for you since yesterday:' },
    de: { subject: 'Ihre tägliche Zusammenfassung', lead: 'Was seit gestern für Sie passiert ist:' },
  },
  'identity.password_reset': {
    en: { subject: 'Reset your password', lead: 'Someone asked to reset your password. If it was you, use the link below within 30 minutes; if not, ignore this mail.' },
    de: { subject: 'Passwort zurücksetzen', lead: 'Jemand hat das Zurücksetzen Ihres Passworts angefordert. Wenn Sie das waren, nutzen Sie den Link innerhalb von 30 Minuten; sonst ignorieren Sie diese Mail.' },
  },
  'identity.invite': {
    en: { subject: 'You are invited', lead: 'You are invited to join your company on Roster.' },
    de: { subject: 'Sie sind eingeladen', lead: 'Sie sind eingeladen, Ihrem Unternehmen auf Roster beizutreten.' },
  },
};

const generic: Record<MailLanguage, Wording> = {
  en: { subject: 'A new notification', lead: 'You have a new notification.' },
  de: { subject: 'Eine neue Benachrichtigung', lead: 'Sie haben eine neue Benachrichtigung.' },
};

const frame: Record<MailLanguage, { greeting: (name: string) => string; footer: string; accountFooter: string }> = {
  en: { greeting: (n) => `Hello ${n},`, footer: 'You get this mail because of your notification settings in Roster.', accountFooter: 'You get this mail because of a step taken on your Roster account.' },
  de: { greeting: (n) => `Hallo ${n},`, footer: 'Sie erhalten diese Mail aufgrund Ihrer Benachrichtigungseinstellungen in Roster.', accountFooter: 'Sie erhalten diese Mail wegen eines Schritts an Ihrem Roster-Konto.' },
};

const escapeHtml = (s: string) => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

export interface RenderInput {
  type: string;
  language: MailLanguage;
  company: string;
  recipient: string;
  /** The notification's lines, quoted as written (one per digest entry). */
  lines: string[];
  link?: string;
}

export function renderMail(m: RenderInput): { subject: string; text: string; html: string } {
  const words = catalogue[m.type]?.[m.language] ?? catalogue[m.type]?.en ?? generic[m.language];
  const f = frame[m.language];
  // Account mails (invite, reset) come whatever the notification settings say: their footer says so.
  const footer = m.type.startsWith('identity.') ? f.accountFooter : f.footer;
  const subject = `[${m.company}] ${words.subject}`;
  const text = [f.greeting(m.recipient), '', words.lead, '', ...m.lines.map((l) => `- ${l}`), ...(m.link ? ['', m.link] : []), '', '-- ', `${m.company} · ${footer}`].join('\n');
  const html = [
    `<p>${escapeHtml(f.greeting(m.recipient))}</p>`,
    `<p>${escapeHtml(words.lead)}</p>`,
    `<ul>${m.lines.map((l) => `<li>${escapeHtml(l)}</li>`).join('')}</ul>`,
    ...(m.link ? [`<p><a href="${escapeHtml(m.link)}">${escapeHtml(m.link)}</a></p>`] : []),
    `<p style="color:#666">${escapeHtml(m.company)} · ${escapeHtml(footer)}</p>`,
  ].join('\n');
  return { subject, text, html };
}
