/** OS notifications for alerts as they are raised (the core decides what they say; this only shows them). */
import { Notification } from 'electron';
import type { TwinFrame } from '../common/frame';
import { alertSubject, alertText, type AlertEvent } from '../core/alerts/delivery/format';

export function notifyAlerts(frame: TwinFrame): void {
  if (!Notification.isSupported()) return;
  for (const e of frame.events) {
    if (e.kind !== 'alert' || e.change !== 'raised') continue;
    const event: AlertEvent = e;
    new Notification({
      title: alertSubject(event).replace('[Twinscope] ', ''),
      body: alertText(event).split('\n')[2] ?? '',
    }).show();
  }
}
