import type { TemplateKey, TemplateText } from '../template-keys.js';

export const ru: Record<TemplateKey, TemplateText> = {
  order_confirmation: {
    subject: 'Ваш билет: {{ event.title }}',
    body: `Здравствуйте, {{ attendee.firstName }}!

Ваш билет на мероприятие «{{ event.title }}» подтверждён.

Когда: {{ event.when }}
{% if event.venue %}Где: {{ event.venue }}
{% endif %}{% if join.url %}Ссылка для входа: {{ join.url }}
{% if join.passcode %}Код доступа: {{ join.passcode }}
{% endif %}{% endif %}
Ваш билет: {{ ticket.url }}
Добавить в календарь: {{ ticket.calendarUrl }}
{% if tickets.size > 1 %}
Билеты в вашем заказе:
{% for t in tickets %}- {{ t.name }}: {{ t.url }}
{% endfor %}{% endif %}{% if order.total %}
Итого: {{ order.total }}
{% endif %}
{{ organization.name }}`,
  },
  join_link: {
    subject: 'Ваша ссылка для входа: {{ event.title }}',
    body: `Здравствуйте, {{ attendee.firstName }}!

Ваша личная ссылка для участия в мероприятии «{{ event.title }}» ({{ event.when }}):

{{ join.url }}
{% if join.passcode %}Код доступа: {{ join.passcode }}
{% endif %}
Пожалуйста, никому её не передавайте: она зарегистрирована на вас.

Ваш билет: {{ ticket.url }}

{{ organization.name }}`,
  },
  companion_join_link: {
    subject: '{{ buyer.firstName }} {{ buyer.lastName }} приглашает вас: {{ event.title }}',
    body: `Здравствуйте, {{ attendee.firstName }}!

{{ buyer.firstName }} {{ buyer.lastName }} приобрёл(а) для вас билет на мероприятие «{{ event.title }}» ({{ event.when }}).

Ваша личная ссылка для входа:
{{ join.url }}
{% if join.passcode %}Код доступа: {{ join.passcode }}
{% endif %}
Пожалуйста, никому её не передавайте: она зарегистрирована на вас.

Ваш билет: {{ ticket.url }}

{{ organization.name }}`,
  },
  event_changed: {
    subject: 'Изменение: {{ event.title }}',
    body: `Здравствуйте, {{ attendee.firstName }}!

В мероприятии «{{ event.title }}» произошли изменения.

Новое время: {{ event.when }}
{% if previous.title and previous.title != event.title %}Прежнее название: {{ previous.title }}
{% endif %}{% if join.url %}Ссылка для входа: {{ join.url }}
{% endif %}
Приложенный файл календаря заменяет предыдущий.
Ваш билет: {{ ticket.url }}

{{ organization.name }}`,
  },
  event_cancelled: {
    subject: 'Отменено: {{ event.title }}',
    body: `Здравствуйте, {{ attendee.firstName }}!

К сожалению, мероприятие «{{ event.title }}» ({{ event.when }}) отменено.
{% if reason %}
Причина: {{ reason }}
{% endif %}{% if refunded %}
Ваш платёж будет возвращён.
{% endif %}
{{ organization.name }}`,
  },
  attendee_rejected: {
    subject: 'Ваш заказ на «{{ event.title }}» не принят',
    body: `Здравствуйте, {{ buyer.firstName }}!

Ваш заказ на мероприятие «{{ event.title }}» не может быть принят, билеты недействительны.
{% if reason %}
Причина: {{ reason }}
{% endif %}
Если вы считаете, что это ошибка, ответьте на это письмо.

{{ organization.name }}`,
  },
  refund_issued: {
    subject: 'Возврат средств: {{ event.title }}',
    body: `Здравствуйте, {{ buyer.firstName }}!

Мы вернули {{ refund.amount }} за ваш заказ на мероприятие «{{ event.title }}».
{% if order.status == "partially_refunded" %}Ваши билеты остаются действительными.{% else %}Ваши билеты больше не действительны.{% endif %}

{{ organization.name }}`,
  },
  reminder: {
    subject: 'Скоро начало: {{ event.title }}',
    body: `Здравствуйте, {{ attendee.firstName }}!

Напоминаем: мероприятие «{{ event.title }}» начинается {{ session.when }}.
{% if join.url %}
Ссылка для входа: {{ join.url }}
{% if join.passcode %}Код доступа: {{ join.passcode }}
{% endif %}{% endif %}{% if event.venue %}Где: {{ event.venue }}
{% endif %}
Ваш билет: {{ ticket.url }}

{{ organization.name }}`,
  },
};
