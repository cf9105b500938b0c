import { UsageType } from '../rating/usage-type';
import { usageEventOfCloudEvent, usageEventOfLine } from './bulk-records';

describe('usageEventOfLine (NDJSON)', () => {
  const valid = {
    id: 'call-1',
    organizationId: '12',
    userId: 40,
    type: 'DATA',
    occurredAt: '2027-03-01T09:30:00+01:00',
    quantity: 1500,
    billable: false,
  };

  it('maps a UsageEventInput spelled as in GraphQL, ids as strings or whole numbers', () => {
    expect(usageEventOfLine(valid)).toEqual({
      id: 'call-1',
      organizationId: '12',
      userId: '40',
      type: UsageType.DATA,
      occurredAt: new Date('2027-03-01T08:30:00Z'),
      quantity: 1500,
      billable: false,
    });
    expect(usageEventOfLine({ ...valid, organizationId: 12, userId: null, billable: undefined })).toMatchObject({
      organizationId: '12',
      userId: null,
      billable: null,
    });
  });

  it.each([
    [{ ...valid, id: undefined }, 'id', 'id is required'],
    [{ ...valid, id: 5 }, 'id', 'id must be a string, got 5'],
    [
      { ...valid, organizationId: 1.5 },
      'organizationId',
      'organizationId must be an id (a string or a whole number), got 1.5',
    ],
    [{ ...valid, userId: true }, 'userId', 'userId must be an id (a string or a whole number), got true'],
    [{ ...valid, type: 'voice' }, 'type', 'type must be VOICE, MESSAGE or DATA, got "voice"'],
    [
      { ...valid, occurredAt: '2027-02-30T10:00:00Z' },
      'occurredAt',
      'occurredAt must be an RFC 3339 instant with an offset, e.g. 2026-03-01T09:30:00Z, got "2027-02-30T10:00:00Z"',
    ],
    [{ ...valid, quantity: null }, 'quantity', 'quantity is required'],
    [{ ...valid, quantity: '5' }, 'quantity', 'quantity must be a whole number from 0 to 2^53-1, got "5"'],
    [{ ...valid, billable: 'yes' }, 'billable', 'billable must be true or false, got "yes"'],
    [
      { ...valid, occured_at: 'x' },
      'occured_at',
      'occured_at is not a field; expected id, organizationId, userId, type, occurredAt, quantity, billable',
    ],
    [[valid], null, expect.stringMatching(/^A line must be a JSON object \(a UsageEventInput\), got \[/)],
  ])('refuses %j: %s', (value, field, message) => {
    expect(usageEventOfLine(value)).toEqual({ field, message });
  });
});

describe('usageEventOfCloudEvent', () => {
  const valid = {
    specversion: '1.0',
    id: 'cdr-9',
    source: '//mediation.carrier.example/east',
    type: 'com.carrier.usage.voice',
    subject: '12',
    time: '2027-03-01T09:30:00Z',
    datacontenttype: 'application/json',
    data: { quantity: 61, billable: true, userId: '40' },
    carrierregion: 'east',
  };

  it('maps id, time, subject, type and data (DESIGN §12), extension attributes passing', () => {
    expect(usageEventOfCloudEvent(valid)).toEqual({
      id: 'cdr-9',
      organizationId: '12',
      userId: '40',
      type: UsageType.VOICE,
      occurredAt: new Date('2027-03-01T09:30:00Z'),
      quantity: 61,
      billable: true,
    });
    for (const [type, mapped] of [
      ['message', 'MESSAGE'],
      ['data', 'DATA'],
      ['x.data', 'DATA'],
    ])
      expect(usageEventOfCloudEvent({ ...valid, type })).toMatchObject({ type: mapped });
  });

  it.each([
    [{ ...valid, specversion: '0.3' }, 'specversion', 'specversion must be "1.0", got "0.3"'],
    [{ ...valid, source: '' }, 'source', 'source must be a non-empty string'],
    [{ ...valid, data_base64: 'AAAA' }, 'data_base64', 'data_base64 is not accepted: send data as a JSON object'],
    [
      { ...valid, datacontenttype: 'text/csv' },
      'datacontenttype',
      'datacontenttype must be application/json, got "text/csv"',
    ],
    [
      { ...valid, type: 'com.carrier.usage.VOICE' },
      'type',
      'type must be voice, message or data, after any prefix ending in a dot (e.g. com.carrier.usage.voice), ' +
        'got "com.carrier.usage.VOICE"',
    ],
    [{ ...valid, type: 'com.carrier.usagevoice' }, 'type', expect.stringContaining('got "com.carrier.usagevoice"')],
    [{ ...valid, data: undefined }, 'data', 'data is required'],
    [
      { ...valid, data: { quantity: 1, minutes: 2 } },
      'data.minutes',
      'data.minutes is not a field; expected quantity, billable, userId',
    ],
    [{ ...valid, subject: 12 }, 'subject', 'subject must be a string, got 12'],
    [{ ...valid, time: undefined }, 'time', 'time is required'],
    [
      { ...valid, time: 'yesterday' },
      'time',
      'time must be an RFC 3339 instant with an offset, e.g. 2026-03-01T09:30:00Z, got "yesterday"',
    ],
    [
      { ...valid, data: { quantity: '61' } },
      'data.quantity',
      'data.quantity must be a whole number from 0 to 2^53-1, got "61"',
    ],
    [{ ...valid, data: { quantity: 1, billable: 1 } }, 'data.billable', 'data.billable must be true or false, got 1'],
    [
      { ...valid, data: { quantity: 1, userId: [] } },
      'data.userId',
      'data.userId must be an id (a string or a whole number), got []',
    ],
    ['cdr', null, 'An element must be a CloudEvent (a JSON object), got "cdr"'],
  ])('refuses %j: %s', (value, field, message) => {
    expect(usageEventOfCloudEvent(value)).toEqual({ field, message });
  });
});
