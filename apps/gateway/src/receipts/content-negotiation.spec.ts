import { negotiate } from './content-negotiation';

const offered = ['application/json', 'application/xml', 'text/xml'] as const;

describe('negotiate', () => {
  it.each([
    [undefined, 'application/json'],
    ['*/*', 'application/json'],
    ['application/xml', 'application/xml'],
    ['text/xml', 'text/xml'],
    ['application/json, application/xml', 'application/json'],
    ['application/xml, application/json', 'application/xml'],
    ['application/json;q=0.5, application/xml', 'application/xml'],
    ['application/*', 'application/json'],
    ['application/xml;q=0.9, */*;q=0.1', 'application/xml'],
    ['text/html', undefined],
    ['application/json;q=0', undefined],
  ])('Accept %p gives %p', (accept, expected) => {
    expect(negotiate(accept, offered)).toBe(expected);
  });
});
