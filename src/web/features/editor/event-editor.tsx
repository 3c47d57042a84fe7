import '../../styles/editor';
import { ScrollArea, Skeleton, Tabs } from '@mantine/core';
import { lazy, Suspense, useEffect, useRef, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { useSearchParams } from 'react-router';
import type { EventDetail } from '../../api/types';
import type { EditorEvent } from './api';

const DetailsTab = lazy(() => import('./details-tab').then((m) => ({ default: m.DetailsTab })));
const SessionsTab = lazy(() => import('./sessions-tab').then((m) => ({ default: m.SessionsTab })));
const TicketsTab = lazy(() => import('./tickets-tab').then((m) => ({ default: m.TicketsTab })));
const ConferenceTab = lazy(() => import('./conference-tab').then((m) => ({ default: m.ConferenceTab })));
const EmailsTab = lazy(() => import('./emails-tab').then((m) => ({ default: m.EmailsTab })));
const DisplayTab = lazy(() => import('./display-tab').then((m) => ({ default: m.DisplayTab })));
const PromoCodesTab = lazy(() => import('./promo-codes-tab').then((m) => ({ default: m.PromoCodesTab })));

export const EDITOR_TABS = ['overview', 'details', 'sessions', 'tickets', 'conference', 'emails', 'display', 'promo'] as const;
export type EditorTab = (typeof EDITOR_TABS)[number];

/** The event page's tabs: the overview plus the editor's sections; `?tab=` keeps the choice in the URL. */
export function EventEditorTabs({ event, overview }: { event: EventDetail; overview: ReactNode }) {
  const { t } = useTranslation();
  const [params, setParams] = useSearchParams();
  const raw = params.get('tab') ?? 'overview';
  const tab: EditorTab = (EDITOR_TABS as readonly string[]).includes(raw) ? (raw as EditorTab) : 'overview';
  const e = event as EditorEvent;
  const listRef = useRef<HTMLDivElement>(null);
  // On a phone the tab list scrolls sideways: keep the chosen tab in view.
  useEffect(() => {
    listRef.current?.querySelector<HTMLElement>('[aria-selected="true"]')?.scrollIntoView({ block: 'nearest', inline: 'nearest' });
  }, [tab]);
  const editable = event.status !== 'cancelled';
  const panel = (value: EditorTab, node: ReactNode) => (
    <Tabs.Panel value={value} pt="lg">
      {tab === value && <Suspense fallback={<Skeleton height={240} />}>{node}</Suspense>}
    </Tabs.Panel>
  );
  return (
    <Tabs
      value={tab}
      onChange={(v) => {
        const next = new URLSearchParams(params);
        if (!v || v === 'overview') next.delete('tab');
        else next.set('tab', v);
        setParams(next, { replace: true });
      }}
    >
      <ScrollArea type="auto" offsetScrollbars="x">
        <Tabs.List style={{ flexWrap: 'nowrap' }} ref={listRef}>
          {EDITOR_TABS.map((k) => (
            <Tabs.Tab key={k} value={k} data-testid={`editor-tab-${k}`} style={{ whiteSpace: 'nowrap' }}>
              {t(`editor.tabs.${k}`)}
            </Tabs.Tab>
          ))}
        </Tabs.List>
      </ScrollArea>
      <Tabs.Panel value="overview" pt="lg">
        {overview}
      </Tabs.Panel>
      {panel('details', <DetailsTab event={e} editable={editable} />)}
      {panel('sessions', <SessionsTab event={e} editable={editable} />)}
      {panel('tickets', <TicketsTab event={e} editable={editable} />)}
      {panel('conference', <ConferenceTab event={e} editable={editable} />)}
      {panel('emails', <EmailsTab event={e} />)}
      {panel('display', <DisplayTab event={e} editable={editable} />)}
      {panel('promo', <PromoCodesTab event={e} editable={editable} />)}
    </Tabs>
  );
}
