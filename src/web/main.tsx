import './styles/base';
import { StrictMode, type ComponentType } from 'react';
import { createRoot } from 'react-dom/client';
import { PublicRoot } from './features/public/public-app';
import { matchPublicPath } from './features/public/public-routes';
import { initI18n } from './i18n';

const container = document.getElementById('root');
if (!container) throw new Error('#root is missing from index.html');

// Buyer pages (/e, /o, /t) render without React Router and TanStack Query: their first load
// stays small (scripts/bundle-size.mjs). Every other URL loads the full app in parallel with
// the visitor's language; a buyer page starts loading its own chunk right away as well.
const publicPage = matchPublicPath(window.location.pathname);
const root: Promise<ComponentType> = publicPage
  ? (void publicPage.route.load().catch(() => undefined), Promise.resolve(PublicRoot))
  : import('./app').then((m) => m.App);

// Render once the visitor's language is loaded, so no page flashes in the wrong language.
void initI18n({ publicOnly: publicPage !== null })
  .catch((err: unknown) => console.error('i18n failed to start', err))
  .then(() => root)
  .then((Root) => {
    createRoot(container).render(
      <StrictMode>
        <Root />
      </StrictMode>,
    );
  });
