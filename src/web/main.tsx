import './styles/base';
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './app';
import { initI18n } from './i18n';

const container = document.getElementById('root');
if (!container) throw new Error('#root is missing from index.html');

// Render once the visitor's language is loaded, so no page flashes in the wrong language.
void initI18n()
  .catch((err: unknown) => console.error('i18n failed to start', err))
  .finally(() => {
    createRoot(container).render(
      <StrictMode>
        <App />
      </StrictMode>,
    );
  });
