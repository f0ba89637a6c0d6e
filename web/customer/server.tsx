import { renderToString } from 'preact-render-to-string';
import { CustomerApp, type CustomerDocument } from './CustomerApp';

/** The server's half (bundled for Node by server/customer-pages.ts): the page's HTML, before any script runs. */
export function renderCustomerPage(document: CustomerDocument): string {
  return renderToString(<CustomerApp {...document} />);
}
