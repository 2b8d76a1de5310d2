import { describe, expect, test } from 'bun:test';
import { Api, signUp, userWithRole } from './client';
import { openStream } from './sse';
import type { ContractCase } from './suite';

export const notificationsContract: ContractCase = (target) => {
  describe('notifications', () => {
    test('a notification is persisted for its user, pushed live, and can be marked read', async () => {
      const api = new Api(target().baseUrl);
      const c = await signUp(api, 'ntf');
      const emp = await userWithRole(api, c, 'employee');
      const bystander = await userWithRole(api, c, 'employee');
      const stream = await openStream(target().baseUrl, { token: emp.token });
      const quiet = await openStream(target().baseUrl, { token: bystander.token });

      await api.patch(`/v1/users/${emp.id}`, { role: 'manager' }, { token: c.token });

      // The user hears of the change itself, then of the notification made from it.
      const pushed = await stream.next(2);
      expect(pushed.map((e) => e.event)).toEqual(['user.role_changed', 'notification.created']);
      expect(pushed[1]!.data.data).toMatchObject({ title: 'Your role changed', body: 'You are now manager.' });

      const unread = await api.get('/v1/notifications?unread=true', { token: emp.token });
      expect(unread.status).toBe(200);
      expect(unread.body.items).toHaveLength(1);
      expect(unread.body.items[0]).toMatchObject({ type: 'user.role_changed', readAt: null });
      expect((await api.get('/v1/notifications', { token: bystander.token })).body.items).toEqual([]);

      // Marking another user's notification does nothing.
      const foreign = await api.post('/v1/notifications/read', { ids: [unread.body.items[0].id] }, { token: bystander.token });
      expect(foreign.body.marked).toBe(0);
      const read = await api.post('/v1/notifications/read', {}, { token: emp.token });
      expect(read.body.marked).toBe(1);
      expect((await api.get('/v1/notifications?unread=true', { token: emp.token })).body.items).toEqual([]);
      // The bystander's first event is one about itself, made last: nothing came before it.
      await api.patch(`/v1/users/${bystander.id}`, { role: 'manager' }, { token: c.token });
      expect((await quiet.next(1)).map((e) => [e.event, e.data.subject])).toEqual([['user.role_changed', bystander.id]]);
      await Promise.all([stream.close(), quiet.close()]);
    });
  });
};
