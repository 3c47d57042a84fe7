import { MantineProvider } from '@mantine/core';
import { useState } from 'react';
import { RouterProvider } from 'react-router';
import { createRouter } from './routes/router';
import { cssVariablesResolver, theme } from './theme';

export function App() {
  const [router] = useState(createRouter);
  return (
    <MantineProvider theme={theme} cssVariablesResolver={cssVariablesResolver} defaultColorScheme="light">
      {/* TanStack Query is provided by the lazy organiser/auth routes (routes/with-query.tsx). */}
      <RouterProvider router={router} />
    </MantineProvider>
  );
}
