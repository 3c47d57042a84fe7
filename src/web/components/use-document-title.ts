import { useEffect } from 'react';

/** Sets the tab title ("Events · Foyer"); screen readers announce it on navigation too. */
export function useDocumentTitle(title: string | undefined): void {
  useEffect(() => {
    document.title = title ? `${title} · Foyer` : 'Foyer';
  }, [title]);
}
