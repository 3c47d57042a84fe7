import { Text } from '@mantine/core';
import { useElementSize } from '@mantine/hooks';
import { useTranslation } from 'react-i18next';
import { useIntlLocale } from '../../i18n/use-intl-locale';
import { formatMoney, formatNumber } from '../../lib/format';
import type { EventStats } from './api';
import { dailySeries, niceScale } from './chart-scale';

/** A calendar day (no zone of its own) in the UI locale. */
export function formatDay(date: string, locale: string, withYear = true): string {
  return new Intl.DateTimeFormat(locale, { timeZone: 'UTC', day: 'numeric', month: 'short', ...(withYear ? { year: 'numeric' } : {}) }).format(new Date(`${date}T00:00:00Z`));
}

const H = 240;
const PAD = { top: 12, right: 8, bottom: 36, left: 40 };

/**
 * Tickets sold per day as an inline SVG bar chart (no chart library: a few hundred bytes).
 * Screen readers get a one-line summary on the image and the full figures in a hidden table.
 */
export function SalesChart({ rows }: { rows: EventStats['salesPerDay'] }) {
  const { t } = useTranslation();
  const locale = useIntlLocale();
  // Drawn at the container's real width so the labels keep their size on a phone.
  const { ref, width } = useElementSize<HTMLElement>();
  const series = dailySeries(rows);
  if (!series.length) return <Text c="dimmed">{t('dashboard.chart.none')}</Text>;
  const W = Math.max(280, Math.round(width) || 640);

  const max = Math.max(...series.map((p) => p.tickets));
  const { top, step } = niceScale(max);
  const ticks = Array.from({ length: Math.round(top / step) + 1 }, (_, i) => i * step);
  const innerW = W - PAD.left - PAD.right;
  const innerH = H - PAD.top - PAD.bottom;
  const slot = innerW / series.length;
  const barW = Math.max(2, Math.min(48, slot * 0.7));
  const y = (v: number) => PAD.top + innerH - (v / top) * innerH;
  const labelEvery = Math.max(1, Math.ceil(series.length / Math.max(2, Math.floor(innerW / 70))));
  const total = series.reduce((s, p) => s + p.tickets, 0);
  const summary = t('dashboard.chart.summary', {
    first: formatDay(series[0]!.date, locale),
    last: formatDay(series[series.length - 1]!.date, locale),
    total: formatNumber(total, locale),
    max: formatNumber(max, locale),
  });

  return (
    <figure ref={ref} style={{ margin: 0 }} data-testid="sales-chart">
      <svg viewBox={`0 0 ${W} ${H}`} width="100%" height={H} role="img" aria-label={summary} style={{ display: 'block' }}>
        {ticks.map((v) => (
          <g key={v}>
            <line x1={PAD.left} x2={W - PAD.right} y1={y(v)} y2={y(v)} stroke="var(--mantine-color-gray-3)" strokeWidth={1} />
            <text x={PAD.left - 6} y={y(v)} dy="0.32em" textAnchor="end" fontSize={12} fill="var(--mantine-color-gray-7)">
              {formatNumber(v, locale)}
            </text>
          </g>
        ))}
        {series.map((p, i) => {
          const cx = PAD.left + slot * i + slot / 2;
          const h = (p.tickets / top) * innerH;
          return (
            <g key={p.date} data-testid="sales-bar" data-date={p.date} data-tickets={p.tickets}>
              {p.tickets > 0 && (
                <rect x={cx - barW / 2} y={y(p.tickets)} width={barW} height={h} rx={2} fill="var(--mantine-primary-color-filled)">
                  <title>{`${formatDay(p.date, locale)}: ${formatNumber(p.tickets, locale)} ${t('dashboard.chart.axisTickets')}`}</title>
                </rect>
              )}
              {i % labelEvery === 0 && (
                <text x={cx} y={H - PAD.bottom + 18} textAnchor="middle" fontSize={12} fill="var(--mantine-color-gray-7)">
                  {formatDay(p.date, locale, false)}
                </text>
              )}
            </g>
          );
        })}
        <line x1={PAD.left} x2={W - PAD.right} y1={y(0)} y2={y(0)} stroke="var(--mantine-color-gray-6)" strokeWidth={1} />
      </svg>
      <table className="foyer-visually-hidden">
        <caption>{t('dashboard.chart.tableCaption')}</caption>
        <thead>
          <tr>
            <th scope="col">{t('dashboard.chart.date')}</th>
            <th scope="col">{t('dashboard.chart.tickets')}</th>
            <th scope="col">{t('dashboard.chart.orders')}</th>
            <th scope="col">{t('dashboard.chart.gross')}</th>
          </tr>
        </thead>
        <tbody>
          {series.map((p) => (
            <tr key={p.date}>
              <th scope="row">{formatDay(p.date, locale)}</th>
              <td>{formatNumber(p.tickets, locale)}</td>
              <td>{formatNumber(p.orders, locale)}</td>
              <td>{p.gross.map((g) => formatMoney(g, locale)).join(', ') || '—'}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </figure>
  );
}
