import { createContext, useContext } from 'react';

/** What the customer's pages show of the organisation (Settings -> Branding), decided on the server per page. */
export interface CustomerBrand {
  name: string;
  /** #rrggbb or null; the page's colours come from the head's style (server/customer-pages.ts), not from here. */
  accent: string | null;
  contact: string;
  /** The logo's address (its content's hash in it), or null for the product's mark. */
  logoUrl: string | null;
}

export const LIFELINE_BRAND: CustomerBrand = { name: 'Lifeline', accent: null, contact: '', logoUrl: null };

export const BrandContext = createContext<CustomerBrand>(LIFELINE_BRAND);

export function useBrand(): CustomerBrand {
  return useContext(BrandContext);
}

/**
 * The organisation's logo and name at the top of a customer page, from the first paint: a page that names only
 * the product until the code is typed reads like someone else's.
 */
export function BrandHeader() {
  const { name, logoUrl } = useBrand();
  return (
    <div className="brand customer-brand">
      {logoUrl ? (
        // The name is written beside it: the image adds nothing a screen reader should say twice.
        <img className="brand-logo" src={logoUrl} alt="" data-testid="brand-logo" />
      ) : (
        <span className="brand-mark" aria-hidden="true">{Array.from(name)[0]?.toLocaleUpperCase() ?? 'L'}</span>
      )}
      <span data-testid="brand-name">{name}</span>
    </div>
  );
}

/** How else to reach the organisation's support, as the administrator wrote it (plain text, never a link). */
export function ContactLine() {
  const { contact } = useBrand();
  if (!contact) return null;
  return <p className="brand-contact muted" data-testid="brand-contact">{contact}</p>;
}
