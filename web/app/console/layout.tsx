import type { ReactNode } from 'react';
import { AreaMessages } from '../../i18n/AreaMessages';

export default function Layout({ children }: { children: ReactNode }) {
  return <AreaMessages staff areas={['customer', 'console']}>{children}</AreaMessages>;
}
