import type { TemplateKey, TemplateText } from '../template-keys.js';

// Shared fragments are spelled out in each template so organisers see and edit all of it.
export const en: Record<TemplateKey, TemplateText> = {
  order_confirmation: {
    subject: 'Your ticket: {{ event.title }}',
    body: `Hello {{ attendee.firstName }},

your ticket for {{ event.title }} is confirmed.

When: {{ event.when }}
{% if event.venue %}Where: {{ event.venue }}
{% endif %}{% if join.url %}Join: {{ join.url }}
{% if join.passcode %}Passcode: {{ join.passcode }}
{% endif %}{% endif %}
Your ticket: {{ ticket.url }}
Add to calendar: {{ ticket.calendarUrl }}
{% if tickets.size > 1 %}
Tickets in your order:
{% for t in tickets %}- {{ t.name }}: {{ t.url }}
{% endfor %}{% endif %}{% if order.total %}
Total: {{ order.total }}
{% endif %}
{{ organization.name }}`,
  },
  join_link: {
    subject: 'Your join link: {{ event.title }}',
    body: `Hello {{ attendee.firstName }},

here is your personal link to join {{ event.title }} ({{ event.when }}):

{{ join.url }}
{% if join.passcode %}Passcode: {{ join.passcode }}
{% endif %}
Please do not share it: it is registered to you.

Your ticket: {{ ticket.url }}

{{ organization.name }}`,
  },
  companion_join_link: {
    subject: '{{ buyer.firstName }} {{ buyer.lastName }} invited you: {{ event.title }}',
    body: `Hello {{ attendee.firstName }},

{{ buyer.firstName }} {{ buyer.lastName }} got you a ticket for {{ event.title }} ({{ event.when }}).

Your personal join link:
{{ join.url }}
{% if join.passcode %}Passcode: {{ join.passcode }}
{% endif %}
Please do not share it: it is registered to you.

Your ticket: {{ ticket.url }}

{{ organization.name }}`,
  },
  event_changed: {
    subject: 'Changed: {{ event.title }}',
    body: `Hello {{ attendee.firstName }},

{{ event.title }} has changed.

Now: {{ event.when }}
{% if previous.title and previous.title != event.title %}Previously called: {{ previous.title }}
{% endif %}{% if join.url %}Join: {{ join.url }}
{% endif %}
The attached calendar file replaces the earlier one.
Your ticket: {{ ticket.url }}

{{ organization.name }}`,
  },
  event_cancelled: {
    subject: 'Cancelled: {{ event.title }}',
    body: `Hello {{ attendee.firstName }},

we are sorry: {{ event.title }} ({{ event.when }}) has been cancelled.
{% if reason %}
Reason: {{ reason }}
{% endif %}{% if refunded %}
Your payment will be refunded.
{% endif %}
{{ organization.name }}`,
  },
  attendee_rejected: {
    subject: 'Your order for {{ event.title }} was not accepted',
    body: `Hello {{ buyer.firstName }},

your order for {{ event.title }} could not be accepted and your tickets are not valid.
{% if reason %}
Reason: {{ reason }}
{% endif %}
If you think this is a mistake, reply to this e-mail.

{{ organization.name }}`,
  },
  refund_issued: {
    subject: 'Refund for {{ event.title }}',
    body: `Hello {{ buyer.firstName }},

we have refunded {{ refund.amount }} for your order for {{ event.title }}.
{% if order.status == "partially_refunded" %}Your tickets remain valid.{% else %}Your tickets are no longer valid.{% endif %}

{{ organization.name }}`,
  },
  reminder: {
    subject: 'Starting soon: {{ event.title }}',
    body: `Hello {{ attendee.firstName }},

a reminder: {{ event.title }} starts {{ session.when }}.
{% if join.url %}
Join: {{ join.url }}
{% if join.passcode %}Passcode: {{ join.passcode }}
{% endif %}{% endif %}{% if event.venue %}Where: {{ event.venue }}
{% endif %}
Your ticket: {{ ticket.url }}

{{ organization.name }}`,
  },
};
