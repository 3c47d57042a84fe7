import type { TemplateKey, TemplateText } from '../template-keys.js';

export const pl: Record<TemplateKey, TemplateText> = {
  order_confirmation: {
    subject: 'Twój bilet: {{ event.title }}',
    body: `Dzień dobry {{ attendee.firstName }},

Twój bilet na wydarzenie {{ event.title }} został potwierdzony.

Kiedy: {{ event.when }}
{% if event.venue %}Gdzie: {{ event.venue }}
{% endif %}{% if join.url %}Link do udziału: {{ join.url }}
{% if join.passcode %}Kod dostępu: {{ join.passcode }}
{% endif %}{% endif %}
Twój bilet: {{ ticket.url }}
Dodaj do kalendarza: {{ ticket.calendarUrl }}
{% if tickets.size > 1 %}
Bilety w Twoim zamówieniu:
{% for t in tickets %}- {{ t.name }}: {{ t.url }}
{% endfor %}{% endif %}{% if order.total %}
Razem: {{ order.total }}
{% endif %}
{{ organization.name }}`,
  },
  join_link: {
    subject: 'Twój link do udziału: {{ event.title }}',
    body: `Dzień dobry {{ attendee.firstName }},

oto Twój osobisty link do udziału w wydarzeniu {{ event.title }} ({{ event.when }}):

{{ join.url }}
{% if join.passcode %}Kod dostępu: {{ join.passcode }}
{% endif %}
Prosimy nie udostępniać go innym: jest przypisany do Ciebie.

Twój bilet: {{ ticket.url }}

{{ organization.name }}`,
  },
  companion_join_link: {
    subject: '{{ buyer.firstName }} {{ buyer.lastName }} zaprasza Cię: {{ event.title }}',
    body: `Dzień dobry {{ attendee.firstName }},

{{ buyer.firstName }} {{ buyer.lastName }} kupił(a) dla Ciebie bilet na wydarzenie {{ event.title }} ({{ event.when }}).

Twój osobisty link do udziału:
{{ join.url }}
{% if join.passcode %}Kod dostępu: {{ join.passcode }}
{% endif %}
Prosimy nie udostępniać go innym: jest przypisany do Ciebie.

Twój bilet: {{ ticket.url }}

{{ organization.name }}`,
  },
  event_changed: {
    subject: 'Zmiana: {{ event.title }}',
    body: `Dzień dobry {{ attendee.firstName }},

wydarzenie {{ event.title }} zostało zmienione.

Nowy termin: {{ event.when }}
{% if previous.title and previous.title != event.title %}Poprzednia nazwa: {{ previous.title }}
{% endif %}{% if join.url %}Link do udziału: {{ join.url }}
{% endif %}
Załączony plik kalendarza zastępuje poprzedni.
Twój bilet: {{ ticket.url }}

{{ organization.name }}`,
  },
  event_cancelled: {
    subject: 'Odwołane: {{ event.title }}',
    body: `Dzień dobry {{ attendee.firstName }},

z przykrością informujemy, że wydarzenie {{ event.title }} ({{ event.when }}) zostało odwołane.
{% if reason %}
Powód: {{ reason }}
{% endif %}{% if refunded %}
Twoja płatność zostanie zwrócona.
{% endif %}
{{ organization.name }}`,
  },
  attendee_rejected: {
    subject: 'Twoje zamówienie na {{ event.title }} nie zostało przyjęte',
    body: `Dzień dobry {{ buyer.firstName }},

Twoje zamówienie na wydarzenie {{ event.title }} nie mogło zostać przyjęte, a bilety nie są ważne.
{% if reason %}
Powód: {{ reason }}
{% endif %}
Jeśli to pomyłka, odpowiedz na tę wiadomość.

{{ organization.name }}`,
  },
  refund_issued: {
    subject: 'Zwrot za {{ event.title }}',
    body: `Dzień dobry {{ buyer.firstName }},

zwróciliśmy {{ refund.amount }} za Twoje zamówienie na wydarzenie {{ event.title }}.
{% if order.status == "partially_refunded" %}Twoje bilety pozostają ważne.{% else %}Twoje bilety nie są już ważne.{% endif %}

{{ organization.name }}`,
  },
  reminder: {
    subject: 'Wkrótce start: {{ event.title }}',
    body: `Dzień dobry {{ attendee.firstName }},

przypominamy: {{ event.title }} rozpoczyna się {{ session.when }}.
{% if join.url %}
Link do udziału: {{ join.url }}
{% if join.passcode %}Kod dostępu: {{ join.passcode }}
{% endif %}{% endif %}{% if event.venue %}Gdzie: {{ event.venue }}
{% endif %}
Twój bilet: {{ ticket.url }}

{{ organization.name }}`,
  },
};
