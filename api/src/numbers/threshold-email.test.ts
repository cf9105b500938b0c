import { computeUtilization } from './utilization';
import { NotificationCause } from '../notifications/notification.entity';
import { thresholdEmail } from './threshold-email';

describe('threshold email', () => {
  const utilization = computeUtilization({
    available: 1,
    reserved: 1,
    assigned: 2,
    registered: 1,
    allocatedToSubOrganizations: 0,
    pendingInvitation: 2,
  });

  it(
    'names the organization, in use / total, percent, threshold, numbers left and the portal link, ' +
      'in text and HTML',
    () => {
      const email = thresholdEmail({
        cause: NotificationCause.THRESHOLD_REACHED,
        organizationName: 'Acme <Sales>',
        utilization,
        thresholdPercent: 80,
        portalUrl: 'https://portal.example/dash?a=1&b=2',
      });
      expect(email.subject).toBe('Acme <Sales>: 80% of numbers in use (threshold 80%)');
      expect(email.text).toContain('Acme <Sales> has reached its number utilization threshold.');
      expect(email.text).toContain('Utilization: 4 of 5 numbers in use (80%).');
      expect(email.text).toContain('Threshold: 80%.');
      expect(email.text).toContain('Numbers left: 1.');
      expect(email.text).toContain('https://portal.example/dash?a=1&b=2');
      expect(email.html).toContain('<strong>Acme &lt;Sales&gt;</strong>');
      expect(email.html).toContain('4 of 5 numbers in use (80%)');
      expect(email.html).toContain('<td>80%</td>');
      expect(email.html).toContain('<th align="left">Numbers left</th><td>1</td>');
      expect(email.html).toContain('href="https://portal.example/dash?a=1&amp;b=2"');
    },
  );

  it('says so when no number is left, and rounds the percent to one decimal', () => {
    const full = computeUtilization({
      available: 0,
      reserved: 0,
      assigned: 3,
      registered: 0,
      allocatedToSubOrganizations: 0,
      pendingInvitation: 3,
    });
    expect(
      thresholdEmail({
        cause: NotificationCause.NUMBERS_TAKEN_WHILE_REACHED,
        organizationName: 'A',
        utilization: full,
        thresholdPercent: 90,
        portalUrl: 'http://p/',
      }).text,
    ).toContain('Numbers left: 0 — no numbers are available any more.');
    const third = computeUtilization({
      available: 2,
      reserved: 1,
      assigned: 0,
      registered: 0,
      allocatedToSubOrganizations: 0,
      pendingInvitation: 0,
    });
    expect(
      thresholdEmail({
        cause: NotificationCause.THRESHOLD_SAVED_REACHED,
        organizationName: 'A',
        utilization: third,
        thresholdPercent: 33,
        portalUrl: 'http://p/',
      }).subject,
    ).toBe('A: 33.3% of numbers in use (threshold 33%)');
  });
});
