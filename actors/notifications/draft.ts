/** An in-app notification a rule asks for: to whom, and what it says. */
export interface NotificationDraft {
  userId: string;
  title: string;
  body: string;
}
