import { describe, expect, it } from 'vitest';
import { demoUsers, withProduct } from './support.js';

describe('branch kiosk, display and the agent\'s call', () => {
  const e2e = withProduct();

  it('a ticket taken at the kiosk shows on the display when an agent calls next', async () => {
    const admin = await e2e.signedIn(demoUsers.admin);
    const channels = (await (await admin.page.request.get('/api/channels')).json()).items as { kind: string; name: string; publicKey: string }[];
    const branch = channels.find((c) => c.kind === 'walk_in')!;
    expect(branch.name).toBe('Nizami street branch');
    await admin.context.close();

    // The kiosk: choose a service, skip the phone, get a number.
    const kioskContext = await e2e.newContext();
    const kiosk = await kioskContext.newPage();
    await kiosk.goto(`/kiosk/${branch.publicKey}`);
    await kiosk.getByTestId('kiosk-service-payments').click();
    await kiosk.getByTestId('kiosk-take').click();
    const number = (await kiosk.getByTestId('kiosk-ticket-number').textContent())!.trim();
    expect(number).toMatch(/^B-\d{3}$/);
    await expect.poll(() => kiosk.getByText('You are next').isVisible()).toBe(true);

    // The display in the waiting area, live over server-sent events.
    const displayContext = await e2e.newContext();
    const display = await displayContext.newPage();
    await display.goto(`/display/${branch.publicKey}`);
    await expect.poll(() => display.getByText('Live').isVisible()).toBe(true);
    expect(await display.getByTestId('display-number').count()).toBe(0);

    // The agent (who serves Billing, the queue of Orders & payments) calls the next customer to Desk 2.
    const agent = await e2e.signedIn(demoUsers.agent1);
    await agent.page.getByTestId('app-navbar').getByRole('link', { name: 'Branch desk' }).click();
    await agent.page.getByTestId('desk-counter').click();
    await agent.page.getByRole('option', { name: 'Desk 2' }).click();
    await agent.page.getByTestId('desk-call-next').click();
    await expect.poll(() => agent.page.getByTestId('desk-current').textContent()).toBe(number);

    await expect.poll(() => display.getByTestId('display-number').textContent(), { timeout: 10_000 }).toBe(number);
    expect(await display.getByTestId('display-counter').textContent()).toBe('Desk 2');
    // The display shows numbers and counters, nothing about the customer.
    expect(await display.evaluate(() => document.body.innerText)).not.toMatch(/\S@\S|\+\d{6,}/);

    // Calling again brings the same number back; a no-show takes it off the screen.
    await agent.page.getByRole('button', { name: 'Call again' }).click();
    await agent.page.getByRole('button', { name: 'No-show' }).click();
    await expect.poll(() => display.getByTestId('display-number').count(), { timeout: 10_000 }).toBe(0);
    await Promise.all([kioskContext.close(), displayContext.close(), agent.context.close()]);
  });
});
