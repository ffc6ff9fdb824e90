import { XMLBuilder } from 'fast-xml-parser';

import type { DocumentDescriptor } from '../ceb/document-descriptor';
import { CEB_NAMESPACE } from './ceb-structure';

function prefixed(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(prefixed);
  if (value !== null && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [`ceb:${k}`, prefixed(v)]));
  }
  return value;
}

/**
 * A CEB XML declaration message carrying `documents` (in their JSON shape), as an enterprise's ERP would send
 * it: `ceb:` prefix, guid and version on the root, the documents, then BaseTransfer naming the sender, then a
 * structurally valid placeholder signature (accepted with a warning where SIGNATURE_MODE is `sandbox`, as in
 * local mode and the tests; real senders sign, docs/ceb-signatures.md). The console's XML examples and the tests
 * build their messages with it.
 */
export function cebXmlMessage(
  descriptor: DocumentDescriptor,
  documents: object[],
  copCode: string,
  guid = '4CDE1E3A-1D5D-4C0A-9D4B-6E0C2D3B1A77',
): string {
  const content = documents.map((d) =>
    descriptor.documentElement === descriptor.headElement
      ? (d as Record<string, unknown>)[descriptor.headElement]
      : d,
  );
  const message = {
    [`ceb:${descriptor.rootElement}`]: {
      '@_guid': guid,
      '@_version': '1.0',
      '@_xmlns:ceb': CEB_NAMESPACE,
      [`ceb:${descriptor.documentElement}`]: prefixed(content),
      'ceb:BaseTransfer': prefixed({
        copCode,
        copName: 'test sender',
        dxpMode: 'DXP',
        dxpId: 'DXPENT0000000001',
      }),
      // Structurally valid XML-DSig placeholder: the XSD requires a signature on CEB621/623/625/711.
      'ds:Signature': {
        '@_xmlns:ds': 'http://www.w3.org/2000/09/xmldsig#',
        'ds:SignedInfo': {
          'ds:CanonicalizationMethod': { '@_Algorithm': 'http://www.w3.org/TR/2001/REC-xml-c14n-20010315' },
          'ds:SignatureMethod': { '@_Algorithm': 'http://www.chinaport.gov.cn/2022/04/xmldsig#sm2-sm3' },
          'ds:Reference': {
            '@_URI': '',
            'ds:DigestMethod': { '@_Algorithm': 'http://www.chinaport.gov.cn/2022/04/xmldsig#sm3' },
            'ds:DigestValue': 'AAAA',
          },
        },
        'ds:SignatureValue': 'AAAA',
      },
    },
  };
  const builder = new XMLBuilder({ ignoreAttributes: false, attributeNamePrefix: '@_', format: true });
  return `<?xml version="1.0" encoding="UTF-8"?>\n${builder.build(message)}`;
}
