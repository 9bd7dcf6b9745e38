// Proves XML well-formedness with a strict parser (saxes): throws on the first error.
import { SaxesParser } from 'saxes';

export function assertWellFormed(xml: string): void {
  const parser = new SaxesParser({ xmlns: true });
  parser.on('error', (err) => {
    throw err;
  });
  parser.write(xml).close();
}
