import { Group, Text } from '@mantine/core';

/** The wordmark; decorative mark plus the product name as text. */
export function Logo({ size = 28, compact = false }: { size?: number; compact?: boolean }) {
  return (
    <Group gap={8} wrap="nowrap">
      <svg width={size} height={size} viewBox="0 0 32 32" aria-hidden="true" focusable="false">
        <rect width="32" height="32" rx="7" fill="var(--mantine-primary-color-filled)" />
        <path d="M10 8h13v4h-8.5v4H21v4h-6.5v4H10z" fill="#fff" />
      </svg>
      <Text fw={800} fz="lg" span visibleFrom={compact ? 'xs' : undefined}>
        Foyer
      </Text>
    </Group>
  );
}
