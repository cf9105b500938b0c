import { numberRequestEmail } from './number-request-email';

describe('number-request email', () => {
  it('the number-request email carries who asked, how many and the note', () => {
    const email = numberRequestEmail({
      organizationName: 'Acme',
      requestedBy: 'admin@acme.example',
      quantity: 25,
      note: 'Q3 hiring',
      portalUrl: 'http://p/',
    });
    expect(email.subject).toBe('Acme requests 25 more numbers');
    expect(email.text).toBe(
      'Acme requests 25 more numbers.\nRequested by: admin@acme.example\nNote: Q3 hiring\n\nPortal: http://p/',
    );
  });
});
