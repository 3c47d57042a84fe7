/**
 * A way to pay for an order. The foundation ships `free` and `manual`; Stripe, PayPal and
 * PayU plug in here without the ordering code changing.
 */
export interface PaymentStart {
  orderId: string;
  orderToken: string;
  amount: number;
  currency: string;
  description: string;
  buyerEmail: string;
  returnUrl: string;
  /** Where the provider posts notifications (PayU takes it per order). */
  notifyUrl?: string;
  /** Seconds until the seat hold ends: the provider-side payment should not outlive it. */
  expiresInSeconds?: number;
  /** The buyer's IP address as seen by Foyer (PayU requires `customerIp` for its fraud checks). */
  customerIp?: string;
  buyerFirstName?: string;
  buyerLastName?: string;
  locale?: string;
}

export type PaymentStartResult =
  /** Nothing to pay or paid already: the order completes now. */
  | { outcome: 'completed' }
  /** An organiser must confirm (bank transfer, cash). */
  | { outcome: 'on_hold' }
  /** The buyer must pay at `paymentUrl`; completion arrives by verified notification. */
  | { outcome: 'redirect'; paymentUrl: string; providerRef: string };

export interface PaymentProvider {
  readonly id: string;
  /** ISO 4217 codes this provider accepts, or 'any'. */
  readonly currencies: readonly string[] | 'any';
  /**
   * instant: the order completes at checkout (free); offline: on hold until an organiser
   * confirms (manual); redirect: the buyer pays at the provider, completion comes by
   * verified notification.
   */
  readonly flow: 'instant' | 'offline' | 'redirect';
  start(input: PaymentStart): Promise<PaymentStartResult>;
  /** Providers without an API refund (manual) record the refund only. */
  refund?(input: { providerRef: string; amount: number; currency: string }): Promise<{ providerRef: string }>;
}

/**
 * What a redirect provider (Stripe, PayPal, PayU) can do for one organisation. Built by a
 * `PaymentGatewayFactory` from that organisation's decrypted credentials; never touches the DB.
 */
export interface PaymentGateway {
  readonly id: string;
  /** Creates the provider-side payment; idempotent per Foyer order. */
  start(input: PaymentStart): Promise<{ paymentUrl: string; providerRef: string }>;
  /** Asks the provider how the payment stands (the explicit server-side status check). */
  fetchStatus(providerRef: string, currency: string): Promise<PaymentStatus>;
  /**
   * Moves an approved payment on (PayPal: capture). Providers that capture by themselves
   * return the status unchanged.
   */
  capture?(providerRef: string, orderId: string, currency: string): Promise<PaymentStatus>;
  /** Ends an abandoned provider payment (Stripe: expire the Checkout Session). Best effort. */
  cancel?(providerRef: string): Promise<void>;
  refund(input: RefundInput): Promise<RefundResult>;
  /** Checks the signature with this organisation's secret; throws NotificationRejected when it fails. */
  verifyNotification(raw: Buffer, headers: Record<string, string | string[] | undefined>): Promise<PaymentNotification>;
  /** Calls the provider with the credentials; throws AppError 422 naming what is wrong. */
  validateCredentials(): Promise<void>;
}

export interface RefundInput {
  /** Foyer refund id: the idempotency key. */
  refundId: string;
  orderId: string;
  providerRef: string;
  captureRef: string | null;
  amount: number;
  currency: string;
  /** Order total, for providers where a full refund is sent without amount. */
  total: number;
  reason?: string;
}

export interface RefundResult {
  providerRef: string;
  status: 'pending' | 'succeeded' | 'failed';
}

/**
 * Normalised provider status. `approved`: the buyer approved but money is not taken yet
 * (PayPal before capture); `pending`: taken but not settled; `paid`: money is ours.
 */
export interface PaymentStatus {
  state: 'open' | 'approved' | 'pending' | 'paid' | 'failed' | 'expired';
  captureRef?: string | null;
  amount?: number;
  currency?: string;
}

export type PaymentNotification =
  | { kind: 'payment'; eventId: string; orderId: string | null; providerRef: string | null; status: PaymentStatus }
  /** `foyerRefundId`: our refund id when the provider echoes it (metadata, extRefundId, invoice_id). */
  | { kind: 'refund'; eventId: string; refundRef: string; foyerRefundId?: string | null; captureRef: string | null; status: RefundResult['status'] }
  | { kind: 'dispute'; eventId: string; captureRef: string; reason: string | null }
  | { kind: 'ignored'; eventId: string; type: string };

/** Where an unverified notification points, so the right organisation's secret can check it. */
export interface NotificationHint {
  orderId?: string | null;
  providerRef?: string | null;
  captureRef?: string | null;
  refundRef?: string | null;
}

export class NotificationRejected extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'NotificationRejected';
  }
}

export interface GatewayConfig {
  appUrl: string;
  stripe: { host?: string; port?: number; protocol?: 'http' | 'https' };
  paypalApiUrl: string;
  payuApiUrl: string;
  payuOAuthUrl: string;
}

export interface PaymentGatewayFactory<C = Record<string, string>> {
  readonly id: 'stripe' | 'paypal' | 'payu';
  readonly currencies: readonly string[];
  /** Credential fields that are secret (stored encrypted, masked on read). */
  readonly secretFields: readonly string[];
  /**
   * The smallest amount (Foyer minor units) ≥ `amount` this provider can charge: the
   * provider's minimum charge, and whole units where the API demands them (Stripe/PayPal HUF).
   */
  chargeable(amount: number, currency: string): number;
  create(credentials: C, config: GatewayConfig): PaymentGateway;
  /** Reads an unverified notification just far enough to find its organisation. */
  hint(raw: Buffer): NotificationHint;
}
